"""The link stage: Wikidata (and DBpedia) matches for actors and places with no curated link.

For each actor and place that has no `owl:sameAs` to Wikidata, candidates are looked up on
a SPARQL endpoint by English label and alias, kept only if they are instances of a
Wikidata class that fits the entity's ontology class (ontology/linking.json), and scored
with the context the graph gives: the country the entity lies or acts in, and the
entities it is related to or mentioned with. The best candidate is linked when it scores
high enough and no rival comes close; a close rival makes the case ambiguous, refused
and reported.

Automatic links are `skos:closeMatch` (never `owl:sameAs`), each reified as a
`ckg:Statement` with its score and method, in the named graph LINKS_GRAPH. A few facts
about the linked entities go to WIKIDATA_GRAPH, which says where and when they came from.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

import pyoxigraph as ox

from kg import __version__, paths, vocab
from kg.errors import LinkError
from kg.remote import Client, iri_ref, literal
from kg.vocab import CKG as T
from kg.vocab import DCT, OWL, PROV, RDF, RDFS, SKOS, WD, WDT, XSD
from kg.vocab import SCHEMA_HTTP as SCHEMA

CKG = vocab.ONTOLOGY
LINKS_GRAPH = ox.NamedNode(vocab.LINKS_GRAPH)
WIKIDATA_GRAPH = ox.NamedNode(vocab.WIKIDATA_GRAPH)
ROOTS = ("Actor", "Place")
BATCH = 50
_QID = re.compile(r"^Q[1-9][0-9]*$")
_PID = re.compile(r"^P[1-9][0-9]*$")
_UNSAFE_IN_PATH = set('<>"{}|^`\\?#%') | {chr(c) for c in range(0x21)}


@dataclass(frozen=True)
class Config:
    types: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
    scores: dict[str, float]
    facts: tuple[str, ...]
    context_properties: tuple[str, ...]
    dbpedia: str
    wikipedia: str


@dataclass(frozen=True)
class Subject:
    """An actor or place to link, with the context the graph gives about it."""

    iri: str
    kind: str
    labels: tuple[str, ...]
    aliases: tuple[str, ...]
    countries: frozenset[str] = frozenset()
    context: frozenset[str] = frozenset()
    is_place: bool = False


@dataclass(frozen=True)
class Scored:
    qid: str
    score: float
    method: str


@dataclass(frozen=True)
class Decision:
    subject: Subject
    status: str  # linked, ambiguous, weak, none
    best: Scored | None = None
    rivals: tuple[Scored, ...] = ()

    def line(self) -> str:
        name = _short(self.subject.iri)
        if self.status == "linked" and self.best:
            return f"linked {name} -> wd:{self.best.qid} ({self.best.score:.2f}, {self.best.method})"
        if self.status == "ambiguous":
            shown = ", ".join(f"wd:{c.qid} ({c.score:.2f})" for c in self.rivals)
            return f"ambiguous {name}: {shown}; no link written"
        if self.status == "weak" and self.best:
            return f"no link for {name}: best wd:{self.best.qid} scores {self.best.score:.2f} only"
        return f"no candidate for {name}"


@dataclass
class Outcome:
    decisions: list[Decision] = field(default_factory=list)
    facts: dict[str, list[tuple[str, dict[str, str]]]] = field(default_factory=dict)
    articles: dict[str, str] = field(default_factory=dict)
    dbpedia: dict[str, str] = field(default_factory=dict)

    def count(self, status: str) -> int:
        return sum(d.status == status for d in self.decisions)


# ---------------------------------------------------------------- configuration

def load_config(path: Path | None = None) -> Config:
    """Read ontology/linking.json (types, scores, facts), checking every Wikidata ID."""
    path = path or paths.data_root() / "ontology" / "linking.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        types = {k: (tuple(v[0]), tuple(v[1])) for k, v in data["types"].items()}
        config = Config(types, {k: float(v) for k, v in data["scores"].items()},
                        tuple(data["facts"]), tuple(data["context_properties"]),
                        data["dbpedia"], data["wikipedia"])
    except (OSError, ValueError, KeyError, IndexError, TypeError) as err:
        raise LinkError(f"{path}: not a valid linking configuration: {err}") from err
    bad = [q for best, loose in types.values() for q in best + loose if not _QID.match(q)]
    bad += [p for p in config.facts + config.context_properties if not _PID.match(p)]
    if bad:
        raise LinkError(f"{path}: not Wikidata IDs: {', '.join(bad)}")
    return config


# ---------------------------------------------------------------- what to link

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


# ---------------------------------------------------------------- queries

def candidate_query(subject: Subject, config: Config) -> str:
    """Items whose English label or alias is one of the subject's names, of a fitting class.

    The names are matched in a subquery, which engines evaluate first (Blazegraph, behind
    the Wikidata Query Service, would otherwise start from the class closure).
    """
    best, loose = config.types[subject.kind]
    names = " ".join(literal(n) for n in dict.fromkeys(subject.labels + subject.aliases))
    types = " ".join(f"wd:{q}" for q in best + loose)
    return f"""PREFIX wd: <{WD}>
