"""`kg build` into the store from the command line: stdin, JSON Lines, bad files, a killed build; export, stats, remove."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import inprocess
import pyoxigraph as ox
import pytest

from kg import mapping, pipeline, store
from kg.records import Report

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("00*.txt"))
TEXT = ("Syrian government warplanes struck the town of Ariha on Thursday, killing four civilians, "
        "the Syrian Observatory for Human Rights said.")


def kg(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return inprocess.kg(*args, stdin=stdin, cwd=ROOT, env=env)


def graphs(target: Path) -> dict[str, set[ox.Quad]]:
    """Each report graph of a store, by graph IRI."""
    db = store.open_store(target, create=False)
    out: dict[str, set[ox.Quad]] = {}
    for quad in db:
        if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value.startswith(pipeline.REPORT_PREFIX):
            out.setdefault(quad.graph_name.value, set()).add(quad)
    del db
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """A store built from a folder of two seed reports and one binary file posing as a report."""
    folder = tmp_path_factory.mktemp("in")
    for seed in SEEDS[:2]:
        shutil.copy(seed, folder)
    (folder / "broken.txt").write_bytes(b"\x00\x01binary\x00")
    target = folder.parent / "store"
    return target, kg("build", str(folder), "--store", str(target))


@pytest.mark.model  # the store is built from reports
def test_a_bad_file_is_skipped_with_exit_1_and_the_rest_stored(built) -> None:  # type: ignore[no-untyped-def]
    target, run = built
    assert run.returncode == 1, run.stderr
    assert "broken.txt: is a binary file" in run.stderr
    assert "2 report(s) built, 0 unchanged, 1 skipped" in run.stderr
    assert sorted(graphs(target)) == [mapping.report_iri(s.stem).value for s in SEEDS[:2]]


@pytest.mark.model  # the store is built from reports
def test_stats_and_export_read_the_store(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target, _ = built
    stats = kg("stats", "--store", str(target), "--format", "json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["reports"] == 2
    exported = kg("export", "--store", str(target), "--format", "nq")
    assert exported.returncode == 0, exported.stderr
    back = ox.Store()
    back.load(exported.stdout.encode(), ox.RdfFormat.N_QUADS)
    assert len(back) == json.loads(stats.stdout)["triples"]
    to_file = kg("export", "--store", str(target), "-o", str(tmp_path / "all.ttl"))
    assert to_file.returncode == 0 and (tmp_path / "all.ttl").stat().st_size > 1000


@pytest.mark.model  # the store is built from reports
def test_store_from_the_environment(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target, _ = built
    env = {**os.environ, "KG_STORE": str(target), "XDG_CONFIG_HOME": str(tmp_path)}
    assert json.loads(kg("stats", "-f", "json", env=env).stdout)["reports"] == 2


@pytest.mark.model  # the store is built from reports
def test_remove_an_unknown_report_exits_1(built) -> None:  # type: ignore[no-untyped-def]
    target, _ = built
    run = kg("remove", "no-such-report", "--store", str(target))
    assert run.returncode == 1 and "no report 'no-such-report'" in run.stderr


@pytest.mark.model  # runs kg build on reports
def test_json_lines_from_stdin_with_a_bad_line(tmp_path: Path) -> None:
    lines = [json.dumps({"doc": "r1", "body": TEXT, "published": "2021-06-10"}), "{oops",
             json.dumps({"body": TEXT.replace("four", "five")})]
    run = kg("build", "-", "--jsonl", "--field", "text=body", "--field", "id=doc", "--field", "date=published",
             "--store", str(tmp_path / "s"), stdin="\n".join(lines) + "\n")
    assert run.returncode == 1, run.stderr
    assert "skipped <stdin>:2: not a JSON object" in run.stderr
    stored = graphs(tmp_path / "s")
    assert len(stored) == 2 and mapping.report_iri("r1").value in stored
    assert any(g.rsplit("/", 1)[-1].startswith("sha256-") for g in stored)


@pytest.mark.model  # runs kg build on reports
def test_plain_text_from_stdin_to_a_file(tmp_path: Path) -> None:
    run = kg("build", "-", "-o", str(tmp_path / "out.nq"), "--date", "2021-06-10", stdin=TEXT)
    assert run.returncode == 0, run.stderr
    assert "Ariha" in (tmp_path / "out.nq").read_text()


# ---------------------------------------------------------------- a build killed mid-batch

@pytest.fixture(scope="session")
def engine(extractor, resolver) -> pipeline.Engine:  # type: ignore[no-untyped-def]
    """The pipeline, each report parsed once: these tests build the same reports several times
    (a reference, a build stopped midway, its rerun), and what they check is what gets stored."""
    processor = pipeline.Processor.of(pipeline.Options(), extractor, resolver)
    done: dict[Report, pipeline.Outcome] = {}

    def process(batch: list[Report]) -> list[pipeline.Outcome]:
        todo = [report for report in batch if report not in done]
        done.update(zip(todo, processor.process(todo) if todo else []))
        return [done[report] for report in batch]

    def run(batches: Iterator[list[Report]]) -> Iterator[list[pipeline.Outcome]]:
        return (process(batch) for batch in batches)
    return run


def _corpus(path: Path, count: int) -> Path:
    texts = [s.read_text(encoding="utf-8") for s in SEEDS]
    with path.open("w", encoding="utf-8") as fh:
        for n in range(count):
            fh.write(json.dumps({"id": f"r{n:03d}", "date": "2021-06-10", "text": texts[n % len(texts)]}) + "\n")
    return path


def _last_table(target: Path) -> int:
    """The number of the store's newest table file: each ingestion of reports adds several."""
    return max((int(p.stem) for p in target.glob("*.sst") if p.stem.isdigit()), default=0)


