"""Hostile input: any report text, metadata or knowledge-base label gives RDF that parses back,
never changes a query, and never makes the tool write outside its output location."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path

import inprocess
import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kg import kb as kb_module
from kg import mapping, query, store
from kg.nlp import Extractor
from kg.records import Report, ReportMeta
from kg.resolve import Resolver, slug
from tests.conftest import ROOT

BASE = "https://w3id.org/conflict-kg/"
MINTED = re.compile(r"^https://w3id\.org/conflict-kg/(actor|place)/[a-z0-9-]+$")
HOSTILE = [
    '"', "'", '"""', "<", ">", "<script>alert(1)</script>", "\\", "\\u0022", "\\n", "\n", "\r\n", "\t",
    "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\u200b", "\u202e", "\ufeff", "}", "{", "#", "@prefix x: <y> .",
    "?s ?p ?o", "} UNION { ?s ?p ?o }", "<http://evil/x>", "_:b0", "^^xsd:integer", "@en", "../../etc/passwd",
    "НТЅ", "Ηayat Τahrir", "Ｒｕｓｓｉａ", "Idl\u0131b", "Al\u2010Qaeda", "\U0001f4a3", "e\u0301", "ﬁghters",
]
PROSE = [
    "Syrian government forces shelled", "Hayat Tahrir al-Sham", "Russian warplanes struck Idlib",
    "killed at least 12 people,", "according to the Syrian Observatory for Human Rights.", "in Saraqib",
    "the group said.", "A second rocket was fired at", "the Free Army of Abu Jihad", "Mr. Abdul Karim",
    "Turkey and Russia agreed a ceasefire", "five days ago", "on Thursday",
    "Hayat Tahrir al-Sham, which controls Idlib province,",
]
piece = st.one_of(st.sampled_from(HOSTILE), st.sampled_from(PROSE),
                  st.text(st.characters(exclude_categories=("Cs",)), max_size=12))
report_text = st.lists(piece, min_size=1, max_size=25).map(" ".join)
meta_text = st.one_of(st.none(), st.sampled_from(HOSTILE),
                      st.text(st.characters(exclude_categories=("Cs",)), max_size=30))
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")
FAST = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def _quads_back(quads: list[ox.Quad], suffix: str, tmp: Path) -> set[ox.Quad]:
    path = tmp / f"g{suffix}"
    store.write_quads(quads, path)
    return set(ox.parse(path=str(path), format=store.format_for(path)))


def _check_round_trip(quads: list[ox.Quad], tmp: Path) -> None:
    """Written as TriG and N-Quads, the graph parses back identical, also with rdflib's parser."""
    assert _quads_back(quads, ".trig", tmp) == set(quads)
    assert _quads_back(quads, ".nq", tmp) == set(quads)
    data = rdflib.Dataset()
    data.parse(tmp / "g.nq", format="nquads")
    assert len(data) == len(set(quads))


