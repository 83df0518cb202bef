"""Actors the base does not know, read from the text: names the ruler cut, fighters of a named group,
group nouns standing for a name, the attackers pointing back, and "the army" of a state the base
knows no army of."""

from __future__ import annotations

import pytest
from conftest import short

pytestmark = pytest.mark.model


def _agents(resolved) -> list[str]:  # type: ignore[no-untyped-def]
    return [short(a) for e in resolved.events for a in e.agents]


@pytest.mark.parametrize(("text", "agent"), [
    # the ruler's "Army" inside an unknown name: the whole name is the actor
    ("Three soldiers died when Hill Peoples Liberation Army (HPLA) guerrillas attacked a checkpoint on Monday.",
     "hill-peoples-liberation-army"),
    # fighters "from" a named group are the group's
    ("Fighters from the Kivo Freedom Front ambushed a patrol near the border on Sunday.", "kivo-freedom-front"),
    # a group noun stands for the name before it
    ("The Ardent Dawn group attacked a police post on Friday.", "ardent-dawn"),
])
def test_unknown_group_is_the_agent(resolve_text, text: str, agent: str) -> None:  # type: ignore[no-untyped-def]
    assert agent in _agents(resolve_text(text))


def test_the_attackers_point_back_to_the_group(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = ("The Kivo Freedom Front claimed an ambush on a convoy on Monday. "
            "The assailants stormed the village of Maruba on Tuesday.")
    resolved = resolve_text(text)
    storm = [e for e in resolved.events if any(t.text == "stormed" for t in e.triggers)]
    assert storm and "kivo-freedom-front" in [short(a) for a in storm[0].agents]


def test_the_army_of_a_state_without_one_in_the_base_is_that_state(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Rebels attacked a barracks near Cochabamba in Bolivia on Monday, and Bolivian officials said "
            "Paraguayan police had been warned. The army said it repelled the attack.")
    resolved = resolve_text(text)
    army = [r for i, r in resolved.resolutions.items() if resolved.extraction.mentions[i].text == "The army"]
    assert [short(r.entity.iri) for r in army] == ["bolivia"]


@pytest.mark.parametrize(("text", "state"), [
    # the state named as the army's owner before it
    ("Ecuador's army clashed with gang members near Guayaquil on Monday. The army said three soldiers were "
     "wounded.", "ecuador"),
    # the owner named last before the bare mention decides
    ("Peru's army said the border was calm while Ecuador's army reported shots on Monday. The army later "
     "said two of its soldiers were hurt.", "ecuador"),
])
def test_the_army_belongs_to_the_state_the_text_ties_it_to(resolve_text, text: str, state: str) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text(text)
    army = [r for i, r in resolved.resolutions.items() if resolved.extraction.mentions[i].text == "The army"]
    assert [short(r.entity.iri) for r in army] == [state]


def test_its_does_not_point_back_to_a_plural(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = ("The Kivo Freedom Front attacked a convoy on Monday. Ecuador's army said the attackers had fled "
            "and that its soldiers were safe.")
    resolved = resolve_text(text)
    its = [r for i, r in resolved.resolutions.items() if resolved.extraction.mentions[i].text == "its"]
    assert [short(r.entity.iri) for r in its] == ["ecuador"]


def test_a_passive_conjunct_keeps_its_own_subject(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = "The Kivo Freedom Front stormed the village of Maruba, and two officers were arrested on Monday."
    arrests = [e for e in resolve_text(text).events if e.cls == "Arrest"]
    assert arrests and all("kivo-freedom-front" not in [short(a) for a in e.agents] for e in arrests)


def test_their_in_a_clause_about_people_is_no_actor(extract) -> None:  # type: ignore[no-untyped-def]
    text = ("The Kivo Freedom Front attacked a convoy on Monday. Two officers who ordered their men to retreat "
            "were dismissed, while the group said their fighters had withdrawn.")
    theirs = [m for m in extract(text).mentions if m.text == "their"]
    assert len(theirs) == 1 and theirs[0].start > text.index("the group said")


def test_a_clause_after_a_conjunction_keeps_its_own_doers(extract) -> None:  # type: ignore[no-untyped-def]
    text = ("The Kivo Freedom Front stormed the town at dawn and burned dozens of homes before government troops "
            "and foreign instructors retook control in the afternoon.")
    ext = extract(text)
    kivo = next(i for i, m in enumerate(ext.mentions) if m.text == "Kivo Freedom Front")
    retaken = [e for e in ext.events if e.cls == "Takeover"]
    assert retaken and all(kivo not in e.agents for e in retaken)


def test_an_apposition_saying_what_a_group_is_adds_no_party(extract) -> None:  # type: ignore[no-untyped-def]
    text = "The Kivo Freedom Front, Ecuador's largest rebel group, has been fighting army units near Guayaquil."
    ext = extract(text)
    names = [{ext.mentions[i].text for i in e.agents} for e in ext.events]
    assert names and all("Ecuador" not in n for n in names)


def test_the_region_of_a_capital_is_a_division_not_the_state(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text("Drones struck the Moscow region overnight, officials said. Moscow said it would respond.")
    found = [(m.text, resolved.resolutions[i].entity) for i, m in enumerate(resolved.extraction.mentions)
             if i in resolved.resolutions]
    assert "FirstLevelDivision" in found[0][1].classes and short(found[1][1].iri) == "russia"


@pytest.mark.parametrize(("text", "name"), [
    ("Soldiers killed 30 Grey Army fighters near the river on Monday.", "Grey Army"),
    ("Troops clashed with Oruko Brigade gunmen in the hills.", "Oruko Brigade"),
])
def test_capitalised_words_before_a_body_word_make_one_name(extract, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    names = [m.text for m in extract(text).mentions]
    assert name in names and name.split()[-1] not in names
