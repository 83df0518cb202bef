"""Incremental builds into the store: idempotent, replacing changed reports, removals, file outputs, stats."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import mapping, pipeline, stats, store
from kg.records import Report

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("00*.txt"))
OPTIONS = pipeline.Options(progress=False)


@pytest.fixture(scope="session")
def engine(extractor, resolver) -> pipeline.Engine:  # type: ignore[no-untyped-def]
    """Runs batches on the test session's loaded pipeline, in this process."""
    processor = pipeline.Processor.of(OPTIONS, extractor, resolver)

    def run(batches: Iterator[list[Report]]) -> Iterator[list[pipeline.Outcome]]:
        return (processor.process(batch) for batch in batches)
    return run


@pytest.fixture()
def reports(tmp_path: Path) -> Path:
    """A folder with copies of three seed reports and their metadata."""
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in SEEDS[:3]:
        shutil.copy(seed, folder)
        shutil.copy(seed.with_suffix(".json"), folder)
    return folder


def build(engine: pipeline.Engine, inputs: list[Path], target: Path, **changes: object) -> pipeline.Summary:
    from dataclasses import replace

    return pipeline.build_store(list(inputs), target, replace(OPTIONS, **changes), engine)


def contents(target: Path) -> set[ox.Quad]:
    db = store.open_store(target, create=False)
    try:
        return set(db)
    finally:
        del db


def test_rebuilding_unchanged_reports_writes_nothing(engine, reports: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = build(engine, [reports], tmp_path / "s")
    before = contents(tmp_path / "s")
    again = build(engine, [reports], tmp_path / "s")
    assert (first.reports, first.unchanged, len(first.skipped)) == (3, 0, 0)
    assert (again.reports, again.unchanged, again.triples) == (0, 3, 0)
    assert contents(tmp_path / "s") == before
    assert first.triples == len(before)


def test_force_rebuilds_to_the_same_graph(engine, reports: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    build(engine, [reports], tmp_path / "s")
    before = contents(tmp_path / "s")
    forced = build(engine, [reports], tmp_path / "s", force=True)
    assert forced.reports == 3 and contents(tmp_path / "s") == before


def test_a_changed_report_replaces_its_graph(engine, reports: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    build(engine, [reports], tmp_path / "s")
    changed = sorted(reports.glob("*.txt"))[0]
    old_text = changed.read_text(encoding="utf-8")
    changed.write_text("Russian warplanes bombed Saraqib on Monday, killing three civilians, "
                       "the Syrian Observatory for Human Rights said.\n", encoding="utf-8")
    summary = build(engine, [reports], tmp_path / "s")
    assert (summary.reports, summary.unchanged) == (1, 2)
    # the store now equals a fresh build of the changed folder: old graph gone, kb graph in step
    build(engine, [reports], tmp_path / "fresh")
    assert contents(tmp_path / "s") == contents(tmp_path / "fresh")
    graph = mapping.report_iri(changed.stem)
    texts = {q.object.value for q in contents(tmp_path / "s") if q.graph_name == graph}
    assert old_text.split(".")[0] not in " ".join(texts)


def test_one_batch_with_a_changed_and_a_new_report(engine, reports: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    kept = sorted(reports.glob("*.txt"))
    for extra in kept[1:]:
        extra.rename(tmp_path / extra.name)
    build(engine, [reports], tmp_path / "s")
    kept[0].write_text("Turkish drones struck Afrin on Monday, killing two fighters, the Kurdish Red Crescent "
                       "said.\n", encoding="utf-8")
    (tmp_path / kept[1].name).rename(kept[1])
    summary = build(engine, [reports], tmp_path / "s")  # one batch: kept[0] replaced, kept[1] new
    assert (summary.reports, summary.unchanged) == (2, 0)
    build(engine, [reports], tmp_path / "fresh")
    assert contents(tmp_path / "s") == contents(tmp_path / "fresh")


def test_remove_drops_the_graph_and_trims_the_kb_graph(engine, reports: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    build(engine, [reports], tmp_path / "s")
    gone = sorted(reports.glob("*.txt"))[-1]
    removed, unknown = pipeline.remove([gone.stem, "no-such-report"], tmp_path / "s")
    assert (removed, unknown) == ([gone.stem], ["no-such-report"])
    gone.unlink()
    build(engine, [reports], tmp_path / "fresh")
    assert contents(tmp_path / "s") == contents(tmp_path / "fresh")


def test_file_output_holds_what_the_store_holds(engine, reports: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    build(engine, [reports], tmp_path / "s")
    summary = pipeline.build_file([reports], tmp_path / "out.nq", OPTIONS, engine)
    loaded = store.load_graph(tmp_path / "out.nq")
    assert summary.reports == 3 and set(loaded) == contents(tmp_path / "s")
    pipeline.build_file([reports], tmp_path / "out.ttl", OPTIONS, engine)
    merged = store.load_graph(tmp_path / "out.ttl")
    assert {q.triple for q in merged} == {q.triple for q in loaded}
    assert not list(tmp_path.glob(".out.*"))


def test_a_report_that_breaks_a_rule_is_skipped_and_the_rest_stored(
        engine, reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from kg.nlp import extractor

    real = extractor.extract
    broken = sorted(reports.glob("*.txt"))[1].stem

    def extract(doc, report, kb, lex):  # type: ignore[no-untyped-def]
        if report.meta.id == broken:
            raise IndexError("rule bug")
        return real(doc, report, kb, lex)

    monkeypatch.setattr(extractor, "extract", extract)
    summary = build(engine, [reports], tmp_path / "s")
    assert summary.reports == 2
    assert [s.reason for s in summary.skipped] == [f"{broken}.txt: extraction failed: IndexError: rule bug"]
    db = store.open_store(tmp_path / "s", create=False)
    assert not db.contains_named_graph(mapping.report_iri(broken))


def test_stats_of_the_store(engine, reports: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    build(engine, [reports], tmp_path / "s")
    db = store.open_store(tmp_path / "s", create=False)
    figures = stats.collect(db, top=3)
    assert (figures.reports, figures.triples) == (3, len(db))
    assert figures.actors >= 5 and sum(figures.events.values()) >= 3
    assert all(cls[0].isupper() for cls in figures.events)
    assert len(figures.top_actors) == 3
    assert figures.top_actors[0][2] >= figures.top_actors[-1][2]
    dates = sorted(json.loads(p.read_text())["date"] for p in reports.glob("*.json"))
    assert (figures.first_date, figures.last_date) == (dates[0], dates[-1])
    assert '"reports": 3' in figures.as_json() and figures.as_text().startswith("reports\t3\n")
    assert not figures.stale and "stale" not in figures.as_text()
    from kg.summary import STALE

    db.add(STALE)  # as a stopped build leaves it
    assert "\nstale\ta build or removal was stopped" in stats.collect(db, top=3).as_text()
