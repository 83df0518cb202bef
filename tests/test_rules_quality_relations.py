"""Relations stated by verbs and nouns, on sentences written for these tests."""

from __future__ import annotations

import pytest

from tests.conftest import short


def _relations(resolve_text, text: str) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {(short(r.subject), r.predicate, short(r.object)) for r in resolve_text(text).relations}


@pytest.mark.parametrize(("text", "triple"), [
    # leads_verbs: active, passive and participle
    ("The Syrian Democratic Forces, led by Mazloum Abdi, took the town.",
     ("mazloum-abdi", "leads", "syrian-democratic-forces")),
    ("Hayat Tahrir al-Sham is headed by Abu Mohammad al-Julani.",
     ("abu-mohammad-al-julani", "leads", "hayat-tahrir-al-sham")),
    # campaign_nouns with "against": the possessor, or the subject of the clause, opposes the object
    ("Local tribes joined the Syrian Democratic Forces' fight against the Islamic State.",
     ("syrian-democratic-forces", "opposes", "islamic-state")),
    ("Turkey launched a campaign against the PKK in the north.", ("turkey", "opposes", "pkk")),
    # opposition_verbs through an infinitive: "committed to defeating" takes the subject of "committed"
    ("Iraq is committed to defeating the Islamic State.", ("iraq", "opposes", "islamic-state")),
    # an undefined but unambiguous curated acronym can still be a party
    ("Villagers are joining the SDF's fight against ISIL.",
     ("syrian-democratic-forces", "opposes", "islamic-state")),
])
def test_relation_rules(resolve_text, text: str, triple: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    assert triple in _relations(resolve_text, text)


@pytest.mark.parametrize("text", [
    "The offensive was led by the army.",            # a leader must be a person
    "The US-led coalition bombed the bridge.",       # "US-led": not a person either
])
def test_leads_needs_a_person(resolve_text, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not any(p == "leads" for _, p, _ in _relations(resolve_text, text))


def test_short_undefined_acronym_is_not_a_party(resolve_text) -> None:  # type: ignore[no-untyped-def]
    res = resolve_text("Villagers fear the IS fight against the army.")
    assert not any(short(r.subject) == "islamic-state" for r in res.relations)


@pytest.mark.parametrize(("text", "triple"), [
    ("Israeli Prime Minister Ehud Barak agreed to the talks.", ("ehud-barak", "country", "israel")),
    ("Egyptian Foreign Minister Sameh Shoukry arrived in Amman.", ("sameh-shoukry", "country", "egypt")),
])
def test_country_named_in_a_title(resolve_text, text: str, triple: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    assert triple in _relations(resolve_text, text)


@pytest.mark.parametrize(("text", "triple"), [
    ("The coalition includes Jordan and Turkey.", ("jordan", "memberOf", "us-led-coalition")),
    ("The coalition includes Jordan and Turkey.", ("turkey", "memberOf", "us-led-coalition")),
    ("Ahrar al-Sham joined the National Front for Liberation in 2018.",
     ("ahrar-al-sham", "memberOf", "national-front-for-liberation")),
])
def test_membership_verbs(resolve_text, text: str, triple: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    assert triple in _relations(resolve_text, text)


@pytest.mark.parametrize(("text", "triple", "present"), [
    ("Hayat Tahrir al-Sham has had control of Idlib since 2019.",
     ("hayat-tahrir-al-sham", "controls", "idlib-governorate"), True),
    ("Hayat Tahrir al-Sham lost control of Idlib in the offensive.",
     ("hayat-tahrir-al-sham", "controls", "idlib-governorate"), False),
    ("Turkey ended its campaign against the PKK.", ("turkey", "opposes", "pkk"), False),
])
def test_control_and_campaign_nouns(resolve_text, text: str, triple: tuple[str, str, str], present: bool) -> None:  # type: ignore[no-untyped-def]
    assert (triple in _relations(resolve_text, text)) is present


@pytest.mark.parametrize(("text", "triple", "present"), [
    ("Ahrar al-Sham fought as part of the National Front for Liberation.",
     ("ahrar-al-sham", "memberOf", "national-front-for-liberation"), True),
    ("Turkish troops killed a member of the PKK.", ("turkey", "memberOf", "pkk"), False),
])
def test_member_nouns(resolve_text, text: str, triple: tuple[str, str, str], present: bool) -> None:  # type: ignore[no-untyped-def]
    assert (triple in _relations(resolve_text, text)) is present
