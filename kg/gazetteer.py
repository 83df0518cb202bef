"""A world gazetteer for place mentions: candidates by name, then a geoparser's choice.

    gaz = Gazetteer.open()                       # builds the cached index at first use
    gaz.resolve("Kramatorsk", Context(countries=frozenset({"UKR"}), cue="city"))
    -> Match(place=GeoPlace(...), score=..., confidence=0.8, reason="in a country the report names (UKR)")

Candidates are every country, first-level division and GeoNames settlement (cities500)
whose name or alternate name has the same key as the mention (case, accents, apostrophes,
hyphens and the Arabic article ignored; a looser key folds transliteration variants). The
choice weighs, in this order of strength: the containing place ("X in Y province"), the
divisions and countries the report names, the cue word ("the town of", "province"), and
population. Nothing is chosen (None) when nothing fits well: a small namesake in a country
the report never names, a common English word with no cue, a short name with no context,
or two far-apart namesakes of like size with no context to tell them apart.

Errors: GazetteerError (kg.gazetteer_index), a ValueError the CLI reports with exit 1.
"""

from __future__ import annotations

import math
import os
import re
import sqlite3
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Literal

from kg import paths, vocab
from kg.gazetteer_index import GazetteerError, GeoPlace, loose_key, name_key, neighbours, open_index

__all__ = [
    "COMMON_WORDS_FILE", "Context", "Cue", "Gazetteer", "GazetteerError", "GeoPlace", "Match", "Weights",
    "country_iri", "located_in", "place_iri", "same_as",
]

BASE = vocab.BASE
GEONAMES = "https://sws.geonames.org/"
_CKG_ISO = vocab.term("isoCode")

Cue = Literal["town", "city", "village", "province", "region", "governorate", "state", "district", "near"]
SETTLEMENT_CUES: frozenset[str] = frozenset({"town", "city", "village"})
DIVISION_CUES: frozenset[str] = frozenset({"province", "region", "governorate", "state"})
#: trailing words of a mention that are a cue ("Idlib province", "Kassala State")
_TRAILING_CUES = {"province": "province", "governorate": "governorate", "region": "region", "state": "state",
                  "oblast": "region", "city": "city", "town": "town", "village": "village", "district": "district"}
_LEADING_CUE = re.compile(r"(town|city|village|province|governorate|region|state|district)\s+of\s+", re.IGNORECASE)
COMMON_WORDS_FILE = Path("ontology") / "gazetteer" / "common-words.txt"
SHARED_NAMES_FILE = Path("ontology") / "gazetteer" / "shared-country-names.tsv"
_CACHE_SIZE = 4096


@dataclass(frozen=True)
class Weights:
    """What each piece of evidence adds to a candidate's score (population: per factor of ten)."""

    container: float = 6.0
    named_division: float = 3.0
    named_country: float = 4.0
    cue_fit: float = 2.0
    cue_clash: float = -4.0
    main_name: float = 0.5
    exact_spelling: float = 1.0
    population_decade: float = 0.4
    country_prior: float = 3.0
    division_prior: float = 1.8  # about a town of 30,000: a city beats its namesake division without a cue
    bare_division_prior: float = 0.5
    far_min_population: int = 250_000  # a place outside the named countries must be this large ...
    neighbour_min_population: int = 20_000  # ... or this large in a country bordering one of them
    # (half that when the name is the place's own, not one of its other names)
    bare_min_population: int = 15_000  # with no context at all ...
    bare_dominance: float = 10.0  # ... and this many times larger than any far namesake
    near_km: float = 60.0  # "X in Y" with Y a settlement: X within this distance of Y
    short_name: int = 3  # names this short need context


WEIGHTS = Weights()


@dataclass(frozen=True)
class Context:
    """What the report says around a place name."""

    countries: frozenset[str] = frozenset()  # ISO 3166-1 alpha-3 codes of the countries it names
    divisions: frozenset[str] = frozenset()  # names or ISO 3166-2 codes of the divisions it names
    container: str | None = None  # "X in Y province": Y province
    cue: Cue | None = None


@dataclass(frozen=True)
class Match:
    """The chosen place, its score, a confidence in [0, 1] and why it was chosen."""

    place: GeoPlace
    score: float
    confidence: float
    reason: str


@dataclass(frozen=True)
class _Candidate:
    place: GeoPlace
    exact: bool
    main: bool


@dataclass(frozen=True)
class _Scored:
    candidate: _Candidate
    score: float
    support: Literal["container", "division", "country", "none"]


