"""Where an event happened when the sentence says it only by "the town", by a site, or under a
dateline (kg.nlp.placenames, kg.nlp.datelines, kg.resolve.places). Sentences and names written for
these tests."""

from __future__ import annotations

import pytest

from tests.conftest import short


def _event_places(resolved, cls: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {short(p) for e in resolved.events if e.cls == cls for p in e.places}


@pytest.mark.parametrize(("text", "cls", "place"), [
    ("Rebels captured the town of Velmora on Monday. Clashes broke out on the outskirts of the town on Sunday.",
     "ArmedClash", "velmora"),
    ("Militants entered the village of Dorrakesh at dawn. Heavy fighting in the village went on until noon.",
     "ArmedClash", "dorrakesh"),
    # a place named as a distance's landmark is not what "the town" points back to
    ("The army took the town of Anvaro, about 50 km south of Velmora, in May. Drone strikes on the town "
     "killed nine people.", "AirStrike", "anvaro"),
    # "X is the last city in Y": X is called a city, Y holds cities and is none
    ("The army shelled Velmora in May. Velmora is the last city in Orsova still held by rebels. Drone strikes "
     "on the city killed nine people on Friday.", "AirStrike", "velmora"),
    # "the town centre", "the palace grounds": a part of the place the noun points back to
    ("Rebels entered the town of Velmora on Monday. Gunmen attacked a bank in the town centre on Tuesday.",
     "Attack", "velmora"),
    ("Soldiers seized the Grand Hotel in Velmora on Friday. A drone hit the hotel grounds on Saturday, killing "
     "three guards.", "AirStrike", "grand-hotel"),
    # "both towns", "the two cities": the pair named together before
    ("Rebels attacked Velmora and Korvale last year. Fighting in the two cities killed dozens.", "ArmedClash",
     "velmora"),
    ("Rebels attacked Velmora and Korvale last year. Fighting in the two cities killed dozens.", "ArmedClash",
     "korvale"),
])
def test_the_town_is_the_settlement_named_before(resolve_text, text: str, cls: str, place: str) -> None:  # type: ignore[no-untyped-def]
    assert place in _event_places(resolve_text(text), cls)


def test_both_towns_needs_a_pair_named_together(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = "Velmora and its port lie on the lake. Fighting in both towns killed dozens."
    assert _event_places(resolve_text(text), "ArmedClash") == set()


@pytest.mark.parametrize(("text", "place"), [
    ("Armenian troops crossed into Syunik region on Monday. Fighting continued inside the region on Tuesday.",
     "syunik-am-su"),
    # "the base" is the place named as a base before
    ("Fifty soldiers died when PJAK fighters overran their base at Kapan last week. Armenian troops later fought "
     "for the base.", "kapan-174875"),
    # a country is no region, and nothing was called a region before
    ("Troops crossed into Armenia on Monday. Fighting in the region went on for hours.", None),
])
def test_the_region_or_the_base_is_the_place_called_so_before(resolve_text, text: str,  # type: ignore[no-untyped-def]
                                                        place: str | None) -> None:
    assert _event_places(resolve_text(text), "ArmedClash") == ({place} if place else set())


def test_a_deal_is_not_made_in_the_region_it_is_kept_in(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = "Armenian troops entered Syunik region in May. Armenian troops patrol the region under a deal signed in 2021."
    assert _event_places(resolve_text(text), "Agreement") == set()


def test_the_city_said_again_stands_for_the_same_city(resolve_text) -> None:  # type: ignore[no-untyped-def]
    """What a governor governs is no city; "the city" said again stands for what it stood for before."""
    text = ("Fighting broke out in Velmora in May. The siege of the city went on for weeks. Aid workers met the "
            "governor of Orsova on Tuesday. Hospitals had closed. Drone strikes on the city killed four people.")
    places = [{short(p) for p in e.places} for e in resolve_text(text).events
              if "Drone strikes" in [t.text for t in e.triggers]]
    assert places and "velmora" in places[0] and "orsova" not in places[0], places


@pytest.mark.parametrize(("text", "cls", "wrong"), [
    ("The army took the town of Anvaro, about 50 km south of Velmora, in May. Drone strikes on the town "
     "killed nine people.", "AirStrike", "velmora"),
    # a country or a province is no town
    ("Troops crossed into Mozambique on Monday. Fighting in the town went on for hours.", "ArmedClash", "mozambique"),
    # a name that holds towns is no town
    ("The army shelled Velmora in May. Velmora is the last city in Orsova still held by rebels. Drone strikes "
     "on the city killed nine people on Friday.", "AirStrike", "orsova"),
])
def test_the_town_points_to_no_other_place(resolve_text, text: str, cls: str, wrong: str) -> None:  # type: ignore[no-untyped-def]
    assert wrong not in _event_places(resolve_text(text), cls)


@pytest.mark.parametrize("text", [
    "Rebels captured Velmora on Monday. The largest city in the region was calm.",
    "Rebels captured Velmora on Monday. Soldiers later retook the town of Anvaro.",
    "Rebels captured Velmora on Monday. Kirsa, the nearest town, was calm.",
])
def test_a_described_town_is_no_anaphor(extract, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not [m for m in extract(text).mentions if m.kind == "anaphor" and m.refers_to == "Settlement"]


@pytest.mark.parametrize(("text", "name"), [
    ("Fifty soldiers died when fighters overran their base at Dorvale Kesh last week.", "Dorvale Kesh"),
    ("A bomb went off in a crowded market in Harrow Bekele on Friday.", "Harrow Bekele"),
    ("A rocket barrage hit the K9 military base near the border on Friday.", "K9"),
])
def test_a_name_after_a_site_is_a_place(resolve_text, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text(text)
    found = {resolved.extraction.mentions[i].text: r for i, r in resolved.resolutions.items()}
    assert name in found and "Place" in found[name].entity.classes or "Settlement" in found[name].entity.classes


@pytest.mark.parametrize(("text", "name"), [
    ("Fighters loyal to Dorvale Kesh attacked the base on Monday.", "Dorvale Kesh"),
    ("Troops arrested Harrow Bekele at the market on Friday.", "Harrow Bekele"),
])
def test_a_name_beside_a_site_in_another_slot_is_no_place(resolve_text, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text(text)
    found = {resolved.extraction.mentions[i].text: r for i, r in resolved.resolutions.items()}
    assert name not in found or "Place" not in found[name].entity.classes


@pytest.mark.parametrize(("text", "kept", "dropped"), [
    ("Rebels seize Velmora\n\nKARVO, 3 May - Gunmen attacked a bus near Anvaro, killing four people.",
     None, "KARVO"),
    ("Army retakes Velmora\n\nPORT KARVO, Sudan, May 3 - Soldiers entered the town after a week of fighting.",
     "Velmora", "PORT KARVO"),
])
def test_a_dateline_under_a_headline_is_no_part_of_the_story(extract, text: str, kept: str | None,
                                                             dropped: str) -> None:  # type: ignore[no-untyped-def]
    texts = [m.text for m in extract(text).mentions]
    assert kept is None or kept in texts
    assert not any(dropped in t for t in texts)


def test_a_town_the_text_calls_one_goes_before_a_nearer_name(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Troops took control of Velmora, the desert town that has long been the heartland of Karsi "
            "separatist rebels. Heavy fighting went on in the town for days.")
    assert "velmora" in _event_places(resolve_text(text), "ArmedClash")


def test_the_town_places_an_event_but_states_no_control(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text("The town of Velmora was calm on Monday. Ethiopian troops had captured the town in May.")
    assert "velmora" in _event_places(resolved, "Takeover")
    anaphors = {i for i, m in enumerate(resolved.extraction.mentions) if m.kind == "anaphor"}
    assert not [r for r in resolved.relations if r.candidate.object in anaphors]


@pytest.mark.parametrize(("text", "places"), [
    # talks reported from a city, with no place named for them, were held there
    ("Truce signed\n\nVIENNA, May 4 - The two governments signed a truce on Friday at talks hosted by Austria.",
     {"vienna-2761369"}),
    # a place named for the talks is theirs
    ("Truce signed\n\nVIENNA, May 4 - The two governments signed a truce on Friday at talks in Geneva.", {"geneva"}),
    # a deal not made at talks is placed by no dateline
    ("Truce signed\n\nVIENNA, May 4 - The two governments signed a truce on Friday, officials said.", set()),
    # what the deal's verb agrees to do takes place elsewhere
    ("Armenia and Azerbaijan agreed to meet again in Geneva to monitor the truce.", set()),
    # where the deal stops the fighting is its place
    ("Armenia and Azerbaijan agreed on Monday to pause fighting in Nagorno-Karabakh for three days.",
     {"nagorno-karabakh"}),
])
def test_a_deal_made_at_talks_under_a_dateline_was_made_there(resolve_text, text: str,  # type: ignore[no-untyped-def]
                                                              places: set[str]) -> None:
    assert {short(p) for e in resolve_text(text).events if e.cls in {"Agreement", "Ceasefire"}
            for p in e.places} == places
