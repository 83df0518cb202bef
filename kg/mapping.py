"""The map stage: resolved records -> RDF, one named graph per report.

`report_graph` writes a report's graph as N-Quads text straight from the records (a
worker sends exactly these bytes to the store); `report_quads` parses them back into
quads. The shared graphs (`kb_quads`, `ontology_quads`) are built as quads.

IRIs are deterministic (see docs/graph.md): the same report always gives the
same graph. Statement-level provenance uses reified `ckg:Statement` nodes that point
at the evidence mention (report, sentence, character offsets), the method, the
confidence and the source the report attributes the statement to. Every event and
statement carries its status (who vouches for it: `status_of`) and a confidence.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

import pyoxigraph as ox

from kg import __version__, paths, vocab
from kg.kb import KnowledgeBase
from kg.records import Casualty, Entity, Event, Geo, Participant, Relation, ReportGraph, Resolved, TimeValue
from kg.resolve import slug
from kg.vocab import BASE, CKG, DCT, GEO, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, XSD

RDF_TYPE = f"<{RDF}type>"
KB_GRAPH = ox.NamedNode(vocab.KB_GRAPH)
ONTOLOGY_GRAPH = ox.NamedNode(vocab.ONTOLOGY_GRAPH)
MODEL_NOTE = f"conflict-kg {__version__}"
NO_PARTICIPANT = ("the report names no agent, target or place of this event that the knowledge base or the rules "
                  "could resolve")
#: an event none of whose roles the report fills with a resolved mention is vaguer than any resolution
NO_PARTICIPANT_CONFIDENCE = 0.5


#: how N-Quads writes the characters a quoted literal cannot hold as they are
_ESCAPES = {**{c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F]},
            0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}


def iri(value: str) -> str:
    """An IRI as an N-Quads term (the value is one of ours, or checked where it comes from outside)."""
    return f"<{value}>"


@cache
def ckg(term: str) -> str:
    """An ontology term (checked against the closed vocabulary once per name)."""
    return iri(str(getattr(CKG, term)))


def quoted(text: str) -> str:
    return '"' + text.translate(_ESCAPES) + '"'


def typed(lexical: str, datatype: str) -> str:
    return f'"{lexical}"^^<{XSD}{datatype}>'


def lit(value: object) -> str:
    """A literal for a Python value (bool, int, float, date, str) as an N-Quads term."""
    if isinstance(value, bool):
        return typed("true" if value else "false", "boolean")
    if isinstance(value, int):
        return typed(str(value), "integer")
    if isinstance(value, float):
        return typed(f"{value:.3f}", "decimal")
    if isinstance(value, date):
        return typed(value.isoformat(), "date")
    return quoted(str(value))


def time_literal(t: TimeValue) -> str:
    """A date typed by its precision: xsd:date for days and weeks, gYearMonth, gYear."""
    if t.precision == "month":
        return typed(t.value.strftime("%Y-%m"), "gYearMonth")
    if t.precision == "year":
        return typed(str(t.value.year), "gYear")
    return lit(t.value)


def url_term(url: str) -> str:
    """A URL as an IRI when it is a valid absolute one, else as plain text (never invalid RDF)."""
    if "://" in url:
        try:
            return iri(ox.NamedNode(url).value)
        except ValueError:
            pass
    return lit(url)


@dataclass(frozen=True)
class StatusWords:
    """The reporting verbs (lemmas) that make a statement alleged or claimed (ontology/status.json)."""

    alleging: frozenset[str]
    claiming: frozenset[str]


@cache
def status_words() -> StatusWords:
    data = json.loads((paths.data_root() / "ontology" / "status.json").read_text(encoding="utf-8"))
    return StatusWords(frozenset(data["alleging_verbs"]), frozenset(data["claiming_verbs"]))


def status_of(said: Iterable[tuple[str | None, str]], parties: set[str]) -> str:
    """asserted, claimed or alleged, from each (source, reporting verb) the report gives a statement.

    Any source that is neither a party nor an accuser (or no source at all: the report
    itself) makes it asserted; else a party's word or a claiming verb makes it claimed;
    else it is alleged.
    """
    words, kinds = status_words(), set()
    for source, verb in said:
        if verb in words.alleging:
            kinds.add("alleged")
        elif (source is not None and source in parties) or verb in words.claiming:
            kinds.add("claimed")
        else:
            kinds.add("asserted")
    return next((k for k in ("asserted", "claimed", "alleged") if k in kinds), "asserted")


def event_status(w: _Writer, e: Event) -> str:
    """The modality of an event the text does not state as fact (negated reads as denied), else who vouches for it."""
    if e.modality != "asserted":
        return "denied" if e.modality == "negated" else e.modality
    said = [(w.r.sources.get(i), w.ext.attributions[i].verb) for i in e.sources]
    return status_of(said, set(e.agents) | set(e.targets))


def role_status(w: _Writer, e: Event, p: Participant) -> str:
    """Who vouches for one actor's role. A doer's (an agent's, or an office holder's acting for one): its
    own side's word or a claiming verb claims it, an accuser's or its target's word alleges it, anyone
    else's asserts it; the strongest of the event's sources decides. A target's role is its event's."""
    if e.modality != "asserted" or p.role == "target":
        return event_status(w, e)
    kinds = {_doer_status(w, e, idx, p) for idx in e.sources}
    return next((k for k in ("asserted", "claimed", "alleged") if k in kinds), "asserted")


def _doer_status(w: _Writer, e: Event, idx: int, p: Participant) -> str:
    """What one attribution of the event makes of a doer's role: alleged, claimed or asserted."""
    words, source, verb = status_words(), w.r.sources.get(idx), w.ext.attributions[idx].verb
    if verb in words.alleging or (source in e.targets and source not in e.agents):
        return "alleged"
    if source == p.iri or source in e.agents or verb in words.claiming:
        return "claimed"
    return "asserted"


