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
import sys
import tempfile
from array import array
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pyoxigraph as ox

from kg import vocab
from kg.kb import KnowledgeBase

MERGED_GRAPH = ox.NamedNode(vocab.MERGED_GRAPH)
REPORTS = vocab.REPORT  # the prefix of every report's named graph
FAMILIES = ("Attack", "Agreement", "Takeover", "Displacement")
COPIED = ("agent", "target", "place", "aimedAt", "source", "killed", "injured", "casualties", "mention", "attribution",
          "participant", "inReport", "ploverCategory", "ploverMode", "cameoCode", "acledEventType",
          "acledSubEventType", "interaction", "geoPrecision", "placePrecision")
WINDOW = {"day": 0, "week": 7, "month": 31, "year": 366, "publication": 3}
RDF_TYPE = ox.NamedNode(vocab.RDF_TYPE)
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

AGENT, TARGET, PLACE = (ox.NamedNode(vocab.term(p)) for p in ("agent", "target", "place"))
MERGED_FROM = ox.NamedNode(vocab.term("mergedFrom"))
COPIED_IRIS = frozenset(vocab.term(p) for p in COPIED)
MODALITY, DATE, PRECISION = (ox.NamedNode(vocab.term(p)) for p in ("modality", "date", "datePrecision"))


@dataclass(slots=True)
class Candidate:
    iri: str
    cls: str
    report: str
    modality: str
    start: date | None
    end: date | None
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()


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
    """Every per-report event that could match another: dated, placed and with an actor.

    Read with one index scan per property rather than one SPARQL join, so that no query
    engine holds the corpus's events at once. Until the events that can match are known,
    each event costs an index entry and a few slots in flat arrays, and the strings that
    repeat across events (classes, reports, modalities, actors, places) are shared.
    """
    events = _Events()
    for cls in sorted(c for c in kb.ancestors if _family(kb, c) is not None):
        for q in store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(vocab.term(cls)), None):
            events.typed(q, cls, kb)
    modality, precision = events.values(store, MODALITY), events.values(store, PRECISION)
    start, end = array("i", bytes(4 * len(events.iris))), array("i", bytes(4 * len(events.iris)))
    for i, value in events.own(store, DATE):
        first, last = _window(value, precision[i])
        if first is not None and last is not None and modality[i] is not None:
            start[i], end[i] = first.toordinal(), last.toordinal()
    del precision
    owner, member, is_place = array("i"), [], bytearray()  # one entry per role statement, flat
    for prop in (AGENT, TARGET, PLACE):
        for i, term in events.own(store, prop):
            if start[i]:
                owner.append(i)
                member.append(sys.intern(term))
                is_place.append(prop == PLACE)
    del events.index
    out = []
    for i, roles in _runs(owner):
        actors = {member[r] for r in roles if not is_place[r]}
        places = {member[r] for r in roles if is_place[r]}
        if actors and places:
            out.append(Candidate(events.iris[i], events.classes[i], events.reports[i], str(modality[i]),
                                 date.fromordinal(start[i]), date.fromordinal(end[i]),
                                 tuple(sorted(actors)), tuple(sorted(most_precise(places, kb)))))
    return sorted(out, key=lambda c: c.iri)


def _runs(owner: array) -> Iterator[tuple[int, list[int]]]:  # type: ignore[type-arg]
    """(event number, positions of its role statements), in event order."""
    import numpy as np

    order = np.argsort(np.frombuffer(owner, dtype=np.int32), kind="stable") if owner else np.empty(0, np.int64)
    current, roles = -1, []  # type: ignore[var-annotated]
    for r in map(int, order):
        if owner[r] != current:
            if roles:
                yield current, roles
            current, roles = owner[r], []
        roles.append(r)
    if roles:
        yield current, roles


class _Events:
    """The typed events of every report graph, numbered in the order they are found."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.iris: list[str] = []
        self.classes: list[str] = []
        self.reports: list[str] = []

    def typed(self, q: ox.Quad, cls: str, kb: KnowledgeBase) -> None:
        graph = q.graph_name
        if not (isinstance(graph, ox.NamedNode) and graph.value.startswith(REPORTS)):
            return
        i = self.index.get(q.subject.value)
        if i is None:
            self.index[q.subject.value] = len(self.iris)
            self.iris.append(q.subject.value)
            self.classes.append(cls)
            self.reports.append(sys.intern(graph.value))
        elif kb.specificity(cls) > kb.specificity(self.classes[i]):  # an event typed twice keeps the most specific
            self.classes[i] = cls

    def own(self, store: ox.Store, prop: ox.NamedNode) -> Iterator[tuple[int, str]]:
        """(event number, value) of each statement of `prop` made in the event's own report graph."""
        for q in store.quads_for_pattern(None, prop, None, None):
            i = self.index.get(q.subject.value)
            if i is not None and q.graph_name.value == self.reports[i]:
                yield i, q.object.value

    def values(self, store: ox.Store, prop: ox.NamedNode) -> list[str | None]:
        out: list[str | None] = [None] * len(self.iris)
        for i, value in self.own(store, prop):
            out[i] = sys.intern(value)
        return out


