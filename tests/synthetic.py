"""A synthetic graph of many reports, shaped like the pipeline's output, for scale tests of `kg viz`.

Each report has a date, a publisher, sentences, mentions of actors drawn from a pool with
a long tail (a few actors in most reports), reified relations between actors and a few
events (attacks, clashes, ceasefires) with agents, targets, places, sources and casualty
figures. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pyoxigraph as ox

from kg import mapping, paths, summary

BASE = "https://w3id.org/conflict-kg/"
CKG = BASE + "ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
XSD = "http://www.w3.org/2001/XMLSchema#"
ACTOR_CLASSES = ("ArmedGroup", "JihadistGroup", "RebelGroup", "Militia", "Government", "NGO", "Person")
EVENT_CLASSES = ("AirStrike", "Shelling", "ArmedClash", "Bombing", "Ceasefire")
RELATIONS = ("affiliatedWith", "supports", "opposes", "memberOf")
PUBLISHERS = ("Wire A", "Wire B", "Daily C")
KB = ox.NamedNode(BASE + "graph/kb")


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _lit(value: object, dtype: str | None = None) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(XSD + dtype) if dtype else None)


def synthetic_store(reports: int, actors: int, places: int = 40, seed: int = 7) -> ox.Store:
    """An in-memory store with `reports` report graphs, the actors and places, the ontology,
    and the summary graph a build gives a store."""
    store = ox.Store()
    store.extend(mapping.ontology_quads(str(paths.ontology_file())))
    store.extend(_actor_quads(actors))
    store.extend(_place_quads(places))
    rng = random.Random(seed)
    weights = [1 / (i + 1) for i in range(actors)]
    for r in range(reports):
        store.extend(_report_quads(r, rng, weights, places))
    return summary.complete(store)


def _actor_quads(count: int) -> list[ox.Quad]:
    out = []
    for i in range(count):
        a = _n(f"{BASE}actor/group-{i}")
        out += [ox.Quad(a, _n(RDF + "type"), _n(CKG + ACTOR_CLASSES[i % len(ACTOR_CLASSES)]), KB),
                ox.Quad(a, _n(SKOS + "prefLabel"), ox.Literal(f"Group {i}", language="en"), KB)]
    return out


def _place_quads(count: int) -> list[ox.Quad]:
    out = []
    for i in range(count):
        p = _n(f"{BASE}place/town-{i}")
        out += [ox.Quad(p, _n(RDF + "type"), _n(CKG + "Settlement"), KB),
                ox.Quad(p, _n(SKOS + "prefLabel"), ox.Literal(f"Town {i}", language="en"), KB),
                ox.Quad(p, _n(GEO + "lat"), _lit(round(32.5 + (i * 37 % 40) / 10, 2), "decimal"), KB),
                ox.Quad(p, _n(GEO + "long"), _lit(round(36.0 + (i * 53 % 50) / 10, 2), "decimal"), KB)]
    return out


def _report_quads(r: int, rng: random.Random, weights: list[float], places: int) -> list[ox.Quad]:
    rep = f"{BASE}report/syn-{r}"
    g = _n(rep)
    day = date(2019, 1, 1) + timedelta(days=rng.randrange(5 * 365))
    quads = [ox.Quad(g, _n(RDF + "type"), _n(CKG + "Report"), g),
             ox.Quad(g, _n(DCT + "identifier"), _lit(f"syn-{r}"), g),
             ox.Quad(g, _n(DCT + "date"), _lit(day.isoformat(), "date"), g),
             ox.Quad(g, _n(DCT + "publisher"), _lit(PUBLISHERS[r % len(PUBLISHERS)]), g)]
    cast = rng.choices(range(len(weights)), weights=weights, k=6)
    for i, a in enumerate(cast):
        sent = _sentence(quads, g, rep, i, f"Sentence {i} of report {r} names Group {a}.")
        m = _n(f"{rep}/mention/{i}")
        quads += [ox.Quad(m, _n(RDF + "type"), _n(CKG + "Mention"), g),
                  ox.Quad(m, _n(CKG + "inReport"), g, g), ox.Quad(m, _n(CKG + "inSentence"), sent, g),
                  ox.Quad(m, _n(CKG + "refersTo"), _n(f"{BASE}actor/group-{a}"), g)]
    for k in range(2):
        _relation(quads, g, rep, k, cast[k], cast[k + 2], RELATIONS[rng.randrange(len(RELATIONS))])
    for k in range(2):
        _event(quads, g, rep, k, rng, cast, day, places)
    return quads


def _sentence(quads: list[ox.Quad], g: ox.NamedNode, rep: str, i: int, text: str) -> ox.NamedNode:
    s = _n(f"{rep}/sentence/{i}")
    quads += [ox.Quad(s, _n(RDF + "type"), _n(CKG + "Sentence"), g), ox.Quad(s, _n(CKG + "inReport"), g, g),
              ox.Quad(s, _n(CKG + "start"), _lit(i * 100, "integer"), g), ox.Quad(s, _n(CKG + "text"), _lit(text), g)]
    return s


def _relation(quads: list[ox.Quad], g: ox.NamedNode, rep: str, k: int, a: int, b: int, rel: str) -> None:
    if a == b:
        return
    st, subj, obj = _n(f"{rep}/statement/{k}"), _n(f"{BASE}actor/group-{a}"), _n(f"{BASE}actor/group-{b}")
    sent = _sentence(quads, g, rep, 10 + k, f"Group {a} {rel} Group {b}, said a statement.")
    m = _n(f"{rep}/mention/s{k}")
    quads += [ox.Quad(subj, _n(CKG + rel), obj, g),
              ox.Quad(st, _n(RDF + "type"), _n(CKG + "Statement"), g), ox.Quad(st, _n(RDF + "subject"), subj, g),
              ox.Quad(st, _n(RDF + "predicate"), _n(CKG + rel), g), ox.Quad(st, _n(RDF + "object"), obj, g),
              ox.Quad(st, _n(CKG + "inReport"), g, g), ox.Quad(st, _n(CKG + "method"), _lit("rule:synthetic"), g),
              ox.Quad(st, _n(CKG + "confidence"), _lit("0.7", "decimal"), g), ox.Quad(st, _n(CKG + "mention"), m, g),
              ox.Quad(m, _n(CKG + "inSentence"), sent, g)]


def _event(quads: list[ox.Quad], g: ox.NamedNode, rep: str, k: int, rng: random.Random,
           cast: list[int], day: date, places: int) -> None:
    ev = _n(f"{rep}/event/{k}")
    cls = EVENT_CLASSES[rng.randrange(len(EVENT_CLASSES))]
    sent = _sentence(quads, g, rep, 20 + k, f"A {cls} by Group {cast[4]} in report {rep[-6:]}.")
    m = _n(f"{rep}/mention/e{k}")
    quads += [ox.Quad(ev, _n(RDF + "type"), _n(CKG + cls), g), ox.Quad(ev, _n(CKG + "inReport"), g, g),
              ox.Quad(ev, _n(CKG + "modality"), _lit("asserted"), g),
              ox.Quad(ev, _n(CKG + "date"), _lit((day - timedelta(days=k)).isoformat(), "date"), g),
              ox.Quad(ev, _n(CKG + "agent"), _n(f"{BASE}actor/group-{cast[4]}"), g),
              ox.Quad(ev, _n(CKG + "place"), _n(f"{BASE}place/town-{rng.randrange(places)}"), g),
              ox.Quad(ev, _n(CKG + "source"), _n(f"{BASE}actor/group-{cast[5]}"), g),
              ox.Quad(ev, _n(CKG + "mention"), m, g), ox.Quad(m, _n(CKG + "inSentence"), sent, g)]
    second = cast[1] if cast[1] != cast[4] else cast[0]
    role = "agent" if cls == "Ceasefire" else "target"
    if second != cast[4]:
        quads.append(ox.Quad(ev, _n(CKG + role), _n(f"{BASE}actor/group-{second}"), g))
    if cls != "Ceasefire":
        quads.append(ox.Quad(ev, _n(CKG + "killed"), _lit(rng.randrange(60), "integer"), g))
