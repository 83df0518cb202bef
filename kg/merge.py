"""Cross-report event merging: the same happening described by several reports becomes one event.

Rule (documented in the README): two events of different reports are the same when
they are of the same family (attack, agreement, takeover, displacement), have the same
modality, their date windows overlap, their places agree (the same place, or one lies
inside the other), and they share at least one actor (agent or target). Matches are
grouped transitively. Each group becomes one event in the named graph
`.../graph/merged`, carrying every member's agents, targets, places, sources, casualty
claims and mentions (`ckg:mergedFrom` points at the members), so no differing figure
is ever dropped. The group is rebuilt from scratch on each run, so it is deterministic.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import pyoxigraph as ox

from kg.kb import BASE, CKG, KnowledgeBase, local

MERGED_GRAPH = ox.NamedNode(f"{BASE}graph/merged")
FAMILIES = ("Attack", "Agreement", "Takeover", "Displacement")
COPIED = ("agent", "target", "place", "source", "killed", "injured", "casualties", "mention", "attribution",
          "participant", "inReport", "ploverCategory", "ploverMode", "cameoCode", "acledEventType",
          "acledSubEventType", "interaction", "geoPrecision", "placePrecision")
WINDOW = {"day": 0, "week": 7, "month": 31, "year": 366, "publication": 3}
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

EVENTS = """
PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
SELECT ?event ?class ?report ?date ?precision ?modality WHERE {
  GRAPH ?report { ?event a ?class ; ckg:inReport ?report ; ckg:modality ?modality .
                  OPTIONAL { ?event ckg:date ?date } OPTIONAL { ?event ckg:datePrecision ?precision } }
}"""
ROLES = """
PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
SELECT ?event ?p ?o WHERE { GRAPH ?report { ?event ?p ?o . VALUES ?p { ckg:agent ckg:target ckg:place } } }"""


@dataclass
class Candidate:
    iri: str
    cls: str
    report: str
    modality: str
    start: date | None
    end: date | None
    actors: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)


def _window(value: str | None, precision: str | None) -> tuple[date | None, date | None]:
    if not value:
        return None, None
    try:
        if len(value) == 4:
            start = date(int(value), 1, 1)
        elif len(value) == 7:
            start = date(int(value[:4]), int(value[5:7]), 1)
        else:
            start = date.fromisoformat(value[:10])
    except ValueError:
        return None, None
    span = WINDOW.get(precision or "day", 0)
    if precision == "publication":
        return start - timedelta(days=span), start
    if precision == "week":
        return start, start + timedelta(days=span)
    return start, start + timedelta(days=span)


def candidates(store: ox.Store, kb: KnowledgeBase) -> list[Candidate]:
    """Every per-report event with the facts the merge rule compares."""
    found: dict[str, Candidate] = {}
    for row in store.query(EVENTS):
        cls = local(row["class"].value)
        if not row["class"].value.startswith(CKG) or _family(kb, cls) is None:
            continue
        start, end = _window(row["date"].value if row["date"] else None,
                             row["precision"].value if row["precision"] else None)
        found[row["event"].value] = Candidate(row["event"].value, cls, row["report"].value,
                                              row["modality"].value, start, end)
    for row in store.query(ROLES):
        cand = found.get(row["event"].value)
        if cand is not None:
            (cand.places if row["p"].value.endswith("#place") else cand.actors).add(row["o"].value)
    for cand in found.values():
        cand.places = most_precise(cand.places, kb)
    return sorted(found.values(), key=lambda c: c.iri)


def most_precise(places: set[str], kb: KnowledgeBase) -> set[str]:
    """Drop a place when another place of the same event lies inside it ("Saraqib, Idlib" -> Saraqib)."""
    return {p for p in places if not any(o != p and p in kb.chain(o)[1:] for o in places)}


def _family(kb: KnowledgeBase, cls: str) -> str | None:
    for fam in FAMILIES:
        if cls == fam or fam in kb.ancestors.get(cls, ()):
            return fam
    return None


def same_event(a: Candidate, b: Candidate, kb: KnowledgeBase) -> bool:
    """The merge rule (see the module docstring)."""
    if a.report == b.report or a.modality != b.modality or _family(kb, a.cls) != _family(kb, b.cls):
        return False
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return False
    if a.start > b.end or b.start > a.end:
        return False
    if not a.places or not b.places or not (a.actors & b.actors):
        return False
    return any(x in kb.chain(y) or y in kb.chain(x) for x in a.places for y in b.places)


def groups(cands: list[Candidate], kb: KnowledgeBase) -> list[list[Candidate]]:
    """Transitive groups of matching events, compared only within the same family and month."""
    parent = {c.iri: c.iri for c in cands}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    buckets: dict[tuple[str | None, tuple[int, int]], list[Candidate]] = defaultdict(list)
    for c in cands:
        if c.start is not None:
            for month in _months(c):
                buckets[(_family(kb, c.cls), month)].append(c)
    for bucket in buckets.values():
        for sharing in _by_actor(bucket):  # the rule needs a shared actor: only those pairs are compared
            for i, a in enumerate(sharing):
                for b in sharing[i + 1:]:
                    if find(a.iri) != find(b.iri) and same_event(a, b, kb):
                        parent[find(a.iri)] = find(b.iri)
    by_root: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        by_root[find(c.iri)].append(c)
    return [sorted(g, key=lambda c: c.iri) for g in by_root.values() if len(g) > 1]


def _by_actor(bucket: list[Candidate]) -> list[list[Candidate]]:
    """The bucket's candidates grouped by each actor they name (a candidate is in each of its actors' lists)."""
    out: dict[str, list[Candidate]] = defaultdict(list)
    for c in bucket:
        for actor in sorted(c.actors):
            out[actor].append(c)
    return [out[a] for a in sorted(out)]


def _months(c: Candidate) -> list[tuple[int, int]]:
    assert c.start is not None and c.end is not None
    out = [(c.start.year, c.start.month)]
    if (c.end.year, c.end.month) != out[0]:
        out.append((c.end.year, c.end.month))
    return out


def merged_quads(store: ox.Store, kb: KnowledgeBase) -> list[ox.Quad]:
    """The quads of the merged-events graph for everything in the store."""
    out: list[ox.Quad] = []
    for group in groups(candidates(store, kb), kb):
        out.extend(_merged(store, group, kb))
    return out


def _merged(store: ox.Store, group: list[Candidate], kb: KnowledgeBase) -> list[ox.Quad]:
    digest = hashlib.sha1(" ".join(c.iri for c in group).encode()).hexdigest()[:16]
    node = ox.NamedNode(f"{BASE}event/{digest}")
    cls = max((c.cls for c in group), key=lambda c: (len(kb.ancestors.get(c, ())), c))
    quads = [ox.Quad(node, RDF_TYPE, ox.NamedNode(CKG + cls), MERGED_GRAPH),
             ox.Quad(node, ox.NamedNode(CKG + "modality"), ox.Literal(group[0].modality), MERGED_GRAPH)]
    for c in group:
        member = ox.NamedNode(c.iri)
        quads.append(ox.Quad(node, ox.NamedNode(CKG + "mergedFrom"), member, MERGED_GRAPH))
        for prop in COPIED:
            for q in store.quads_for_pattern(member, ox.NamedNode(CKG + prop), None, None):
                quads.append(ox.Quad(node, q.predicate, q.object, MERGED_GRAPH))
    quads += _best_date(store, group, node)
    return list(dict.fromkeys(quads))


def _best_date(store: ox.Store, group: list[Candidate], node: ox.NamedNode) -> list[ox.Quad]:
    """The most precise date any member gives (a day beats a week, a month, a publication date)."""
    order = ["day", "week", "month", "year", "publication"]
    best: tuple[int, ox.Literal, ox.Literal] | None = None
    for c in group:
        member = ox.NamedNode(c.iri)
        dates = list(store.quads_for_pattern(member, ox.NamedNode(CKG + "date"), None, None))
        precs = list(store.quads_for_pattern(member, ox.NamedNode(CKG + "datePrecision"), None, None))
        if dates and precs:
            rank = order.index(precs[0].object.value) if precs[0].object.value in order else len(order)
            if best is None or rank < best[0]:
                best = (rank, dates[0].object, precs[0].object)
    if best is None:
        return []
    return [ox.Quad(node, ox.NamedNode(CKG + "date"), best[1], MERGED_GRAPH),
            ox.Quad(node, ox.NamedNode(CKG + "datePrecision"), best[2], MERGED_GRAPH)]


def apply(db: ox.Store, kb: KnowledgeBase) -> int:
    """Rebuild the merged-events graph of a store in one transaction; returns the quads changed."""
    from kg import store

    return store.sync_graph(db, MERGED_GRAPH, merged_quads(db, kb))
