"""The places an event carries: where people fled from and to, and the town a seized or struck
site lies in (kg.nlp.events, kg.nlp.frames). Sentences and names written for these tests."""

from __future__ import annotations

import pytest

from tests.conftest import short


def _places(resolved, cls: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {short(p) for e in resolved.events if e.cls == cls for p in e.places}


@pytest.mark.parametrize(("text", "places"), [
    ("More than 4,000 residents fled Korvale and nearby villages on Monday, aid agencies said.", {"korvale"}),
    ("Hundreds of families fled to the Anvaro camp outside Korvale, residents said.", {"anvaro"}),
    ("Thousands of villagers have fled Korvale since Sunday, most of them toward the town of Dastan.", {"korvale"}),
])
def test_people_who_fled_give_a_displacement_where_they_fled(resolve_text, text: str, places: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert places <= _places(resolve_text(text), "Displacement")


@pytest.mark.parametrize("text", [
    "The gunmen fled toward Korvale after the attack on the checkpoint.",
    "The commander fled Korvale on Monday, officials said.",
    "Residents fled after the attack, officials said.",  # no place named: no event to place
])
def test_fleeing_fighters_or_no_place_make_no_displacement(resolve_text, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not [e for e in resolve_text(text).events if e.cls == "Displacement"]


@pytest.mark.parametrize(("text", "cls", "places"), [
    ("The rebel alliance seized the army's Western Command in Korvale on Monday.", "Takeover", {"korvale"}),
    ("Gunmen stormed the Larkspur Hotel in Korvale on Friday, killing nine people.", "Attack", {"korvale"}),
])
def test_a_site_and_the_town_it_lies_in_are_both_places(resolve_text, text: str, cls: str,
                                                         places: set[str]) -> None:  # type: ignore[no-untyped-def]
    found = _places(resolve_text(text), cls)
    assert places <= found and len(found) > len(places)


@pytest.mark.parametrize(("text", "place"), [
    ("Gunboats attacked the navy at the Korvan naval base and in the port of Velmora on Monday.", "velmora"),
    ("Troops clashed with rebels near Dastan and in the hills around Velmora on Sunday.", "velmora"),
])
def test_a_second_place_phrase_joined_to_the_first_is_a_place_too(resolve_text, text: str,
                                                                  place: str) -> None:  # type: ignore[no-untyped-def]
    assert place in {short(p) for e in resolve_text(text).events for p in e.places}


@pytest.mark.parametrize(("text", "place", "not_place"), [
    ("Nearly 300 inhabitants of Korvale have fled toward the town of Dastan after the raid, a notable said.",
     "korvale", "dastan"),
    ("Rebels stormed the district capital of Korvale on Friday. Thousands of residents fled into the bush.",
     "korvale", None),
    ("Gunmen entered the town of Velmora at dawn and looted shops. Hundreds of families fled to Dastan.",
     "velmora", "dastan"),
])
def test_a_flight_happens_where_people_fled_from(resolve_text, text: str, place: str,
                                                 not_place: str | None) -> None:  # type: ignore[no-untyped-def]
    found = _places(resolve_text(text), "Displacement")
    assert place in found and not_place not in found


@pytest.mark.parametrize(("text", "place"), [
    ("Insurgents stormed the district capital of Korvale on Friday. The fighters entered the town at dawn.", "korvale"),
    ("Velmora, the provincial capital, was shelled on Monday. Rebels entered the town a day later.", "velmora"),
])
def test_a_capital_of_a_district_is_the_town_a_later_mention_points_back_to(resolve_text, text: str,
                                                                           place: str) -> None:  # type: ignore[no-untyped-def]
    assert place in _places(resolve_text(text), "Takeover")


def test_people_massacred_make_an_attack_with_its_toll_even_with_no_killer_named(resolve_text) -> None:  # type: ignore[no-untyped-def]
    events = [e for e in resolve_text("At least 40 villagers were massacred in Korvale on Sunday, officials said.").events
              if e.cls == "Attack"]
    assert events and "korvale" in {short(p) for p in events[0].places}
    assert 40 in {c.count for c in events[0].casualties if c.kind == "killed"}


def test_a_name_run_on_into_the_place_it_lies_in_gives_both_places(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = "At least 60 people were massacred on Friday in the neighbourhood of Tarvel Bay in Korvan, officials said."
    assert {"tarvel-bay", "korvan"} <= _places(resolve_text(text), "Attack")


@pytest.mark.parametrize(("text", "taken"), [
    ("Earlier this month the rebels took Korvale, the last government-held town on the border.", True),
    ("The army took the decision to withdraw from Korvale.", False),
    ("The wounded were taken to a hospital in Korvale.", False),
])
def test_armed_men_who_took_a_place_took_it_over(resolve_text, text: str, taken: bool) -> None:  # type: ignore[no-untyped-def]
    assert ("korvale" in _places(resolve_text(text), "Takeover")) is taken


@pytest.mark.parametrize(("text", "place"), [
    ("Warplanes struck rebel positions on Friday. Sixteen people were killed near the town of Korvale, "
     "a spokesman said.", "korvale"),
    ("Drones attacked the region overnight. In Velmora two people were killed when a drone fell on a car park.",
     "velmora"),
])
def test_a_toll_told_after_its_attack_brings_the_place_of_its_dead(resolve_text, text: str,
                                                                   place: str) -> None:  # type: ignore[no-untyped-def]
    events = [e for e in resolve_text(text).events if e.casualties]
    assert events and place in {short(p) for p in events[0].places}


def test_a_place_that_ends_a_missions_name_places_no_event(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = "The group said its fighters had killed 23 soldiers of the army and of the Regional Mission in Velmora."
    assert "velmora" not in _places(resolve_text(text), "Attack")


@pytest.mark.parametrize(("text", "place"), [
    ("Rebels seized the army base near Korvale on Sunday, including the airport of Dastan.", "dastan"),
    ("Troops seized the demilitarised strip on the Velmora plateau on Sunday.", "velmora"),
])
def test_a_takeover_is_where_what_was_taken_lies(resolve_text, text: str, place: str) -> None:  # type: ignore[no-untyped-def]
    assert place in _places(resolve_text(text), "Takeover")


@pytest.mark.parametrize(("text", "place", "agent"), [
    ("Three people were killed in the Aleppo raids, the health ministry said.", "aleppo-governorate", None),
    ("The Iran strikes killed two guards.", None, "iran"),
])
def test_a_town_before_an_attack_noun_is_where_it_struck_and_a_country_who_struck(
        resolve_text, text: str, place: str | None, agent: str | None) -> None:  # type: ignore[no-untyped-def]
    events = [e for e in resolve_text(text).events if e.casualties]
    assert events
    if place is not None:
        assert place in {short(p) for p in events[0].places} and not events[0].agents
    if agent is not None:
        assert agent in {short(a) for a in events[0].agents}


def test_the_city_points_back_to_a_town_not_to_a_name_that_qualifies_an_office(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Rebels entered the centre of Bukoma on Sunday and occupied the Dastan governor's office. "
            "The capture of the city came two days after the rebels seized the Velmora airport.")
    places = _places(resolve_text(text), "Takeover")
    assert "bukoma" in places and "dastan" not in places


@pytest.mark.parametrize(("text", "cls", "place"), [
    # the parse hangs the place on the last noun of the act's "of" phrases
    ("Six villagers were killed during an incursion of militants of the PJAK group at Kapan, in Armenia.",
     "Offensive", "kapan-174875"),
])
def test_a_place_after_the_doers_of_an_act_locates_it(resolve_text, text: str, cls: str,  # type: ignore[no-untyped-def]
                                                     place: str) -> None:
    assert place in _places(resolve_text(text), cls)


@pytest.mark.parametrize(("text", "cls", "places"), [
    ("The deal, reached in Geneva after two weeks of talks, takes effect on Monday.", "Agreement", {"geneva"}),
    # where the acts the deal ends took place is not where it was made
    ("The deal, reached after two weeks of talks, ends fighting in Stepanakert.", "Agreement", set()),
])
def test_a_deal_is_where_a_participle_says_it_was_reached(resolve_text, text: str, cls: str,  # type: ignore[no-untyped-def]
                                                        places: set[str]) -> None:
    assert _places(resolve_text(text), cls) == places


def test_who_hosted_or_mediated_talks_is_no_place_of_the_deal(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = "Armenia and Azerbaijan agreed to a ceasefire on Sunday at talks in Vienna mediated by Austria and Switzerland."
    assert _places(resolve_text(text), "Ceasefire") == {"vienna-2761369"}


@pytest.mark.parametrize(("text", "cls", "places"), [
    ("Ahmed Salem Dabbashi, who runs the Zawiya detention centre for a local militia, was detained by Austrian "
     "police on Sunday.", "Arrest", set()),
    ("A drone struck a convoy that was travelling near Butembo on Monday.", "AirStrike", {"butembo-217562"}),
])
def test_a_place_told_of_a_named_actor_in_a_relative_clause_is_no_place_of_the_event(  # type: ignore[no-untyped-def]
        resolve_text, text: str, cls: str, places: set[str]) -> None:
    assert _places(resolve_text(text), cls) == places


@pytest.mark.parametrize(("text", "places"), [
    # the report goes on about the incident it opened with
    ("Rebels took the town of Velmora on Monday, police said.\nScores of gunmen attacked at "
     "night, setting the town hall on fire and forcing officers to flee.", {"velmora"}),
    # a sentence that turns to another incident, or news placed in two places, gives no place
    ("Rebels seized Velmora on Monday. Elsewhere, gunmen attacked a convoy, killing four soldiers.", set()),
    ("Rebels seized Butembo and Uvira on Monday. Gunmen ambushed a convoy, killing four soldiers.", set()),
])
def test_an_attack_told_after_the_news_takes_its_place(resolve_text, text: str,  # type: ignore[no-untyped-def]
                                                       places: set[str]) -> None:
    attacks = [e for e in resolve_text(text).events if {t.text for t in e.triggers} & {"attacked", "ambushed"}]
    assert attacks and {short(p) for e in attacks for p in e.places} == places
