"""Input at fault ends in exit 1 and a message naming it, never in "internal error"."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import inprocess
import pytest

GRAPH = '<https://example.org/a> <https://example.org/p> "x" .\n'


def kg(*args: str, cwd: Path, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    return inprocess.kg(*args, cwd=cwd, stdin=stdin)


@pytest.mark.parametrize(("args", "said"), [
    (["query", "actors", "--graph", "g.nt", "--bind", "x ?y=1"], "'x ?y' is not a SPARQL variable name"),
    (["query", "actors", "--graph", "g.nt", "--bind", "a-b=1"], "'a-b' is not a SPARQL variable name"),
    (["export", "-f", "nt", "--graph", "long.nt"], "long.nt: refused: it holds a term"),
    (["stats", "--graph", "long.nt"], "long.nt: refused: it holds a term"),
])
def test_input_at_fault_is_named(tmp_path: Path, args: list[str], said: str) -> None:
    (tmp_path / "g.nt").write_text(GRAPH)
    (tmp_path / "long.nt").write_text('<https://example.org/a> <https://example.org/p> "' + "x" * 20_000_000 + '" .\n')
    run = kg(*args, cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    assert said in run.stderr and "internal error" not in run.stderr


@pytest.mark.model
def test_build_from_jsonl_with_a_deep_line_stores_the_others(tmp_path: Path) -> None:
    lines = [b'{"id": "a", "text": "x"}', b"[" * 200_000, b"{" * 10]
    run = kg("build", "-", "--jsonl", "-o", str(tmp_path / "out.nq"), cwd=tmp_path, stdin=b"\n".join(lines))
    assert run.returncode == 1, run.stderr
    assert "<stdin>:2: the JSON nests too deeply" in run.stderr and "internal error" not in run.stderr


def _bounded_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (3 * 1024 ** 3, 3 * 1024 ** 3))


def test_endless_stdin_is_refused_within_the_limit(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        run = subprocess.run([sys.executable, "-m", "kg", "build", "-", "-o", str(tmp_path / "out.nq"),
                              "--max-size", "1"], stdin=zero, capture_output=True, text=True, timeout=120,
                             check=False, preexec_fn=_bounded_memory)
    assert run.returncode == 1, run.stderr
    assert "<stdin>: more than the limit of 1.0 MB" in run.stderr
