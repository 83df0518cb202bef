"""`kg query`: saved queries listed in its help, --bind as the tables print names, pages, a table that fits."""

from __future__ import annotations

import csv
import io
import os
import subprocess
from pathlib import Path

import inprocess
import pyoxigraph as ox
import pytest

from kg import query

TEXT = ("Hayat Tahrir al-Sham fighters attacked positions of Syrian government forces near Saraqib on Monday, "
        "killing 7 soldiers, the Syrian Observatory for Human Rights said. Russian warplanes struck a market in "
        "Maarat al-Numan on Tuesday, killing 23 civilians, the Syrian Observatory for Human Rights said.")


def _kg(*args: str, columns: int = 80) -> subprocess.CompletedProcess[str]:
    return inprocess.kg(*args, env={**os.environ, "COLUMNS": str(columns)})


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory, graph_of) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("q") / "g.nq"
    graph_of(TEXT).dump(output=str(path), format=ox.RdfFormat.N_QUADS)
    return path


def _csv(done: subprocess.CompletedProcess[str]) -> list[dict[str, str]]:
    assert done.returncode == 0, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


def test_help_lists_every_saved_query_with_its_purpose() -> None:
    done = _kg("query", "--help", columns=200)
    assert done.returncode == 0
    for name in query.available():
        assert f"{name}:" in done.stdout, name
    assert "one row per event" in done.stdout


@pytest.mark.parametrize("value", ["actor:hayat-tahrir-al-sham", "https://w3id.org/conflict-kg/actor/hayat-tahrir-al-sham"])
def test_bind_takes_prefixed_names_and_full_iris(graph: Path, value: str) -> None:
    rows = _csv(_kg("query", "actors", "--graph", str(graph), "--format", "csv", "--bind", f"actor={value}"))
    assert [r["actor"] for r in rows] == ["https://w3id.org/conflict-kg/actor/hayat-tahrir-al-sham"]


@pytest.mark.parametrize(("value", "expected"), [
    ("actor:x", ox.NamedNode("https://w3id.org/conflict-kg/actor/x")),
    ("country:syria", ox.NamedNode("https://w3id.org/conflict-kg/country/syria")),
    ("place:idlib-governorate", ox.NamedNode("https://w3id.org/conflict-kg/place/idlib-governorate")),
    ("https://example.org/a", ox.NamedNode("https://example.org/a")),
    ("asserted", ox.Literal("asserted")),
    ("two words: here", ox.Literal("two words: here")),
])
def test_bind_terms(value: str, expected: ox.NamedNode | ox.Literal) -> None:
    assert query.term(value) == expected


def test_bind_refuses_an_unknown_prefix(graph: Path) -> None:
    done = _kg("query", "actors", "--graph", str(graph), "--bind", "actor=actr:hayat-tahrir-al-sham")
    assert done.returncode == 2 and "unknown prefix 'actr:'" in done.stderr


def test_pages_are_slices_of_the_whole(graph: Path) -> None:
    whole = _csv(_kg("query", "event-roles", "--graph", str(graph), "--format", "csv"))
    assert len(whole) >= 4
    first = _csv(_kg("query", "event-roles", "--graph", str(graph), "--format", "csv", "--limit", "2"))
    second = _csv(_kg("query", "event-roles", "--graph", str(graph), "--format", "csv", "--limit", "2", "--offset", "2"))
    assert first + second == whole[:4]


def test_a_query_with_its_own_limit_refuses_another(tmp_path: Path, graph: Path) -> None:
    own = tmp_path / "own.rq"
    own.write_text("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3\n", encoding="utf-8")
    done = _kg("query", str(own), "--graph", str(graph), "--limit", "2")
    assert done.returncode == 1 and "its own LIMIT" in done.stderr


def test_the_table_fits_the_terminal_and_csv_keeps_every_value(graph: Path) -> None:
    table = _kg("query", "events", "--graph", str(graph), columns=100)
    assert table.returncode == 0, table.stderr
    assert all(len(line) <= 100 for line in table.stdout.splitlines())
    assert "left out to fit the terminal" in table.stderr
    assert "\u2026" in table.stdout
    full = _csv(_kg("query", "events", "--graph", str(graph), "--format", "csv"))
    assert any(len(r["event"]) > 40 for r in full)
    assert len(table.stdout.splitlines()) == len(full) + 1


@pytest.mark.parametrize(("width", "shown"), [(30, 1), (80, 3), (200, 3)])
def test_table_width(width: int, shown: int) -> None:
    cells = [["alpha", "b" * 30, "c"], ["x" * 90, "y", "z" * 50]]
    text, columns = query.table(cells, width)
    lines = text.splitlines()
    assert columns == shown and len(lines) == 2 and all(len(line) <= width for line in lines)
    assert lines[0].startswith("alpha")  # a header is never cut


def test_a_remote_endpoint_out_of_reach_is_a_refusal_not_a_crash(tmp_path: Path, graph: Path) -> None:
    remote = tmp_path / "remote.rq"
    remote.write_text("SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }\n", encoding="utf-8")
    done = _kg("query", str(remote), "--graph", str(graph))
    assert done.returncode == 1, done.stderr
    assert "internal error" not in done.stderr and "SERVICE" in done.stderr
