"""Doers told as a pair that points back to the two parties named before: "the two countries signed",
"both sides agreed". Sentences written for these tests."""

from __future__ import annotations

import pytest

from tests.conftest import short


def _agents(resolve_text, text: str, cls: str) -> list[set[str]]:  # type: ignore[no-untyped-def]
    events = [e for e in resolve_text(text).events if e.cls == cls]
    assert events, (text, [e.cls for e in resolve_text(text).events])
    return [{short(a) for a in e.agents} for e in events]


@pytest.mark.parametrize(("text", "cls", "agents"), [
    # the pair is the subject of the trigger
    ("Armenia and Iran held talks in Yerevan. Both sides agreed to a ceasefire on Friday.",
     "Ceasefire", {"armenia", "iran"}),
    ("Rwanda accused Burundi of shelling. The two governments later signed a peace deal.",
     "Agreement", {"rwanda", "burundi"}),
    # "the treaty the two countries signed", which the parse reads as a participle on the pair
    ("Armenia said on Monday it had sent troops to help Iran. The agency said the leader had decided "
     "to send the units under the defence treaty the two countries signed in 2019.",
     "Agreement", {"armenia", "iran"}),
    # a fight the pair is the subject of, or the verb of whose object it is
    ("Armenian troops and PJAK fighters met near Kapan on Monday. The two sides clashed for hours.",
     "ArmedClash", {"armenia", "pjak"}),
    ("Armenia accused PJAK of massing fighters near Kapan. Both sides exchanged fire overnight.",
     "ArmedClash", {"armenia", "pjak"}),
    # a pair of states skips a group and a place named in between
    ("Rwanda accused Burundi of backing PJAK in Kigali. The two countries signed a truce on Sunday.",
     "Ceasefire", {"rwanda", "burundi"}),
    # the pair a "between" names; a state's demonym names the state; a place left by troops is no side
    ("Azerbaijani drones struck Armenian army posts near Kapan on Monday. Armenia said the 2019 border accord "
     "between the two countries had collapsed.", "Agreement", {"azerbaijan", "armenia"}),
    ("Armenian troops withdrew from Tegh as PJAK fighters advanced. Fierce fighting between the two "
     "sides broke out on the edge of the town the next day.", "ArmedClash", {"armenia", "pjak"}),
])
def test_a_pair_stands_for_the_two_parties_before(resolve_text, text: str, cls: str, agents: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert agents in _agents(resolve_text, text, cls), text


@pytest.mark.parametrize(("text", "cls"), [
    # one party named before: the pair says nothing of whom
    ("The United Nations moved 300 civilians out of Kapan under a truce the two sides signed in May.", "Ceasefire"),
    ("Armenia held talks in Kapan. Both sides agreed to a ceasefire on Friday.", "Ceasefire"),
    # a pair that is no party noun
    ("Armenia and Iran held talks in Yerevan. The two men agreed to a ceasefire on Friday.", "Ceasefire"),
    # one party and the place it left: no pair between them
    ("Armenian troops withdrew from Tegh on Monday. Fierce fighting between the two sides broke out "
     "the next day.", "ArmedClash"),
])
def test_no_pair_without_two_parties(resolve_text, text: str, cls: str) -> None:  # type: ignore[no-untyped-def]
    assert all(len(a) < 2 for a in _agents(resolve_text, text, cls)), text


def _places(resolve_text, text: str, cls: str) -> list[set[str]]:  # type: ignore[no-untyped-def]
    return [{short(p) for p in e.places} for e in resolve_text(text).events if e.cls == cls]


@pytest.mark.parametrize(("text", "cls", "places"), [
    # "both towns", "the two towns": the two places named before, whether object or place phrase
    ("The army said it had retaken Kapan and Goris after PJAK fighters had held parts of both towns for a week.",
     "Takeover", {"kapan-174875", "goris"}),
    ("Fighting raged in Kapan and Goris on Monday. PJAK said it had shelled army posts in the two towns.",
     "Shelling", {"kapan-174875", "goris"}),
    # two countries are no pair of towns
    ("Armenia and Georgia signed a deal on Monday. PJAK fighters later seized both towns near the border.",
     "Takeover", set()),
])
def test_a_pair_of_places_stands_for_the_two_places_before(resolve_text, text: str, cls: str, places: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert all(found == places for found in _places(resolve_text, text, cls)), text