PREFIX wdt: <{WDT}>
PREFIX rdfs: <{RDFS}>
PREFIX skos: <{SKOS}>
SELECT DISTINCT ?item ?name ?via ?type WHERE {{
  {{
    SELECT ?item ?name ?via WHERE {{
      VALUES ?name {{ {names} }}
      {{ ?item rdfs:label ?name . BIND("label" AS ?via) }}
      UNION {{ ?item skos:altLabel ?name . BIND("alias" AS ?via) }}
    }}
    LIMIT 500
  }}
  VALUES ?type {{ {types} }}
  ?item wdt:P31/wdt:P279* ?type .
}}"""


def facts_query(qids: Iterable[str], props: Iterable[str]) -> str:
    items = " ".join(f"wd:{q}" for q in qids)
    wanted = " ".join(f"wdt:{p}" for p in props)
    return f"""PREFIX wd: <{WD}>
PREFIX wdt: <{WDT}>
PREFIX rdfs: <{RDFS}>
SELECT ?item ?p ?value WHERE {{
  VALUES ?item {{ {items} }}
  VALUES ?p {{ {wanted} rdfs:label }}
  ?item ?p ?value .
  FILTER(!isLiteral(?value) || LANG(?value) = "" || LANG(?value) = "en")
}}"""


def sitelink_query(qids: Iterable[str], wikipedia: str) -> str:
    items = " ".join(f"wd:{q}" for q in qids)
    return f"""PREFIX wd: <{WD}>
