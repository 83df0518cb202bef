"""No data loss: an interrupted write leaves the old output whole, and no temporary file behind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
import pytest

from kg import pipeline, store
from tests.conftest import SEED, require_seed

EX = "http://example.org/"


def quads(n: int) -> list[ox.Quad]:
    return [ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal(f"value {i}"),
                    ox.NamedNode(f"{EX}g")) for i in range(n)]


def failing(after: int, error: BaseException) -> Iterator[ox.Quad]:
    """Quads that stop with an error part-way, like a stage crashing mid-stream."""
    yield from quads(after)
    raise error


@pytest.fixture(params=[".trig", ".nq", ".ttl", ".nt", ".jsonld"])
def old_file(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    path = tmp_path / f"graph{request.param}"
    store.write_quads(quads(3), path)
    return path


def _left_alone(path: Path, before: bytes) -> None:
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [path.name], "no temporary file is left behind"


@pytest.mark.parametrize("error", [RuntimeError("stage crashed"), KeyboardInterrupt()], ids=["crash", "interrupt"])
def test_a_failing_quad_stream_leaves_the_old_file(old_file: Path, error: BaseException) -> None:
    before = old_file.read_bytes()
    with pytest.raises(type(error)):
        store.write_quads(failing(1000, error), old_file)
    _left_alone(old_file, before)


def test_a_serializer_failing_midway_leaves_the_old_file(old_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = old_file.read_bytes()
    real = ox.serialize

    def half_then_fail(items, out: BinaryIO, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        real(list(items)[:500], out, *args, **kwargs)
        out.flush()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.ox, "serialize", half_then_fail)
    with pytest.raises(store.GraphError, match="No space left"):
        store.write_quads(quads(1000), old_file)
    _left_alone(old_file, before)


def test_a_complete_write_replaces_the_file(old_file: Path) -> None:
    assert store.write_quads(quads(50), old_file) == 50
    assert len(list(ox.parse(path=str(old_file), format=store.format_for(old_file)))) == 50


@pytest.mark.model
def test_a_build_crashing_midway_keeps_the_previous_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "graph.trig"
    store.write_quads(quads(3), out)
    before = out.read_bytes()

    def crash(self, reports):  # type: ignore[no-untyped-def]
        raise MemoryError("out of memory in the nlp stage")

    monkeypatch.setattr(pipeline.Processor, "process", crash)
    require_seed()
    with pytest.raises(MemoryError):
        pipeline.build_file([SEED], out, pipeline.Options(workers=0))
    _left_alone(out, before)


class _DiskFullOnWrite:
    """A store whose writes fail (disk full), delegating everything else to a real one."""

    def __init__(self, real: ox.Store) -> None:
        self.real = real

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.real, name)

    def extend(self, items) -> None:  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    def bulk_extend(self, items) -> None:  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    def update(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")


def test_a_failed_graph_replacement_keeps_the_old_graph() -> None:
    real = ox.Store()
    real.extend(quads(10))
    graph = ox.NamedNode(f"{EX}g")
    with pytest.raises(OSError):
        store.replace_graph(_DiskFullOnWrite(real), graph, quads(20))  # type: ignore[arg-type]
    assert len(list(real.quads_for_pattern(None, None, None, graph))) == 10
