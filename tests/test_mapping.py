"""RDF mapping: deterministic IRIs, Turtle round trip, provenance of every statement."""

from __future__ import annotations

import io
from dataclasses import replace

import pyoxigraph as ox
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg import mapping

TEXT = ("At least 12 people were killed on Thursday in bombings by the Syrian regime in Idlib province, "
        "the Syrian Observatory for Human Rights said. HTS, the Syrian arm of al Qaeda, controls most of Idlib.")


def _turtle(store: ox.Store) -> str:
    out = io.BytesIO()
    ox.serialize([q.triple for q in store], out, ox.RdfFormat.TURTLE)
    return out.getvalue().decode("utf-8")


def test_same_text_gives_the_same_graph(graph_of) -> None:  # type: ignore[no-untyped-def]
    a = rdflib.Graph().parse(data=_turtle(graph_of(TEXT)), format="turtle")
    b = rdflib.Graph().parse(data=_turtle(graph_of(TEXT)), format="turtle")
    assert isomorphic(a, b)


def test_turtle_round_trip_is_isomorphic(graph_of, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from kg.store import write_quads

    store = graph_of(TEXT)
    path = tmp_path / "g.ttl"
    write_quads(list(store), path)
    original = rdflib.Graph().parse(data=_turtle(store), format="turtle")
    reread = rdflib.Graph().parse(path, format="turtle")
    if not isomorphic(original, reread):
        _, only_a, only_b = graph_diff(to_isomorphic(original), to_isomorphic(reread))
        raise AssertionError(f"round trip differs:\n{only_a.serialize(format='nt')}\n---\n{only_b.serialize(format='nt')}")


def test_no_blank_nodes(graph_of) -> None:  # type: ignore[no-untyped-def]
    assert not any(isinstance(t, ox.BlankNode) for q in graph_of(TEXT) for t in (q.subject, q.object))


def test_every_statement_points_at_its_evidence(graph_of) -> None:  # type: ignore[no-untyped-def]
    store = graph_of(TEXT)
    rows = list(store.query(
        """PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
           PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
           SELECT ?s ?start ?end ?text ?method WHERE {
             ?s a ckg:Statement ; ckg:method ?method ; ckg:mention ?m .
             ?m ckg:start ?start ; ckg:end ?end ; ckg:text ?text }""",
        use_default_graph_as_union=True))
    assert rows
    for row in rows:
        start, end = int(row["start"].value), int(row["end"].value)
        assert TEXT[start:end] == row["text"].value


def test_mention_offsets_match_the_text(graph_of) -> None:  # type: ignore[no-untyped-def]
    store = graph_of(TEXT)
    rows = list(store.query(
        """PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
           SELECT ?start ?end ?text WHERE { ?m a ckg:Mention ; ckg:start ?start ; ckg:end ?end ; ckg:text ?text }""",
        use_default_graph_as_union=True))
    assert len(rows) > 5
    assert all(TEXT[int(r["start"].value):int(r["end"].value)] == r["text"].value for r in rows)


def test_report_iri_is_a_slug() -> None:
    assert mapping.report_iri("../../etc/Passwd x").value == "https://w3id.org/conflict-kg/report/etc-passwd-x"


def test_kb_slice_keeps_located_in_chain(kb) -> None:  # type: ignore[no-untyped-def]
    quads = list(mapping.kb_quads(kb, {"https://w3id.org/conflict-kg/place/saraqib"}))
    subjects = {q.subject.value for q in quads}
    assert "https://w3id.org/conflict-kg/country/syria" in subjects


def test_literals_are_escaped_as_oxigraph_writes_them() -> None:
    text = "".join(chr(c) for c in range(0x80)) + "é\u2028\ufeff\U0001F600\u0085 \"q\" \\ end"
    quad = ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"),
                   ox.Literal(text), ox.NamedNode("http://example.org/g"))
    written = ox.serialize([quad], format=ox.RdfFormat.N_QUADS).decode("utf-8")
    assert mapping.quoted(text) in written
    assert written.count(mapping.quoted(text)) == 1


def test_report_graph_is_strict_n_quads_and_names_what_it_uses(resolve_text, kb) -> None:  # type: ignore[no-untyped-def]
    hostile = ('HTS "fighters" said \\ they\ttook Saraqib;\r\nthe Syrian regime\x07 shelled Idlib, '
               'according to the SOHR.')
    resolved = resolve_text(hostile)
    meta = replace(resolved.extraction.report.meta, title='a "title"\n\\', url="http://bad url/x",
                   publisher="Agence\x0bX")
    report = replace(resolved.extraction.report, meta=meta)
    resolved = replace(resolved, extraction=replace(resolved.extraction, report=report))
    graph = mapping.report_graph(resolved)
    parsed = list(ox.parse(graph.nquads, format=ox.RdfFormat.N_QUADS))  # strict: raises on a bad line
    assert len(parsed) == graph.quads == len(set(parsed))
    assert {q.object.value for q in parsed if q.predicate.value.endswith("/title")} == {'a "title"\n\\'}
    assert {q.object for q in parsed if q.predicate.value == "https://schema.org/url"} == {ox.Literal("http://bad url/x")}
    used = {i for i in mapping.referenced(parsed) if i in kb.entities}
    assert used and {i for i in graph.iris if i in kb.entities} == used
    assert mapping.report_quads(resolved) == parsed