def _after_an_ingestion(target: Path, proc: subprocess.Popen, deadline: float) -> None:  # type: ignore[type-arg]
    """Wait until the store has taken in reports: new table files, then none for 2 s (an ingestion
    writes its files first and commits them after, so a kill amid new files may find nothing stored)."""
    last, since = _last_table(target), time.monotonic()
    while proc.poll() is None and time.monotonic() < deadline:
        now = _last_table(target)
        if now != last:
            last, since = now, time.monotonic()
        elif last >= 20 and time.monotonic() - since > 2.0:
            return
        time.sleep(0.05)


def test_a_killed_build_leaves_whole_reports_and_a_rerun_completes_it(engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    count = 360  # about 25 s of parsing here, so ingestions come every 5 s and the kill falls between two
    source = _corpus(tmp_path / "corpus.jsonl", count)
    options = pipeline.Options(progress=False)
    pipeline.build_store([source], tmp_path / "reference", options, engine)
    expected = graphs(tmp_path / "reference")
    target = tmp_path / "s"
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(source), "--store", str(target),
                             "--workers", "0", "--batch-size", "1"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _after_an_ingestion(target, proc, time.monotonic() + 240)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stored = graphs(target)
    assert 0 < len(stored) < count, "the build should be killed in the middle"
    for graph, quads in stored.items():
        assert quads == expected[graph], f"{graph} is not whole"
    summary = pipeline.build_store([source], target, options, engine)
    assert (summary.reports, summary.unchanged) == (count - len(stored), len(stored))
    db = store.open_store(target, create=False)
    reference = store.open_store(tmp_path / "reference", create=False)
    assert set(db) == set(reference)


# ---------------------------------------------------------------- a build stopped by Ctrl-C

def _stopping(engine: pipeline.Engine, after: int) -> pipeline.Engine:
    """The engine, with Ctrl-C pressed once `after` batches have been handed back."""
    def run(batches: Iterator[list[Report]]) -> Iterator[list[pipeline.Outcome]]:
        for n, outcomes in enumerate(engine(batches)):
            if n == after:
                raise KeyboardInterrupt
            yield outcomes
    return run


def test_ctrl_c_keeps_whole_reports_marks_the_derived_graphs_stale_and_a_rerun_finishes(
        engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from kg import summary as figures

    source = _corpus(tmp_path / "corpus.jsonl", 6)
    options = pipeline.Options(progress=False, batch_size=2)
    pipeline.build_store([source], tmp_path / "reference", options, engine)
    monkeypatch.setattr(pipeline, "INGEST_QUADS", 1)  # every batch ingested as it comes
    target = tmp_path / "s"
    stopped = pipeline.build_store([source], target, options, _stopping(engine, 2))
    assert stopped.interrupted and stopped.reports == 4
    assert stopped.line().startswith("interrupted: 4 report(s) built")
    assert len(graphs(target)) == 4
    db = store.open_store(target, create=False)
    assert figures.STALE in db
    assert not db.contains_named_graph(pipeline.merge.MERGED_GRAPH)
    del db
    rerun = pipeline.build_store([source], target, options, engine)
    assert (rerun.interrupted, rerun.reports, rerun.unchanged) == (False, 2, 4)
    db, reference = store.open_store(target, create=False), store.open_store(tmp_path / "reference", create=False)
    assert figures.STALE not in db
    assert set(db) == set(reference)


def test_a_run_stopped_after_its_last_report_has_its_derived_graphs_rebuilt_by_the_next(
        engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from kg import summary as figures

    source = _corpus(tmp_path / "corpus.jsonl", 3)
    options = pipeline.Options(progress=False)
    pipeline.build_store([source], tmp_path / "reference", options, engine)

    def stop(*_: object) -> int:
        raise KeyboardInterrupt
    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "refresh_derived", stop)
        assert pipeline.build_store([source], tmp_path / "s", options, engine).interrupted
    rerun = pipeline.build_store([source], tmp_path / "s", options, engine)
    assert (rerun.reports, rerun.unchanged) == (0, 3)
    db, reference = store.open_store(tmp_path / "s", create=False), store.open_store(tmp_path / "reference", create=False)
    assert figures.STALE not in db
    assert set(db) == set(reference)


def _heeds_ctrl_c() -> None:
    """Ctrl-C as a terminal's foreground job gets it: a shell's background job ignores it, and so would its children."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.model  # runs kg build on reports
def test_ctrl_c_on_the_command_line_says_so_and_exits_130(tmp_path: Path) -> None:
    source = _corpus(tmp_path / "corpus.jsonl", 120)
    target = tmp_path / "s"
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(source), "--store", str(target),
                             "--workers", "0", "--batch-size", "1"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, preexec_fn=_heeds_ctrl_c)
    deadline = time.monotonic() + 240
    while _last_table(target) < 20 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)  # wait until a few ingestions are committed
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted: " in err and "run the same command again to finish" in err
    assert 0 < len(graphs(target)) < 120
