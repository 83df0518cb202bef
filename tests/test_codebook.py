"""The codebook: each class's PLOVER, CAMEO and ACLED codes, the modal rules, one reader for both files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg import codebook, errors, paths
from kg.kb import KnowledgeBase
from kg.records import Casualty, Event, Participant, ParticipantRole
from kg.resolve import codes


def _event_classes() -> list[str]:
    book = codebook.default()
    return sorted(c for c, above in book.ancestors.items() if "Event" in above and codebook.plover(c))


@pytest.mark.parametrize(("cls", "category", "mode", "cameo", "acled"), [
    ("AirStrike", "ASSAULT", "aerial", "195", ("Explosions/Remote violence", "Air/drone strike")),
    ("Shelling", "ASSAULT", "heavy-weapons", "194", ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
    ("ArmedClash", "ASSAULT", "firearms", "193", ("Battles", "Armed clash")),
    ("Takeover", "COERCE", "territory", "192", ("Battles", "Non-state actor overtakes territory")),
    ("Ceasefire", "RETREAT", "ceasefire", "0871", ("Strategic developments", "Agreement")),
    ("Displacement", "ASSAULT", None, "201", ("Strategic developments", "Other")),
    ("Threat", "THREATEN", None, "130", ("Strategic developments", "Other")),
])
def test_class_codes(cls: str, category: str, mode: str | None, cameo: str, acled: tuple[str, str]) -> None:
    assert codebook.plover(cls) == category
    assert codebook.plover_mode(cls) == mode
    assert codebook.cameo(cls) == cameo
    assert codebook.acled(cls) == acled


@pytest.mark.parametrize(("cls", "modality", "category", "cameo"), [
    ("AirStrike", "threatened", "THREATEN", "1384"),
    ("Attack", "planned", "THREATEN", "1384"),
    ("Bombing", "hypothetical", "THREATEN", "1384"),
    ("Coercion", "planned", "THREATEN", "170"),
    ("Agreement", "planned", "AGREE", "057"),
    ("Shelling", "denied", "REJECT", "12"),
    ("Shelling", "attempted", "ASSAULT", "194"),
])
def test_modal_rules(cls: str, modality: str, category: str, cameo: str) -> None:
    assert codebook.plover(cls, modality) == category
    assert codebook.cameo(cls, modality) == cameo


@pytest.mark.parametrize(("cls", "sector", "inter"), [("StateForces", "MIL", 1), ("RebelGroup", "REB", 2),
                                                      ("Militia", "UAF", 3), ("Person", "CVL", 7)])
def test_actor_codes(cls: str, sector: str, inter: int) -> None:
    assert codebook.sector(cls) == sector
    assert codebook.acled_inter(cls) == inter


def test_acled_civilians() -> None:
    assert codebook.civilian_inter() == 7
    assert {"civilians", "children"} <= codebook.civilian_categories()


@pytest.mark.parametrize(("home", "abroad"), [(1, 8), (2, 2), (3, 3), (None, None)])
def test_state_forces_outside_their_country_are_external_forces(home: int | None, abroad: int | None) -> None:
    assert codebook.abroad_inter(home) == abroad


def test_every_code_of_an_event_class_is_a_concept_of_the_crosswalk() -> None:
    book = codebook.default()
    for cls in _event_classes():
        for prop, value in codebook.event_codes(cls, book=book).items():
            assert value in book.notations or value in book.labels, (cls, prop, value)


def test_the_knowledge_base_has_the_codebook_codes(kb: KnowledgeBase) -> None:
    for cls in _event_classes():
        assert kb.codes(cls) == codebook.codes(cls), cls


@pytest.mark.parametrize("modality", ["asserted", "threatened", "attempted", "denied", "planned", "hypothetical"])
def test_resolution_codes_events_as_the_codebook_does(kb: KnowledgeBase, modality: str) -> None:
    for cls in _event_classes():
        event = Event(key="event/1", cls=cls, triggers=(), agents=(), targets=(), places=(), time=None,
                      casualties=(), sources=(), modality=modality, background=False)
        assert dict(codes.coded(kb, event).codes) == codebook.event_codes(cls, modality), cls


def test_the_modal_rules_are_written_once() -> None:
    mapping = json.loads((paths.data_root() / "ontology" / "eval-mapping.json").read_text(encoding="utf-8"))
    assert "modal_rules" not in mapping["plover"]


def _figure(category: str) -> Casualty:
    return Casualty(count=3, kind="killed", category=category, minimum=False, start=0, end=1, sentence=0)


@pytest.mark.parametrize(("inters", "categories", "interaction"), [
    ([("agent", 1)], ["children"], "17"),
    ([("agent", 2)], ["civilians"], "27"),
    ([("agent", 2)], ["people"], "20"),
    ([("agent", 1), ("target", 2)], ["civilians"], "12"),
    ([], ["civilians"], "70"),
])
def test_casualties_among_civilians_give_acled_civilian_inter_code(
        inters: list[tuple[ParticipantRole, int]], categories: list[str], interaction: str) -> None:
    people = [Participant(f"x/{n}", role, inter=inter) for n, (role, inter) in enumerate(inters)]
    assert codes._interaction(people, tuple(_figure(c) for c in categories)) == interaction


@pytest.mark.parametrize(("text", "kind"), [("ckg:Attack ckg:cameoCode .", "crosswalk"), ("{", "rules")])
def test_unreadable_files_are_refused_by_name(tmp_path: Path, text: str, kind: str) -> None:
    bad = tmp_path / f"bad-{kind}"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(errors.CodebookError, match=f"{bad}: cannot read the codebook {kind}"):
        if kind == "crosswalk":
            codebook.load(crosswalk=bad)
        else:
            codebook.load(rules=bad)
