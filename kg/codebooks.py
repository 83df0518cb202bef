"""Exports in the shapes analysts already use: ACLED CSV and PLOVER JSON Lines.

The events are read from the graph by four saved queries (`codebook-events`,
`codebook-participants`, `codebook-places`, `codebook-sentences`); the codebooks
themselves - ACLED's columns and codes, PLOVER's fields, categories and modes - are data
in ontology/codebooks/*.json, and this module only applies their rules to each event.
The choices the codebooks leave to the coder are listed in acled.json ("assumptions")
and in docs/codebooks.md. Which class maps to which code is the crosswalk's
(ontology/crosswalk.ttl): the map stage writes its codes on every event, and they are
read here from the graph.
"""

from __future__ import annotations

import calendar
import csv
import hashlib
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from datetime import date as Day
from functools import cache
from typing import Any

import pyoxigraph as ox

from kg import __version__, paths, query
from kg.select import Trust

FORMATS = ("acled", "plover")
LIST = " | "  # how the saved queries join a list in one cell
VIOLENT = ("Battles", "Explosions/Remote violence", "Violence against civilians")
#: a place's class as the gazetteer gives it (a country is also a State: the place class wins)
PLACE_CLASSES = ("Country", "FirstLevelDivision", "District", "Settlement", "Area")


@cache
def codebook(name: str) -> dict[str, Any]:
    """A codebook's tables: ontology/codebooks/NAME.json."""
    path = paths.data_root() / "ontology" / "codebooks" / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def acled_columns() -> tuple[str, ...]:
    return tuple(codebook("acled")["columns"])


@dataclass(frozen=True)
class Actor:
    iri: str
    label: str
    inter: int | None = None
    sector: str | None = None
    country: str | None = None
    country_code: str | None = None
    wikidata: str | None = None


@dataclass(frozen=True)
class Place:
    iri: str
    label: str
    cls: str = ""
    lat: str | None = None
    long: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    country_code: str | None = None
    aimed: bool = False
    inner: bool = False  # another of the event's places lies inside it


@dataclass(frozen=True)
class CodedEvent:
    """One event stated as fact, with everything a codebook record needs."""

    iri: str
    cls: str
    date: str | None
    precision: str | None
    acled_type: str | None
    acled_sub: str | None
    plover: str | None
    modes: tuple[str, ...]
    cameo: str | None
    status: str | None
    confidence: float | None
    killed_low: int | None
    killed_high: int | None
    documents: tuple[str, ...]
    publishers: tuple[str, ...]
    published: str | None
    sources: tuple[str, ...]
    agents: tuple[Actor, ...] = ()
    targets: tuple[Actor, ...] = ()
    places: tuple[Place, ...] = ()
    sentences: tuple[str, ...] = ()
    geo_precision: int | None = None

    def span(self) -> tuple[Day, Day] | None:
        """The first and last day the event's date allows."""
        return day_span(self.date)

    def place(self) -> Place | None:
        """The most precise of its places that the gazetteer knows: none of its other places lies inside
        it, it has a country and coordinates, and the event was aimed at it."""
        ranked = sorted(self.places, key=lambda p: (p.inner, p.country is None, p.lat is None, not p.aimed, p.label))
        return ranked[0] if ranked else None

    def country(self) -> tuple[str | None, str | None]:
        """Where it happened: the country (label, ISO alpha-3) of its most precise place."""
        best = self.place()
        return (best.country, best.country_code) if best else (None, None)


@dataclass(frozen=True)
class Selection:
    """Which events an export keeps: by report graph, date range, country, actor (IRI or label), trust."""

    named_graph: str | None = None
    since: date | None = None
    until: date | None = None
    country: str | None = None
    actor: str | None = None
    trust: Trust = field(default_factory=Trust)

    def keeps(self, event: CodedEvent) -> bool:
        return all(test(event) for test in (self._graph, self._dates, self._country, self._actor, self._trust))

    def _graph(self, e: CodedEvent) -> bool:
        return self.named_graph is None or self.named_graph in e.documents or e.iri.startswith(self.named_graph + "/")

    def _dates(self, e: CodedEvent) -> bool:
        if self.since is None and self.until is None:
            return True
        span = e.span()
        return span is not None and (self.since is None or span[1] >= self.since) and (
            self.until is None or span[0] <= self.until)

    def _country(self, e: CodedEvent) -> bool:
        wanted = (self.country or "").casefold()
        return not wanted or wanted in {(v or "").casefold() for v in e.country()}

    def _actor(self, e: CodedEvent) -> bool:
        wanted = (self.actor or "").casefold()
        return not wanted or any(wanted in {a.iri.casefold(), a.label.casefold()} for a in (*e.agents, *e.targets))

    def _trust(self, e: CodedEvent) -> bool:
        return not self.trust.active or self.trust.passes(e.status or "", e.confidence)