def most_precise(places: set[str], kb: KnowledgeBase) -> set[str]:
    """Drop a place when another place of the same event lies inside it ("Saraqib, Idlib" -> Saraqib)."""
    return {p for p in places if not any(o != p and p in kb.chain(o)[1:] for o in places)}


def _family(kb: KnowledgeBase, cls: str) -> str | None:
    for fam in FAMILIES:
        if kb.subclass_of(cls, fam):
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
    if not a.places or not b.places or not any(x in b.actors for x in a.actors):
        return False
    return any(x in kb.chain(y) or y in kb.chain(x) for x in a.places for y in b.places)


def groups(cands: list[Candidate], kb: KnowledgeBase) -> list[list[Candidate]]:
    """Transitive groups of matching events, compared only within the same family and month."""
    parent: dict[str, str] = {}  # only events matched so far have an entry

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
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


def merged_groups(store: ox.Store, kb: KnowledgeBase) -> Iterator[list[ox.Quad]]:
    """The quads of the merged-events graph for everything in the store, one merged event at a time."""
    for group in groups(candidates(store, kb), kb):
        yield _merged(store, group, kb)


def _merged(store: ox.Store, group: list[Candidate], kb: KnowledgeBase) -> list[ox.Quad]:
    digest = hashlib.sha1(" ".join(c.iri for c in group).encode()).hexdigest()[:16]
    node = ox.NamedNode(vocab.event_iri(digest))
    cls = max((c.cls for c in group), key=kb.specificity)
    quads = [ox.Quad(node, RDF_TYPE, ox.NamedNode(vocab.term(cls)), MERGED_GRAPH),
             ox.Quad(node, MODALITY, ox.Literal(group[0].modality), MERGED_GRAPH)]
    dates: list[tuple[Term | None, Term | None]] = []
    for c in group:
        member = ox.NamedNode(c.iri)
        quads.append(ox.Quad(node, MERGED_FROM, member, MERGED_GRAPH))
        said: dict[str, Term] = {}
        for q in store.quads_for_pattern(member, None, None, None):  # one scan per member
            if q.predicate.value in COPIED_IRIS:
                quads.append(ox.Quad(node, q.predicate, q.object, MERGED_GRAPH))
            elif q.predicate in (DATE, PRECISION):
                said.setdefault(q.predicate.value, q.object)
        dates.append((said.get(DATE.value), said.get(PRECISION.value)))
    quads += _best_date(dates, node)
    return list(dict.fromkeys(quads))


def _best_date(dates: list[tuple[Term | None, Term | None]], node: ox.NamedNode) -> list[ox.Quad]:
    """The most precise (date, precision) any member gives (a day beats a week, a month, a publication date)."""
    order = ["day", "week", "month", "year", "publication"]
    best: tuple[int, Term, Term] | None = None
    for value, precision in dates:
        if value is not None and precision is not None:
            rank = order.index(precision.value) if precision.value in order else len(order)
            if best is None or rank < best[0]:
                best = (rank, value, precision)
    if best is None:
        return []
    return [ox.Quad(node, DATE, best[1], MERGED_GRAPH), ox.Quad(node, PRECISION, best[2], MERGED_GRAPH)]


def apply(db: ox.Store, kb: KnowledgeBase) -> int:
    """Rebuild the merged-events graph of a store; returns the quads changed.

    The new graph goes through a temporary file and is compared with the old one by
    line hashes, so memory does not hold the graph (over a million quads at 100,000
    reports). A graph that changed is dropped and loaded again in bounded atomic chunks
    (`store.reload_graph`); a build marks the store stale until its end, so an
    interruption in between is repaired by the next run.
    """
    from kg import store

    with tempfile.TemporaryFile() as fh:
        new: set[int] = set()
        for quads in merged_groups(db, kb):
            chunk = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
            new.update(hash(line) for line in chunk.splitlines())
            fh.write(chunk)
        old = kept = 0
        for line in store.graph_lines(db, MERGED_GRAPH):
            old += 1
            kept += hash(line) in new
        if old == kept == len(new):
            return 0
        fh.seek(0)
        store.reload_graph(db, MERGED_GRAPH, fh)
    return (old - kept) + (len(new) - kept)
