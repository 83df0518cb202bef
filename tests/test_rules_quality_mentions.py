"""How a name is typed: a party, a place, a person, or no actor at all.

Sentences written for these tests; each row exercises a general rule of kg/nlp/
with a word list from ontology/patterns/lexicon.json.
"""

from __future__ import annotations

import pytest

from kg.records import Mention


def _mention(extract, text: str, surface: str) -> Mention:  # type: ignore[no-untyped-def]
    found = [m for m in extract(text).mentions if m.text == surface]
    assert found, (surface, [m.text for m in extract(text).mentions])
    return found[0]


@pytest.mark.parametrize(("text", "surface", "role"), [
    # a passive subject undergoes the action; it does not act
    ("Lebanon was shaken by the blast on Tuesday.", "Lebanon", "other"),
    ("Lebanon condemned the blast on Tuesday.", "Lebanon", "agentive"),
    # bilateral_nouns: states named before "co-operation", "talks", "partnership" are the parties
    ("Ministers praised Kenya-Uganda co-operation on border security.", "Kenya", "agentive"),
    ("Ministers praised Kenya-Uganda co-operation on border security.", "Uganda", "agentive"),
    ("Egypt-Sudan talks resumed in the capital.", "Egypt", "agentive"),
    # a state one works, meets or trains with is a partner
    ("The ministry keeps training closely with Jordan on counter-terrorism.", "Jordan", "agentive"),
    # a demonym used as a plural noun is a body of people, not a nationality
    ("Thousands of Afghans crossed the border last week.", "Afghans", "agentive"),
    # people_nouns: a demonym qualifying a group of people
    ("Donors met the Libyan opposition in Tunis.", "Libyan", "agentive"),
    ("The charity fed Yemeni children in the camps.", "Yemeni", "agentive"),
    ("The Libyan economy shrank last year.", "Libyan", "other"),
])
def test_roles(extract, text: str, surface: str, role: str) -> None:  # type: ignore[no-untyped-def]
    assert _mention(extract, text, surface).role == role


@pytest.mark.parametrize(("text", "surface", "label"), [
    # an alias that names a place as well as its rulers is a place where things happen there
    ("Prices rose in Damascus after the storm.", "Damascus", "GPE"),
    # an unknown name before "neighborhood", "province": a place
    ("Residents fled the Al-Amiriya neighborhood after the clashes.", "Al-Amiriya", "GPE"),
    # "rebel-held X": what a side holds is a place
    ("The marines began their assault on rebel-held Kasrawi at dawn.", "Kasrawi", "GPE"),
])
def test_labels(extract, text: str, surface: str, label: str) -> None:  # type: ignore[no-untyped-def]
    assert _mention(extract, text, surface).label == label


def test_plural_demonym_resolves_to_its_country(resolve_text) -> None:  # type: ignore[no-untyped-def]
    res = resolve_text("Many Iraqis returned to their homes in the spring.")
    idx = next(i for i, m in enumerate(res.extraction.mentions) if m.text == "Iraqis")
    assert res.resolutions[idx].entity.iri.endswith("/iraq")


def test_sentence_opening_near_names_a_place(extract) -> None:  # type: ignore[no-untyped-def]
    text = "In Iraq, Coalition forces conducted strikes. Near Bayji, one strike destroyed a bunker."
    places = {m.text: (m.label, m.role) for m in extract(text).mentions}
    assert places.get("Bayji") == ("GPE", "locative")


@pytest.mark.parametrize(("text", "surface"), [
    ("Near Hit, one strike destroyed a VBIED, a VBIED factory and two UAVs.", "VBIED"),  # non_actor_names
    ("The convoy carried an MRI scanner and a CT machine to the hospital.", "CT"),
    ("Delegates signed the Nairobi Communique on Friday.", "Nairobi Communique"),  # document_heads
    ("The destroyer USS Barlow docked at Souda Bay. Later Barlow sailed east.", "Barlow"),  # a ship's name
])
def test_not_an_actor(extract, text: str, surface: str) -> None:  # type: ignore[no-untyped-def]
    assert not any(surface in m.text and m.label in {"ORG", "PERSON"} for m in extract(text).mentions)