def day_span(value: str | None) -> tuple[date, date] | None:
    """The days a date literal covers: a day, a month (YYYY-MM) or a year (YYYY)."""
    if not value:
        return None
    try:
        if len(value) == 4:
            return date(int(value), 1, 1), date(int(value), 12, 31)
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:7])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        day = date.fromisoformat(value[:10])
        return day, day
    except ValueError:
        return None


# ---------------------------------------------------------------- reading the events

def _rows(store: ox.Store, name: str) -> list[dict[str, str]]:
    text, path = query.find(name)
    return query.rows(query.run(store, text, str(path)))[1]


def _list(value: str | None) -> tuple[str, ...]:
    return tuple(sorted(v for v in (value or "").split(LIST) if v))


def _int(value: str | None) -> int | None:
    try:
        return int(float(value)) if value not in (None, "") else None
    except ValueError:
        return None


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _actors(store: ox.Store) -> dict[tuple[str, str], list[Actor]]:
    found: dict[tuple[str, str], list[Actor]] = defaultdict(list)
    for r in _rows(store, "codebook-participants"):
        found[(r["event"], r["role"])].append(Actor(
            r["actor"], r["label"], _int(r.get("inter")), r.get("sector"), r.get("country"),
            r.get("countryCode"), r.get("wikidata")))
    return found


def _places(store: ox.Store) -> tuple[dict[str, list[Place]], dict[str, int]]:
    found: dict[str, dict[str, Place]] = defaultdict(dict)
    precision: dict[str, int] = {}
    for r in _rows(store, "codebook-places"):
        cls = r.get("class", "").rsplit("#", 1)[-1]
        known = found[r["event"]].get(r["place"])
        if known is None or (known.cls not in PLACE_CLASSES and cls in PLACE_CLASSES):
            found[r["event"]][r["place"]] = Place(
                r["place"], r["label"], cls, r.get("lat"), r.get("long"), r.get("admin1"), r.get("admin2"),
                r.get("country"), r.get("countryCode"), r.get("aimed") == "true", r.get("inner") == "true")
        if _int(r.get("geoPrecision")) is not None:
            precision[r["event"]] = _int(r.get("geoPrecision"))  # type: ignore[assignment]
    return {e: list(by_place.values()) for e, by_place in found.items()}, precision


def _sentences(store: ox.Store) -> dict[str, list[str]]:
    found: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for r in _rows(store, "codebook-sentences"):
        found[r["event"]].append((r["document"], _int(r["start"]) or 0, r["text"]))
    return {e: list(dict.fromkeys(text for _, _, text in sorted(v))) for e, v in found.items()}


def events(store: ox.Store, selection: Selection | None = None) -> list[CodedEvent]:
    """Every event stated as fact that the selection keeps, with its actors, places and sentences."""
    actors, (places, precision), sentences = _actors(store), _places(store), _sentences(store)
    out = []
    for r in _rows(store, "codebook-events"):
        e = r["event"]
        coded = CodedEvent(
            e, r["class"].rsplit("#", 1)[-1], r.get("date"), r.get("precision"), r.get("acledType"),
            r.get("acledSubType"), r.get("plover"), _list(r.get("modes")), r.get("cameo"), r.get("status"),
            _float(r.get("confidence")), _int(r.get("killedLow")), _int(r.get("killedHigh")),
            _list(r.get("documents")), _list(r.get("publishers")), r.get("published"), _list(r.get("sources")),
            tuple(sorted(actors[(e, "agent")], key=_actor_order)),
            tuple(sorted(actors[(e, "target")], key=_actor_order)),
            tuple(places.get(e, [])), tuple(sentences.get(e, [])), precision.get(e))
        if selection is None or selection.keeps(coded):
            out.append(coded)
    return out


def _actor_order(a: Actor) -> tuple[bool, str]:
    return (a.inter is None, a.label.casefold())


# ---------------------------------------------------------------- ACLED

