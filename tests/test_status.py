"""Who says so and what did not happen: sources, the status of each role, and modality."""

from __future__ import annotations

import pytest
from conftest import ROOT, short

ROLES_QUERY = (ROOT / "queries" / "event-roles.rq").read_text(encoding="utf-8")
EVENTS_QUERY = (ROOT / "queries" / "events.rq").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "agent", "source"),
    [
        ("The Syrian army accused HTS of shelling the village of Kafr Nabl.", "hayat-tahrir-al-sham", "syrian-arab-army"),
        ("Turkey accused Russia of the air strike on Idlib.", "russia", "turkey"),
        ("Al-Shabaab claimed responsibility for the attack on the base.", "al-shabaab", "al-shabaab"),
        ("Russian jets bombed Ariha on Monday, the Syrian Observatory said.", "russia",
         "syrian-observatory-for-human-rights"),
        ("Russian jets bombed Ariha on Monday, according to Reuters.", "russia", "reuters"),
        ("Russian jets bombed Ariha at dawn, the Turkish defence ministry informed.", "russia",
         "turkish-ministry-of-national-defence"),
        ("Turkey's defence ministry said Russian jets bombed Ariha.", "russia", "turkey"),
        ("HTS and Turkey blamed Russia for the air strike on Ariha.", "russia", "hayat-tahrir-al-sham"),
        ("Tehran denied any role in the drone attack on the base.", "iran", "iran"),
        ("Israel denied responsibility for the explosion in Beirut.", "israel", "israel"),
        ("The Syrian Observatory for Human Rights (SOHR), a monitor based abroad, said on Tuesday that Russian jets "
         "bombed Ariha.", "russia", "syrian-observatory-for-human-rights"),
    ],
)
def test_the_speaker_is_the_source_and_the_named_doer_the_agent(resolve_text, text, agent, source) -> None:  # type: ignore[no-untyped-def]
    r = resolve_text(text)
    event = r.events[0]
    assert [short(a) for a in event.agents] == [agent]
    assert [short(r.sources[i]) for i in event.sources] == [source]


@pytest.mark.parametrize(
    ("text", "agent", "status"),
    [
        ("The Syrian army accused HTS of shelling the village of Kafr Nabl.", "hayat-tahrir-al-sham", "alleged"),
        ("HTS was accused of the bombing in Idlib.", "hayat-tahrir-al-sham", "alleged"),
        ("Turkey accused Russia of bombing a market in Ariha on Monday.", "russia", "alleged"),
        ("Al-Shabaab claimed responsibility for the attack on the base.", "al-shabaab", "claimed"),
        ("Russian jets bombed Ariha on Monday, the Syrian Observatory said.", "russia", "asserted"),
    ],
)
def test_each_role_carries_its_status(graph_of, text, agent, status) -> None:  # type: ignore[no-untyped-def]
    rows = graph_of(text).query(ROLES_QUERY, use_default_graph_as_union=True)
    got = {(r["role"].value, short(r["entity"].value)): r["status"].value for r in rows}
    assert got[("agent", agent)] == status
    events = list(graph_of(text).query(EVENTS_QUERY, use_default_graph_as_union=True))
    assert events[0]["agentStatus"].value.endswith(f": {status}")


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Government forces tried to retake the town of Saraqib.", "attempted"),
        ("HTS fighters were attempting to recapture Atarib on Monday.", "attempted"),
        ("The army repelled an attempt by HTS to seize Saraqib.", "attempted"),
        ("HTS failed to capture Saraqib.", "attempted"),
        ("Gunmen tried to storm the police station in Kabul.", "asserted"),
        ("Russia and Ukraine held talks on a ceasefire.", "planned"),
        ("Turkey called for a ceasefire in Idlib.", "hypothetical"),
        ("The army denied that it shelled the village of Kafr Nabl.", "denied"),
        ("Ankara threatened a new ground offensive against the YPG.", "threatened"),
        ("HTS is planning an attack on Saraqib.", "planned"),
        ("Russian jets could bomb Ariha.", "hypothetical"),
        ("Russian jets bombed Ariha on Monday.", "asserted"),
        ("Damascus rejected a Turkish proposal for a ceasefire in Idlib.", "denied"),
        ("The United Nations called for an end to the shelling of Ariha.", "asserted"),
        ("HTS demanded that the army lift its siege of Saraqib.", "asserted"),
        ("The air strikes on Ariha were intended to cut the supply road.", "asserted"),
    ],
)
def test_what_did_not_happen_keeps_its_modality(extract, text, modality) -> None:  # type: ignore[no-untyped-def]
    assert [e.modality for e in extract(text).events] == [modality]


def test_events_the_text_does_not_state_stay_out_of_the_view(graph_of) -> None:  # type: ignore[no-untyped-def]
    store = graph_of("Government forces tried to retake the town of Saraqib.")
    assert list(store.query(EVENTS_QUERY, use_default_graph_as_union=True)) == []


@pytest.mark.parametrize(
    "text",
    [
        "The war has killed more than 150,000 people since 2023.",
        "Al-Shabaab has killed thousands over the past decade.",
        "The Saudi-led coalition's air campaign has killed thousands of civilians since 2015.",
        "Photo caption: Smoke rises over Damascus after an Israeli air strike, July 16, 2024.",
    ],
)
def test_tallies_and_captions_make_no_event(extract, text) -> None:  # type: ignore[no-untyped-def]
    ext = extract(text)
    assert (ext.events, ext.orphan_casualties) == ((), ())


@pytest.mark.parametrize(
    "text",
    [
        "A year after the attack that killed 50 people in Kabul, the families still wait.",
        "On the anniversary of the bombing in Kabul, families gathered.",
        "Last year's offensive by the army was repelled.",
    ],
)
def test_events_given_as_context_are_background(resolve_text, text) -> None:  # type: ignore[no-untyped-def]
    """Anniversaries and earlier events told as context stay events, flagged as background, and
    lend their toll to no other event."""
    res = resolve_text(text)
    assert res.events and all(e.background for e in res.events)
    assert res.extraction.orphan_casualties == ()


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Russian jets bombed Ariha on Monday. The war has killed more than 300,000 people since 2011.", []),
        ("Russian jets bombed Ariha on Monday, killing 12 people.", [12]),
        ("Al-Shabaab fighters have killed five soldiers in an attack on a base.", [5]),
    ],
)
def test_a_tally_is_no_toll_of_the_news(resolve_text, text, killed) -> None:  # type: ignore[no-untyped-def]
    events = resolve_text(text).events
    assert [c.count for e in events for c in e.casualties] == killed


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Government shelling killed six people in Ariha, the Syrian Observatory for Human Rights said on Monday.",
         "syrian-observatory-for-human-rights"),
        ("The Syrian Observatory for Human Rights reported an air strike on Ariha.", "syrian-observatory-for-human-rights"),
    ],
)
def test_the_one_who_tells_is_no_participant(resolve_text, text, source) -> None:  # type: ignore[no-untyped-def]
    r = resolve_text(text)
    event = r.events[0]
    assert [short(r.sources[i]) for i in event.sources] == [source]
    assert source not in [short(a) for a in (*event.agents, *event.targets)]
