"""ACLED and PLOVER exports: read back, every column, code and field is one the codebook's tables hold."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT
from inprocess import kg

from kg import codebooks
from kg.codebooks import Actor, CodedEvent, Place, Selection
from kg.select import Trust

ACLED = codebooks.codebook("acled")
PLOVER = codebooks.codebook("plover")
TEXT = ("Government troops retook the town of Saraqib on Tuesday after days of fighting, the Syrian Observatory "
        "for Human Rights said. Russian warplanes struck a bakery in Ariha on Tuesday, killing 9 civilians, the "
        "Observatory said. A car bomb exploded in the Turkish city of Gaziantep on Wednesday, killing 4 people. "
        "Turkish drones hit a checkpoint of the Syrian Democratic Forces near Qamishli on Thursday.")


def _event(**given) -> CodedEvent:  # type: ignore[no-untyped-def]
    base = dict(iri="https://w3id.org/conflict-kg/report/r/event/1", cls="Attack", date="2024-05-02", precision="day",
                acled_type="Battles", acled_sub="Armed clash", plover="ASSAULT", modes=(), cameo="190",
                status="asserted", confidence=0.8, killed_low=None, killed_high=None,
                documents=("https://w3id.org/conflict-kg/report/r",), publishers=("Example Wire",),
                published="2024-05-03", sources=())
    base.update(given)
    return CodedEvent(**base)  # type: ignore[arg-type]


STATE = Actor("https://w3id.org/conflict-kg/actor/s", "Army of Somewhere", 1, "MIL", "Somewhere", "SOM")
REBELS = Actor("https://w3id.org/conflict-kg/actor/r", "Front of Nowhere", 2, "REB", "Somewhere", "SOM")
CIVILIANS = Actor("https://w3id.org/conflict-kg/actor/c", "villagers", 7, "CVL", "Somewhere", "SOM")
FOREIGN = Actor("https://w3id.org/conflict-kg/actor/f", "Expeditionary Force", 8, "MIL", "Elsewhere", "ELS")
TOWN = Place("https://w3id.org/conflict-kg/place/t", "Townsville", "Settlement", "2.5", "45.3", "North Province",
             "Town District", "Somalia", "SOM")


def _valid_acled_row(row: dict[str, str]) -> None:
    assert list(row) == ACLED["columns"]
    assert row["sub_event_type"] in ACLED["event_types"][row["event_type"]]
    assert row["disorder_type"] in set(ACLED["disorder_types"].values())
    for column in ("inter1", "inter2"):
        assert row[column] in ("", *ACLED["inter_codes"]), (column, row[column])
    assert row["interaction"] in ("", *ACLED["interaction_codes"]), row["interaction"]
    assert row["time_precision"] in ACLED["time_precision"] and row["geo_precision"] in ACLED["geo_precision"]
    assert date.fromisoformat(row["event_date"]).year == int(row["year"])
    assert row["civilian_targeting"] in ("", ACLED["civilian_targeting"])
    assert row["fatalities"].isdigit()
    assert "kg:event=" in row["tags"] and "status=" in row["tags"]


def _valid_plover_record(record: dict) -> None:  # type: ignore[type-arg]
    known = set(PLOVER["record_fields"]) | set(PLOVER["extensions"]) | {"reports"}
    assert set(record) <= known, set(record) - known
    assert all(record.get(f) for f in PLOVER["required"] if f != "actor") and "actor" in record
    assert [c for c in record["event"] if c not in PLOVER["categories"]] == []
    assert set(record["mode"]) <= set(PLOVER["modes"].get(record["event"][0], [])), record["mode"]
    assert str(record["quad_code"]) in PLOVER["quad_codes"]
    date.fromisoformat(record["date"])
    for entity in (*record["actor"], *record["recipient"]):
        assert set(entity) <= set(PLOVER["entity_fields"])
        assert entity["sector"] in (None, *PLOVER["sectors"])
    if record.get("event_loc"):
        assert set(record["event_loc"]) <= set(PLOVER["location_fields"])
        assert record["event_loc"]["resolution"] in PLOVER["resolution"].values()
    assert set(record["cite_info"]) <= set(PLOVER["cite_fields"])


@pytest.mark.parametrize(("given", "column", "expected"), [
    (dict(agents=(STATE,), targets=(REBELS,)), "interaction", "12"),
    (dict(agents=(REBELS,), targets=(STATE,)), "interaction", "12"),  # smaller code first
    (dict(agents=(STATE,)), "interaction", "10"),
    (dict(agents=(FOREIGN,), targets=(FOREIGN,)), "interaction", ""),  # 88 is not in the codebook
    (dict(agents=(FOREIGN,), targets=(CIVILIANS,)), "civilian_targeting", "Civilian targeting"),
    (dict(acled_sub="Non-state actor overtakes territory", agents=(STATE,)), "sub_event_type", "Government regains territory"),
    (dict(acled_sub="Government regains territory", agents=(REBELS,)), "sub_event_type", "Non-state actor overtakes territory"),
    (dict(acled_type="Explosions/Remote violence", acled_sub="Air/drone strike"), "sub_event_type",
     "Remote explosive/landmine/IED"),
    (dict(acled_type="Explosions/Remote violence", acled_sub="Air/drone strike", modes=("suicide-attack",)),
     "sub_event_type", "Suicide bomb"),
    (dict(acled_type="Explosions/Remote violence", acled_sub="Air/drone strike", modes=("aerial",)),
     "sub_event_type", "Air/drone strike"),
    (dict(date="2024-05", precision="month"), "event_date", "2024-05-15"),
    (dict(date="2024-05", precision="month"), "time_precision", "3"),
    (dict(precision="publication"), "time_precision", "2"),
    (dict(precision="day"), "time_precision", "1"),
    (dict(killed_low=8, killed_high=12), "fatalities", "8"),
    (dict(), "fatalities", "0"),
    (dict(), "actor1", "Unidentified Armed Group (Somalia)"),
    (dict(places=(TOWN,)), "iso", "706"),
    (dict(places=(TOWN,)), "region", "Eastern Africa"),
    (dict(places=(TOWN,)), "admin2", "Town District"),
    (dict(places=(TOWN,)), "event_id_cnty", "SOM"),
    (dict(status="claimed", confidence=0.6), "tags", "status=claimed; confidence=0.6"),
])
def test_acled_rules(given: dict, column: str, expected: str) -> None:  # type: ignore[type-arg]
    row = codebooks.acled_row(_event(places=(TOWN,), **{k: v for k, v in given.items() if k != "places"}))
    assert row is not None
    _valid_acled_row(row)
    assert row[column] == expected if column not in ("event_id_cnty", "tags") else expected in row[column]


@pytest.mark.parametrize("given", [dict(date="2024", precision="year"), dict(acled_type=None, acled_sub=None)])
def test_acled_leaves_out_what_it_cannot_code(given: dict) -> None:  # type: ignore[type-arg]
    assert codebooks.acled_row(_event(**given)) is None


@pytest.mark.parametrize(("category", "modes", "expected"), [
    ("ASSAULT", ("aerial", "assassinate"), ["aerial", "targeted"]),
    ("COERCE", ("territory",), ["seize"]),
    ("THREATEN", ("heavy-weapons",), ["violence"]),
    ("ASSAULT", ("ceasefire",), []),
])
def test_plover_modes_are_the_manuals(category: str, modes: tuple[str, ...], expected: list[str]) -> None:
    assert codebooks.plover_modes(category, modes) == expected


def test_plover_record_of_a_month_has_an_end_date() -> None:
    record = codebooks.plover_record(_event(date="2024-02", precision="month", agents=(STATE,), places=(TOWN,)))
    assert record is not None
    _valid_plover_record(record)
    assert (record["date"], record["enddate"]) == ("2024-02-01", "2024-02-29")


@pytest.mark.parametrize(("selection", "kept"), [
    (Selection(), True),
    (Selection(since=date(2024, 5, 3)), False),
    (Selection(until=date(2024, 5, 2)), True),
    (Selection(country="som"), True),
    (Selection(country="Elsewhere"), False),
    (Selection(actor="front of nowhere"), True),
    (Selection(actor="https://w3id.org/conflict-kg/actor/s"), False),
    (Selection(named_graph="https://w3id.org/conflict-kg/report/r"), True),
    (Selection(named_graph="https://w3id.org/conflict-kg/report/other"), False),
    (Selection(trust=Trust(frozenset({"claimed"}))), False),
    (Selection(trust=Trust(min_confidence=0.8)), True),
    (Selection(trust=Trust(min_confidence=0.81)), False),
])
def test_selection(selection: Selection, kept: bool) -> None:
    assert selection.keeps(_event(agents=(REBELS,), places=(TOWN,))) is kept


def test_exports_of_a_graph_read_back_against_the_codebooks(graph_of) -> None:  # type: ignore[no-untyped-def]
    store = graph_of(TEXT)
    rows = list(csv.DictReader(io.StringIO(codebooks.acled_csv(store))))
    assert rows, "no ACLED rows"
    for row in rows:
        _valid_acled_row(row)
    records = [json.loads(line) for line in codebooks.plover_jsonl(store).splitlines()]
    assert records, "no PLOVER records"
    for record in records:
        _valid_plover_record(record)


def test_the_columns_are_the_codebooks_and_the_crosswalk_uses_its_types() -> None:
    assert codebooks.acled_columns() == tuple(ACLED["columns"]) and len(ACLED["columns"]) == 31
    crosswalk = (ROOT / "ontology" / "crosswalk.ttl").read_text(encoding="utf-8")
    subtypes = {s for subs in ACLED["event_types"].values() for s in subs}
    import re
    used = set(re.findall(r'acled:[a-z-]+ a skos:Concept ;.*?skos:prefLabel "([^"]+)"@en ; skos:broader', crosswalk))
    assert used and used <= subtypes, used - subtypes


@pytest.mark.model
def test_export_filters_on_the_command_line(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(TEXT, encoding="utf-8")
    graph = tmp_path / "g.trig"
    assert kg("build", str(report), "-o", str(graph), "--date", "2024-05-03").returncode == 0
    every = kg("export", "--graph", str(graph), "-f", "acled")
    none = kg("export", "--graph", str(graph), "-f", "acled", "--since", "2030-01-01")
    assert every.returncode == 0 and len(every.stdout.splitlines()) > 1
    assert none.returncode == 0 and len(none.stdout.splitlines()) == 1
    wrong = kg("export", "--graph", str(graph), "-f", "ttl", "--country", "Syria")
    assert wrong.returncode == 2 and "--format acled or plover" in wrong.stderr
