"""Takeovers told from the loser's side: "X lost the town to Y" is Y taking it from X; losing men, a
match or a vote is none. Sentences written for these tests."""

from __future__ import annotations

import pytest

from tests.conftest import short


@pytest.mark.parametrize(("text", "agents", "targets", "place"), [
    ("PJAK lost its stronghold of Gyumri to Armenian forces last year.", ["armenia"], ["pjak"], "gyumri-616635"),
    ("The army retook Kapan on Tuesday, nine months after losing the town to PJAK.", ["pjak"], [], "kapan-174875"),
])
@pytest.mark.model
def test_a_place_lost_to_a_side_was_taken_by_it(resolve_text, text: str, agents: list[str],  # type: ignore[no-untyped-def]
                                                 targets: list[str], place: str) -> None:
    lost = [e for e in resolve_text(text).events if any(t.text.startswith("los") for t in e.triggers)]
    assert [(e.cls, sorted(short(a) for a in e.agents), sorted(short(t) for t in e.targets), place in
             {short(p) for p in e.places}) for e in lost] == [("Takeover", agents, targets, True)], lost


@pytest.mark.parametrize("text", [
    "PJAK lost five fighters in Kapan on Monday.",
    "Armenia lost the match to Georgia in Kapan.",
    "The minister lost the vote to PJAK.",
])
@pytest.mark.model
def test_losing_men_a_match_or_a_vote_is_no_takeover(resolve_text, text: str) -> None:  # type: ignore[no-untyped-def]
    assert "Takeover" not in [e.cls for e in resolve_text(text).events], text



@pytest.mark.parametrize(("text", "place"), [
    ("PJAK pushed south in May, when it took the town of Kapan from Armenian forces.", "kapan-174875"),
    ("PJAK said it took Kapan on Sunday.", "kapan-174875"),
])
@pytest.mark.model
def test_it_taking_a_place_is_a_takeover_by_the_group(resolve_text, text: str,  # type: ignore[no-untyped-def]
                                                      place: str) -> None:
    taken = [e for e in resolve_text(text).events if e.cls == "Takeover"]
    assert [(sorted(short(a) for a in e.agents), place in {short(p) for p in e.places}) for e in taken] \
        == [(["pjak"], True)], taken


@pytest.mark.parametrize("text", [
    "It took PJAK three days to reach Kapan.",
    "It took years for Kapan to recover from the fighting.",
])
@pytest.mark.model
def test_it_takes_time_names_no_actor(extract, text: str) -> None:  # type: ignore[no-untyped-def]
    assert [m.text for m in extract(text).mentions if m.text.lower() == "it"] == [], text


@pytest.mark.parametrize(("text", "agents", "place"), [
    ("Armenian soldiers raised the national flag over the town hall in Goris on Friday.", ["armenia"], "goris-174895"),
    ("PJAK fighters hoisted their flag over Kapan on Sunday.", ["pjak"], "kapan-174875"),
])
@pytest.mark.model
def test_a_flag_raised_over_a_place_is_its_capture(resolve_text, text: str, agents: list[str],  # type: ignore[no-untyped-def]
                                                   place: str) -> None:
    taken = [e for e in resolve_text(text).events if e.cls == "Takeover"]
    assert [(sorted(short(a) for a in e.agents), place in {short(p) for p in e.places}) for e in taken] \
        == [(agents, True)], taken


@pytest.mark.parametrize("text", [
    "PJAK fighters raised a white flag over Kapan on Sunday.",
    "The minister raised the issue of Kapan with PJAK.",
    "Protesters raised the national flag at a rally.",
])
@pytest.mark.model
def test_a_white_flag_or_a_flag_over_no_place_is_no_capture(resolve_text, text: str) -> None:  # type: ignore[no-untyped-def]
    assert "Takeover" not in [e.cls for e in resolve_text(text).events], text


@pytest.mark.parametrize(("text", "agents", "targets", "place"), [
    ("Armenian troops drove PJAK out of Kapan on Sunday.", ["armenia"], ["pjak"], "kapan-174875"),
    ("Kapan has been calm since Armenian soldiers drove the PJAK fighters out of the town in 2019.",
     ["armenia"], ["pjak"], "kapan-174875"),
])
@pytest.mark.model
def test_armed_men_driven_out_of_a_place_lost_it(resolve_text, text: str, agents: list[str],  # type: ignore[no-untyped-def]
                                                 targets: list[str], place: str) -> None:
    taken = [e for e in resolve_text(text).events if e.cls == "Takeover"]
    assert [(sorted(short(a) for a in e.agents), sorted(short(t) for t in e.targets),
             place in {short(p) for p in e.places}) for e in taken] == [(agents, targets, True)], taken


@pytest.mark.parametrize("text", [
    "The floods drove thousands of residents out of Kapan.",
    "Rising rents pushed families out of Goris.",
    "Armenian troops drove PJAK back towards Kapan.",
])
@pytest.mark.model
def test_people_driven_out_or_men_driven_back_is_no_takeover(resolve_text, text: str) -> None:  # type: ignore[no-untyped-def]
    assert "Takeover" not in [e.cls for e in resolve_text(text).events], text


@pytest.mark.parametrize(("text", "kind"), [
    # "the regular army" is the army of the state the report is about, as "the army" is
    ("PJAK fighters and the regular army drove the rebels out of Kapan.", "nominal"),
    ("PJAK fighters and the army drove the rebels out of Kapan.", "nominal"),
    ("The national army retook Kapan from PJAK.", "nominal"),
])
@pytest.mark.model
def test_the_regular_army_is_the_home_states_army(extract, text: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    assert [m.kind for m in extract(text).mentions if m.text.lower().endswith("army")] == [kind], text
