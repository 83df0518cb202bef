"""Who acts: nationality adjectives, actor nouns, coordination and control verbs.

Sentences written for these tests; each row exercises a general rule from
ontology/patterns/lexicon.json or the knowledge base.
"""

from __future__ import annotations

import pytest

from tests.conftest import short


def _agents(resolve_text, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    events = resolve_text(text).events
    assert events, text
    return [short(a) for a in events[0].agents]


@pytest.mark.parametrize(("text", "agent"), [
    ("Russian warplanes bombed the market.", "russia"),
    ("Egyptian police arrested the protesters on Monday.", "egypt"),
    ("Turkish troops shelled the villages near the border.", "turkey"),
    ("Nigerian soldiers detained the suspects.", "nigeria"),
    ("Sudan and Chad agreed to reopen the border.", "chad"),
    ("Sudan and Chad agreed to reopen the border.", "sudan"),
])
def test_nationality_and_coordinated_agents(resolve_text, text: str, agent: str) -> None:  # type: ignore[no-untyped-def]
    assert agent in _agents(resolve_text, text)


@pytest.mark.parametrize(("text", "agent"), [
    ("The rebels threatened to shell the city.", None),
    ("Iran threatened to shell the border towns.", "iran"),
])
def test_controller_of_an_infinitive_trigger_acts(resolve_text, text: str, agent: str | None) -> None:  # type: ignore[no-untyped-def]
    shelling = [e for e in resolve_text(text).events if e.cls == "Shelling"]
    assert shelling and shelling[0].modality == "threatened"
    if agent:
        assert agent in [short(a) for a in shelling[0].agents]


@pytest.mark.parametrize(("text", "surface", "label"), [
    ("Gen. Joseph Votel visited the base. Votel said the strikes would go on.", "Votel", "PERSON"),
    ("Colonel Maria Hastings arrived on Monday; later Hastings met the press.", "Hastings", "PERSON"),
    ("Prime Minister Nouri al-Maliki spoke first. Then Maliki left the room.", "Maliki", "PERSON"),
])
def test_bare_surname_of_a_named_person(extract, text: str, surface: str, label: str) -> None:  # type: ignore[no-untyped-def]
    later = [m for m in extract(text).mentions if m.text == surface]
    assert later and all(m.label == label for m in later)


@pytest.mark.parametrize(("text", "surface", "role"), [
    ("French forces are advising the fighters.", "French", "agentive"),
    ("Officials praised the government of Iraq on Monday.", "Iraq", "agentive"),
    ("Reporters saw Turkish troops near the wall.", "Turkish", "agentive"),
    ("Photographs of U.S. service members circulated online.", "U.S.", "agentive"),
    ("Officials praised Iraqi security forces.", "Iraqi", "agentive"),
    ("The frigate joined the U.S. 5th Fleet last week.", "U.S.", "agentive"),
    ("Aid reached the people of Raqqa on Monday.", "Raqqa", "agentive"),
    ("Coalition nations include Australia and Canada.", "Canada", "agentive"),   # members of a body
    ("The tour included Aleppo and Homs.", "Homs", "other"),                    # not a body of actors
    ("Fighting continued in Iraq on Monday.", "Iraq", "locative"),
    ("Precision U.S. airstrikes hit the depot.", "U.S.", "agentive"),          # qualifies an attack
    ("The Idlib ceasefire held on Monday.", "Idlib", "other"),                 # but not an agreement
])
def test_a_name_qualifying_an_actor_noun_is_a_party(extract, text: str, surface: str, role: str) -> None:  # type: ignore[no-untyped-def]
    found = [m for m in extract(text).mentions if m.text == surface]
    assert found and found[0].role == role


@pytest.mark.parametrize(("text", "agent"), [
    ("Five civilians were killed on Monday in bombings by the Syrian regime.", "syrian-government"),
    ("Five civilians were killed by the Syrian regime in bombings on the market.", "syrian-government"),
    ("Twelve people died in air strikes carried out by Russian warplanes.", "russia"),
    ("The town was shelled by Turkish artillery.", "turkey"),
])
def test_passive_agents(resolve_text, text: str, agent: str) -> None:  # type: ignore[no-untyped-def]
    assert agent in _agents(resolve_text, text)


@pytest.mark.parametrize(("text", "surface", "entity"), [
    ("The Syrian Observatory for Human Rights counted 12 dead. The monitor said the toll could rise.",
     "The monitor", "syrian-observatory-for-human-rights"),
    ("The Syrian Observatory for Human Rights counted 12 dead. The Observatory said more died later.",
     "The Observatory", "syrian-observatory-for-human-rights"),
    ("Hayat Tahrir al-Sham seized the town. The jihadists then attacked the army.",
     "The jihadists", "hayat-tahrir-al-sham"),
    ("Hurras al-Din claimed the attack. The group is linked to al-Qaeda.", "The group", "hurras-al-din"),
    ("The Islamic State claimed the bombing. The terrorists also hit a checkpoint.", "The terrorists", "islamic-state"),
    ("Jordan closed its border. The kingdom fears a new wave of refugees.", "The kingdom", "jordan"),
])
def test_nominal_mentions_resolved_by_context(resolve_text, text: str, surface: str, entity: str) -> None:  # type: ignore[no-untyped-def]
    res = resolve_text(text)
    found = [res.resolutions[i].entity.iri for i, m in enumerate(res.extraction.mentions)
             if m.text == surface and i in res.resolutions]
    assert found and short(found[0]) == entity


@pytest.mark.parametrize(("text", "agent"), [
    ("Turkish authorities imposed a curfew on the town.", "turkey"),          # state adjective + actor noun
    ("The British government outlawed the party on Monday.", "united-kingdom"),
    ("Jordan is ready to host the talks.", "jordan"),                        # "ready to": the copula's subject
    ("U.S. warplanes bombed the bridge.", "united-states"),                  # dotted acronym, never defined
])
def test_states_behind_their_organs(resolve_text, text: str, agent: str) -> None:  # type: ignore[no-untyped-def]
    assert agent in _agents(resolve_text, text)


def test_a_threatened_adjective_is_no_threat(resolve_text) -> None:  # type: ignore[no-untyped-def]
    events = resolve_text("Israel mounted its long-threatened invasion of the south.").events
    assert [e.cls for e in events][:1] == ["Offensive"]


@pytest.mark.parametrize(("text", "surface", "label"), [
    ("Marines cleared the insurgents from the city of Zorbatiya last week.", "Zorbatiya", "GPE"),
    ("Three strikes hit targets near Qasr Haddad.", "Qasr Haddad", "GPE"),
    ("Near Tal Hamid, one strike destroyed a vehicle.", "Tal Hamid", "GPE"),
])
def test_unknown_name_in_a_place_slot_is_a_place(extract, text: str, surface: str, label: str) -> None:  # type: ignore[no-untyped-def]
    found = [m for m in extract(text).mentions if m.text == surface]
    assert found and found[0].label == label


@pytest.mark.parametrize(("text", "agent", "target"), [
    ("A series of precision U.S. airstrikes against al-Qaeda operatives killed 20 militants.",
     "united-states", "al-qaeda"),
    ("Al-Qaeda remains committed to carrying out attacks against the Syrian army.", "al-qaeda", "syrian-arab-army"),
    ("Hezbollah, which launched rockets at Israeli positions, denied the report.", "hezbollah", None),
    ("Al-Qaeda vowed to carry out attacks against the United States.", "al-qaeda", "united-states"),
])
def test_agents_and_targets_of_noun_triggers(resolve_text, text: str, agent: str, target: str | None) -> None:  # type: ignore[no-untyped-def]
    event = resolve_text(text).events[0]
    assert agent in [short(a) for a in event.agents]
    if target:
        assert target in [short(t) for t in event.targets]


@pytest.mark.parametrize("text", [
    "The destroyer USS Carney joined the task force on Monday.",
    "HMS Dauntless sailed from Portsmouth on Friday.",
    "Operation Olive Branch began in January.",
])
def test_ships_and_operations_are_not_actors(extract, text: str) -> None:  # type: ignore[no-untyped-def]
    names = [m.text for m in extract(text).mentions if m.label in {"ORG", "PERSON"}]
    assert not any(n.split()[0] in {"USS", "HMS", "Operation"} for n in names), names


@pytest.mark.parametrize(("text", "surface", "label", "role"), [
    ("Farmers used water stored behind the Qadisiya Barrage and the Tabqa Barrage.", "Qadisiya Barrage", "FAC", None),
    ("Worshippers gathered at the Umayyad Mosque on Friday.", "Umayyad Mosque", "FAC", None),
    ("Near Tal Hamid, three strikes engaged a tactical unit.", "Tal Hamid", "GPE", "locative"),
])
def test_facilities_and_places_after_near(extract, text: str, surface: str, label: str, role: str | None) -> None:  # type: ignore[no-untyped-def]
    found = [m for m in extract(text).mentions if m.text == surface]
    assert found and found[0].label in {label, "GPE", "LOC", "FAC"} and found[0].label != "ORG"
    if role:
        assert found[0].role == role


@pytest.mark.parametrize(("text", "agent", "present"), [
    # a place the knowledge base does not know cannot show that an actor is out of its theatre
    ("The Israel Defense Forces demolished homes in Beit Ummar.", "israel-defense-forces", True),
    # a known place outside the actor's countries lowers its confidence (see test_open_world), not its role
    ("Hezbollah fighters shelled the outskirts of Yerevan.", "hezbollah", True),
])
def test_active_in_needs_a_known_place(resolve_text, text: str, agent: str, present: bool) -> None:  # type: ignore[no-untyped-def]
    events = resolve_text(text).events
    assert events and (agent in [short(a) for a in events[0].agents]) is present


@pytest.mark.parametrize(("text", "army"), [
    # a generic noun the base gives to a state's institution resolves there when the report is about that state
    ("The army shelled Douma on Monday, the Observatory said.", "syrian-arab-army"),
    ("Government forces and Russian jets pounded villages near Idlib.", "syrian-arab-army"),
    # ... the army of the state the report names, among the several the base knows
    ("The army shelled Omdurman on Monday, a Sudanese monitor said.", "sudanese-armed-forces"),
    ("The junta said the army repelled an attack near the border, a Malian official said.", "malian-government"),
    # ... and the state itself when the base knows no army of the state the report names
    ("The army shelled the villages on Monday, a Peruvian official said.", "peru"),
    # ... and none when the report ties it to no state
    ("The army shelled the villages on Monday, an official said.", None),
])
def test_a_generic_army_belongs_to_the_country_of_the_report(resolve_text, text: str, army: str | None) -> None:  # type: ignore[no-untyped-def]
    res = resolve_text(text)
    nominals = [i for i, m in enumerate(res.extraction.mentions) if m.kind == "nominal"]
    assert nominals, text
    got = res.resolutions.get(nominals[0])
    assert (short(got.entity.iri) if got else None) == army


@pytest.mark.parametrize(("text", "name", "entity"), [
    # motion_verbs: a capital one travels to is the city, not its government
    ("The envoy visited Baghdad on Monday.", "Baghdad", "baghdad"),
    ("The delegation travelled to Moscow for talks.", "Moscow", "moscow"),
    # a capital that acts still stands for its government
    ("Moscow warned Ankara on Monday.", "Moscow", "russia"),
])
def test_a_capital_visited_is_a_place(resolve_text, text: str, name: str, entity: str) -> None:  # type: ignore[no-untyped-def]
    res = resolve_text(text)
    idx = next(i for i, m in enumerate(res.extraction.mentions) if m.text == name)
    assert short(res.resolutions[idx].entity.iri) == entity
