from pathlib import Path

import pytest
import rdflib

from kg import paths, reason
from kg.vocab import CKG

NS = "https://w3id.org/conflict-kg/ontology#"


def _terms() -> set[str]:
    g = rdflib.Graph().parse(paths.ontology_file())
    return {str(s)[len(NS):] for s in g.subjects() if str(s).startswith(NS) and str(s) != NS}


def test_vocabulary_module_matches_the_ontology() -> None:
    declared = set(CKG.__annotations__)
    assert declared == _terms()


def test_closed_namespace_refuses_a_misspelt_term() -> None:
    with pytest.raises(AttributeError):
        CKG.Atack  # noqa: B018


@pytest.mark.parametrize("cls", ["Actor", "State", "ArmedGroup", "Organization", "Person", "Place",
                                 "Event", "Attack", "Agreement", "Ceasefire", "AirStrike", "Takeover"])
def test_core_classes_have_labels_and_definitions(cls: str) -> None:
    g = rdflib.Graph().parse(paths.ontology_file())
    node = rdflib.URIRef(NS + cls)
    assert g.value(node, rdflib.RDFS.label) is not None
    assert g.value(node, rdflib.SKOS.definition) is not None


needs_java = pytest.mark.skipif(reason.java_path() is None, reason="HermiT needs a Java runtime")


@needs_java
def test_ontology_and_knowledge_base_are_consistent() -> None:
    result = reason.check()
    assert result.consistent, result.message


@needs_java
def test_hermit_finds_an_inconsistency(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .\n"
        "<https://w3id.org/conflict-kg/actor/x> a ckg:State, ckg:ArmedGroup .\n",
        encoding="utf-8",
    )
    result = reason.check([paths.ontology_file(), bad])
    assert not result.consistent


def test_missing_java_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reason, "java_path", lambda: None)
    with pytest.raises(reason.ReasonerUnavailable, match="Java"):
        reason.check([paths.ontology_file()])