@dataclass
class Gazetteer:
    """The world gazetteer over its cached index; one read-only SQLite connection per process."""

    path: Path
    weights: Weights = WEIGHTS
    common_words: frozenset[str] = frozenset()
    shared_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    _db: sqlite3.Connection | None = field(default=None, repr=False)
    _pid: int = field(default=0, repr=False)
    _found: dict[str, tuple[_Candidate, ...]] = field(default_factory=dict, repr=False)
    _points: dict[str, tuple[float, float]] = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, folder: Path | None = None, weights: Weights = WEIGHTS) -> Gazetteer:
        """Open the cached index (building it first if absent) and read the common-word list."""
        db, _ = open_index(folder)
        path = Path(db.execute("PRAGMA database_list").fetchone()[2])
        return cls(path, weights, read_common_words(), read_shared_names(), db, os.getpid())

    def _conn(self) -> sqlite3.Connection:
        if self._db is None or self._pid != os.getpid():  # a forked worker opens its own
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._db

    def stats(self) -> dict[str, str]:
        """The figures recorded when the index was built (counts, package versions)."""
        return dict(self._conn().execute("SELECT k, v FROM meta").fetchall())

    def candidates(self, name: str) -> list[GeoPlace]:
        """Every place a name may denote, largest first."""
        return [c.place for c in self._candidates(name_key(name))]

    def _candidates(self, key: str) -> tuple[_Candidate, ...]:
        if not key:
            return ()
        if key not in self._found:
            if len(self._found) >= _CACHE_SIZE:
                self._found.clear()
            found = self._query(key)
            known = {c.place for c in found}
            self._found[key] = found + tuple(c for c in self._shared(key) if c.place not in known)
        return self._found[key]

    def _shared(self, key: str) -> tuple[_Candidate, ...]:
        """The countries a short name may mean besides its GeoNames bearer ("Congo": either state)."""
        places = (self.country(iso) for iso in self.shared_names.get(key, ()))
        return tuple(_Candidate(p, True, False) for p in places if p is not None)

    def _query(self, key: str) -> tuple[_Candidate, ...]:
        rows = self._conn().execute(
            "SELECT n.key, n.main, p.geonames_id, p.name, p.lat, p.lon, p.cc, p.cc3, p.admin1_code, p.admin1_name,"
            " p.feature, p.population, p.division_code, p.id FROM names n JOIN places p ON p.id = n.place"
            " WHERE n.loose = ?", (loose_key(key),)).fetchall()
        best: dict[int, _Candidate] = {}
        for row in rows:
            exact, main = row[0] == key, bool(row[1]) and row[0] == key
            old = best.get(row[13])
            if old is None or (exact, main) > (old.exact, old.main):
                best[row[13]] = _Candidate(GeoPlace(*row[2:13]), exact, main)
        return tuple(sorted(best.values(), key=lambda c: (-c.place.population, c.place.name, row_id(c.place))))

    def country(self, iso: str) -> GeoPlace | None:
        """The country of an ISO 3166-1 alpha-2 or alpha-3 code."""
        row = self._conn().execute(
            "SELECT geonames_id, name, lat, lon, cc, cc3, admin1_code, admin1_name, feature, population, division_code"
            " FROM places WHERE feature = 'country' AND (cc = ? OR cc3 = ?)", (iso.upper(), iso.upper())).fetchone()
        return GeoPlace(*row) if row else None

    def country_point(self, iso: str) -> tuple[float, float] | None:
        """Where a country is drawn: its largest place, as a division is drawn at its own (the
        coordinates of a place known only to lie in the country; precision: the country)."""
        if not self._points:  # one pass for every country: SQLite keeps the row of the largest place
            rows = self._conn().execute(
                "SELECT cc, cc3, lat, lon, MAX(population) FROM places"
                " WHERE feature = 'settlement' AND lat IS NOT NULL GROUP BY cc3").fetchall()
            for cc, cc3, lat, lon, _ in rows:
                self._points[cc] = self._points[cc3] = (float(lat), float(lon))
        return self._points.get(iso.upper())

    def division(self, code: str) -> GeoPlace | None:
        """The first-level division of an ISO 3166-2 code ("SY-ID")."""
        row = self._conn().execute(
            "SELECT geonames_id, name, lat, lon, cc, cc3, admin1_code, admin1_name, feature, population, division_code"
            " FROM places WHERE feature = 'division' AND division_code = ?", (code.upper(),)).fetchone()
        return GeoPlace(*row) if row else None

    def resolve(self, name: str, ctx: Context = Context()) -> Match | None:
        """The place a mention denotes in its context, or None when nothing fits well."""
        key, ctx = _split_cue(name, ctx)
        found = self._candidates(key)
        if not found:
            return None
        within = self._container(ctx)
        if ctx.container and within:
            found = tuple(c for c in found if _inside(c.place, within, self.weights))
            if not found:
                return None
        divisions = self._divisions(ctx)
        ranked = sorted((self._score(c, ctx, within, divisions) for c in found),
                        key=lambda s: (-s.score, -s.candidate.place.population, s.candidate.place.name))
        return self._accept(key, ranked, ctx)

    def _container(self, ctx: Context) -> tuple[GeoPlace, ...]:
        """The places the containing name may be (all of them when the report does not say which)."""
        if not ctx.container:
            return ()
        key, inner = _split_cue(ctx.container, Context(countries=ctx.countries, divisions=ctx.divisions))
        match = self.resolve(ctx.container, inner)
        if match is not None:  # "in Idlib": the city or its namesake division
            return (match.place, *(c.place for c in self._candidates(key) if c.exact and c.place.feature == "division"
                                   and c.place.country_iso2 == match.place.country_iso2))
        return tuple(c.place for c in self._candidates(key) if c.exact and c.place.feature != "settlement")

    def _divisions(self, ctx: Context) -> frozenset[tuple[str, str]]:
        """(country, division code or admin1 code) of each division the report names."""
        named: set[tuple[str, str]] = set()
        for text in ctx.divisions:
            places = [self.division(text)] if re.fullmatch(r"[A-Za-z]{2}-\w{1,3}", text) else \
                [c.place for c in self._candidates(_split_cue(text, Context())[0]) if c.place.feature == "division"]
            for p in places:
                if p is not None and (not ctx.countries or p.country_iso3 in ctx.countries):
                    named.add((p.country_iso2, p.admin1_code or p.division_code or ""))
        return frozenset(named)

    def _score(self, c: _Candidate, ctx: Context, within: tuple[GeoPlace, ...],
               divisions: frozenset[tuple[str, str]]) -> _Scored:
        w, p = self.weights, c.place
        score = _prior(p, w) + w.main_name * c.main + w.exact_spelling * c.exact + _cue_score(p, ctx.cue, w)
        if within:
            return _Scored(c, score + w.container, "container")
        if (p.country_iso2, p.admin1_code or p.division_code or "") in divisions:
            return _Scored(c, score + w.named_division, "division")
        if p.country_iso3 in ctx.countries:
            return _Scored(c, score + w.named_country, "country")
        return _Scored(c, score, "none")

    def _accept(self, key: str, ranked: list[_Scored], ctx: Context) -> Match | None:
        best, w = ranked[0], self.weights
        p, supported = best.candidate.place, best.support != "none" or bool(ctx.cue)
        if key in self.common_words and not (ctx.cue or ctx.container):
            return None
        if len(key.replace(" ", "")) <= w.short_name and not supported:
            return None
        if best.support == "none" and p.feature != "country":
            return self._unsupported(ranked, ctx)
        return _match(best, ranked, _REASONS[best.support].format(p=p))

    def _unsupported(self, ranked: list[_Scored], ctx: Context) -> Match | None:
        """A choice with no support from the report: only a place far larger than its namesakes."""
        best, w = ranked[0], self.weights
        p = best.candidate.place
        if ctx.countries or ctx.divisions:
            near = _bordering(ctx.countries)
            across = sorted((s for s in ranked if s.candidate.exact and s.candidate.place.country_iso3 in near
                             and s.candidate.place.population >= w.neighbour_min_population // 2),
                            key=lambda s: (not s.candidate.main, -s.candidate.place.population))
            beside = next((s for s in across if s.candidate.main
                           or s.candidate.place.population >= w.neighbour_min_population), None)
            if beside is not None:
                q = beside.candidate.place
                return _match(beside, ranked, f"in {q.country_iso3}, which borders a country the report names", 0.6)
            if p.population >= w.far_min_population:
                return _match(best, ranked, f"a large place (population {p.population}) outside the named countries",
                              0.6)
            return None
        rivals = [s.candidate.place.population for s in ranked[1:]
                  if s.candidate.exact and not _same_area(s.candidate.place, p)]
        if p.population >= w.bare_min_population and all(p.population >= w.bare_dominance * r for r in rivals):
            return _match(best, ranked, f"the largest namesake by far (population {p.population}), no context", 0.55)
        return None


_REASONS = {
    "container": "inside the containing place ({p.admin1_name}, {p.country_iso3})",
    "division": "in a division the report names ({p.admin1_name})",
    "country": "in a country the report names ({p.country_iso3})",
    "none": "a country",
}
_CONFIDENCE = {"container": 0.9, "division": 0.85, "country": 0.8, "none": 0.9}


@cache
def _neighbours() -> dict[str, frozenset[str]]:
    return neighbours()


def _bordering(countries: frozenset[str]) -> frozenset[str]:
    """The countries that border one of these and are none of them."""
    table = _neighbours()
    return frozenset(n for c in countries for n in table.get(c, frozenset())) - countries


def row_id(p: GeoPlace) -> str:
    """A stable tiebreak between two places of the same population and name."""
    return f"{p.feature}:{p.geonames_id or ''}:{p.division_code or ''}:{p.admin1_code or ''}"


def _match(best: _Scored, ranked: list[_Scored], reason: str, confidence: float | None = None) -> Match:
    conf = _CONFIDENCE[best.support] if confidence is None else confidence
    if not best.candidate.exact:
        conf -= 0.15
        reason += "; spelling variant"
    if runner := _rival(best, ranked):
        conf -= 0.1
        reason += f"; a namesake comes close: {runner.candidate.place.name} ({runner.candidate.place.country_iso3})"
    return Match(best.candidate.place, round(best.score, 3), round(max(conf, 0.05), 3), reason)


def _rival(best: _Scored, ranked: list[_Scored]) -> _Scored | None:
    """A namesake as well supported, nearly as well scored and of like size: the choice is unsure."""
    p = best.candidate.place
    for s in ranked[1:]:
        q = s.candidate.place
        if s.support == best.support and best.score - s.score < 1.0 and q.population * 10 >= p.population \
                and not _same_area(q, p):
            return s
    return None


def _prior(p: GeoPlace, w: Weights) -> float:
    if p.feature == "country":
        return w.country_prior
    if p.feature == "division":  # an ISO division GeoNames does not number has no coordinates: a last resort
        return w.division_prior if p.lat is not None else w.bare_division_prior
    return w.population_decade * math.log10(p.population + 1)


def _cue_score(p: GeoPlace, cue: str | None, w: Weights) -> float:
    if cue in SETTLEMENT_CUES:
        return w.cue_fit if p.feature == "settlement" else w.cue_clash
    if cue in DIVISION_CUES:
        return w.cue_fit if p.feature == "division" else w.cue_clash
    return 0.0


def _split_cue(name: str, ctx: Context) -> tuple[str, Context]:
    """The key of a mention without its article and cue words ("town of X", "X province"); the cue goes to ctx."""
    text = re.sub(r"^(?:the)\s+", "", name.strip(), flags=re.IGNORECASE)
    lead = _LEADING_CUE.match(text)
    if lead:
        cue = _TRAILING_CUES[lead.group(1).lower()]
        text, ctx = text[lead.end():], replace(ctx, cue=ctx.cue or cue)  # type: ignore[arg-type]
    key = name_key(text)
    words = key.split()
    if len(words) > 1 and words[-1] in _TRAILING_CUES:
        cue = _TRAILING_CUES[words[-1]]
        return " ".join(words[:-1]), replace(ctx, cue=ctx.cue or cue)  # type: ignore[arg-type]
    return key, ctx


def _inside(p: GeoPlace, within: tuple[GeoPlace, ...], w: Weights) -> bool:
    """Is the place in one of the containing places (country, division, or near a settlement)?"""
    for outer in within:
        if outer.feature == "country" and p.country_iso2 == outer.country_iso2 and p.feature != "country":
            return True
        if outer.feature == "division" and p.feature == "settlement" and p.country_iso2 == outer.country_iso2 \
                and outer.admin1_code is not None and p.admin1_code == outer.admin1_code:
            return True
        if outer.feature == "settlement" and p.feature == "settlement" and p != outer \
                and _km(p, outer) <= w.near_km:
            return True
    return False


def _same_area(a: GeoPlace, b: GeoPlace) -> bool:
    """Two candidates for one name that are one place seen twice: a division and its namesake seat."""
    if a.country_iso2 != b.country_iso2:
        return False
    if {a.feature, b.feature} == {"division", "settlement"}:  # a division named after a town around it
        return True
    return a.feature == b.feature == "division" and (a.lat is None or b.lat is None)


def _km(a: GeoPlace, b: GeoPlace) -> float:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return math.inf
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def read_common_words(path: Path | None = None) -> frozenset[str]:
    """The place names that are also common English words (one a line, '#' comments)."""
    source = path or paths.data_root() / COMMON_WORDS_FILE
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GazetteerError(f"{source}: cannot read the common-word list: {exc}") from exc
    return frozenset(name_key(line) for line in lines if line.strip() and not line.lstrip().startswith("#"))


def read_shared_names(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Short names several countries go by ("Congo"): name, tab, their ISO 3166-1 alpha-3 codes."""
    source = path or paths.data_root() / SHARED_NAMES_FILE
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GazetteerError(f"{source}: cannot read the shared country names: {exc}") from exc
    out: dict[str, tuple[str, ...]] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, codes = line.partition("\t")
        isos = tuple(codes.split())
        if not name.strip() or not isos or not all(re.fullmatch(r"[A-Z]{3}", c) for c in isos):
            raise GazetteerError(f"{source}, line {n}: expected a name, a tab and ISO alpha-3 codes, got {line!r}")
        out[name_key(name)] = isos
    return out


# ------------------------------------------------------------------------------- IRIs

def slug(text: str) -> str:
    """ASCII, lower case, words joined by '-' (the place's id keeps two namesakes apart)."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    plain = re.sub("['\u2019\u02bc\u2018`\u02bb\u02bf\u02be]", "", plain)
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60].rstrip("-") or "place"


def place_iri(p: GeoPlace, countries: Mapping[str, str] | None = None) -> str:
    """The place's IRI: …/place/<slug>-<GeoNames id> for a settlement, the ISO code for a division."""
    if p.feature == "country":
        return country_iri(p.country_iso3, countries)
    if p.feature == "settlement":
        return vocab.place_iri(f"{slug(p.name)}-{p.geonames_id}")
    return _division_iri(p.name, p.country_iso2, p.division_code, p.admin1_code)


def _division_iri(name: str, cc: str, iso: str | None, admin1: str | None) -> str:
    if iso:
        return vocab.place_iri(f"{slug(name)}-{iso.lower()}")
    return vocab.place_iri(f"{slug(name)}-{cc.lower()}-adm1-{slug(admin1 or '')}")


def same_as(p: GeoPlace) -> str | None:
    """The place's GeoNames IRI (https://sws.geonames.org/<id>/), when it has a GeoNames id."""
    return f"{GEONAMES}{p.geonames_id}/" if p.geonames_id is not None and p.feature != "division" else None


def located_in(p: GeoPlace, countries: Mapping[str, str] | None = None) -> list[str]:
    """The IRIs the place lies in, innermost first: its division (for a settlement), then its country."""
    chain = []
    if p.feature == "settlement" and p.admin1_name:
        chain.append(_division_iri(p.admin1_name, p.country_iso2, p.division_code, p.admin1_code))
    if p.feature != "country":
        chain.append(country_iri(p.country_iso3, countries))
    return chain


def country_iri(iso3: str, countries: Mapping[str, str] | None = None) -> str:
    """The project's IRI of a country: the knowledge base's (by ckg:isoCode), else …/country/<slug>."""
    known = kb_countries() if countries is None else countries
    if iso3 in known:
        return known[iso3]
    return vocab.COUNTRY + slug(_country_name(iso3))


@cache
def kb_countries() -> Mapping[str, str]:
    """ISO 3166-1 alpha-3 -> the knowledge base's country IRI, read from ckg:isoCode (for callers
    without a loaded base; the resolve stage passes `KnowledgeBase.iso_codes` instead)."""
    import pyoxigraph as ox

    found: dict[str, str] = {}
    for path in paths.kb_files():
        try:
            with path.open("rb") as handle:
                for t in ox.parse(handle, format=ox.RdfFormat.TURTLE):
                    if t.predicate.value == _CKG_ISO and isinstance(t.subject, ox.NamedNode):
                        found.setdefault(t.object.value, t.subject.value)
        except (OSError, SyntaxError) as exc:
            raise GazetteerError(f"{path}: cannot read the country codes: {exc}") from exc
    return found


def _country_name(iso3: str) -> str:
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    return getattr(country, "common_name", None) or (country.name if country else iso3)
