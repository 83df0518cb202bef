"""What a store (or graph file) holds: reports, triples, actors, events by class, top actors, dates."""

from __future__ import annotations

import json
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


@dataclass
class Stats:
    reports: int = 0
    triples: int = 0
    actors: int = 0
    events: dict[str, int] = field(default_factory=dict)
    top_actors: list[tuple[str, str, int]] = field(default_factory=list)
    first_date: str | None = None
    last_date: str | None = None
    stale: bool = False  # a build or removal stopped before rebuilding the graphs drawn from all reports

    def as_json(self) -> str:
        return json.dumps(asdict(self), indent=2)

    def as_text(self) -> str:
        lines = [f"reports\t{self.reports}", f"triples\t{self.triples}", f"actors\t{self.actors}",
                 f"dates\t{self.first_date or '-'} .. {self.last_date or '-'}",
                 f"events\t{sum(self.events.values())}"]
        lines += [f"  {cls}\t{n}" for cls, n in self.events.items()]
        lines.append("top actors (mentions)")
        lines += [f"  {label or iri}\t{n}\t{iri}" for iri, label, n in self.top_actors]
        if self.stale:
            lines.append("stale\ta build or removal was stopped: graph/merged and graph/summary may be out of "
                         "date until the next kg build")
        return "\n".join(lines) + "\n"


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
    stats.stale = STALE in db
    return stats