def test_acronym_defined_in_parentheses(extract) -> None:  # type: ignore[no-untyped-def]
    text = ("Donors pledged $5 million to the Kenya Drought Relief Fund (KDRF) on Monday. "
            "The KDRF will build wells, and the KDRF board meets in May.")
    mentions = [(m.text, m.label) for m in extract(text).mentions]
    assert ("Kenya Drought Relief Fund", "ORG") in mentions and ("Kenya", "GPE") not in mentions
    assert mentions.count(("KDRF", "ORG")) == 3


@pytest.mark.parametrize(("text", "surface"), [
    ("Kurdish villagers fled the shelling.", "Kurdish"),
    ("Arab fighters joined the assault at dawn.", "Arab"),
])
def test_demonym_of_a_group_of_people_is_kept(extract, text: str, surface: str) -> None:  # type: ignore[no-untyped-def]
    assert _mention(extract, text, surface).role == "agentive"


def test_religion_is_not_an_actor(extract) -> None:  # type: ignore[no-untyped-def]
    text = "They falsely use the name of Islam to justify the killings."
    assert not any(m.text == "Islam" for m in extract(text).mentions)


@pytest.mark.parametrize(("text", "name", "label"), [
    ("Please enter Passcode 4417209 now.", "Passcode 4417209", "PERSON"),  # a person's name has no number
    ("Updates come from @EnvoySmith daily.", "@EnvoySmith", "ORG"),          # a handle is an account
])
def test_numbered_names_and_handles_are_not_actors(extractor, text: str, name: str, label: str) -> None:  # type: ignore[no-untyped-def]
    from kg.nlp import mentions

    doc = extractor.nlp.make_doc(text)
    span = doc.char_span(text.index(name), text.index(name) + len(name))
    assert span is not None and mentions._not_an_actor(span, label, extractor.lexicon, set())


def test_a_person_is_no_near_miss_of_a_country(resolve_text) -> None:  # type: ignore[no-untyped-def]
    res = resolve_text("The Prime Minister and President Hollande discussed trade.")
    idx = next(i for i, m in enumerate(res.extraction.mentions) if m.text == "Hollande")
    assert "netherlands" not in res.resolutions[idx].entity.iri


@pytest.mark.parametrize(("text", "name"), [
    ("The SDF, which includes the Syrian Arab Coalition, took the town.", "Syrian Arab Coalition"),
    ("He was detained by Jordanian 12th Special Operations Battalion in May.",
     "Jordanian 12th Special Operations Battalion"),
])
def test_a_demonym_opening_a_unit_name_is_part_of_it(extract, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    found = {m.text: m.label for m in extract(text).mentions}
    assert found.get(name) == "ORG" and name.split()[0] not in found


def test_a_demonym_before_a_title_stays_apart(extract) -> None:  # type: ignore[no-untyped-def]
    found = {m.text: m.label for m in extract("Turkish Defence Minister Hulusi Akar agreed.").mentions}
    assert found.get("Turkish") == "NORP"


def test_membership_of_a_demonym_led_unit(resolve_text) -> None:  # type: ignore[no-untyped-def]
    res = resolve_text("The SDF, which includes the Syrian Arab Coalition, took the town.")
    assert ("syrian-arab-coalition", "memberOf", "syrian-democratic-forces") in \
        {(r.subject.rsplit("/", 1)[-1], r.predicate, r.object.rsplit("/", 1)[-1]) for r in res.relations}


@pytest.mark.parametrize("text", [
    "Liwa Abu Fadl al-Abbas is a Shia militia that fought near Damascus.",
    "Katibat Sayf al-Din, a jihadist faction, was dissolved in 2017.",
])
def test_a_name_the_text_calls_a_group_is_an_organisation(extract, text: str) -> None:  # type: ignore[no-untyped-def]
    first = extract(text).mentions[0]
    assert first.label == "ORG", first