def acled_rows(coded: Iterable[CodedEvent]) -> Iterator[dict[str, str]]:
    """ACLED rows, one per event ACLED has a type for and can date to the month."""
    for e in coded:
        row = acled_row(e)
        if row is not None:
            yield row


def acled_row(e: CodedEvent) -> dict[str, str] | None:
    book = codebook("acled")
    when = acled_date(e)
    if e.acled_type is None or when is None:
        return None
    country, code = e.country()
    actors = acled_actors(e, country)
    sub = acled_sub_event(e, actors[2])
    place = e.place()
    interaction = acled_interaction(actors[2], actors[5])
    row = {
        "event_id_cnty": f"{code or 'XXX'}{int(hashlib.sha1(e.iri.encode()).hexdigest()[:7], 16)}",
        "event_date": when[0].isoformat(), "year": str(when[0].year), "time_precision": str(when[1]),
        "disorder_type": book["disorder_types"].get(sub, book["disorder_types"].get(e.acled_type, "")),
        "event_type": e.acled_type, "sub_event_type": sub,
        "actor1": actors[0], "assoc_actor_1": actors[1], "inter1": _code(actors[2]),
        "actor2": actors[3], "assoc_actor_2": actors[4], "inter2": _code(actors[5]),
        "interaction": interaction or "",
        "civilian_targeting": book["civilian_targeting"] if actors[5] == 7 else "",
        "iso": _iso_numeric(code), "region": acled_region(code), "country": country or "",
        "admin1": place.admin1 or "" if place else "", "admin2": place.admin2 or "" if place else "", "admin3": "",
        "location": place.label if place else "", "latitude": place.lat or "" if place else "",
        "longitude": place.long or "" if place else "", "geo_precision": str(_geo_precision(e)),
        "source": "; ".join(dict.fromkeys((*e.publishers, *e.sources))), "source_scale": "",
        "notes": " ".join(e.sentences), "fatalities": str(e.killed_low or 0),
        "tags": _tags(e, interaction), "timestamp": _timestamp(e.published),
    }
    return row


def acled_date(e: CodedEvent) -> tuple[date, int] | None:
    """The day ACLED codes and its time precision: 1 day, 2 a week or a range, 3 the month only."""
    span = e.span()
    if span is None or e.precision == "year" or (span[1] - span[0]).days > 31:
        return None
    if e.precision == "month" or (span[0] != span[1]):
        return span[0].replace(day=15), 3
    return span[0], 1 if e.precision == "day" else 2


def acled_actors(e: CodedEvent, country: str | None) -> tuple[str, str, int | None, str, str, int | None]:
    """actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2."""
    names = codebook("acled")["actor_names"]
    where = country or "unknown country"
    agents, targets = list(e.agents), list(e.targets)
    if not agents and e.acled_type in VIOLENT:
        agents = [Actor("", names["unidentified"].format(country=where), 3)]
    if not targets and e.acled_type == "Violence against civilians":
        targets = [Actor("", names["civilians"].format(country=where), 7)]
    first = agents[0] if agents else None
    second = targets[0] if targets else None
    return (first.label if first else "", "; ".join(a.label for a in agents[1:]), first.inter if first else None,
            second.label if second else "", "; ".join(a.label for a in targets[1:]), second.inter if second else None)


def acled_sub_event(e: CodedEvent, inter1: int | None) -> str:
    """The crosswalk's sub-event type, checked against what the codebook asks of it."""
    sub = e.acled_sub or ""
    if sub in ("Government regains territory", "Non-state actor overtakes territory"):
        return "Government regains territory" if inter1 == 1 else "Non-state actor overtakes territory"
    if sub == "Air/drone strike" and not {"aerial", "drone"} & set(e.modes) and inter1 not in (1, 8):
        return "Suicide bomb" if "suicide-attack" in e.modes else "Remote explosive/landmine/IED"
    return sub


def acled_interaction(inter1: int | None, inter2: int | None) -> str | None:
    """The two inter codes, smaller first (one actor: its code and 0), if the codebook lists the pair."""
    if inter1 is None:
        return None
    pair = sorted((inter1, inter2)) if inter2 is not None else [inter1, 0]
    code = f"{pair[0]}{pair[1]}"
    return code if code in codebook("acled")["interaction_codes"] else None


def acled_region(code: str | None) -> str:
    return next((region for region, codes in codebook("acled")["regions"].items() if code in codes), "")