def event_confidence(w: _Writer, e: Event) -> float:
    """The lowest confidence of the resolutions that fill the event's agent, target and place roles."""
    found = [w.r.resolutions[i].confidence for trig in e.triggers
             for i in (*trig.agents, *trig.targets, *trig.places) if i in w.r.resolutions]
    return float(min(found, default=NO_PARTICIPANT_CONFIDENCE))


def report_id(raw: str) -> str:
    return slug(raw) if raw else "report"


def report_iri(rid: str) -> ox.NamedNode:
    return ox.NamedNode(vocab.report_iri(report_id(rid)))


class _Writer:
    """Collects the N-Quads lines of one report's graph, each once, in the order first written.

    Subjects are IRI values; predicates and objects are N-Quads terms (`iri`, `ckg`, `lit`).
    """

    def __init__(self, resolved: Resolved) -> None:
        self.r = resolved
        self.ext = resolved.extraction
        self.report = report_iri(self.ext.report.meta.id).value
        self.tail = f" <{self.report}> .\n"
        self.lines: dict[str, None] = {}
        self.iris: set[str] = set()

    def add(self, s: str, p: str, o: str) -> None:
        self.iris.add(s)
        self.lines[f"<{s}> {p} {o}{self.tail}"] = None

    def ref(self, value: str) -> str:
        """An IRI object (noted: the knowledge-base entities a report uses are described with it)."""
        self.iris.add(value)
        return iri(value)

    def node(self, *parts: object) -> str:
        return "/".join([self.report, *(str(p) for p in parts)])

    def sentence(self, n: int) -> str:
        return self.node("sentence", n + 1)

    def span(self, start: int, end: int, sentence: int, refers: str | None = None) -> str:
        """A mention node for a span of the report text (its description is written once)."""
        node = self.node("mention", f"{start}-{end}")
        self.add(node, RDF_TYPE, ckg("Mention"))
        self.add(node, ckg("inReport"), self.ref(self.report))
        self.add(node, ckg("inSentence"), self.ref(self.sentence(sentence)))
        self.add(node, ckg("start"), lit(start))
        self.add(node, ckg("end"), lit(end))
        self.add(node, ckg("text"), lit(self.ext.report.text[start:end]))
        if refers:
            self.add(node, ckg("refersTo"), self.ref(refers))
        return node

    def graph(self) -> ReportGraph:
        body = "".join(self.lines).encode("utf-8")
        return ReportGraph(body, len(self.lines), frozenset(i for i in self.iris if i.startswith(BASE)))