@FAST
@given(text=report_text, rid=meta_text, title=meta_text, publisher=meta_text, url=meta_text)
def test_any_report_gives_rdf_that_parses_back(extractor: Extractor, resolver: Resolver, kb, tmp_path_factory,
                                               text: str, rid: str | None, title: str | None,
                                               publisher: str | None, url: str | None) -> None:
    meta = ReportMeta(id=rid or "r", date=date(2021, 6, 10), publisher=publisher, url=url, title=title,
                      path="r.txt")
    report = Report(meta, text, "0" * 64)
    quads = mapping.report_quads(resolver.resolve(extractor.extract(report)))
    quads += list(mapping.kb_quads(kb, mapping.referenced(quads)))
    _check_round_trip(quads, tmp_path_factory.mktemp("rt"))
    graph = mapping.report_iri(meta.id)
    assert re.fullmatch(rf"{BASE}report/[a-z0-9-]+", graph.value)
    for q in quads:
        assert q.graph_name in (graph, mapping.KB_GRAPH)
        for term in (q.subject, q.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith(BASE) and q.graph_name == graph \
                    and not term.value.startswith(graph.value) and "/ontology#" not in term.value \
                    and "/codes/" not in term.value:
                assert term.value in kb.entities or MINTED.match(term.value), term.value
    _check_spans(quads, text)


def _check_spans(quads: list[ox.Quad], text: str) -> None:
    """Each mention's text is exactly the slice of the report its offsets name."""
    spans: dict[ox.NamedNode, dict[str, str]] = {}
    for q in quads:
        if "/mention/" in q.subject.value and q.predicate.value.rsplit("#", 1)[-1] in ("start", "end", "text"):
            spans.setdefault(q.subject, {})[q.predicate.value.rsplit("#", 1)[-1]] = q.object.value
    for span in spans.values():
        assert text[int(span["start"]):int(span["end"])] == span["text"]


@FAST
@given(value=st.one_of(st.sampled_from(HOSTILE), st.text(st.characters(exclude_categories=("Cs",)), max_size=40)))
def test_a_bound_value_never_changes_the_query(value: str) -> None:
    """A label with any text finds exactly the node that has it, and nothing else."""
    db = ox.Store()
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    db.add(ox.Quad(ox.NamedNode("http://e/target"), label, ox.Literal(value)))
    db.add(ox.Quad(ox.NamedNode("http://e/decoy"), label, ox.Literal(value + "x")))
    text = "SELECT ?s ?label WHERE { ?s rdfs:label ?label }"
    found = query.run(db, text, "test", {"label": ox.Literal(value)})
    assert [row["s"].value for row in found] == ["http://e/target"]


def test_an_injection_through_bind_finds_nothing(tmp_path: Path) -> None:
    graph = tmp_path / "g.nt"
    graph.write_text('<http://e/a> <http://www.w3.org/2000/01/rdf-schema#label> "A" .\n', encoding="utf-8")
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT ?s ?label WHERE { ?s rdfs:label ?label }", encoding="utf-8")
    done = inprocess.kg("query", str(rq), "--graph", str(graph), "--format", "csv",
                        "--bind", 'label=A" } UNION { ?s ?p ?o } #', cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["s,label"]


HOSTILE_LABELS = ['Brigade "Dawn" <North>', "Liwa al-Haqq \\ East", "Jaysh\nal-Thawra", "Kata'ib\t{Hizb}",
                  "Saraya #1 @en", "Fatah ^^xsd:string"]


def _hostile_kb(tmp_path: Path) -> Path:
    """A knowledge-base file whose labels hold quotes, brackets, backslashes and newlines."""
    skos = "http://www.w3.org/2004/02/skos/core#"
    triples = []
    for n, name in enumerate(HOSTILE_LABELS):
        node = ox.NamedNode(f"{BASE}actor/hostile-{n}")
        triples += [ox.Triple(node, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                              ox.NamedNode(f"{BASE}ontology#ArmedGroup")),
                    ox.Triple(node, ox.NamedNode(skos + "prefLabel"), ox.Literal(name, language="en")),
                    ox.Triple(node, ox.NamedNode(skos + "altLabel"), ox.Literal(name + " >", language="en"))]
    out = io.BytesIO()
    ox.serialize(triples, out, ox.RdfFormat.TURTLE)
    path = tmp_path / "hostile.ttl"
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.model
def test_hostile_knowledge_base_labels_give_valid_rdf(tmp_path: Path) -> None:
    base = kb_module.load(kb_files=[_hostile_kb(tmp_path)])
    assert len(base.entities) == len(HOSTILE_LABELS)
    text = " ".join(f"{name.split(chr(10))[0]} fighters attacked the town and killed 3 people." for name in HOSTILE_LABELS)
    report = Report(ReportMeta(id="hostile", date=date(2021, 6, 10)), text, "0" * 64)
    quads = mapping.report_quads(Resolver(base).resolve(Extractor(base).extract(report)))
    quads += list(mapping.kb_quads(base, mapping.referenced(quads)))
    _check_round_trip(quads, tmp_path)
    labels = {q.object.value for q in quads if q.predicate.value.endswith("#prefLabel")}
    assert labels, "some hostile actor was recognised and described"
    assert labels <= set(HOSTILE_LABELS)


@pytest.mark.parametrize(("raw", "expected"), [
    ("../../etc/x", "etc-x"),
    ("/etc/passwd", "etc-passwd"),
    ("..\\..\\windows\\system32", "windows-system32"),
    ("report/../../../x", "report-x"),
    ("<http://evil/>", "http-evil"),
    ("\u0000\n", "x-"),
])
def test_ids_are_slugged_into_safe_iris(raw: str, expected: str) -> None:
    iri = mapping.report_iri(raw).value
    assert iri.startswith(f"{BASE}report/{expected}")
    assert re.fullmatch(rf"{BASE}report/[a-z0-9-]+", iri)


@pytest.mark.parametrize(("a", "b"), [
    ("هيئة تحرير الشام", "جبهة النصرة"),
    ("НТЅ", "ΗΤΣ"),
    ("a" * 90 + "1", "a" * 90 + "2"),
])
def test_names_without_a_readable_slug_keep_distinct_iris(a: str, b: str) -> None:
    assert slug(a) != slug(b)
    assert slug(a) == slug(a)


@pytest.mark.model
def test_a_hostile_id_cannot_write_outside_the_output(tmp_path: Path) -> None:
    work = tmp_path / "work"
    (work / "in").mkdir(parents=True)
    report = work / "in" / "r.txt"
    report.write_text("Syrian government forces shelled Saraqib on Thursday, killing 3 people.", encoding="utf-8")
    (work / "in" / "r.json").write_text(json.dumps({"id": "../../../escaped/x", "date": "2021-06-10",
                                                    "url": "javascript:alert('x')\"<>"}), encoding="utf-8")
    before = {p for p in tmp_path.rglob("*")}
    out = work / "out" / "g.trig"
    done = inprocess.kg("build", str(report), "-o", str(out), cwd=work / "in")
    assert done.returncode == 0, done.stderr
    created = {p for p in tmp_path.rglob("*")} - before
    assert created == {work / "out", out}
    graphs = {q.graph_name.value for q in ox.parse(path=str(out), format=ox.RdfFormat.TRIG)}
    assert f"{BASE}report/escaped-x" in graphs


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(text=report_text)
def test_any_report_graph_conforms_to_the_shapes(graph_of, text: str) -> None:  # type: ignore[no-untyped-def]
    from kg import validate

    assume(text.strip())  # the reader refuses empty reports before they reach the mapping
    result = validate.validate_store(graph_of(text))
    assert result.conforms, validate.render(result)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(data=st.one_of(st.binary(max_size=400),
                      st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
                      st.text(st.characters(exclude_categories=("Cs",)), max_size=200).map(
                          lambda t: t.encode("utf-16"))),
       suffix=st.sampled_from([".txt", ".html", ".md"]))
def test_any_bytes_are_read_or_refused_cleanly(tmp_path_factory, data: bytes, suffix: str) -> None:  # type: ignore[no-untyped-def]
    from kg import reader

    path = tmp_path_factory.mktemp("bytes") / f"r{suffix}"
    path.write_bytes(data)
    try:
        report = reader.read_report(path, any_language=True)
    except reader.InputError as err:
        assert str(err).startswith(str(path))
        return
    assert report.text.strip()
    report.text.encode("utf-8")  # no lone surrogates reach the graph
