"""Saved queries parse and keep their header; the seed graph carries its curated Wikidata links."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import inprocess
import pytest
from rdflib.plugins.sparql import prepareQuery

from kg import paths

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "000_226ad4745657d494.txt"
IDENTIFIERS = ROOT.parent / "shared" / "identifiers.tsv"
QUERIES = sorted(paths.queries_dir().glob("*.rq"))
WD = "http://www.wikidata.org/entity/"
B = "https://w3id.org/conflict-kg/"

# Curated actors and places of the seed report with a Wikidata ID verified in a source
# (../shared/identifiers.tsv, status `seen`, or the source noted in ontology/kb).
SEED_ACTORS = {
    "country/syria": "Q858", "country/russia": "Q159", "country/turkey": "Q43",
    "country/united-kingdom": "Q145", "actor/syrian-government": "Q113519305",
    "actor/afp": "Q40464", "actor/csto": "Q318693", "actor/al-qaeda": "Q34490",
}
SEED_PLACES = {
    "place/idlib-governorate": "Q233218", "place/hama-governorate": "Q232355",
    "place/latakia-governorate": "Q233236", "country/syria": "Q858",
}


def _header(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]


@pytest.mark.parametrize("path", QUERIES, ids=[p.stem for p in QUERIES])
def test_query_parses_and_has_a_header(path: Path) -> None:
    header = _header(path)
    assert header and any(h.startswith("# Parameters:") for h in header)
    prepareQuery(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["links", "wikidata-armed-groups"])
def test_link_queries_document_their_columns(name: str) -> None:
    path = paths.queries_dir() / f"{name}.rq"
    columns = next(h for h in _header(path) if h.startswith("# Columns:"))
    projected = [str(v) for v in prepareQuery(path.read_text(encoding="utf-8")).algebra["PV"]]
    assert projected == [c.lstrip("?") for c in columns.split(":", 1)[1].split()]


def test_federated_query_calls_wikidata() -> None:
    text = (paths.queries_dir() / "wikidata-armed-groups.rq").read_text(encoding="utf-8")
    assert "SERVICE <https://query.wikidata.org/sparql>" in text


def _verified() -> set[str]:
    rows = csv.DictReader(IDENTIFIERS.open(encoding="utf-8"), delimiter="\t")
    return {r["wikidata"] for r in rows if r["status"] == "seen"}


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    if not SEED.is_file():
        pytest.skip(f"{SEED} is absent (../shared is not beside the checkout)")
    out = tmp_path_factory.mktemp("seed") / "seed.trig"
    done = inprocess.kg("build", str(SEED), "-o", str(out), "--date", "2021-06-10")
    assert done.returncode == 0, done.stderr
    return out


def _query(name: str, graph: Path) -> list[dict[str, str]]:
    done = inprocess.kg("query", name, "--graph", str(graph), "--format", "csv")
    assert done.returncode == 0, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


@pytest.mark.model
def test_seed_actors_carry_their_curated_wikidata_links(seed_graph: Path) -> None:
    found = {r["actor"].removeprefix(B): r["wikidata"].removeprefix(WD) for r in _query("actors", seed_graph)}
    assert {k: found.get(k) for k in SEED_ACTORS} == SEED_ACTORS
    assert {q for q in found.values() if q} >= (_verified() & set(SEED_ACTORS.values()))


@pytest.mark.model
def test_seed_places_carry_their_curated_wikidata_links(seed_graph: Path) -> None:
    rows = _query("links", seed_graph)
    curated = {(r["entity"].removeprefix(B), r["target"].removeprefix(WD)) for r in rows if r["link"] == "curated"}
    assert set(SEED_PLACES.items()) <= curated
    assert not [r for r in rows if r["link"] == "automatic"]  # kg build never guesses a link
