"""`kg reason`: HermiT consistency within limits, and OWL 2 RL inferences in their own graph."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import inprocess
import pyoxigraph as ox
import pytest

from kg import mapping, reason
from tests.conftest import ROOT

CKG = "https://w3id.org/conflict-kg/ontology#"
ACTOR = "https://w3id.org/conflict-kg/actor/"
PLACE = "https://w3id.org/conflict-kg/place/"
COUNTRY = "https://w3id.org/conflict-kg/country/"
needs_java = pytest.mark.skipif(reason.java_path() is None, reason="HermiT needs a Java runtime")

CLASHING = (
    "@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    "<https://w3id.org/conflict-kg/actor/x> a ckg:State, ckg:ArmedGroup ; skos:prefLabel \"X\" .\n"
)
CONSISTENT = (
    "@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    "<https://w3id.org/conflict-kg/actor/x> a ckg:ArmedGroup ; skos:prefLabel \"X\" ;\n"
    "    ckg:opposes <https://w3id.org/conflict-kg/country/syria> .\n"
)


def kg(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return inprocess.kg(*args, cwd=ROOT, env=env)


def kb_store() -> ox.Store:
    return reason.knowledge_base()


@pytest.fixture(scope="module")
def inferred() -> set[tuple[str, str, str]]:
    found = reason.materialise(kb_store())
    assert all(q.graph_name == reason.INFERRED_GRAPH for q in found.quads)
    return {(q.subject.value, q.predicate.value, q.object.value) for q in found.quads}


@pytest.mark.parametrize(("s", "p", "o"), [
    (PLACE + "saraqib", CKG + "locatedIn", COUNTRY + "syria"),            # town -> district -> governorate -> country
    (PLACE + "saraqib", CKG + "locatedIn", PLACE + "idlib-governorate"),
    (PLACE + "saraqib", "https://schema.org/containedInPlace", COUNTRY + "syria"),  # superproperty
    (ACTOR + "womens-protection-units", CKG + "affiliatedWith", ACTOR + "democratic-union-party"),  # chain
    (ACTOR + "islamic-state", CKG + "opposes", COUNTRY + "russia"),     # symmetric
    (ACTOR + "hayat-tahrir-al-sham", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", CKG + "Actor"),
    (ACTOR + "hayat-tahrir-al-sham", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
     "http://www.w3.org/ns/prov#Agent"),
])
def test_rules_derive(inferred: set[tuple[str, str, str]], s: str, p: str, o: str) -> None:
    assert (s, p, o) in inferred


@pytest.mark.parametrize(("s", "p", "o"), [
    # a successor may have broken with its predecessor's allies
    (ACTOR + "hayat-tahrir-al-sham", CKG + "affiliatedWith", ACTOR + "al-qaeda"),
    # membership is not affiliation
    (COUNTRY + "syria", CKG + "affiliatedWith", ACTOR + "united-nations"),
    # asserted triples are not repeated in the inferred graph
    (COUNTRY + "russia", CKG + "opposes", ACTOR + "islamic-state"),
])
def test_rules_do_not_derive(inferred: set[tuple[str, str, str]], s: str, p: str, o: str) -> None:
    assert (s, p, o) not in inferred


def test_inverse_properties_are_mirrored() -> None:
    db = kb_store()
    db.add(ox.Quad(ox.NamedNode(ACTOR + "hayat-tahrir-al-sham"), ox.NamedNode(CKG + "controls"),
                   ox.NamedNode(PLACE + "idlib-governorate"), mapping.KB_GRAPH))
    found = {(q.subject.value, q.predicate.value, q.object.value) for q in reason.materialise(db).quads}
    assert (PLACE + "idlib-governorate", CKG + "controlledBy", ACTOR + "hayat-tahrir-al-sham") in found


def test_rules_find_disjoint_classes() -> None:
    db = kb_store()
    db.extend(ox.Quad(q.subject, q.predicate, q.object, mapping.KB_GRAPH)
              for q in ox.parse(CLASHING, format=ox.RdfFormat.TURTLE))
    clashes = reason.materialise(db).clashes
    assert [(c.individual, c.first, c.second) for c in clashes] == [(ACTOR + "x", CKG + "ArmedGroup", CKG + "State")]
    assert not reason.materialise(kb_store()).clashes


def test_old_inferences_are_replaced() -> None:
    db = kb_store()
    stale = ox.Quad(ox.NamedNode(ACTOR + "x"), ox.NamedNode(CKG + "opposes"), ox.NamedNode(ACTOR + "y"),
                    reason.INFERRED_GRAPH)
    db.add(stale)
    quads = reason.materialise(db).quads
    assert stale not in quads and quads


def test_a_large_graph_is_materialised_quickly() -> None:
    """Thousands of individuals (where HermiT takes minutes): the rules take seconds."""
    db = kb_store()
    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    located = ox.NamedNode(CKG + "locatedIn")
    for n in range(5000):
        town = ox.NamedNode(f"{PLACE}town-{n}")
        db.add(ox.Quad(town, a, ox.NamedNode(CKG + "Settlement"), mapping.KB_GRAPH))
        db.add(ox.Quad(town, located, ox.NamedNode(PLACE + "idlib-district"), mapping.KB_GRAPH))
    started = time.perf_counter()
    found = reason.materialise(db, timeout=120)
    assert time.perf_counter() - started < 60
    assert ox.Quad(ox.NamedNode(f"{PLACE}town-4999"), located, ox.NamedNode(COUNTRY + "syria"),
                   reason.INFERRED_GRAPH) in found.quads


# ---------------------------------------------------------------- the command


@pytest.fixture()
def clashing(tmp_path: Path) -> Path:
    path = tmp_path / "clash.ttl"
    path.write_text(CLASHING, encoding="utf-8")
    return path


@pytest.fixture()
def consistent(tmp_path: Path) -> Path:
    path = tmp_path / "ok.ttl"
    path.write_text(CONSISTENT, encoding="utf-8")
    return path


def test_cli_refuses_an_inconsistent_graph_without_java(clashing: Path) -> None:
    done = kg("reason", "--graph", str(clashing), "--no-hermit")
    assert done.returncode == 1
    assert "actor/x is both" in done.stderr and "ArmedGroup" in done.stderr


def test_cli_writes_the_inferred_graph(consistent: Path, tmp_path: Path) -> None:
    out = tmp_path / "inferred.trig"
    done = kg("reason", "--graph", str(consistent), "--no-hermit", "-o", str(out))
    assert done.returncode == 0, done.stderr
    quads = list(ox.parse(path=str(out), format=ox.RdfFormat.TRIG))
    assert {q.graph_name for q in quads} == {reason.INFERRED_GRAPH}
    assert ox.Quad(ox.NamedNode(COUNTRY + "syria"), ox.NamedNode(CKG + "opposes"), ox.NamedNode(ACTOR + "x"),
                   reason.INFERRED_GRAPH) in quads


def test_cli_keeps_the_inferred_graph_in_the_store(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    db = ox.Store(str(folder))
    db.extend(kb_store().quads_for_pattern(None, None, None, None))
    db.flush()
    del db
    for _ in range(2):  # a second run replaces the graph, it does not pile up
        done = kg("reason", "--store", str(folder), "--no-hermit")
        assert done.returncode == 0, done.stderr
    db = ox.Store(str(folder))
    town = (ox.NamedNode(PLACE + "saraqib"), ox.NamedNode(CKG + "locatedIn"), ox.NamedNode(COUNTRY + "syria"))
    assert ox.Quad(*town, reason.INFERRED_GRAPH) in db
    assert len(list(db.quads_for_pattern(*town, None))) == 1


def test_cli_without_a_store_reasons_over_the_knowledge_base(tmp_path: Path) -> None:
    out = tmp_path / "kb-inferred.nq"
    done = kg("reason", "--store", str(tmp_path / "none"), "--no-hermit", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "the ontology and the knowledge base" in done.stderr
    town = ox.Quad(ox.NamedNode(PLACE + "saraqib"), ox.NamedNode(CKG + "locatedIn"), ox.NamedNode(COUNTRY + "syria"),
                   reason.INFERRED_GRAPH)
    assert town in set(ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS))
    assert not (tmp_path / "none").exists()


def test_cli_without_java_is_a_clear_error(consistent: Path, tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    done = kg("reason", "--graph", str(consistent), env={"PATH": str(empty), "HOME": str(tmp_path)})
    assert done.returncode == 2
    assert "Java" in done.stderr and "Traceback" not in done.stderr


def test_cli_refuses_a_graph_over_the_size_limit(consistent: Path) -> None:
    done = kg("reason", "--graph", str(consistent), "--max-individuals", "5")
    assert done.returncode == 1
    assert "over the limit of 5" in done.stderr and "--max-individuals" in done.stderr


@needs_java
def test_cli_refuses_beyond_the_time_limit(consistent: Path) -> None:
    started = time.perf_counter()
    done = kg("reason", "--graph", str(consistent), "--timeout", "0.2")
    assert done.returncode == 1
    assert "within the limit of 0.2 s" in done.stderr
    assert time.perf_counter() - started < 30


@needs_java
def test_hermit_finds_the_clash_in_a_graph(clashing: Path) -> None:
    done = kg("reason", "--graph", str(clashing))
    assert done.returncode == 1
    assert "HermiT: inconsistent" in done.stderr
    assert "actor/x is both" in done.stderr, "the rules explain what HermiT found"


@needs_java
def test_hermit_accepts_a_consistent_graph(consistent: Path) -> None:
    done = kg("reason", "--graph", str(consistent))
    assert done.returncode == 0, done.stderr
    assert "HermiT: consistent" in done.stderr