PREFIX schema: <{SCHEMA}>
SELECT ?item ?article WHERE {{
  VALUES ?item {{ {items} }}
  ?article schema:about ?item ; schema:isPartOf <{wikipedia}> .
}}"""


def dbpedia_query(iris: Iterable[str]) -> str:
    values = " ".join(iri_ref(i) for i in iris)
    return f"SELECT DISTINCT ?r WHERE {{ VALUES ?r {{ {values} }} ?r ?p ?o }}"


# ---------------------------------------------------------------- scoring

def score(subject: Subject, rows: list[dict[str, str]], facts: list[tuple[str, dict[str, str]]],
          config: Config) -> Scored:
    """The score of one candidate from its matching rows (name, via, type) and its facts."""
    w = config.scores
    names = [_name_weight(subject, r["name"], r["via"], w) for r in rows]
    best, _ = config.types[subject.kind]
    typed = any(r["type"] in best for r in rows)
    total, method = max(names), ["label" if max(names) == w["label"] else "alias"]
    total += w["type_best"] if typed else w["type_loose"]
    method.append("type" if typed else "loose-type")
    values = defaultdict(set)
    for prop, term in facts:
        values[prop].add(term.get("value", "").removeprefix(WD))
    if subject.countries and values["P17"] & subject.countries:
        total, method = total + w["country_match"], method + ["country"]
    elif subject.is_place and subject.countries and values["P17"]:
        total, method = total + w["country_penalty"], method + ["other-country"]
    around = set().union(*(values[p] for p in config.context_properties)) - values["P17"]
    if around & subject.context:
        total, method = total + w["context"], method + ["context"]
    return Scored(rows[0]["item"], round(total, 3), "+".join(method))


def _name_weight(subject: Subject, name: str, via: str, w: dict[str, float]) -> float:
    ours_pref = name in subject.labels
    if ours_pref and via == "label":
        return w["label"]
    if ours_pref or via == "label":
        return w["one_alias"]
    return w["alias_alias"]


def decide(subject: Subject, scored: list[Scored], config: Config) -> Decision:
    """Link the best candidate if it is good enough and clearly ahead of the next one."""
    ranked = sorted(scored, key=lambda s: (-s.score, s.qid))
    if not ranked:
        return Decision(subject, "none")
    best = ranked[0]
    if best.score < config.scores["accept"]:
        return Decision(subject, "weak", best)
    close = [s for s in ranked[1:] if best.score - s.score < config.scores["margin"] - 1e-9]
    if close:
        return Decision(subject, "ambiguous", None, (best, *close))
    return Decision(subject, "linked", best)


# ---------------------------------------------------------------- the run

def link(store: ox.Store, client: Client, config: Config | None = None,
         dbpedia: Client | None = None) -> Outcome:
    """Find, score and decide the links of every unlinked actor and place of a graph."""
    config = config or load_config()
    outcome = Outcome()
    todo = subjects(store, config)
    candidates = {s.iri: _candidates(client, s, config) for s in todo}
    qids = sorted({q for rows in candidates.values() for q in rows})
    outcome.facts = _facts(client, qids, config)
    for s in todo:
        scored = [score(s, rows, outcome.facts.get(q, []), config) for q, rows in candidates[s.iri].items()]
        outcome.decisions.append(decide(s, scored, config))
    linked = sorted({d.best.qid for d in outcome.decisions if d.status == "linked" and d.best})
    outcome.articles = _articles(client, linked, config)
    outcome.dbpedia = _dbpedia(outcome.articles, config, dbpedia)
    return outcome


def _candidates(client: Client, subject: Subject, config: Config) -> dict[str, list[dict[str, str]]]:
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    for b in client.bindings(candidate_query(subject, config)):
        item = b.get("item", {}).get("value", "")
        if not item.startswith(WD) or not _QID.match(item.removeprefix(WD)):
            continue
        qid = item.removeprefix(WD)
        rows[qid].append({"item": qid, "name": b["name"]["value"], "via": b["via"]["value"],
                          "type": b["type"]["value"].removeprefix(WD)})
    return dict(rows)


def _facts(client: Client, qids: list[str], config: Config) -> dict[str, list[tuple[str, dict[str, str]]]]:
    props = tuple(dict.fromkeys(config.facts + config.context_properties))
    out: dict[str, list[tuple[str, dict[str, str]]]] = defaultdict(list)
    for i in range(0, len(qids), BATCH):
        for b in client.bindings(facts_query(qids[i:i + BATCH], props)):
            qid = b["item"]["value"].removeprefix(WD)
            prop = b["p"]["value"]
            key = "label" if prop == RDFS + "label" else prop.removeprefix(WDT)
            out[qid].append((key, b["value"]))
    return dict(out)


def _articles(client: Client, qids: list[str], config: Config) -> dict[str, str]:
    out = {}
    for i in range(0, len(qids), BATCH):
        for b in client.bindings(sitelink_query(qids[i:i + BATCH], config.wikipedia)):
            out[b["item"]["value"].removeprefix(WD)] = b["article"]["value"]
    return out


def dbpedia_iri(article: str, config: Config) -> str | None:
    """The DBpedia resource of an English Wikipedia article (same title, underscores)."""
    prefix = config.wikipedia + "wiki/"
    if not article.startswith(prefix):
        return None
    title = unquote(article[len(prefix):]).replace(" ", "_")
    return config.dbpedia + "".join(quote(ch, safe="") if ch in _UNSAFE_IN_PATH else ch for ch in title)


def _dbpedia(articles: dict[str, str], config: Config, client: Client | None) -> dict[str, str]:
    derived = {q: d for q, a in sorted(articles.items()) if (d := dbpedia_iri(a, config))}
    if client is None or not derived:
        return derived
    found: set[str] = set()
    values = sorted(derived.values())
    for i in range(0, len(values), BATCH):
        found |= {b["r"]["value"] for b in client.bindings(dbpedia_query(values[i:i + BATCH]))}
    return {q: d for q, d in derived.items() if d in found}


# ---------------------------------------------------------------- quads

def quads(outcome: Outcome, client: Client, config: Config | None = None) -> list[ox.Quad]:
    """The links graph (closeMatch + annotated statements) and the Wikidata facts graph."""
    config = config or load_config()
    when = max((r for r in client.retrieved if r), default=None)
    out = list(_link_quads(outcome, client.endpoint, when))
    out += list(_fact_quads(outcome, config, client.endpoint, when))
    return out


def _link_quads(outcome: Outcome, endpoint: str, when: str | None) -> Iterator[ox.Quad]:
    g = LINKS_GRAPH
    yield from _about_graph(g, endpoint, when, "Automatic links to Wikidata and DBpedia found by kg link")
    for d in outcome.decisions:
        if d.status != "linked" or d.best is None:
            continue
        subject = ox.NamedNode(d.subject.iri)
        targets = [("wikidata", WD + d.best.qid, f"wikidata:{d.best.method}")]
        if d.best.qid in outcome.dbpedia:
            targets.append(("dbpedia", outcome.dbpedia[d.best.qid], "wikipedia-sitelink"))
        for name, target, method in targets:
            yield from _statement(g, subject, name, ox.NamedNode(target), d.best.score, method, endpoint)


def _statement(g: ox.NamedNode, subject: ox.NamedNode, name: str, target: ox.NamedNode,
               value: float, method: str, endpoint: str) -> Iterator[ox.Quad]:
    close = ox.NamedNode(SKOS + "closeMatch")
    node = ox.NamedNode(f"{_link_base(subject.value)}/{name}")
    yield ox.Quad(subject, close, target, g)
    yield ox.Quad(node, ox.NamedNode(RDF + "type"), ox.NamedNode(T.Statement), g)
    yield ox.Quad(node, ox.NamedNode(RDF + "subject"), subject, g)
    yield ox.Quad(node, ox.NamedNode(RDF + "predicate"), close, g)
    yield ox.Quad(node, ox.NamedNode(RDF + "object"), target, g)
    score = ox.Literal(f"{min(value, 1.0):.3f}", datatype=ox.NamedNode(XSD + "decimal"))
    yield ox.Quad(node, ox.NamedNode(T.confidence), score, g)
    yield ox.Quad(node, ox.NamedNode(T.method), ox.Literal(method), g)
    yield ox.Quad(node, ox.NamedNode(PROV + "wasDerivedFrom"), ox.NamedNode(endpoint), g)


def _link_base(iri: str) -> str:
    return vocab.link_iri(iri, hashlib.sha256(iri.encode("utf-8")).hexdigest()[:16])


def _about_graph(g: ox.NamedNode, endpoint: str, when: str | None, title: str) -> Iterator[ox.Quad]:
    yield ox.Quad(g, ox.NamedNode(RDF + "type"), ox.NamedNode(PROV + "Entity"), g)
    yield ox.Quad(g, ox.NamedNode(DCT + "title"), ox.Literal(title), g)
    yield ox.Quad(g, ox.NamedNode(PROV + "wasDerivedFrom"), ox.NamedNode(endpoint), g)
    yield ox.Quad(g, ox.NamedNode(PROV + "wasAttributedTo"), ox.Literal(f"conflict-kg {__version__}"), g)
    if when:
        yield ox.Quad(g, ox.NamedNode(PROV + "generatedAtTime"),
                      ox.Literal(when, datatype=ox.NamedNode(XSD + "dateTime")), g)


def _fact_quads(outcome: Outcome, config: Config, endpoint: str, when: str | None) -> Iterator[ox.Quad]:
    g = WIKIDATA_GRAPH
    yield from _about_graph(g, endpoint, when, f"Facts about linked entities, from {endpoint}")
    linked = sorted({d.best.qid for d in outcome.decisions if d.status == "linked" and d.best})
    for qid in linked:
        item = ox.NamedNode(WD + qid)
        for prop, value in outcome.facts.get(qid, []):
            term = _term(value)
            if term is None or (prop != "label" and prop not in config.facts):
                continue
            pred = ox.NamedNode(RDFS + "label" if prop == "label" else WDT + prop)
            yield ox.Quad(item, pred, term, g)
        if qid in outcome.articles:
            yield ox.Quad(ox.NamedNode(outcome.articles[qid]), ox.NamedNode(SCHEMA + "about"), item, g)


def _term(value: dict[str, str]) -> ox.NamedNode | ox.Literal | None:
    """An RDF term from a SPARQL JSON binding (blank nodes are dropped)."""
    kind, text = value.get("type"), value.get("value", "")
    if kind == "uri":
        return ox.NamedNode(text)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return ox.Literal(text, language=value["xml:lang"])
        if "datatype" in value:
            return ox.Literal(text, datatype=ox.NamedNode(value["datatype"]))
        return ox.Literal(text)
    return None


def _short(iri: str) -> str:
    return vocab.short(iri)


# ---------------------------------------------------------------- files and store

def link_store(store: ox.Store, client: Client, dbpedia: Client | None = None) -> tuple[Outcome, int]:
    """Link a store in place: its links and Wikidata graphs are replaced whole."""
    config = load_config()
    outcome = link(store, client, config, dbpedia)
    new = quads(outcome, client, config)
    for g in (LINKS_GRAPH, WIKIDATA_GRAPH):
        if g in store.named_graphs():
            store.remove_graph(g)
    store.extend(new)
    return outcome, len(new)


def link_file(graph: Path, output: Path, client: Client, dbpedia: Client | None = None) -> tuple[Outcome, int]:
    """Link a graph file and write it, with its links and Wikidata graphs, to `output`; returns the statements added."""
    from kg import store as store_module

    store_module.format_for(output)
    db = store_module.load_graph(graph)
    outcome, count = link_store(db, client, dbpedia)
    store_module.dump(db, output)
    return outcome, count
