"""Shared fixtures: the knowledge base and the pipeline are loaded once per test session."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import inprocess
import pyoxigraph as ox
import pytest
import spacy

from kg import kb as kb_module
from kg import mapping, summary
from kg.nlp import Extractor
from kg.records import Extraction, Report, ReportMeta, Resolved
from kg.resolve import Resolver

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_226ad4745657d494.txt"
NO_MODEL = ROOT / "tests" / "no_model"  # a stand-in model package that refuses to load


#: fixtures that load the English model; a test using one (directly or through another
#: fixture) is marked `model`, so `pytest -m "not model"` is the fast tier
MODEL_FIXTURES = frozenset({"extractor", "extract", "resolve_text", "graph_of"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)


_GUARDS: dict[str, pytest.MonkeyPatch] = {}


def _refuse(name: str, *args: object, **kwargs: object) -> None:
    raise AssertionError(f"this test loads the spaCy model {name!r}: mark it with pytest.mark.model")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test without the `model` mark that loads the model, in its process or in one it starts
    (`kg build`), fails and says so, module fixtures included: the fast tier stays fast."""
    if item.get_closest_marker("model") is not None:
        return
    guard = _GUARDS[item.nodeid] = pytest.MonkeyPatch()
    guard.setattr(spacy, "load", _refuse)
    guard.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(NO_MODEL), os.environ.get("PYTHONPATH")])))


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    guard = _GUARDS.pop(item.nodeid, None)
    if guard is not None:
        guard.undo()


@pytest.fixture(scope="session")
def kb() -> kb_module.KnowledgeBase:
    return inprocess.knowledge_base()


@pytest.fixture(scope="session")
def extractor(kb: kb_module.KnowledgeBase) -> Extractor:
    return inprocess.extractor()  # the one a build run by `inprocess.kg` uses too


@pytest.fixture(scope="session")
def resolver(kb: kb_module.KnowledgeBase) -> Resolver:
    return inprocess.resolver()


def require_seed() -> None:
    """Skip, saying why, when the original seed report is not beside the checkout."""
    if not SEED.is_file():
        pytest.skip(f"the seed report {SEED} is absent (../shared is not beside the checkout)")


def make_report(text: str, published: date | None = date(2021, 6, 10), rid: str = "test") -> Report:
    return Report(ReportMeta(id=rid, date=published), text, "0" * 64)


@pytest.fixture(scope="session")
def extract(extractor: Extractor):  # type: ignore[no-untyped-def]
    def run(text: str, published: date | None = date(2021, 6, 10)) -> Extraction:
        return extractor.extract(make_report(text, published))
    return run


@pytest.fixture(scope="session")
def resolve_text(extract, resolver: Resolver):  # type: ignore[no-untyped-def]
    def run(text: str, published: date | None = date(2021, 6, 10)) -> Resolved:
        return resolver.resolve(extract(text, published))
    return run


@pytest.fixture(scope="session")
def graph_of(resolve_text, kb):  # type: ignore[no-untyped-def]
    """An in-memory store with one text's graph, the knowledge base slice and the ontology."""
    def run(text: str, published: date | None = date(2021, 6, 10)) -> ox.Store:
        quads = mapping.report_quads(resolve_text(text, published))
        store = ox.Store()
        store.extend(quads)
        store.extend(mapping.kb_quads(kb, mapping.referenced(quads)))
        store.extend(mapping.ontology_quads(str(ROOT / "ontology" / "conflict-kg.ttl"),
                                            str(ROOT / "ontology" / "crosswalk.ttl")))
        return summary.complete(store, kb)  # as a build gives a store its corpus figures
    return run


def short(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def resolved_words(resolved, word: str) -> list[str]:  # type: ignore[no-untyped-def]
    """What each mention of `word` in a resolved report was resolved to, by short IRI."""
    return [short(r.entity.iri) for i, r in resolved.resolutions.items()
            if resolved.extraction.mentions[i].text == word]


# ---------------------------------------------------------------- servers on loopback

DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def wikidata_server():  # type: ignore[no-untyped-def]
    """A real `oxigraph serve` holding the Wikidata-shaped fixture; yields its base URL."""
    from servers import load, oxigraph_server

    with oxigraph_server() as base:
        load(base, DATA / "wikidata-fixture.ttl")
        yield base


@pytest.fixture()
def empty_server():  # type: ignore[no-untyped-def]
    """A fresh, empty `oxigraph serve` for one test; yields its base URL."""
    from servers import oxigraph_server

    with oxigraph_server() as base:
        yield base
