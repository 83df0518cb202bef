"""The command line: help, exit codes, build / query / export on files and the store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from inprocess import kg

REPORT = ("Russian warplanes struck the town of Saraqib on Monday, killing four civilians, "
          "the Syrian Observatory for Human Rights said. HTS, the Syrian branch of al-Qaeda, controls Idlib.")


def process(*args: str) -> subprocess.CompletedProcess[str]:
    """`kg` as its own process, for the end-to-end test of the command line as installed."""
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture()
def report(tmp_path: Path) -> Path:
    path = tmp_path / "r1.txt"
    path.write_text(REPORT, encoding="utf-8")
    (tmp_path / "r1.json").write_text(json.dumps({"id": "r1", "date": "2021-06-10", "publisher": "Test Wire"}))
    return path


@pytest.mark.parametrize("command", [[], ["build"], ["query"], ["export"]])
def test_help(command: list[str]) -> None:
    done = kg(*command, "--help")
    assert done.returncode == 0 and "Usage" in done.stdout


def test_unknown_command_is_a_usage_error() -> None:
    assert kg("frobnicate").returncode == 2


def test_bad_date_is_a_usage_error(report: Path, tmp_path: Path) -> None:
    done = kg("build", str(report), "-o", str(tmp_path / "o.ttl"), "--date", "10/06/2021")
    assert done.returncode == 2 and "YYYY-MM-DD" in done.stderr


@pytest.mark.model  # runs kg build on reports
def test_build_query_export_file(report: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.trig"
    done = process("build", str(report), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "1 report(s) built" in done.stderr
    result = process("query", "events", "--graph", str(out), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert "event" in data["head"]["vars"]
    assert any("Russia" in b.get("agents", {}).get("value", "").split(" | ") for b in data["results"]["bindings"])
    nq = tmp_path / "g.nq"
    assert process("export", "--graph", str(out), "-o", str(nq)).returncode == 0
    assert "<https://w3id.org/conflict-kg/report/r1>" in nq.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report built once as Turtle and as TriG, for the tests that only read the graph."""
    folder = tmp_path_factory.mktemp("cli")
    source = folder / "in" / "r1.txt"
    source.parent.mkdir()
    source.write_text(REPORT, encoding="utf-8")
    (source.parent / "r1.json").write_text(json.dumps({"id": "r1", "date": "2021-06-10", "publisher": "Test Wire"}))
    for name in ("g.ttl", "g.trig"):
        done = kg("build", str(source), "-o", str(folder / name))
        assert done.returncode == 0, done.stderr
    return folder


@pytest.mark.model  # runs kg build on reports
@pytest.mark.parametrize("fmt", ["csv", "tsv", "table", "xml"])
def test_query_formats(built: Path, fmt: str) -> None:
    done = kg("query", "actors", "--graph", str(built / "g.ttl"), "--format", fmt)
    assert done.returncode == 0 and "russia" in done.stdout


@pytest.mark.model  # runs kg build on reports
def test_actor_counts_from_a_turtle_file_match_the_trig_file(built: Path) -> None:
    """A triple file has no report graphs: each mention's report still counts."""
    counts = {}
    for name in ("g.ttl", "g.trig"):
        done = kg("query", "actors", "--graph", str(built / name), "--format", "csv")
        assert done.returncode == 0, done.stderr
        counts[name] = {row.split(",")[0]: row.split(",")[-2:] for row in done.stdout.splitlines()[1:]}
    assert counts["g.ttl"] == counts["g.trig"]
    russia = next(v for k, v in counts["g.ttl"].items() if k.endswith("/country/russia"))
    assert int(russia[0]) >= 1 and russia[1].strip() == "1"


@pytest.mark.model  # runs kg build on reports
def test_store_build_is_incremental(report: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = kg("build", str(report), "--store", str(store))
    assert first.returncode == 0, first.stderr
    again = kg("build", str(report), "--store", str(store))
    assert "0 report(s) built, 1 unchanged" in again.stderr
    rows = kg("query", "relations", "--store", str(store), "--format", "csv")
    assert "controls" in rows.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "no-such-query", "--graph", "x.ttl"], "no query named"),
        (["query", "actors", "--graph", "missing.ttl"], "missing.ttl"),
        (["query", "actors", "--store", "/nonexistent/store"], "no store here yet"),
    ],
)
def test_refusals_exit_1(args: list[str], message: str) -> None:
    done = kg(*args)
    assert done.returncode == 1 and message in done.stderr


def test_malformed_graph_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a:b> <a:c> <a:d> .\n<a:b> <a:c> \"unterminated .\n", encoding="utf-8")
    done = kg("query", "actors", "--graph", str(bad))
    assert done.returncode == 1 and "bad.ttl" in done.stderr and "line" in done.stderr.lower()


@pytest.mark.model  # runs kg build on reports
def test_malformed_query_names_the_position(tmp_path: Path, built: Path) -> None:
    query = tmp_path / "broken.rq"
    query.write_text("SELECT ?x WHERE { ?x ?y }", encoding="utf-8")
    done = kg("query", str(query), "--graph", str(built / "g.ttl"))
    assert done.returncode == 1 and "broken.rq" in done.stderr and "not valid SPARQL" in done.stderr


@pytest.mark.model  # runs kg build on reports
def test_bad_report_in_a_batch_is_skipped(tmp_path: Path, report: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "g.ttl"
    done = kg("build", str(tmp_path), "-o", str(out))
    assert done.returncode == 1
    assert "empty.txt" in done.stderr and "1 report(s) built" in done.stderr
    assert out.is_file()
