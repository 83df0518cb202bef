"""Event triggers and the actors they take, on sentences written for these tests.

Each row is one general rule from ontology/patterns/events.jsonl, lexicon.json or the
knowledge base; none of these sentences comes from an evaluation file.
"""

from __future__ import annotations

import pytest

from tests.conftest import short


def _events(resolve_text, text: str) -> list[tuple[str, str, list[str]]]:  # type: ignore[no-untyped-def]
    return [(e.cls, e.modality, [short(a) for a in e.agents]) for e in resolve_text(text).events]


@pytest.mark.parametrize(("text", "cls", "modality"), [
    ("Government forces arrested twelve students in Homs on Sunday.", "Arrest", "asserted"),
    ("Gunmen kidnapped two aid workers near the border.", "Arrest", "asserted"),
    ("The authorities imposed a curfew on the town after the protests.", "Restriction", "asserted"),
    ("The council banned the opposition party last week.", "Restriction", "asserted"),
    ("Soldiers demolished twenty homes in the village.", "PropertyDestruction", "asserted"),
    ("Militants set fire to the school overnight.", "PropertyDestruction", "asserted"),
    ("The army deported hundreds of refugees across the border.", "Displacement", "asserted"),
    ("Police opened fire on the crowd.", "Shooting", "asserted"),
    ("The army launched a ground offensive on the northern towns.", "Offensive", "asserted"),
    ("Rebels attempted to assassinate the provincial governor.", "Assassination", "asserted"),
    ("Guards tortured the detainees, the report said.", "Attack", "asserted"),
    ("The two parties agreed to exchange prisoners.", "Agreement", "asserted"),
    ("The minister promised to rebuild the bridge.", "Pledge", "planned"),
    ("The government is ready to hold talks with the rebels.", "Pledge", "planned"),
    ("Qatar will provide fuel to the power stations.", "Pledge", "planned"),
    ("The donors will finance the new hospital.", "Pledge", "planned"),
    ("The militia threatened the village elders.", "Threat", "threatened"),
])
def test_trigger_classes(resolve_text, text: str, cls: str, modality: str) -> None:  # type: ignore[no-untyped-def]
    events = _events(resolve_text, text)
    assert events, text
    assert (events[0][0], events[0][1]) == (cls, modality)


@pytest.mark.parametrize(("text", "cls"), [
    ("The rebels threatened to shell the city.", "Shelling"),
    ("The ministry rejected the ceasefire.", "Ceasefire"),
])
def test_modality_of_a_nested_trigger(resolve_text, text: str, cls: str) -> None:  # type: ignore[no-untyped-def]
    assert any(c == cls and m != "asserted" for c, m, _ in _events(resolve_text, text))


@pytest.mark.parametrize(("text", "classes"), [
    ("Prisoners began a hunger strike on Monday.", []),                     # trigger_blockers
    ("Dockers staged a general strike in the port.", []),
    ("Iran threatened to shell the border towns.", ["Shelling"]),           # the threat is the modality
    ("The militia threatened the village elders.", ["Threat"]),             # nothing nested: a threat
])
def test_no_spurious_events(resolve_text, text: str, classes: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert [e.cls for e in resolve_text(text).events] == classes


@pytest.mark.parametrize(("text", "agent", "killed"), [
    # a killing verb with an agent and no other event in its sentence is an attack of its own
    ("Hezbollah has killed 40 members of a rival clan, the monitor said.", "hezbollah", 40),
    # its verb may share its subject with another verb
    ("Hayat Tahrir al-Sham fighters entered the village and killed 12 farmers.", "hayat-tahrir-al-sham", 12),
    # a "that" clause's subject is the killer; the noun the clause hangs on is no victim
    ("Witnesses confirmed reports that the Islamic State had massacred 30 shepherds.", "islamic-state", 30),
    # a takeover in the same sentence is another act, not an attack that already holds the dead
    ("Hayat Tahrir al-Sham captured the village and killed 20 civilians.", "hayat-tahrir-al-sham", 20),
])
def test_a_killing_with_an_agent_is_an_attack(resolve_text, text: str, agent: str, killed: int) -> None:  # type: ignore[no-untyped-def]
    attacks = [e for e in resolve_text(text).events if e.cls == "Attack"]
    assert len(attacks) == 1, text
    assert [short(a) for a in attacks[0].agents] == [agent]
    assert [c.count for c in attacks[0].casualties if c.kind == "killed"] == [killed]


@pytest.mark.parametrize("text", [
    "Twelve villagers were killed in Idlib on Monday.",  # nobody is named as the killer
    "Regime helicopters dropped barrel bombs on Daraya, killing 12 civilians.",  # the bombing holds the dead
    "Russian airstrikes killed nine people in Maarat al-Numan.",
])
def test_a_killing_verb_adds_no_second_or_empty_event(resolve_text, text: str) -> None:  # type: ignore[no-untyped-def]
    events = resolve_text(text).events
    assert len(events) <= 1 and not any(e.cls == "Attack" and not e.agents for e in events), text


@pytest.mark.parametrize(("text", "struck", "not_struck"), [
    ("Government forces stepped up their attacks on Daraya and Douma.", ["daraya", "douma"], []),
    ("On Monday the rebels began to attack the town of Morek.", ["morek"], []),
    ("Rebels shelled army positions in Harasta from Douma.", [], ["harasta", "douma"]),
])
def test_a_place_an_attack_was_aimed_at(extract, text: str, struck: list[str], not_struck: list[str]) -> None:  # type: ignore[no-untyped-def]
    ext = extract(text)
    aimed = {ext.mentions[i].text.lower() for e in ext.events for i in e.aimed_at}
    assert set(struck) <= aimed and not aimed & set(not_struck), (text, aimed)
