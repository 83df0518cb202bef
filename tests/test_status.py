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
        ("Russia and Ukraine held talks on a ceasefire.", "planned"),
        ("Turkey called for a ceasefire in Idlib.", "hypothetical"),
        ("The army denied that it shelled the village of Kafr Nabl.", "denied"),
        ("Ankara threatened a new ground offensive against the YPG.", "threatened"),
        ("HTS is planning an attack on Saraqib.", "planned"),
        ("Russian jets could bomb Ariha.", "hypothetical"),
        ("Russian jets bombed Ariha on Monday.", "asserted"),
    ],
)
def test_what_did_not_happen_keeps_its_modality(extract, text, modality) -> None:  # type: ignore[no-untyped-def]
    assert [e.modality for e in extract(text).events] == [modality]


def test_events_the_text_does_not_state_stay_out_of_the_view(graph_of) -> None:  # type: ignore[no-untyped-def]
    store = graph_of("Government forces tried to retake the town of Saraqib.")
    assert list(store.query(EVENTS_QUERY, use_default_graph_as_union=True)) == []