def report_graph(resolved: Resolved) -> ReportGraph:
    """One report's named graph, written as N-Quads straight from the records."""
    w = _Writer(resolved)
    _report(w)
    _sentences(w)
    _mentions(w)
    for event in resolved.events:
        _event(w, event)
    for relation in resolved.relations:
        _relation(w, relation)
    return w.graph()


def report_quads(resolved: Resolved) -> list[ox.Quad]:
    """Every quad of one report's named graph."""
    return list(ox.parse(report_graph(resolved).nquads, format=ox.RdfFormat.N_QUADS))


def _report(w: _Writer) -> None:
    meta, rep = w.ext.report.meta, w.report
    w.add(rep, RDF_TYPE, ckg("Report"))
    w.add(rep, RDF_TYPE, iri(PROV + "Entity"))
    w.add(rep, iri(DCT + "identifier"), lit(meta.id))
    w.add(rep, ckg("contentHash"), lit(w.ext.report.sha256))
    w.add(rep, ckg("length"), lit(len(w.ext.report.text)))
    for prop, value in ((DCT + "title", meta.title), (DCT + "publisher", meta.publisher),
                        (DCT + "date", meta.date), (DCT + "source", meta.path)):
        if value:
            w.add(rep, iri(prop), lit(value))
    if meta.url:
        w.add(rep, iri(SCHEMA + "url"), url_term(meta.url))
    run = w.node("run")
    w.add(run, RDF_TYPE, ckg("ExtractionRun"))
    w.add(run, iri(PROV + "used"), w.ref(rep))
    w.add(run, iri(RDFS + "label"), lit(MODEL_NOTE))


def _sentences(w: _Writer) -> None:
    text = w.ext.report.text
    for n, s in enumerate(w.ext.sentences):
        node = w.sentence(n)
        w.add(node, RDF_TYPE, ckg("Sentence"))
        w.add(node, ckg("inReport"), w.ref(w.report))
        w.add(node, ckg("start"), lit(s.start))
        w.add(node, ckg("end"), lit(s.end))
        w.add(node, ckg("text"), lit(text[s.start:s.end].strip()))


def _mentions(w: _Writer) -> None:
    for idx, res in sorted(w.r.resolutions.items()):
        m = w.ext.mentions[idx]
        node = w.span(m.start, m.end, m.sentence, res.entity.iri)
        w.add(node, ckg("method"), lit(res.method))
        w.add(node, ckg("confidence"), lit(float(res.confidence)))
        if not res.entity.curated:
            _minted(w, res.entity)


def _minted(w: _Writer, e: Entity) -> None:
    """An entity the knowledge base does not know: typed from the mention, labelled by it."""
    for cls in e.classes:
        w.add(e.iri, RDF_TYPE, ckg(cls))
    w.add(e.iri, iri(RDFS + "label"), quoted(e.label) + "@en")
    if e.geo is not None:
        _geography(w, e.iri, e.geo)


def _geography(w: _Writer, place: str, g: Geo) -> None:
    """A gazetteer place: its name there, coordinates, what it lies in, its GeoNames IRI. A place
    the gazetteer does not know: what holds it, whose coordinates it borrows (ckg:coordinatesFrom)."""
    w.add(place, iri(SKOS + "prefLabel"), quoted(g.name) + "@en")
    if g.coordinates_from is not None:
        w.add(place, ckg("coordinatesFrom"), w.ref(g.coordinates_from))
    if g.lat is not None and g.lon is not None:
        _coordinates(w, place, g.lat, g.lon)
    if g.located_in:
        w.add(place, ckg("locatedIn"), w.ref(g.located_in[0]))
    if g.same_as:
        w.add(place, iri(OWL + "sameAs"), iri(g.same_as))
    if g.division is not None:
        division, name = g.division
        w.add(division, RDF_TYPE, ckg("FirstLevelDivision"))
        w.add(division, iri(RDFS + "label"), quoted(name) + "@en")
        if g.division_at is not None:
            _coordinates(w, division, *g.division_at)
        if g.country is not None:
            w.add(division, ckg("locatedIn"), w.ref(g.country))


def _coordinates(w: _Writer, place: str, lat: float, lon: float) -> None:
    w.add(place, iri(GEO + "lat"), typed(f"{lat:.5f}", "decimal"))
    w.add(place, iri(GEO + "long"), typed(f"{lon:.5f}", "decimal"))


