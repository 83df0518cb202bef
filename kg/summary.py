"""Corpus-wide figures per actor, kept in the named graph `.../graph/summary`.

Counting every mention or every attack of a large store takes seconds, too slow for
an interactive query, so the figures are counted once after each build or removal
that changed the store and kept as plain triples about each actor:

- `ckg:mainClass`: its most specific actor class (the deepest in the ontology);
- `ckg:mentionCount` and `ckg:reportCount`: the mentions that refer to it, and the
  reports they are in;
- `ckg:attackCount`, `ckg:killedLow`, `ckg:killedHigh`: the attacks it is the agent
  of, stated as fact, counting an event several reports describe once (the merged
  event of `graph/merged`, never its members), and the people reported killed in
  them, per event the lowest and the highest figure any source gives, summed.

`queries/actors.rq` and `queries/casualties-by-actor.rq` read these figures wherever they
are: they name no graph, so the same query works on a Turtle export, whose one graph
holds them. The graph is
rebuilt from the store in one transaction, so it is deterministic and never stale
after a build; a graph made some other way can be given one with `refresh`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg import vocab
from kg.kb import KnowledgeBase

SUMMARY_GRAPH = ox.NamedNode(vocab.SUMMARY_GRAPH)
RDF_TYPE = ox.NamedNode(vocab.RDF_TYPE)
XSD_INTEGER = ox.NamedNode(vocab.XSD + "integer")
FIGURES = ("mentionCount", "reportCount", "attackCount", "killedLow", "killedHigh")
#: set in the store before a build or removal changes a report, and dropped when the
#: graph is rebuilt: a run that was stopped before then leaves it, and the next run
#: rebuilds the shared and derived graphs even when it has no report to add
STALE = ox.Quad(SUMMARY_GRAPH, ox.NamedNode(vocab.term("stale")), ox.Literal("true", datatype=ox.NamedNode(
    vocab.XSD + "boolean")), SUMMARY_GRAPH)

MENTIONS = vocab.sparql_prefix() + """
SELECT ?actor (COUNT(?mention) AS ?mentions) (COUNT(DISTINCT ?report) AS ?reports)
WHERE { GRAPH ?report { ?mention ckg:refersTo ?actor } }
GROUP BY ?actor"""
#: the same figures for a graph read from a triple file (Turtle, N-Triples, ...), which
#: has no named graphs: each mention names its report
MENTIONS_FLAT = vocab.sparql_prefix() + """
SELECT ?actor (COUNT(?mention) AS ?mentions) (COUNT(DISTINCT ?report) AS ?reports)
WHERE { ?mention ckg:refersTo ?actor ; ckg:inReport ?report }
GROUP BY ?actor"""


@dataclass
class ActorFigures:
    cls: str
    mentions: int = 0
    reports: int = 0
    attacks: int = 0
    killed_low: int = 0
    killed_high: int = 0


def _p(name: str) -> ox.NamedNode:
    return ox.NamedNode(vocab.term(name))


def subclasses(kb: KnowledgeBase, root: str) -> list[str]:
    """The ontology's classes under `root` (itself included), by local name."""
    return sorted({root} | {c for c, above in kb.ancestors.items() if root in above})


def actors(db: ox.Store, kb: KnowledgeBase) -> dict[str, ActorFigures]:
    """Every typed actor in the store with its most specific class."""
    found: dict[str, ActorFigures] = {}
    for cls in subclasses(kb, "Actor"):
        for quad in db.quads_for_pattern(None, RDF_TYPE, _p(cls), None):
            if not isinstance(quad.subject, ox.NamedNode):
                continue
            known = found.get(quad.subject.value)
            if known is None or kb.specificity(cls) > kb.specificity(known.cls):
                found[quad.subject.value] = ActorFigures(cls)
    return found


