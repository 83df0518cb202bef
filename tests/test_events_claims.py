"""Events as the codebooks see them, claims with their sources, modality, precision, merging, exports."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import SEED, short

from kg import codebooks, mapping, merge, summary

CODES = "https://w3id.org/conflict-kg/codes/"


def _codes(event) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {k: v.removeprefix(CODES) for k, v in event.codes}


@pytest.mark.parametrize(
    ("text", "plover", "mode", "cameo", "acled"),
    [
        ("Russian jets bombed Ariha on Monday.", "plover/ASSAULT", "plover/mode/aerial", "cameo/195", "acled/air-drone-strike"),
        ("Government forces shelled Kafr Nabl.", "plover/ASSAULT", "plover/mode/heavy-weapons", "cameo/194",
         "acled/shelling-artillery-missile-attack"),
        ("A car bomb exploded in Azaz, killing five people.", "plover/ASSAULT", "plover/mode/explosives", "cameo/183",
         "acled/remote-explosive-landmine-ied"),
        ("Clashes erupted between HTS and Hurras al-Din in Idlib.", "plover/ASSAULT", "plover/mode/firearms", "cameo/193",
         "acled/armed-clash"),
        ("Russia and Turkey agreed a ceasefire in Idlib.", "plover/RETREAT", "plover/mode/ceasefire", "cameo/0871", "acled/agreement"),
        ("HTS seized the town of Atarib.", "plover/COERCE", "plover/mode/territory", "cameo/192",
         "acled/non-state-actor-overtakes-territory"),
    ],
)
def test_event_codes(resolve_text, text, plover, mode, cameo, acled) -> None:  # type: ignore[no-untyped-def]
    event = resolve_text(text).events[0]
    codes = _codes(event)
    assert (codes["ploverCategory"], codes.get("ploverMode"), codes["cameoCode"], codes["acledSubEventType"]) == (
        plover, mode, cameo, acled)
    assert "acledEventType" in codes


@pytest.mark.parametrize(
    ("text", "modality", "plover", "cameo"),
    [
        ("Ankara threatened a new ground offensive against the YPG.", "threatened", "plover/THREATEN", None),
        ("The army denied that it shelled the village of Kafr Nabl.", "denied", "plover/REJECT", "cameo/12"),
        ("HTS is planning an attack on Saraqib.", "planned", "plover/THREATEN", None),
        ("Russian jets could bomb Ariha.", "hypothetical", "plover/THREATEN", None),
        ("Russia and Turkey will sign a ceasefire in Idlib.", "planned", "plover/RETREAT", "cameo/0871"),
    ],
)
def test_modal_events_follow_the_codebook_rules(resolve_text, text, modality, plover, cameo) -> None:  # type: ignore[no-untyped-def]
    event = resolve_text(text).events[0]
    codes = _codes(event)
    assert (event.modality, codes["ploverCategory"]) == (modality, plover)
    assert cameo is None or codes["cameoCode"] == cameo
    assert "ploverMode" not in codes or plover == "plover/RETREAT"


@pytest.mark.parametrize(
    ("text", "sectors", "interaction"),
    [
        ("Syrian government forces shelled HTS positions in Idlib.", {"syrian-arab-armed-forces": "MIL", "hayat-tahrir-al-sham": "REB"}, "12"),
        ("Russian jets bombed a market in Ariha, killing ten civilians.", {"russia": "GOV"}, "78"),
        ("The National Defence Forces attacked Islamic State fighters near Palmyra.",
         {"national-defence-forces": "UAF", "islamic-state": "REB"}, "23"),
    ],
)
def test_sectors_and_interaction(resolve_text, text, sectors, interaction) -> None:  # type: ignore[no-untyped-def]
    event = resolve_text(text).events[0]
    got = {short(p.iri): p.sector for p in event.participants}
    assert sectors.items() <= got.items()
    assert event.interaction == interaction


@pytest.mark.parametrize(
    ("text", "precision", "geo"),
    [
        ("Air strikes hit the town of Saraqib in Idlib province.", "settlement", 1),
        ("Shelling hit villages in Jabal al-Zawiya.", "area", 2),
        ("Air strikes hit Idlib province.", "governorate", 3),
    ],
)
def test_place_precision(resolve_text, text, precision, geo) -> None:  # type: ignore[no-untyped-def]
    event = resolve_text(text).events[0]
    assert (event.place_precision, event.geo_precision) == (precision, geo)


def test_week_precision_for_a_span_of_days(resolve_text) -> None:  # type: ignore[no-untyped-def]
    event = resolve_text("Russian air strikes have hit Idlib repeatedly over the past five days.", date(2021, 6, 10)).events[0]
    assert (event.time.precision, event.time.value) == ("week", date(2021, 6, 5))


# ---------------------------------------------------------------- the seed report

@pytest.fixture(scope="module")
def seed(resolve_text):  # type: ignore[no-untyped-def]
    if not SEED.is_file():
        pytest.skip(f"the seed report {SEED} is absent")
    return resolve_text(SEED.read_text(encoding="utf-8"), date(2021, 6, 10))


def _gov_strike(seed):  # type: ignore[no-untyped-def]
    return next(e for e in seed.events if "https://w3id.org/conflict-kg/actor/syrian-government" in e.agents
                and e.cls != "Takeover")


def test_seed_strike_codes(seed) -> None:  # type: ignore[no-untyped-def]
    codes = _codes(_gov_strike(seed))
    assert codes["ploverCategory"] == "plover/ASSAULT"
    assert codes["ploverMode"] in {"plover/mode/aerial", "plover/mode/heavy-weapons"}
    assert codes["cameoCode"].startswith("cameo/19")
    assert codes["acledEventType"] == "acled/explosions-remote-violence"


def test_seed_casualty_breakdown_and_sources(seed) -> None:  # type: ignore[no-untyped-def]
    strike = _gov_strike(seed)
    parts = {(c.count, c.category) for c in strike.casualties if c.part}
    assert {(1, "men"), (1, "women"), (2, "children"), (8, "fighters")} <= parts
    source_of = {(c.count, c.category): short(seed.sources[c.attribution]) for c in strike.casualties
                 if c.attribution in seed.sources}
    assert source_of[(12, "people")] == "syrian-observatory-for-human-rights"
    assert source_of[(3, "fighters")] == "hayat-tahrir-al-sham"


def test_seed_ceasefire_is_background(seed) -> None:  # type: ignore[no-untyped-def]
    truce = next(e for e in seed.events if e.cls in {"Ceasefire", "Agreement"})
    assert {short(a) for a in truce.agents} >= {"russia", "turkey"}
    assert (truce.modality, truce.background, truce.time.precision, truce.time.value) == (
        "asserted", True, "month", date(2020, 3, 1))


def test_seed_russian_strikes_have_week_precision(seed) -> None:  # type: ignore[no-untyped-def]
    russian = [e for e in seed.events if "https://w3id.org/conflict-kg/country/russia" in e.agents
               and e.cls not in {"Ceasefire", "Agreement"}]
    assert any(e.time and e.time.precision == "week" for e in russian)


# ---------------------------------------------------------------- merging across reports

REPORT_A = "Russian warplanes struck a market in Maarat al-Numan on Monday, killing 23 civilians, the Syrian Observatory for Human Rights said."
REPORT_B = ("At least 25 people died when Russian jets bombed the crowded market of Maarat al-Numan in Idlib "
            "province on Monday, the White Helmets said.")
REPORT_C = "Russian warplanes struck a market in Saraqib on Monday, killing 11 civilians, the Syrian Observatory for Human Rights said."


def _store(kb, extractor, resolver, texts: dict[str, str]) -> ox.Store:  # type: ignore[no-untyped-def]
    from conftest import make_report

    store = ox.Store()
    for rid, text in texts.items():
        store.extend(mapping.report_quads(resolver.resolve(extractor.extract(make_report(text, date(2019, 7, 22), rid)))))
    referenced = mapping.referenced(list(store))
    store.extend(mapping.kb_quads(kb, referenced))
    from kg import paths
    store.extend(mapping.ontology_quads(str(paths.ontology_file()), str(paths.crosswalk_file())))
    merge.apply(store, kb)
    summary.refresh(store, kb)
    return store


def test_two_reports_of_one_strike_merge_keeping_both_tolls(kb, extractor, resolver) -> None:  # type: ignore[no-untyped-def]
    store = _store(kb, extractor, resolver, {"a": REPORT_A, "b": REPORT_B, "c": REPORT_C})
    rows = list(store.query("""PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
        SELECT ?m (GROUP_CONCAT(DISTINCT STR(?k); separator=",") AS ?ks) (COUNT(DISTINCT ?s) AS ?sources)
               (COUNT(DISTINCT ?member) AS ?members)
        WHERE { ?m ckg:mergedFrom ?member ; ckg:killed ?k ; ckg:source ?s } GROUP BY ?m""",
        use_default_graph_as_union=True))
    assert len(rows) == 1
    assert set(rows[0]["ks"].value.split(",")) == {"23", "25"}
    assert int(rows[0]["sources"].value) == 2 and int(rows[0]["members"].value) == 2


def test_same_day_different_town_is_not_merged(kb, extractor, resolver) -> None:  # type: ignore[no-untyped-def]
    store = _store(kb, extractor, resolver, {"a": REPORT_A, "c": REPORT_C})
    assert not list(store.query("PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> SELECT ?m WHERE { ?m ckg:mergedFrom ?x }",
                                use_default_graph_as_union=True))


def test_exports(kb, extractor, resolver) -> None:  # type: ignore[no-untyped-def]
    store = _store(kb, extractor, resolver, {"a": REPORT_A, "b": REPORT_B, "c": REPORT_C})
    rows = list(csv.DictReader(io.StringIO(codebooks.acled_csv(store))))
    assert list(rows[0]) == list(codebooks.acled_columns())
    assert len(rows) == 2
    merged = next(r for r in rows if r["location"] == "Maarat al-Numan")
    assert (merged["event_type"], merged["sub_event_type"], merged["fatalities"]) == (
        "Explosions/Remote violence", "Air/drone strike", "23")
    assert merged["admin1"] == "Idlib Governorate" and merged["geo_precision"] == "1"
    records = [json.loads(line) for line in codebooks.plover_jsonl(store).splitlines()]
    assert {tuple(r["event"]) for r in records} == {("ASSAULT",)}
    assert all([a["entity_text"] for a in r["actor"]] == ["Russia"] for r in records)


@pytest.mark.model  # runs kg build on reports
def test_export_cli(tmp_path: Path) -> None:
    report = tmp_path / "a.txt"
    report.write_text(REPORT_A, encoding="utf-8")
    graph = tmp_path / "g.trig"
    run = [sys.executable, "-m", "kg"]
    assert subprocess.run([*run, "build", str(report), "-o", str(graph), "--date", "2019-07-22"],
                          capture_output=True, timeout=300).returncode == 0
    done = subprocess.run([*run, "export", "--graph", str(graph), "--format", "acled"], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0 and done.stdout.startswith("event_id_cnty,event_date,year,time_precision")
    out = tmp_path / "events.jsonl"
    assert subprocess.run([*run, "export", "--graph", str(graph), "--format", "plover", "-o", str(out)],
                          capture_output=True, timeout=300).returncode == 0
    assert json.loads(out.read_text().splitlines()[0])["mode"] == ["aerial"]


def test_a_place_an_event_was_aimed_at_is_in_the_graph(graph_of) -> None:  # type: ignore[no-untyped-def]
    """ckg:aimedAt (a sub-property of ckg:place) holds the places attacked or taken, not every place named."""
    store = graph_of("In Rif Dimashq, government forces stepped up their attacks on Daraya on Monday.")
    rows = store.query("""PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
        SELECT ?aimed ?place WHERE { ?e ckg:place ?place . OPTIONAL { ?e ckg:aimedAt ?aimed FILTER (?aimed = ?place) } }""",
                        use_default_graph_as_union=True)
    places = {short(r["place"].value): r["aimed"] is not None for r in rows}
    assert places.get("daraya") is True
    assert not any(aimed for p, aimed in places.items() if p != "daraya"), places