def _source_iris(w: _Writer, atts: Iterable[int]) -> list[str]:
    return [w.r.sources[a] for a in atts if a in w.r.sources]


def _event(w: _Writer, e: Event) -> None:
    node = w.node(e.key)
    w.add(node, RDF_TYPE, ckg(e.cls))
    w.add(node, ckg("inReport"), w.ref(w.report))
    w.add(node, ckg("modality"), lit(e.modality))
    w.add(node, ckg("status"), lit(event_status(w, e)))
    w.add(node, ckg("confidence"), lit(event_confidence(w, e)))
    w.add(node, ckg("background"), lit(e.background))
    for role, values in (("agent", e.agents), ("target", e.targets), ("place", e.places), ("aimedAt", e.aimed_at)):
        for v in values:
            w.add(node, ckg(role), w.ref(v))
    if not (e.agents or e.targets or e.places):
        w.add(node, ckg("noParticipantReason"), lit(NO_PARTICIPANT))
    time = e.time or _publication(w)
    if time is not None:
        w.add(node, ckg("date"), time_literal(time))
        w.add(node, ckg("datePrecision"), lit(time.precision))
    for trig in e.triggers:
        w.add(node, ckg("mention"), w.ref(w.span(trig.start, trig.end, trig.sentence)))
    _attributions(w, node, e)
    _codes(w, node, e)
    _casualties(w, node, e.casualties)


def _codes(w: _Writer, node: str, e: Event) -> None:
    """Codebook codes, participants as the codebooks see them, interaction, place precision."""
    for prop, value in e.codes:
        w.add(node, ckg(prop), w.ref(value))
    for p in e.participants:
        part = f"{node}/participant/{p.role}/{slug(p.iri.rsplit('/', 1)[-1])}"
        w.add(node, ckg("participant"), w.ref(part))
        w.add(part, RDF_TYPE, ckg("Participation"))
        w.add(part, ckg("actor"), w.ref(p.iri))
        w.add(part, ckg("role"), lit(p.role))
        w.add(part, ckg("status"), lit(role_status(w, e, p)))
        if p.sector:
            w.add(part, ckg("sector"), lit(p.sector))
        if p.country:
            w.add(part, ckg("country"), w.ref(p.country))
        if p.inter is not None:
            w.add(part, ckg("acledInter"), lit(p.inter))
        # a role is as sure as its event, unless the base lowered it (active only elsewhere)
        w.add(part, ckg("confidence"), lit(float(p.confidence) if p.confidence is not None
                                           else event_confidence(w, e)))
    if e.interaction:
        w.add(node, ckg("interaction"), lit(e.interaction))
    if e.place_precision:
        w.add(node, ckg("placePrecision"), lit(e.place_precision))
        w.add(node, ckg("geoPrecision"), lit(e.geo_precision or 3))


def _attributions(w: _Writer, node: str, e: Event) -> None:
    """Who the report says the event comes from, with the reporting verb and the kind of source."""
    parties = set(e.agents) | set(e.targets)
    for n, idx in enumerate(e.sources, start=1):
        att = w.ext.attributions[idx]
        src = w.r.sources.get(idx)
        claim = f"{node}/attribution/{n}"
        w.add(node, ckg("attribution"), w.ref(claim))
        w.add(claim, RDF_TYPE, ckg("Attribution"))
        w.add(claim, ckg("reportingVerb"), lit(att.verb))
        w.add(claim, ckg("mention"), w.ref(w.span(att.start, att.end, _sentence_of(w, att.start))))
        kind = _source_kind(w, src, parties)
        w.add(claim, ckg("sourceKind"), lit(kind))
        if src is not None:
            w.add(claim, ckg("source"), w.ref(src))
            w.add(node, ckg("source"), w.ref(src))
    if not e.sources:
        claim = f"{node}/attribution/1"
        w.add(node, ckg("attribution"), w.ref(claim))
        w.add(claim, RDF_TYPE, ckg("Attribution"))
        w.add(claim, ckg("sourceKind"), lit("publisher"))


def _source_kind(w: _Writer, src: str | None, parties: set[str]) -> str:
    if src is None:
        return "unnamed"
    if src in parties:
        return "party"
    person = any(r.entity.iri == src and "Person" in r.entity.classes for r in w.r.resolutions.values())
    return "person" if person else "quoted"


