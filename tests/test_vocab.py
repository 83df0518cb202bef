"""Only kg/vocab.py spells the project's namespace; everything else asks it for IRIs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kg
from kg import vocab

PACKAGE = Path(kg.__file__).resolve().parent
NAMESPACE = "w3id.org/conflict-kg"
#: an IRI glued from a namespace and a name: `CKG + "x"`, `BASE + "x"`, f"{BASE}x", f"{CKG}x"
GLUED = re.compile(r"\b(?:CKG|BASE)\s*\+\s*[\"'fA-Za-z]|\{(?:CKG|BASE)\}[A-Za-z]")


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name != "vocab.py")


def test_namespace_is_spelt_only_in_the_vocabulary() -> None:
    spelt = [str(p.relative_to(PACKAGE)) for p in _modules() if NAMESPACE in p.read_text(encoding="utf-8")]
    assert spelt == []


def test_no_module_glues_an_iri_from_a_namespace() -> None:
    glued = [str(p.relative_to(PACKAGE)) for p in _modules() if GLUED.search(p.read_text(encoding="utf-8"))]
    assert glued == []


@pytest.mark.parametrize(("text", "glued"), [('CKG + "isoCode"', True), ('f"{BASE}place/{x}"', True),
                                             ("BASE + name", True), ('STRSTARTS(STR(?p), "{CKG}")', False),
                                             ("vocab.term('leads')", False)])
def test_the_glue_pattern(text: str, glued: bool) -> None:
    assert bool(GLUED.search(text)) is glued


@pytest.mark.parametrize(("made", "expected"), [
    (vocab.term("Actor"), "https://w3id.org/conflict-kg/ontology#Actor"),
    (vocab.report_iri("r1"), "https://w3id.org/conflict-kg/report/r1"),
    (vocab.event_iri("ab12"), "https://w3id.org/conflict-kg/event/ab12"),
    (vocab.actor_iri("x"), "https://w3id.org/conflict-kg/actor/x"),
    (vocab.place_iri("y"), "https://w3id.org/conflict-kg/place/y"),
    (vocab.link_iri("https://w3id.org/conflict-kg/actor/x", "h"), "https://w3id.org/conflict-kg/link/actor/x"),
    (vocab.link_iri("http://example.org/x", "h"), "https://w3id.org/conflict-kg/link/x/h"),
    (vocab.KB_GRAPH, "https://w3id.org/conflict-kg/graph/kb"),
    (vocab.short("https://w3id.org/conflict-kg/actor/x"), "actor/x"),
])
def test_iris(made: str, expected: str) -> None:
    assert made == expected


@pytest.mark.parametrize("name", ["Actr", "agnet", "mergedfrom"])
def test_a_misspelt_term_raises(name: str) -> None:
    with pytest.raises(AttributeError):
        vocab.term(name)
