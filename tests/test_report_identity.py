"""Two report ids never share one report graph: the second is refused with a message naming both."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import mapping, pipeline, store
from kg.records import Report

TEXT = "The militia said it held the crossing on the river for a week before the army came back to it."
DCT = "http://purl.org/dc/terms/"


def built(report: Report) -> pipeline.Built:
    """What the pipeline makes of a report, without the language model: its report node alone."""
    graph = mapping.report_iri(report.meta.id)
    quads = [ox.Quad(graph, ox.NamedNode(DCT + "identifier"), ox.Literal(report.meta.id), graph),
             ox.Quad(graph, store.SOURCE, ox.Literal(report.meta.path or ""), graph),
             ox.Quad(graph, store.CONTENT_HASH, ox.Literal(report.sha256), graph)]
    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    return pipeline.Built(report.meta.id, graph.value, report.sha256, nquads, len(quads), 10, frozenset())


def engine(batches: Iterator[list[Report]]) -> Iterator[list[pipeline.Outcome]]:
    for batch in batches:
        yield [built(r) for r in batch]


def report_file(folder: Path, name: str, rid: str, text: str = TEXT) -> Path:
    path = folder / f"{name}.txt"
    path.write_text(text)
    (folder / f"{name}.json").write_text(json.dumps({"id": rid, "date": "2024-03-01"}))
    return path


def identifiers(folder: Path) -> list[str]:
    db = ox.Store.read_only(str(folder))
    return sorted(q.object.value for q in db.quads_for_pattern(None, ox.NamedNode(DCT + "identifier"), None, None))


OPTIONS = pipeline.Options(workers=0)


@pytest.mark.parametrize(("first", "second"), [("Report One", "report-one"), ("a/b", "a b"), ("Ünï", "uni")])
def test_ids_that_slug_alike_in_one_batch(tmp_path: Path, first: str, second: str) -> None:
    inputs: list[str | Path] = [report_file(tmp_path, "a", first), report_file(tmp_path, "b", second, TEXT + " Again.")]
    summary = pipeline.build_store(inputs, tmp_path / "store", OPTIONS, engine)
    assert summary.reports == 1 and len(summary.skipped) == 1
    reason = summary.skipped[0].reason
    assert "b.txt" in reason and "a.txt" in reason and repr(first) in reason and repr(second) in reason
    assert identifiers(tmp_path / "store") == [first]


def test_ids_that_slug_alike_in_two_runs(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    one = pipeline.build_store([report_file(tmp_path, "a", "Report One")], folder, OPTIONS, engine)
    assert one.reports == 1 and not one.skipped
    two = pipeline.build_store([report_file(tmp_path, "b", "report-one", TEXT + " Again.")], folder, OPTIONS, engine)
    assert two.reports == 0 and len(two.skipped) == 1
    assert "'Report One'" in two.skipped[0].reason and "a.txt" in two.skipped[0].reason
    assert "kg remove" in two.skipped[0].reason
    assert identifiers(folder) == ["Report One"]


def test_the_same_id_again_is_unchanged_or_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    path = report_file(tmp_path, "a", "Report One")
    pipeline.build_store([path], folder, OPTIONS, engine)
    again = pipeline.build_store([path], folder, OPTIONS, engine)
    assert again.unchanged == 1 and not again.skipped
    path.write_text(TEXT + " Changed.")
    changed = pipeline.build_store([path], folder, OPTIONS, engine)
    assert changed.reports == 1 and not changed.skipped
    assert identifiers(folder) == ["Report One"]
