"""Sentences of our own and the records the nlp and resolve stages must find in them."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import short


def _events(resolved) -> list[tuple[str, set[str], set[str], set[str]]]:  # type: ignore[no-untyped-def]
    return [(e.cls, {short(a) for a in e.agents}, {short(t) for t in e.targets}, {short(p) for p in e.places})
            for e in resolved.events]


def _relations(resolved) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {(short(r.subject), r.predicate, short(r.object)) for r in resolved.relations}


@pytest.mark.parametrize(
    ("text", "cls", "agents", "targets", "place"),
    [
        ("Russian warplanes struck the town of Saraqib on Monday, killing four civilians.",
         "AirStrike", {"russia"}, set(), "saraqib"),
        ("Turkish drones hit a convoy of the Syrian Democratic Forces near Qamishli.",
         "AirStrike", {"turkey"}, {"syrian-democratic-forces"}, "qamishli"),
        ("Five soldiers were killed in an ambush by Islamic State fighters in the desert near Palmyra.",
         "Attack", {"islamic-state"}, set(), "palmyra"),
        ("Government forces shelled the village of Kansafra in Jabal al-Zawiya, rescuers said.",
         "Shelling", {"syrian-arab-army"}, set(), "kansafra"),
        ("Fierce clashes broke out between the Syrian National Army and the SDF near Manbij.",
         "ArmedClash", {"syrian-national-army", "syrian-democratic-forces"}, set(), "manbij"),
        ("Hezbollah fired rockets at Israel on Sunday.", "MissileStrike", {"hezbollah"}, {"israel"}, None),
    ],
)
def test_attack_arguments(resolve_text, text, cls, agents, targets, place) -> None:  # type: ignore[no-untyped-def]
    found = _events(resolve_text(text))
    assert found, f"no event in {text!r}"
    got_cls, got_agents, got_targets, got_places = found[0]
    assert got_cls == cls
    assert agents <= got_agents, got_agents
    assert targets <= got_targets, got_targets
    if place:
        assert place in got_places, got_places


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("Hurras al-Din, the Syrian branch of al-Qaeda, rejected the deal.", ("hurras-al-din", "affiliatedWith", "al-qaeda")),
        ("The Turkish-backed Syrian National Army shelled the town.", ("turkey", "supports", "syrian-national-army")),
        ("Iran backs Hezbollah with money and weapons.", ("iran", "supports", "hezbollah")),
        ("The SDF controls most of Raqqa province.", ("syrian-democratic-forces", "controls", "raqqa-governorate")),
        ("HTS leader Abu Mohammad al-Julani visited the front.", ("abu-mohammad-al-julani", "leads", "hayat-tahrir-al-sham")),
        ("The YPG, which dominates the Syrian Democratic Forces, denied the report.", None),
    ],
)
def test_relations(resolve_text, text, relation) -> None:  # type: ignore[no-untyped-def]
    found = _relations(resolve_text(text))
    if relation is None:
        assert not any(p == "affiliatedWith" for _, p, _ in found)
    else:
        assert relation in found, found


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Ten people were killed in air strikes on Ariha, according to the Syrian Observatory for Human Rights.",
         "syrian-observatory-for-human-rights"),
        ("Russian jets bombed a market in Idlib, the White Helmets said.", "syria-civil-defence"),
        ("The Britain-based Observatory said regime shelling killed three children in Saraqib.",
         "syrian-observatory-for-human-rights"),
    ],
)
def test_sources(resolve_text, text, source) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text(text)
    assert source in {short(s) for s in resolved.sources.values()}
    assert any(e.sources for e in resolved.events)


def test_casualty_breakdown(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text("At least nine people were killed in the shelling of Ariha, including two women and three children.")
    figures = {(c.count, c.category, c.part) for e in resolved.events for c in e.casualties}
    assert {(9, "people", False), (2, "women", True), (3, "children", True)} <= figures
    assert any(c.minimum for e in resolved.events for c in e.casualties if c.count == 9)


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Moscow denied carrying out the air strike on the market.", "denied"),
        ("Ankara threatened a new offensive against the YPG.", "threatened"),
        ("Turkey plans a military operation in Tal Rifaat.", "planned"),
        ("Russian aircraft did not bomb the hospital, the ministry said.", "negated"),
        ("Russian aircraft bombed the hospital in Kafr Nabl.", "asserted"),
    ],
)
def test_modality(resolve_text, text, modality) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text(text)
    assert resolved.events and resolved.events[0].modality == modality


def test_relative_and_background_dates(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text(
        "Air strikes hit Saraqib on Tuesday. The truce agreed by Russia and Turkey in March 2020 has largely held.",
        date(2021, 6, 10))
    by_cls = {e.cls: e for e in resolved.events}
    assert by_cls["AirStrike"].time.value == date(2021, 6, 8)
    assert not by_cls["AirStrike"].background
    truce = by_cls["Ceasefire"]
    assert (truce.time.value, truce.time.precision, truce.background) == (date(2020, 3, 1), "month", True)
    assert {short(a) for a in truce.agents} == {"russia", "turkey"}


def test_anaphoric_mentions_merge_into_one_event(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text(
        "Regime helicopters dropped barrel bombs on Kafr Zita on Friday. The attack killed six people, "
        "the Observatory said. The strike was the deadliest this month.")
    attacks = [e for e in resolved.events if e.cls in {"AirStrike", "Attack", "Bombing"}]
    assert len(attacks) == 1
    assert {c.count for c in attacks[0].casualties} == {6}
    assert {short(a) for a in attacks[0].agents} == {"syrian-government"}


def test_different_towns_stay_different_events(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text("Russian jets bombed Saraqib on Monday. Turkish artillery shelled Tal Rifaat on Monday.")
    assert len(resolved.events) == 2
