"""What a store (or graph file) holds: reports, triples, actors, events by class, top actors, dates.

`as_summary` is the ten-second reading `make demo` ends with: the figures, five events
one line each, and the commands to try next.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field

import pyoxigraph as ox

from kg.store import PREFIXES
from kg.summary import STALE

REPORTS = "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a ckg:Report }"
ACTORS = """SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {
  ?m ckg:refersTo ?a . ?a a ?c . ?c rdfs:subClassOf* ckg:Actor }"""
EVENTS = """SELECT ?class (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e a ?class ; ckg:inReport ?r . ?class rdfs:subClassOf* ckg:Event }
GROUP BY ?class ORDER BY DESC(?n) ?class"""
TOP_ACTORS = """SELECT ?a (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?m) AS ?n) WHERE {
  ?m ckg:refersTo ?a .
  FILTER EXISTS { ?a a ?c . ?c rdfs:subClassOf* ckg:Actor }
  OPTIONAL { ?a skos:prefLabel|rdfs:label ?l }
} GROUP BY ?a ORDER BY DESC(?n) ?a LIMIT %d"""
DATES = "SELECT (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE { ?r a ckg:Report ; dcterms:date ?d }"
#: an event's date is a day, a month or a year (ISO forms that sort as text)
EVENT_DATES = """SELECT (MIN(STR(?d)) AS ?first) (MAX(STR(?d)) AS ?last) WHERE {
  ?e ckg:date ?d ; ckg:inReport ?r . FILTER NOT EXISTS { ?e ckg:modality ?m . FILTER (?m != "asserted") } }"""
SHOWN_EVENTS = 5


@dataclass
class Stats:
    reports: int = 0
    triples: int = 0
    actors: int = 0
    events: dict[str, int] = field(default_factory=dict)
    top_actors: list[tuple[str, str, int]] = field(default_factory=list)
    first_date: str | None = None
    last_date: str | None = None
    first_event: str | None = None
    last_event: str | None = None
    stated: dict[str, int] = field(default_factory=dict)  # events stated as fact (the `events` query), by class
    highlights: list[str] = field(default_factory=list)
    stale: bool = False  # a build or removal stopped before rebuilding the graphs drawn from all reports

    def as_json(self) -> str:
        return json.dumps(asdict(self), indent=2)

    def as_text(self) -> str:
        lines = [f"reports\t{self.reports}", f"triples\t{self.triples}", f"actors\t{self.actors}",
                 f"dates\t{self.first_date or '-'} .. {self.last_date or '-'} (reports)",
                 f"\t{self.first_event or '-'} .. {self.last_event or '-'} (events stated as fact)",
                 f"events\t{sum(self.events.values())}"]
        lines += [f"  {cls}\t{n}" for cls, n in self.events.items()]
        lines.append("top actors (mentions)")
        lines += [f"  {label or iri}\t{n}\t{iri}" for iri, label, n in self.top_actors]
        if self.stale:
            lines.append("stale\ta build or removal was stopped: graph/merged and graph/summary may be out of "
                         "date until the next kg build")
        return "\n".join(lines) + "\n"


    def as_summary(self, where: str) -> str:
        """A short reading of the graph and what to try next (`where`: the --graph or --store option)."""
        classes = ", ".join(f"{cls} {n}" for cls, n in self.stated.items())
        lines = [f"{self.reports} reports, {self.actors} actors, {sum(self.stated.values())} events stated as fact "
                 f"({self.first_event or '-'} .. {self.last_event or '-'})",
                 f"events by class: {classes or '-'}", "", f"{len(self.highlights)} of them:"]
        lines += [f"  {line}" for line in self.highlights] or ["  -"]
        lines += ["", "next:", f"  kg query events {where}        # one row per event",
                  f"  kg query event-roles {where} --bind entity=actor:hayat-tahrir-al-sham",
                  f"  kg query relations {where} --format csv",
                  f"  kg export {where} --format acled -o events.csv",
                  f"  kg viz {where} -o graph.html",
                  "  kg query --help                # every saved query"]
        return "\n".join(lines) + "\n"


def stated_events(db: ox.Store) -> list[dict[str, str]]:
    """The rows of the saved query `events`: one per event stated as fact."""
    from kg import query

    text, path = query.find("events")
    return query.rows(query.run(db, text, str(path)))[1]


def highlights(rows: list[dict[str, str]], count: int = SHOWN_EVENTS) -> list[str]:
    """The events the extraction is surest of (the latest first among equals), one line each."""
    ranked = sorted(rows, key=lambda r: (float(r.get("confidence") or 0), r.get("date", "")), reverse=True)
    return [_line(r) for r in ranked[:count]]


def _line(row: dict[str, str]) -> str:
    """date  Class  agents -> targets, at places: killed (status confidence)."""
    killed = row.get("killedLow", "")
    if killed and row.get("killedHigh") not in (None, killed):
        killed = f"{killed}-{row['killedHigh']}"
    who = row.get("agents") or "-"
    if row.get("targets"):
        who += f" -> {row['targets']}"
    where = f" at {row['places']}" if row.get("places") else ""
    dead = f", {killed} killed" if killed else ""
    return (f"{row.get('date', '?'):<10}  {_local(row['class'])}: {who}{where}{dead} "
            f"({row.get('status', '?')}, {row.get('confidence', '?')})")


def _select(db: ox.Store, text: str) -> list[ox.QuerySolution]:
    return list(db.query(text, use_default_graph_as_union=True, prefixes=PREFIXES))  # type: ignore[arg-type]


def _int(term: ox.Literal | None) -> int:
    return int(term.value) if term is not None else 0


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def collect(db: ox.Store, top: int = 10) -> Stats:
    """The figures of a store, each from one SPARQL query over the union of its graphs."""
    stats = Stats(reports=_int(_select(db, REPORTS)[0]["n"]), triples=len(db),
                  actors=_int(_select(db, ACTORS)[0]["n"]))
    stats.events = {_local(row["class"].value): _int(row["n"]) for row in _select(db, EVENTS)}
    stats.top_actors = [(row["a"].value, row["label"].value if row["label"] else "", _int(row["n"]))
                        for row in _select(db, TOP_ACTORS % top)]
    dates = _select(db, DATES)[0]
    stats.first_date = dates["first"].value if dates["first"] else None
    stats.last_date = dates["last"].value if dates["last"] else None
    events = _select(db, EVENT_DATES)[0]
    stats.first_event = events["first"].value if events["first"] else None
    stats.last_event = events["last"].value if events["last"] else None
    rows = stated_events(db)
    classes = Counter(_local(r["class"]) for r in rows)
    stats.stated = dict(sorted(classes.items(), key=lambda kv: (-kv[1], kv[0])))
    stats.highlights = highlights(rows)
    stats.stale = STALE in db
    return stats