def _sentence_of(w: _Writer, offset: int) -> int:
    for n, s in enumerate(w.ext.sentences):
        if s.start <= offset < s.end:
            return n
    return 0


def _publication(w: _Writer) -> TimeValue | None:
    published = w.ext.report.meta.date
    return TimeValue(published, "publication") if published else None


def _casualties(w: _Writer, event: str, figures: tuple[Casualty, ...]) -> None:
    """Each figure is a claim of its own; the event's headline `killed` keeps every distinct total."""
    for n, fig in enumerate(figures, start=1):
        claim = f"{event}/casualties/{n}"
        w.add(event, ckg("casualties"), w.ref(claim))
        w.add(claim, RDF_TYPE, ckg("CasualtyClaim"))
        w.add(claim, ckg(fig.kind), lit(fig.count))
        w.add(claim, ckg("count"), lit(fig.count))
        w.add(claim, ckg("victimCategory"), lit(fig.category))
        w.add(claim, ckg("minimum"), lit(fig.minimum))
        w.add(claim, ckg("partOfTotal"), lit(fig.part))
        w.add(claim, ckg("mention"), w.ref(w.span(fig.start, fig.end, fig.sentence)))
        for src in _source_iris(w, [fig.attribution] if fig.attribution is not None else []):
            w.add(claim, ckg("source"), w.ref(src))
        if fig.attribution is not None:
            w.add(claim, ckg("reportingVerb"), lit(w.ext.attributions[fig.attribution].verb))
        if _is_total(fig, figures):
            w.add(event, ckg(fig.kind), lit(fig.count))


def _is_total(fig: Casualty, figures: tuple[Casualty, ...]) -> bool:
    """A total is a figure that is not one part of a breakdown ("including two children")."""
    return not fig.part


def _relation(w: _Writer, rel: Relation) -> None:
    p = ckg(rel.predicate)
    w.add(rel.subject, p, w.ref(rel.object))
    c = rel.candidate
    digest = hashlib.sha1(f"{rel.subject} {rel.predicate} {rel.object}".encode()).hexdigest()[:12]
    st = w.node("statement", digest)
    w.add(st, RDF_TYPE, ckg("Statement"))
    w.add(st, iri(RDF + "subject"), w.ref(rel.subject))
    w.add(st, iri(RDF + "predicate"), p)
    w.add(st, iri(RDF + "object"), w.ref(rel.object))
    w.add(st, ckg("inReport"), w.ref(w.report))
    w.add(st, ckg("method"), lit(c.method))
    w.add(st, ckg("confidence"), lit(float(c.confidence)))
    said = [] if c.attribution is None else [(w.r.sources.get(c.attribution), w.ext.attributions[c.attribution].verb)]
    w.add(st, ckg("status"), lit(status_of(said, {rel.subject})))
    w.add(st, ckg("mention"), w.ref(w.span(c.start, c.end, c.sentence)))
    for src in _source_iris(w, [c.attribution] if c.attribution is not None else []):
        w.add(st, ckg("source"), w.ref(src))


# ---------------------------------------------------------------- shared graphs

def referenced(quads: Iterable[ox.Quad]) -> set[str]:
    """Every knowledge-base IRI a set of quads points at."""
    return {t.value for q in quads for t in (q.subject, q.object)
            if isinstance(t, ox.NamedNode) and t.value.startswith(BASE)}


def kb_quads(kb: KnowledgeBase, iris: set[str]) -> Iterator[ox.Quad]:
    """The curated descriptions of the referenced entities and of the places they lie in."""
    wanted: set[str] = set()
    for value in iris:
        if value in kb.entities:
            wanted.update(kb.chain(value))
    for value in sorted(wanted):
        for t in kb.descriptions.get(value, []):
            if isinstance(t.object, ox.NamedNode) and t.object.value in kb.entities \
                    and t.object.value not in wanted:
                continue
            yield ox.Quad(t.subject, t.predicate, t.object, KB_GRAPH)


def ontology_quads(*files: str) -> Iterator[ox.Quad]:
    """The ontology (and the codebook crosswalk) in the ontology graph."""
    for path in files:
        for q in ox.parse(path=path, format=ox.RdfFormat.TURTLE):
            yield ox.Quad(q.subject, q.predicate, q.object, ONTOLOGY_GRAPH)
