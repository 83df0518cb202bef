"""SHACL validation: every graph the pipeline builds conforms; each broken graph is caught."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import inprocess
import pyoxigraph as ox
import pytest

from kg import mapping, store, validate
from tests.conftest import ROOT, SEED, require_seed

pytestmark = pytest.mark.model

PREFIXES = """
PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX actor: <https://w3id.org/conflict-kg/actor/>
PREFIX place: <https://w3id.org/conflict-kg/place/>
PREFIX report: <https://w3id.org/conflict-kg/report/>
"""
REPORT = "https://w3id.org/conflict-kg/report/test"


def kg(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return inprocess.kg(*args, cwd=cwd)


@pytest.fixture(scope="module")
def seed_text() -> str:
    require_seed()
    return SEED.read_text(encoding="utf-8")


@pytest.fixture()
def seed_graph(graph_of, seed_text: str) -> ox.Store:  # type: ignore[no-untyped-def]
    return graph_of(seed_text, date(2021, 6, 10))


def test_the_seed_report_graph_conforms(seed_graph: ox.Store) -> None:
    result = validate.validate_store(seed_graph)
    assert result.conforms, validate.render(result)


@pytest.mark.parametrize("args", [(str(SEED), "--date", "2021-06-10"), (str(ROOT / "seeds"),)],
                         ids=["seed-report", "seeds-folder"])
def test_built_files_conform(tmp_path: Path, args: tuple[str, ...]) -> None:
    """The seed report with --date, and every report in seeds/ (one named graph each), conform."""
    if args[0] == str(SEED):
        require_seed()
    out = tmp_path / "graph.trig"
    built = kg("build", *args, "-o", str(out))
    assert built.returncode == 0, built.stderr
    checked = kg("validate", "--graph", str(out))
    assert checked.returncode == 0, f"{args[0]}:\n{checked.stdout}{checked.stderr}"
    assert checked.stdout.startswith("conforms")
    reports = {g.value for g in store.load_graph(out).named_graphs() if "/report/" in g.value}
    expected = 1 if len(args) > 1 else len(list((ROOT / "seeds").glob("*.txt")))
    assert len(reports) == expected


# Each case breaks the seed graph in one way (a SPARQL update) and names the path the
# violation must be reported on.
BROKEN = [
    ("event without a report",
     "DELETE { GRAPH ?g { ?e ckg:inReport ?r } } WHERE { GRAPH ?g { ?e ckg:killed ?k0 ; ckg:inReport ?r } }",
     "ckg:inReport"),
    ("event without participants or a reason",
     "DELETE { GRAPH ?g { ?e ckg:agent ?a . ?e ckg:target ?t . ?e ckg:place ?p } } "
     "WHERE { GRAPH ?g { ?e ckg:killed ?k0 . OPTIONAL { ?e ckg:agent ?a } OPTIONAL { ?e ckg:target ?t } "
     "OPTIONAL { ?e ckg:place ?p } } }",
     ""),
    ("mention past the end of the report",
     "DELETE { GRAPH ?g { ?m ckg:end ?e } } INSERT { GRAPH ?g { ?m ckg:end 99999 } } "
     "WHERE { GRAPH ?g { ?m a ckg:Mention ; ckg:end ?e } } ",
     ""),
    ("mention ending before it starts",
     "DELETE { GRAPH ?g { ?m ckg:start ?s } } INSERT { GRAPH ?g { ?m ckg:start 5000 } } "
     "WHERE { GRAPH ?g { ?m a ckg:Mention ; ckg:start ?s } }",
     "ckg:start"),
    ("negative offset",
     "DELETE { GRAPH ?g { ?m ckg:start ?s } } INSERT { GRAPH ?g { ?m ckg:start -1 } } "
     "WHERE { GRAPH ?g { ?m a ckg:Sentence ; ckg:start ?s } }",
     "ckg:start"),
    ("offset as a string",
     "DELETE { GRAPH ?g { ?m ckg:end ?s } } INSERT { GRAPH ?g { ?m ckg:end \"12\" } } "
     "WHERE { GRAPH ?g { ?m a ckg:Mention ; ckg:end ?s } }",
     "ckg:end"),
    ("negative casualty count",
     "DELETE { GRAPH ?g { ?c ckg:count ?n } } INSERT { GRAPH ?g { ?c ckg:count -3 } } "
     "WHERE { GRAPH ?g { ?c a ckg:CasualtyClaim ; ckg:count ?n } }",
     "ckg:count"),
    ("fractional killed figure",
     "INSERT { GRAPH ?g { ?e ckg:killed 2.5 } } WHERE { GRAPH ?g { ?e ckg:killed ?k0 } }",
     "ckg:killed"),
    ("sameAs outside Wikidata and DBpedia",
     "INSERT DATA { GRAPH <https://w3id.org/conflict-kg/graph/kb> { "
     "actor:hayat-tahrir-al-sham owl:sameAs <http://example.org/hts> } }",
     "owl:sameAs"),
    ("sameAs to a Wikidata property, not an item",
     "INSERT DATA { GRAPH <https://w3id.org/conflict-kg/graph/kb> { "
     "actor:hayat-tahrir-al-sham owl:sameAs <http://www.wikidata.org/entity/P31> } }",
     "owl:sameAs"),
    ("claim whose source is a place",
     "INSERT { GRAPH ?g { ?c ckg:source place:idlib-governorate } } "
     "WHERE { GRAPH ?g { ?c a ckg:CasualtyClaim } }",
     "ckg:source"),
    ("statement whose source is a place",
     "INSERT { GRAPH ?g { ?s ckg:source place:idlib-governorate } } WHERE { GRAPH ?g { ?s a ckg:Statement } }",
     "ckg:source"),
    ("ill-formed date",
     "DELETE { GRAPH ?g { ?e ckg:date ?d } } INSERT { GRAPH ?g { ?e ckg:date \"2021-13-45\"^^xsd:date } } "
     "WHERE { GRAPH ?g { ?e ckg:killed ?k0 ; ckg:date ?d } }",
     "ckg:date"),
    ("date as a plain string",
     "DELETE { GRAPH ?g { ?e ckg:date ?d } } INSERT { GRAPH ?g { ?e ckg:date \"last Thursday\" } } "
     "WHERE { GRAPH ?g { ?e ckg:killed ?k0 ; ckg:date ?d } }",
     "ckg:date"),
    ("unknown modality",
     "DELETE { GRAPH ?g { ?e ckg:modality ?m } } INSERT { GRAPH ?g { ?e ckg:modality \"rumoured\" } } "
     "WHERE { GRAPH ?g { ?e ckg:killed ?k0 ; ckg:modality ?m } }",
     "ckg:modality"),
    ("statement whose triple is not asserted",
     "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?st a ckg:Statement ; rdf:subject ?s ; "
     "rdf:predicate ?p ; rdf:object ?o } }",
     ""),
    ("actor typed with two disjoint classes",
     "INSERT DATA { GRAPH <https://w3id.org/conflict-kg/graph/kb> { actor:hayat-tahrir-al-sham a ckg:State } }",
     ""),
    ("locatedIn cycle",
     "INSERT DATA { GRAPH <https://w3id.org/conflict-kg/graph/kb> { "
     "<https://w3id.org/conflict-kg/country/syria> ckg:locatedIn place:idlib-governorate } }",
     ""),
    ("report length missing",
     "DELETE { GRAPH ?g { ?r ckg:length ?n } } WHERE { GRAPH ?g { ?r a ckg:Report ; ckg:length ?n } }",
     "ckg:length"),
]


@pytest.mark.parametrize(("case", "update", "path"), BROKEN, ids=[c[0] for c in BROKEN])
def test_a_broken_graph_is_caught(seed_graph: ox.Store, case: str, update: str, path: str) -> None:
    before = len(seed_graph)
    seed_graph.update(PREFIXES + update)
    assert len(seed_graph) != before or "DELETE" in update, f"{case}: the update changed nothing"
    result = validate.validate_store(seed_graph)
    assert not result.conforms
    if path:
        assert path in {v.path for v in result.violations}, validate.render(result)
    report_graph = [v for v in result.violations if REPORT in v.graphs or v.focus.startswith(REPORT)]
    kb_graph = [v for v in result.violations if str(mapping.KB_GRAPH.value) in v.graphs]
    assert report_graph or kb_graph, validate.render(result)


def test_the_report_names_focus_path_message_and_graph(seed_graph: ox.Store) -> None:
    seed_graph.update(PREFIXES + "DELETE { GRAPH ?g { ?c ckg:count ?n } } INSERT { GRAPH ?g { ?c ckg:count -3 } } "
                      "WHERE { GRAPH ?g { ?c a ckg:CasualtyClaim ; ckg:count ?n } }")
    text = validate.render(validate.validate_store(seed_graph))
    assert text.startswith("does not conform")
    for needle in ("graph:   report:test", "focus:   report:test/event/", "path:    ckg:count",
                   "value:   -3", "message: a casualty claim has exactly one ckg:count"):
        assert needle in text, text


def test_cli_exit_codes(tmp_path: Path, seed_graph: ox.Store) -> None:
    good, bad = tmp_path / "good.trig", tmp_path / "bad.trig"
    seed_graph.dump(str(good), format=ox.RdfFormat.TRIG)
    seed_graph.update(PREFIXES + "INSERT { GRAPH ?g { ?e ckg:killed -1 } } WHERE { GRAPH ?g { ?e ckg:killed ?k0 } }")
    seed_graph.dump(str(bad), format=ox.RdfFormat.TRIG)
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    assert kg("validate", "--graph", str(good)).returncode == 0
    failed = kg("validate", "--graph", str(bad))
    assert failed.returncode == 1 and "ckg:killed" in failed.stdout
    unreadable = kg("validate", "--graph", str(broken))
    assert unreadable.returncode == 2 and "not valid Turtle" in unreadable.stderr


@pytest.mark.parametrize(("content", "message"), [(None, "no such shapes file"), ("<a> <b> .", "not valid Turtle")],
                         ids=["missing", "malformed"])
def test_unusable_shapes_are_an_error(tmp_path: Path, seed_graph: ox.Store, content: str | None,
                                      message: str) -> None:
    shapes = tmp_path / "shapes.ttl"
    if content is not None:
        shapes.write_text(content, encoding="utf-8")
    with pytest.raises(validate.ValidationError, match=message):
        validate.validate_store(seed_graph, shapes)


def test_reports_carry_their_length(seed_graph: ox.Store, seed_text: str) -> None:
    rows = list(seed_graph.query(PREFIXES + "SELECT ?n WHERE { GRAPH ?g { ?r a ckg:Report ; ckg:length ?n } }"))
    assert [int(r["n"].value) for r in rows] == [len(seed_text)]


def test_events_without_participants_say_why(seed_graph: ox.Store) -> None:
    rows = list(seed_graph.query(PREFIXES + """
        SELECT ?e ?why WHERE { GRAPH ?g { ?e ckg:modality ?m
            FILTER NOT EXISTS { ?e ckg:agent|ckg:target|ckg:place ?x }
            OPTIONAL { ?e ckg:noParticipantReason ?why } } }"""))
    assert rows, "the seed report has an event with no participant (the displacement)"
    assert all(r["why"] is not None and r["why"].value == mapping.NO_PARTICIPANT for r in rows)
    with_parts = list(seed_graph.query(PREFIXES + """
        SELECT ?e WHERE { ?e ckg:noParticipantReason ?why ; ckg:agent|ckg:target|ckg:place ?x }"""))
    assert not with_parts
