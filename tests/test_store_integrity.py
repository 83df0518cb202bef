"""A damaged store, a full disk and a truncated table file end in a clear message, never a partial answer."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import store

ROOT = Path(__file__).resolve().parent.parent
QUADS = 20_000
FILE_LIMIT = 200_000


def kg(*args: str, cwd: Path, limit_files: bool = False) -> subprocess.CompletedProcess[str]:
    """`kg` as its own process: a damaged store or a file-size limit must not reach the test process."""
    def limited() -> None:  # as a full disk: a write past the limit fails (EFBIG) instead of killing
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT, FILE_LIMIT))

    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False, preexec_fn=limited if limit_files else None)


def nquads(path: Path) -> Path:
    path.write_text("".join(f'<https://example.org/s{i}> <https://example.org/p{i % 7}> "value {i}" '
                            f"<https://example.org/g{i % 3}> .\n" for i in range(QUADS)))
    return path


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    db = ox.Store(str(tmp_path / "store"))
    db.bulk_load(path=str(nquads(tmp_path / "data.nq")), format=ox.RdfFormat.N_QUADS)
    db.flush()
    del db
    return tmp_path / "store"


def tables(folder: Path) -> list[Path]:
    return sorted((p for p in folder.iterdir() if p.suffix == ".sst"), key=lambda p: -p.stat().st_size)


def flip_middle(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.seek(size // 2)
        data = fh.read(32)
        fh.seek(size // 2)
        fh.write(bytes(b ^ 0xFF for b in data))


def test_verify_reads_every_index(folder: Path) -> None:
    assert store.verify(ox.Store.read_only(str(folder))) == QUADS


@pytest.mark.parametrize(("command", "code"), [(["validate"], 2), (["export", "-f", "nq"], 1)])
def test_flipped_bytes_in_a_table_are_reported(folder: Path, command: list[str], code: int) -> None:
    for table in tables(folder)[:6]:  # the large tables: every index of the quads
        flip_middle(table)
    run = kg(*command, "--store", str(folder), cwd=folder.parent)
    assert run.returncode == code, run.stderr
    assert "the store is damaged" in run.stderr and "rebuild" in run.stderr
    assert "internal error" not in run.stderr


@pytest.mark.parametrize("command", [["query", "actors"], ["stats"], ["validate"]])
def test_truncated_table_is_reported(folder: Path, command: list[str]) -> None:
    table = tables(folder)[0]
    os.truncate(table, table.stat().st_size // 2)
    run = kg(*command, "--store", str(folder), cwd=folder.parent)
    assert run.returncode in (1, 2), run.stderr
    assert "damaged" in run.stderr and "internal error" not in run.stderr


def test_full_disk_on_export_leaves_no_partial_file(tmp_path: Path) -> None:
    source = nquads(tmp_path / "big.nq")
    out = tmp_path / "out" / "graph.nt"
    run = kg("export", "--graph", str(source), "-o", str(out), cwd=tmp_path, limit_files=True)
    assert run.returncode == 1, run.stderr
    assert f"{out}: cannot write" in run.stderr and "internal error" not in run.stderr
    assert not out.exists() and not list(out.parent.iterdir())


@pytest.mark.model
def test_full_disk_on_build_is_a_clear_message(tmp_path: Path) -> None:
    run = kg("build", str(ROOT / "seeds"), "--store", str(tmp_path / "store"), "--workers", "0",
             cwd=tmp_path, limit_files=True)
    assert run.returncode == 1, run.stderr
    assert "cannot write" in run.stderr and "run the same command again" in run.stderr
    assert "internal error" not in run.stderr