def _iso_numeric(code: str | None) -> str:
    import pycountry

    found = pycountry.countries.get(alpha_3=code) if code else None
    return str(int(found.numeric)) if found is not None else ""


def _geo_precision(e: CodedEvent) -> int:
    if e.geo_precision in (1, 2, 3):
        return e.geo_precision
    place = e.place()
    return 1 if place is not None and place.cls not in ("FirstLevelDivision", "District", "Country", "Area") else 3


def _code(value: int | None) -> str:
    return "" if value is None else str(value)


def _tags(e: CodedEvent, interaction: str | None) -> str:
    tags = [f"kg:event={e.iri}", f"status={e.status or 'unknown'}"]
    if e.confidence is not None:
        tags.append(f"confidence={e.confidence:g}")
    if interaction is None and e.agents:
        tags.append("interaction=not in codebook")
    return "; ".join(tags)


def _timestamp(published: str | None) -> str:
    span = day_span(published)
    if span is None:
        return ""
    return str(int(datetime(span[0].year, span[0].month, span[0].day, tzinfo=UTC).timestamp()))


def acled_csv(store: ox.Store, selection: Selection | None = None) -> str:
    """Every event the selection keeps, one row in ACLED's columns each."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=acled_columns(), lineterminator="\n")
    writer.writeheader()
    writer.writerows(acled_rows(events(store, selection)))
    return buf.getvalue()


# ---------------------------------------------------------------- PLOVER

def plover_record(e: CodedEvent) -> dict[str, Any] | None:
    """A PLOVER event record, or None for an event without a PLOVER category."""
    if e.plover is None:
        return None
    span = e.span()
    record: dict[str, Any] = {
        "id": e.iri, "date": span[0].isoformat() if span else None,
        "actor": [plover_entity(a) for a in e.agents], "recipient": [plover_entity(a) for a in e.targets],
        "event": [e.plover], "mode": plover_modes(e.plover, e.modes), "context": [],
        "event_loc": plover_location(e.place()), "event_text": list(e.sentences),
        "quad_code": codebook("plover")["categories"].get(e.plover),
        "cite_info": {"citation": "; ".join(e.documents), "publication": "; ".join(e.publishers),
                      "coder": f"conflict-kg {__version__}", "codebook": "PLOVER"},
        "coder": f"conflict-kg {__version__}",
        "cameo": e.cameo, "size": {"dead": e.killed_low, "dead_high": e.killed_high},
        "status": e.status, "confidence": e.confidence, "reports": list(e.documents),
    }
    if span and span[0] != span[1]:
        record["enddate"] = span[1].isoformat()
    return record


def plover_modes(category: str, modes: Iterable[str]) -> list[str]:
    """The event's modes as the manual names them for its category (others left out)."""
    book = codebook("plover")
    aliases, allowed = book["mode_aliases"].get(category, {}), set(book["modes"].get(category, []))
    return sorted({aliases.get(m, m) for m in modes} & allowed)


def plover_entity(a: Actor) -> dict[str, Any]:
    sectors = set(codebook("plover")["sectors"])
    return {"code": a.country_code, "sector": a.sector if a.sector in sectors else None, "entity_text": a.label,
            "identifier_id": a.wikidata.rsplit("/", 1)[-1] if a.wikidata else None, "identifier_text": a.label}


def plover_location(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    levels = codebook("plover")["resolution"]
    level = {"Country": "country", "FirstLevelDivision": "province", "District": "district"}.get(place.cls, "city")
    return {"resolved_place": place.label, "lat": _float(place.lat), "lon": _float(place.long),
            "district": place.admin2, "province": place.admin1, "country": place.country,
            "country_code": place.country_code, "resolution": levels[level]}


def plover_records(store: ox.Store, selection: Selection | None = None) -> Iterator[dict[str, Any]]:
    for e in events(store, selection):
        record = plover_record(e)
        if record is not None:
            yield record


def plover_jsonl(store: ox.Store, selection: Selection | None = None) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in plover_records(store, selection))


def render(store: ox.Store, fmt: str, selection: Selection | None = None) -> str:
    if fmt == "acled":
        return acled_csv(store, selection)
    if fmt == "plover":
        return plover_jsonl(store, selection)
    raise query.QueryError(f"unknown codebook format {fmt!r}; use one of {', '.join(FORMATS)}")
