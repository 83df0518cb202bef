"""What to link: actors and places without a curated Wikidata link, with the context the graph gives."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from kg import paths, vocab
from kg.link.config import Config
from kg.link.records import Subject
from kg.vocab import CKG as T
from kg.vocab import OWL, RDFS, SKOS, WD

CKG = vocab.ONTOLOGY
ROOTS = ("Actor", "Place")


def subjects(store: ox.Store, config: Config) -> list[Subject]:
    """Every actor and place in the graph without a curated Wikidata link."""
    parents = _class_parents()
    kinds = _kinds(store, parents, config)
    names = _names(store)
    countries, context = _context(store)
    out = []
    for iri, (kind, is_place) in sorted(kinds.items()):
        labels, aliases = names.get(iri, ([], []))
        if not labels and not aliases:
            continue
        out.append(Subject(iri, kind, tuple(dict.fromkeys(labels)), tuple(dict.fromkeys(aliases)),
                           frozenset(countries[iri]), frozenset(context[iri]), is_place))
    return out


def _class_parents() -> dict[str, set[str]]:
    parents: dict[str, set[str]] = defaultdict(set)
    for t in ox.parse(path=str(paths.ontology_file()), format=ox.RdfFormat.TURTLE):
        if t.predicate.value == RDFS + "subClassOf" and isinstance(t.object, ox.NamedNode):
            parents[t.subject.value].add(t.object.value)
    return parents


def _distances(cls: str, parents: dict[str, set[str]]) -> dict[str, int]:
    """Each superclass of a class with its distance (the class itself at 0)."""
    seen = {cls: 0}
    frontier = [cls]
    while frontier:
        nxt = []
        for c in frontier:
            for p in sorted(parents.get(c, ())):
                if p not in seen:
                    seen[p] = seen[c] + 1
                    nxt.append(p)
        frontier = nxt
    return seen


def _kinds(store: ox.Store, parents: dict[str, set[str]], config: Config) -> dict[str, tuple[str, bool]]:
    """Entity -> (nearest class listed in the configuration, is it a place), for unlinked ones."""
    fitting: dict[str, tuple[int, str, bool]] = {}
    for cls in sorted(set(parents) | {vocab.term(r) for r in ROOTS}):
        dist = _distances(cls, parents)
        roots = {r for r in ROOTS if vocab.term(r) in dist}
        listed = [(d, c.removeprefix(CKG)) for c, d in dist.items() if c.removeprefix(CKG) in config.types]
        if roots and listed:
            fitting[cls] = (*min(listed), "Place" in roots)
    classes = " ".join(f"<{c}>" for c in sorted(fitting))
    query = f"""SELECT ?e ?c WHERE {{ VALUES ?c {{ {classes} }} ?e a ?c .
      FILTER NOT EXISTS {{ ?e <{OWL}sameAs> ?w FILTER(STRSTARTS(STR(?w), "{WD}")) }} }}"""
    found: dict[str, list[tuple[int, str, bool]]] = defaultdict(list)
    for row in store.query(query, use_default_graph_as_union=True):
        if isinstance(row["e"], ox.NamedNode):
            found[row["e"].value].append(fitting[row["c"].value])
    return {iri: min(options)[1:] for iri, options in found.items()}


def _names(store: ox.Store) -> dict[str, tuple[list[str], list[str]]]:
    query = f"""SELECT ?e ?p ?l WHERE {{
      VALUES ?p {{ <{SKOS}prefLabel> <{RDFS}label> <{SKOS}altLabel> }}
      ?e ?p ?l FILTER(isLiteral(?l) && (LANG(?l) = "" || LANGMATCHES(LANG(?l), "en"))) }}
      ORDER BY ?e ?p ?l"""
    out: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for row in store.query(query, use_default_graph_as_union=True):
        alias = row["p"].value == SKOS + "altLabel"
        out[row["e"].value][1 if alias else 0].append(row["l"].value)
    return out


def _context(store: ox.Store) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Per entity: the Wikidata IDs of its countries, and of the entities around it."""
    wd = f'?x <{OWL}sameAs> ?q FILTER(STRSTARTS(STR(?q), "{WD}"))'
    where = f"""SELECT DISTINCT ?e ?q ?country WHERE {{
      {{ ?e (<{T.country}>|<{T.activeIn}>|<{T.locatedIn}>)+ ?x }}
      UNION {{ ?e ?p ?x FILTER(?p != <{OWL}sameAs> && STRSTARTS(STR(?p), "{CKG}")) }}
      UNION {{ ?x ?p ?e FILTER(STRSTARTS(STR(?p), "{CKG}") && ?p != <{T.refersTo}>) }}
      UNION {{ GRAPH ?g {{ ?m1 <{T.refersTo}> ?e . ?m2 <{T.refersTo}> ?x }} FILTER(?x != ?e) }}
      {wd}
      BIND(EXISTS {{ ?x a <{T.Country}> }} AS ?country) }}"""
    countries: dict[str, set[str]] = defaultdict(set)
    context: dict[str, set[str]] = defaultdict(set)
    for row in store.query(where, use_default_graph_as_union=True):
        qid = row["q"].value.removeprefix(WD)
        context[row["e"].value].add(qid)
        if row["country"].value == "true":
            countries[row["e"].value].add(qid)
    return countries, context
