"""Reading the graph: the saved queries queries/viz-*.rq, their rows turned into records."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from kg import query as q
from kg.viz.records import Actor, Event, Place, Report, Support, Tie

PLACE_RANK = {"Settlement": 0, "District": 1, "FirstLevelDivision": 2, "Area": 3, "Country": 5}


def _select(store: ox.Store, name: str) -> list[dict[str, str]]:
    text, path = q.find(name)
    return q.rows(q.run(store, text, str(path)))[1]


def local(iri: str) -> str:
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _int(value: str | None) -> int:
    try:
        return int(float(value or 0))
    except ValueError:
        return 0


def read_actors(store: ox.Store) -> dict[str, Actor]:
    out: dict[str, Actor] = {}
    for row in _select(store, "viz-actors"):
        iri = row["actor"]
        if iri in out:
            continue
        out[iri] = Actor(iri, row.get("label") or local(iri), local(row["class"]),
                         row.get("classLabel") or local(row["class"]),
                         local(row["family"]) if row.get("family") else "Actor",
                         row.get("wikidata", ""), tuple(filter(None, row.get("altLabels", "").split("|"))),
                         _int(row.get("mentions")), _int(row.get("reports")))
    return out


def read_ties(store: ox.Store) -> list[Tie]:
    """Ties aggregated to one per (subject, relation, object); sources of one item merged."""
    items: dict[tuple[str, str, str], dict[str, Support]] = defaultdict(dict)
    curated: set[tuple[str, str, str]] = set()
    for row in _select(store, "viz-ties"):
        key = (row["subject"], local(row["relation"]), row["object"])
        if row["kind"] == "curated":
            curated.add(key)
            continue
        seen = items[key].get(row["item"])
        sources = (seen.sources if seen else ()) + ((row["source"],) if row.get("source") else ())
        items[key][row["item"]] = Support(
            row["item"], row.get("report", ""), row.get("date", ""), row.get("sentence", ""),
            row.get("method", ""), row.get("confidence", ""),
            local(row["eventClass"]) if row.get("eventClass") else "", tuple(dict.fromkeys(sources)))
    ties = [Tie(*key, curated=False, support=tuple(sorted(v.values(), key=_support_order)))
            for key, v in items.items()]
    ties += [Tie(*key, curated=True) for key in curated if key not in items]
    return sorted(ties, key=lambda t: (t.subject, t.relation, t.object))


def _support_order(s: Support) -> tuple[str, str]:
    return (s.date, s.item)


def read_events(store: ox.Store, places: dict[str, Place]) -> list[Event]:
    roles: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in _select(store, "viz-event-roles"):
        roles[row["event"]][local(row["role"])].append(row["entity"])
    events: dict[str, Event] = {}
    for row in _select(store, "viz-events"):
        iri = row["event"]
        if iri in events:
            continue
        role = roles.get(iri, {})
        killed = row.get("killed")
        events[iri] = Event(
            iri, local(row["class"]), row.get("classLabel") or local(row["class"]),
            row.get("date", ""), row.get("precision", ""), _int(killed) if killed else None,
            row.get("figures", ""), row.get("report", ""), row.get("sentence", ""),
            tuple(sorted(role.get("agent", []))), tuple(sorted(role.get("target", []))),
            tuple(sorted(role.get("source", []))), _best_place(role.get("place", []), places))
    return list(events.values())


def _best_place(candidates: list[str], places: dict[str, Place]) -> str:
    """The most specific of an event's places that has coordinates."""
    known = [p for p in candidates if p in places]
    if not known:
        return ""
    return min(known, key=lambda p: (PLACE_RANK.get(places[p].cls, 4), places[p].label))


def read_places(store: ox.Store) -> dict[str, Place]:
    out: dict[str, Place] = {}
    for row in _select(store, "viz-places"):
        try:
            lat, long = float(row["lat"]), float(row["long"])
        except (KeyError, ValueError):
            continue
        if row["place"] not in out and -90 <= lat <= 90 and -180 <= long <= 180:
            out[row["place"]] = Place(row["place"], row.get("label") or local(row["place"]), lat, long,
                                      local(row.get("class", "")), row.get("countryLabel", ""))
    return out


def read_reports(store: ox.Store) -> dict[str, Report]:
    return {r["report"]: Report(r["report"], r.get("identifier", ""), r.get("date", ""),
                                r.get("title", ""), r.get("publisher", ""), r.get("url", ""))
            for r in _select(store, "viz-reports")}
