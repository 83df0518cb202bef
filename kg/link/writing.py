"""Writing links: skos:closeMatch statements with score and method, and the facts of linked items."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pyoxigraph as ox

from kg import __version__, vocab
from kg.link.config import Config, load_config
from kg.link.records import Outcome
from kg.remote import Client
from kg.vocab import CKG as T
from kg.vocab import DCT, PROV, RDF, RDFS, SKOS, WD, WDT, XSD
from kg.vocab import SCHEMA_HTTP as SCHEMA

LINKS_GRAPH = ox.NamedNode(vocab.LINKS_GRAPH)
WIKIDATA_GRAPH = ox.NamedNode(vocab.WIKIDATA_GRAPH)


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
