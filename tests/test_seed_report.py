"""The original seed report, built through the CLI, answers the named queries as expected."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import inprocess
import pytest
from conftest import SEED

pytestmark = [pytest.mark.model,  # the seed report is built with kg build
              pytest.mark.skipif(not SEED.is_file(), reason=f"the seed report {SEED} is absent (../shared not beside the checkout)")]

KG = "https://w3id.org/conflict-kg/"
ONT = KG + "ontology#"


def _kg(*args: str) -> subprocess.CompletedProcess[str]:
    return inprocess.kg(*args)


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed") / "seed.ttl"
    done = _kg("build", str(SEED), "-o", str(out), "--date", "2021-06-10")
    assert done.returncode == 0, done.stderr
    return out


def _rows(graph: Path, name: str) -> list[dict[str, str]]:
    done = _kg("query", name, "--graph", str(graph), "--format", "csv")
    assert done.returncode == 0, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


@pytest.fixture(scope="module")
def actors(seed_graph: Path) -> list[dict[str, str]]:
    return _rows(seed_graph, "actors")


@pytest.fixture(scope="module")
def events(seed_graph: Path) -> list[dict[str, str]]:
    return _rows(seed_graph, "events")


@pytest.fixture(scope="module")
def relations(seed_graph: Path) -> list[dict[str, str]]:
    return _rows(seed_graph, "relations")


@pytest.mark.parametrize(
    ("actor", "classes"),
    [
        ("actor/syrian-government", {"State", "Government", "StateForces"}),
        ("country/russia", {"State", "Government", "StateForces"}),
        ("country/turkey", {"State", "Government", "StateForces"}),
        ("actor/hayat-tahrir-al-sham", {"ArmedGroup", "JihadistGroup", "RebelGroup", "Militia"}),
        ("actor/al-qaeda", {"ArmedGroup", "JihadistGroup", "RebelGroup", "Militia"}),
        ("actor/syrian-observatory-for-human-rights", {"Organization", "NGO"}),
    ],
)
def test_actor_and_class(actors: list[dict[str, str]], actor: str, classes: set[str]) -> None:
    found = [r for r in actors if r["actor"] == KG + actor]
    assert found, f"{actor} missing from actors.rq"
    assert found[0]["class"].removeprefix(ONT) in classes


@pytest.mark.parametrize(
    ("entity", "qid"),
    [("country/russia", "Q159"), ("country/turkey", "Q43"), ("actor/al-qaeda", "Q34490")],
)
def test_wikidata_links_of_actors(actors: list[dict[str, str]], entity: str, qid: str) -> None:
    row = next(r for r in actors if r["actor"] == KG + entity)
    assert row["wikidata"] == f"http://www.wikidata.org/entity/{qid}"


def test_idlib_governorate_is_linked(seed_graph: Path) -> None:
    text = seed_graph.read_text(encoding="utf-8")
    assert "place:idlib-governorate" in text and "wd:Q233218" in text
    rows = _rows(seed_graph, "relations")
    assert any(r["subject"] == KG + "place/idlib-governorate" for r in rows)


@pytest.mark.parametrize(
    ("subject", "relation", "obj"),
    [
        ("actor/hayat-tahrir-al-sham", "affiliatedWith", "actor/al-qaeda"),
        ("actor/hayat-tahrir-al-sham", "controls", "place/idlib-governorate"),
        ("actor/hayat-tahrir-al-sham", "controls", "place/hama-governorate"),
        ("actor/hayat-tahrir-al-sham", "controls", "place/latakia-governorate"),
        ("place/idlib-governorate", "locatedIn", "country/syria"),
    ],
)
def test_relations(relations: list[dict[str, str]], subject: str, relation: str, obj: str) -> None:
    assert any(r["subject"] == KG + subject and r["relation"] == ONT + relation and r["object"] == KG + obj
               for r in relations), f"{subject} {relation} {obj} not found"


def test_extracted_relations_carry_their_sentence(relations: list[dict[str, str]]) -> None:
    row = next(r for r in relations if r["relation"] == ONT + "affiliatedWith" and r["origin"] != "curated")
    assert "Syrian arm of al Qaeda" in row["sentence"]


def _is_attack(cls: str) -> bool:
    return cls.removeprefix(ONT) in {"Attack", "AirStrike", "MissileStrike", "Shelling", "Bombing", "ArmedClash", "ExplosiveAttack"}


@pytest.fixture(scope="module")
def roles(seed_graph: Path) -> list[dict[str, str]]:
    return _rows(seed_graph, "event-roles")


def _filling(roles: list[dict[str, str]], role: str, entity: str) -> set[str]:
    """The events whose `role` the entity fills."""
    return {r["event"] for r in roles if r["role"] == role and r["entity"] == KG + entity}


def test_government_attack_in_idlib(events: list[dict[str, str]], roles: list[dict[str, str]]) -> None:
    found = _filling(roles, "agent", "actor/syrian-government") & _filling(roles, "place", "place/idlib-governorate")
    rows = [r for r in events if r["event"] in found and _is_attack(r["class"])]
    assert rows, "no attack by the Syrian government in Idlib"
    assert {r["killed"] for r in rows} >= {"12"}
    assert any("Syrian Observatory for Human Rights" in r["sources"].split(" | ") for r in rows)
    assert {r["event"] for r in rows} & _filling(roles, "target", "actor/hayat-tahrir-al-sham")
    assert {r["date"] for r in rows} == {"2021-06-10"}
    assert {r["status"] for r in rows} == {"asserted"}


def test_russian_attack_in_idlib(events: list[dict[str, str]], roles: list[dict[str, str]]) -> None:
    found = _filling(roles, "agent", "country/russia") & _filling(roles, "place", "place/idlib-governorate")
    assert any(_is_attack(r["class"]) for r in events if r["event"] in found)


def test_ceasefire_of_russia_and_turkey(events: list[dict[str, str]], roles: list[dict[str, str]]) -> None:
    both = _filling(roles, "agent", "country/russia") & _filling(roles, "agent", "country/turkey")
    agreements = [r for r in events if r["class"].removeprefix(ONT) in {"Agreement", "Ceasefire"}]
    assert any(r["event"] in both for r in agreements)
    assert any(r["date"] == "2020-03" for r in agreements)


def test_events_are_one_row_each(events: list[dict[str, str]]) -> None:
    assert len({r["event"] for r in events}) == len(events)
    assert all(r["status"] and r["confidence"] for r in events)


def test_no_hamas_and_no_csto_agent(actors: list[dict[str, str]], roles: list[dict[str, str]]) -> None:
    assert not any("hamas" in r["actor"] or r["label"].lower() == "hamas" for r in actors)
    assert not _filling(roles, "agent", "actor/csto")
