"""Trigger words that tell no incident of their own, or not the one their word names
(kg/nlp/asides.py, words in ontology/patterns/lexicon-asides.json), and holdings read from a
capture told as the context of the news (kg/resolve/holdings.py).

Each row is a pattern of English news language on sentences written for these tests, beside a
twin that tells the incident and keeps it.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import short

PUBLISHED = date(2021, 6, 10)


def _classes(resolve_text, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(e.cls for e in resolve_text(text).events if e.modality == "asserted")


@pytest.mark.parametrize(("text", "classes"), [
    # fighting alongside someone, no time told: an alliance, not a battle
    ("The 9th Brigade, a unit of the old garrison, now fights alongside Ansaru, residents said.", []),
    ("Mercenaries who had fought alongside the rebels near Tobruk were flown out of the area.", []),
    ("Militiamen fought alongside the army against the rebels near Tobruk on Tuesday.", ["ArmedClash"]),
    # people held hostage with no holder named: a state; a holder named: an act
    ("Talks began so that 30 workers held hostage in the enclave can be freed.", []),
    ("Gunmen held 30 workers hostage in a factory near Kano on Monday.", ["Arrest"]),
    # one person sent away is no displacement
    ("Officials said the smuggler was deported on Friday after a court ruling.", []),
    ("Border guards deported 300 refugees across the border on Monday.", ["Displacement"]),
    # an abduction or a destruction joined to an attack is part of it
    ("Gunmen attacked the village of Tarmuz and killed and kidnapped dozens of people.", ["Attack"]),
    ("Ansaru fighters burst into the town of Gwoza, killing 30 people and seizing 12 hostages.", ["Attack"]),
    ("The rebels blew up a bridge near Kismayo and stormed the police station.", ["Attack"]),
    ("The rebels blew up a bridge near Kismayo on Monday.", ["PropertyDestruction"]),
    ("Police arrested twelve men in Kismayo on Monday.", ["Arrest"]),
    # a building besieged is stormed; a town besieged is blockaded
    ("The worst attack in the capital was the siege of the Grand hotel, in which 20 people were killed.", ["Attack"]),
    ("The army imposed a siege on the town of Tarmuz on Monday.", ["Restriction"]),
    # an entry told with its end is a raid, not a takeover
    ("Insurgents entered the town of Mocimboa at dawn and stayed until Saturday morning.", ["Attack"]),
    ("Insurgents entered the town of Mocimboa at dawn, residents said.", ["Takeover"]),
    # the fighting that won a place, hung by the parser on the place taken
    ("Last week, rebel troops seized the towns of Humera and Alamata in a new offensive.", ["Takeover"]),
])
def test_only_incidents_of_their_own_are_events(resolve_text, text: str, classes: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert _classes(resolve_text, text) == sorted(classes), text


def _holdings(resolve_text, text: str) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    done = resolve_text(text, PUBLISHED)
    return {(short(r.subject), short(r.object)) for r in done.relations if r.predicate == "controls"}


@pytest.mark.parametrize(("text", "holds"), [
    # a capture told as the context of the news dates another statement
    ("Ansaru has run the area since June 2017, when its forces seized the town of Bama.", False),
    ("Ansaru began its push north in June, when it took the town of Bama from the army.", False),
    ("When Ansaru took the town of Bama, the army began to withdraw.", True),
    # a capture told as news, however long ago
    ("Ansaru seized the town of Bama on Monday, the army said.", True),
    ("Ansaru seized the town of Bama in early August last year, the army said.", True),
])
def test_a_capture_told_as_context_gives_no_holding(resolve_text, text: str, holds: bool) -> None:  # type: ignore[no-untyped-def]
    pairs = _holdings(resolve_text, text)
    assert bool(pairs) == holds, (text, pairs)


@pytest.mark.parametrize(("text", "named"), [
    # a generic noun of an armed group names it only where the group fights
    ("The paramilitaries ambushed an army convoy near Bama in Borno State on Monday.", False),
    ("The paramilitary group shelled Kadugli on Monday, Sudanese officials said.", True),
])
def test_a_generic_noun_names_an_armed_group_only_where_it_fights(resolve_text, text: str, named: bool) -> None:  # type: ignore[no-untyped-def]
    done = resolve_text(text)
    groups = {short(r.entity.iri) for i, r in done.resolutions.items()
              if done.extraction.mentions[i].kind == "nominal" and "paramilitar" in done.extraction.mentions[i].text}
    assert bool(groups) == named, (text, groups)


@pytest.mark.parametrize(("text", "means", "not_means"), [
    # an adjective is no antecedent of "its"
    ("The envoy is urging Katiba Macina, which holds two villages near the Chinese embassy, "
     "to end its offensive on Mopti.", "katiba-macina", "china"),
    # nor is a name that only qualifies another, in either of its forms
    ("A spokesman for Katiba Macina, a faction of Ansarul Islam (AI), said its "
     "fighters had left Menaka.", "katiba-macina", "ansarul-islam"),
])
def test_its_points_back_to_a_noun_phrase_of_its_own(resolve_text, text: str, means: str, not_means: str) -> None:  # type: ignore[no-untyped-def]
    done = resolve_text(text)
    its = [short(r.entity.iri) for i, r in done.resolutions.items() if done.extraction.mentions[i].text == "its"]
    assert its and not_means not in its, (text, its)


@pytest.mark.parametrize(("text", "pair"), [
    # a long form the base lacks, defined by an acronym of one known actor, is that actor
    ("Chad takes part in the Multinational Mixed Force (FMM) with Niger to fight the jihadists.",
     ("chad", "multinational-joint-task-force")),
])
def test_a_defined_acronym_of_a_known_actor_names_its_long_form(resolve_text, text: str, pair: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    done = resolve_text(text)
    members = {(short(r.subject), short(r.object)) for r in done.relations if r.predicate == "memberOf"}
    assert pair in members, (text, members)
