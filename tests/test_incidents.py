"""One incident, one event: how the mentions of a report are grouped (kg/resolve/events.py).

Each row is one merge rule, on sentences written for these tests.
"""

from __future__ import annotations

import pytest

from kg.records import Entity, EventCandidate, Extraction, Mention, Resolution, Sentence
from kg.resolve.events import EventResolver, Scene
from tests.conftest import make_report, short


def _events(resolve_text, text: str) -> list[tuple[str, list[str], list[str], list[int]]]:  # type: ignore[no-untyped-def]
    return [(e.cls, sorted(short(a) for a in e.agents), sorted(short(p) for p in e.places),
             sorted(c.count for c in e.casualties if c.kind == "killed")) for e in resolve_text(text).events]


@pytest.mark.parametrize(("text", "agents", "place", "killed"), [
    # a headline that names nobody, then the lead that names who did it, at the same place
    ("Heavy shelling hits Harasta. The Syrian army shelled Harasta on Monday, killing four civilians.",
     ["syrian-arab-army"], "harasta", [4]),
    # the anaphor "the attack" carries the toll of the next sentence to the event
    ("Rebels of Hayat Tahrir al-Sham attacked an army post near Saraqib on Monday. "
     "The attack killed seven soldiers.", ["hayat-tahrir-al-sham"], "saraqib", [7]),
])
def test_mentions_of_one_incident_are_one_event(resolve_text, text: str, agents: list[str], place: str,  # type: ignore[no-untyped-def]
                                                killed: list[int]) -> None:
    events = _events(resolve_text, text)
    assert len(events) == 1, events
    _, got_agents, places, dead = events[0]
    assert got_agents == agents and place in places and dead == killed, events


@pytest.mark.parametrize("text", [
    # another place
    "Shelling hit Harasta on Monday. The Syrian army shelled Douma on Monday.",
    # another day
    "The Syrian army shelled Harasta on Monday. The Syrian army shelled Harasta again on Thursday.",
    # another kind of act at the same place: a strike that names nobody, then a battle
    "A missile hit a petrol station in Harasta on Monday. The Syrian army fought rebels in Harasta on Monday.",
    # the text says it is another one
    "The Syrian army shelled Harasta on Monday. Another shelling hit the town later that day.",
    # a sequel: "later", "subsequently"
    "Gunmen attacked a market in Harasta, killing nine people. Troops later clashed with the gunmen in Harasta.",
])
def test_different_incidents_stay_apart(resolve_text, text: str) -> None:  # type: ignore[no-untyped-def]
    assert len(resolve_text(text).events) == 2, _events(resolve_text, text)


def test_a_state_and_its_ministry_are_one_hand(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Burkina Faso and Ghana agreed to a ceasefire in Ouagadougou on Thursday. "
            "The Burkinabe defence ministry agreed in Ouagadougou to monitor the truce.")
    events = resolve_text(text).events
    assert len(events) == 1, _events(resolve_text, text)
    assert "burkina-faso" in {short(a) for a in events[0].agents}
    # the ministry acts for the state the event names already: a representative, no second agent
    assert "burkinabe-ministry-of-defence" in {short(a) for a in events[0].representatives}
    assert "burkinabe-ministry-of-defence" not in {short(a) for a in events[0].agents}


def test_a_place_that_was_struck_is_where_it_happened(kb) -> None:  # type: ignore[no-untyped-def]
    """The parse took the town for what was taken; it resolved to a place, so it is the place."""
    text = "Rebels of HTS overran Saraqib."
    group, town = "https://w3id.org/conflict-kg/actor/hayat-tahrir-al-sham", "https://w3id.org/conflict-kg/place/saraqib"
    mentions = (Mention(11, 14, "HTS", "ORG", 0, role="agentive"), Mention(23, 30, "Saraqib", "GPE", 0))
    cand = EventCandidate("Takeover", 15, 22, "overran", 0, agents=(0,), targets=(1,))
    ext = Extraction(make_report(text), (Sentence(0, len(text)),), mentions, (), (cand,), ())
    res = {0: Resolution(Entity(group, "HTS", ("ArmedGroup",)), "alias", 1.0),
           1: Resolution(Entity(town, "Saraqib", ("Settlement",)), "alias", 1.0)}
    [event] = EventResolver(kb).events(ext, res)
    assert (event.agents, event.targets, event.places, event.aimed_at) == ((group,), (), (town,), (town,))


def test_conflicting_tolls_stay_side_by_side_with_their_sources(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text("Russian warplanes struck a market in Saraqib on Monday, killing 12 people, the Syrian "
                            "Observatory for Human Rights said. The raid killed 15 people, the White Helmets said.")
    assert len(resolved.events) == 1
    figures = {c.count: resolved.sources.get(c.attribution) for c in resolved.events[0].casualties
               if c.attribution is not None}
    assert set(figures) == {12, 15} and figures[12] != figures[15], figures


@pytest.mark.parametrize(("other", "agree"), [
    ("https://w3id.org/conflict-kg/place/idlib-governorate", True),   # the division the town lies in
    ("https://w3id.org/conflict-kg/country/syria", True),             # and its country
    ("https://w3id.org/conflict-kg/place/homs-governorate", False),   # another division
])
def test_a_town_only_the_gazetteer_knows_lies_in_its_division(kb, other: str, agree: bool) -> None:  # type: ignore[no-untyped-def]
    town = "https://w3id.org/conflict-kg/place/sy/small-town"
    scene = Scene(kb, {town: ("https://w3id.org/conflict-kg/place/idlib-governorate",
                              "https://w3id.org/conflict-kg/country/syria")})
    assert scene.agree((town,), (other,)) is agree