def count_mentions(db: ox.Store, figures: dict[str, ActorFigures], flat: bool = False) -> None:
    """Mentions and reports per actor: by report graph, or (`flat`) by each mention's report."""
    for row in db.query(MENTIONS_FLAT if flat else MENTIONS, use_default_graph_as_union=flat):
        actor = figures.get(row["actor"].value)
        if actor is not None:
            actor.mentions, actor.reports = int(row["mentions"].value), int(row["reports"].value)


def count_attacks(db: ox.Store, kb: KnowledgeBase, figures: dict[str, ActorFigures]) -> None:
    """Attacks stated as fact per agent, with the lowest and highest death toll of each.

    Walks the agent statements in index order and looks each event up, so memory does
    not grow with the corpus.
    """
    attack = {_p(c) for c in subclasses(kb, "Attack")}
    last: tuple[str, str] | None = None
    for quad in db.quads_for_pattern(None, _p("agent"), None, None):
        pair = (quad.object.value, quad.subject.value)
        actor = figures.get(pair[0])
        if actor is None or pair == last or not isinstance(quad.subject, ox.NamedNode):
            continue  # the same statement in another graph is the same attack
        last = pair
        toll = _toll(db, quad.subject, attack)
        if toll is not None:
            actor.attacks, actor.killed_low, actor.killed_high = (
                actor.attacks + 1, actor.killed_low + toll[0], actor.killed_high + toll[1])


def _toll(db: ox.Store, event: ox.NamedNode, attack: set[ox.NamedNode]) -> tuple[int, int] | None:
    """(lowest, highest) killed of an attack stated as fact and not merged into another; else None."""
    if next(db.quads_for_pattern(None, _p("mergedFrom"), event, None), None) is not None:
        return None
    if not any(q.object in attack for q in db.quads_for_pattern(event, RDF_TYPE, None, None)):
        return None
    if any(q.object.value != "asserted" for q in db.quads_for_pattern(event, _p("modality"), None, None)):
        return None
    killed = [int(q.object.value) for q in db.quads_for_pattern(event, _p("killed"), None, None)
              if q.object.value.isdigit()]
    return min(killed, default=0), max(killed, default=0)


def summary_quads(db: ox.Store, kb: KnowledgeBase, flat: bool = False) -> list[ox.Quad]:
    """The quads of the summary graph for everything in the store (`flat`: read from a triple file)."""
    figures = actors(db, kb)
    count_mentions(db, figures, flat)
    count_attacks(db, kb, figures)
    out = []
    for iri in sorted(figures):
        f, node = figures[iri], ox.NamedNode(iri)
        out.append(ox.Quad(node, _p("mainClass"), _p(f.cls), SUMMARY_GRAPH))
        values = (f.mentions, f.reports, f.attacks, f.killed_low, f.killed_high)
        out += [ox.Quad(node, _p(name), ox.Literal(str(v), datatype=XSD_INTEGER), SUMMARY_GRAPH)
                for name, v in zip(FIGURES, values)]
    return out


def refresh(db: ox.Store, kb: KnowledgeBase) -> int:
    """Rebuild the summary graph of a store in one transaction (the stale mark goes); returns the quads changed."""
    from kg import store

    marked = STALE in db
    return store.sync_graph(db, SUMMARY_GRAPH, summary_quads(db, kb)) - marked


def complete(db: ox.Store, kb: KnowledgeBase | None = None) -> ox.Store:
    """Give a graph read from a file its corpus figures when it has none (in memory only).

    A Turtle or N-Triples export holds the figures in its one graph, not in graph/summary:
    they count as there, so they are never added twice.
    """
    if not db.contains_named_graph(SUMMARY_GRAPH) and not has_figures(db):
        from kg import kb as kb_module

        flat = next(iter(db.named_graphs()), None) is None
        db.extend(summary_quads(db, kb or kb_module.load(), flat))
    return db


def has_figures(db: ox.Store) -> bool:
    """Whether any graph of the store holds corpus figures (an actor's main class)."""
    return next(db.quads_for_pattern(None, _p("mainClass"), None, None), None) is not None
