"""The store is never wiped or re-created by a command, and reading commands never write to it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import inprocess
import pyoxigraph as ox
import pytest

from kg import store

G = ox.NamedNode("https://w3id.org/conflict-kg/report/a")
QUADS = 40


def kg(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return inprocess.kg(*args, cwd=cwd)


def make_store(path: Path) -> None:
    db = ox.Store(str(path))
    db.extend(ox.Quad(ox.NamedNode(f"https://example.org/s{i}"), ox.NamedNode("https://example.org/p"),
                      ox.Literal(str(i)), G) for i in range(QUADS))
    db.flush()
    del db


def table_files(path: Path) -> dict[str, int]:
    return {p.name: p.stat().st_size for p in path.iterdir() if p.suffix == ".sst"}


def quads_in(path: Path) -> int:
    return len(ox.Store.read_only(str(path)))


@pytest.mark.parametrize(("command", "code"), [
    (["query", "actors"], 1), (["export", "-f", "nq"], 1), (["stats"], 1), (["build", "report.txt"], 1),
    (["validate"], 2),  # validate's documented code for a graph it cannot check
])
def test_store_without_current_is_refused_and_kept(tmp_path: Path, command: list[str], code: int) -> None:
    (tmp_path / "report.txt").write_text("Troops of the river army shelled the hill town on Monday.\n")
    folder = tmp_path / "store"
    make_store(folder)
    current = (folder / "CURRENT").read_bytes()
    (folder / "CURRENT").unlink()
    before = table_files(folder)
    for _ in range(2):  # a first failed open once left a new manifest, and the second wiped the data
        run = kg(*command, "--store", str(folder), cwd=tmp_path)
        assert run.returncode == code, run.stderr
        assert "CURRENT" in run.stderr and "To recover" in run.stderr
        assert "internal error" not in run.stderr
    assert table_files(folder) == before
    assert not (folder / "CURRENT").exists()
    (folder / "CURRENT").write_bytes(current)
    assert quads_in(folder) == QUADS


@pytest.mark.parametrize(("content", "problem"), [
    (b"MANIFEST-999999\n", "not a manifest"),
    (b"", "not a manifest"),
    (b"../../etc/passwd\n", "not a manifest"),
])
def test_current_naming_no_manifest_is_refused(tmp_path: Path, content: bytes, problem: str) -> None:
    make_store(tmp_path)
    (tmp_path / "CURRENT").write_bytes(content)
    for read_only in (True, False):
        with pytest.raises(store.GraphError, match=problem):
            store.open_store(tmp_path, read_only=read_only)
    assert table_files(tmp_path)


@pytest.mark.parametrize("names", [[], ["LOCK", "LOG"]])
def test_empty_or_new_folder_opens(tmp_path: Path, names: list[str]) -> None:
    for name in names:
        (tmp_path / name).write_bytes(b"")
    assert len(store.open_store(tmp_path)) == 0


def test_reading_commands_open_the_store_read_only(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    make_store(folder)
    before = sorted(p.name for p in folder.iterdir() if p.name.startswith(("MANIFEST-", "OPTIONS-")))
    db = store.open_store(folder, create=False, read_only=True)
    with pytest.raises((OSError, RuntimeError)):
        db.add(ox.Quad(ox.NamedNode("https://example.org/x"), ox.NamedNode("https://example.org/p"),
                       ox.Literal("x"), G))
    del db
    for command in (["stats"], ["export", "-f", "nq"]):
        assert kg(*command, "--store", str(folder), cwd=tmp_path).returncode == 0
    after = sorted(p.name for p in folder.iterdir() if p.name.startswith(("MANIFEST-", "OPTIONS-")))
    assert after == before
    assert quads_in(folder) == QUADS
