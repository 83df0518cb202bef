"""Trigger precision: a trigger word that names a state, a habit or a wish makes no event
(kg/nlp/triggers.py, word lists in ontology/patterns/lexicon.json and events.jsonl).

Each row is one general rule of English news language, on sentences written for these tests;
each has a twin that states the happening and keeps its event.
"""

from __future__ import annotations

import pytest


def _classes(resolve_text, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.cls for e in resolve_text(text).events if e.modality == "asserted"]


@pytest.mark.parametrize(("text", "classes"), [
    # a participle that says what people or things are
    ("The camp shelters 40,000 displaced persons.", []),
    ("Looted shops lined the main street of the town.", []),
    ("Guards moved the detainees out of a besieged hotel.", []),
    ("Forty prisoners jailed in Homs were exchanged for soldiers held hostage in Idlib.", []),
    # ... unlike a participle clause with a date or a by-agent, or a finite verb
    ("The shelling displaced two thousand families from Harasta on Monday.", ["Shelling", "Displacement"]),
    ("Rebels held hostage two soldiers in Idlib on Monday.", ["Arrest"]),
    ("A militia commander arrested in Homs on a court warrant was flown to the capital.", ["Arrest"]),
    # a relative clause in the present or the present perfect: what someone does or is
    ("Bandits who kidnap for ransom roam the northwest.", []),
    ("The militia, which has besieged Homs since March, did not comment.", []),
    # nothing in particular
    ("The deal leaves the area free of any threat to Turkey.", ["Agreement"]),
    # the end of a state
    ("The army lifted the curfew in Homs on Monday.", []),
    ("The rebels ended their truce with the army in March.", []),
    ("The government imposed a curfew on Homs on Monday.", ["Restriction"]),
    # a demand: hoped for, never asserted; a warrant is no event at all
    ("The envoy renewed his call for a ceasefire in Idlib.", []),
    ("The envoy called for a truce in Idlib.", []),
    ("The court issued a warrant for the arrest of the militia commander.", []),
    # part of another act, told as its circumstance
    ("Troops stormed a hotel in Aleppo, killing nine guests and setting fire to nearby shops.", ["Attack"]),
    ("Militants set fire to the school overnight.", ["PropertyDestruction"]),
    # expelling troops or diplomats is no displacement of people
    ("The junta expelled the foreign troops and turned to new partners.", []),
    ("The army deported hundreds of refugees across the border.", ["Displacement"]),
    # what did not come about; the twin reaches its deal
    ("Talks between the army and the Northern Front ended without agreement on Sunday.", []),
    ("Talks between the army and the Northern Front ended with an agreement on Sunday.", ["Agreement"]),
    # a charge laid is no incident; one told with its place or its day is, as alleged
    ("Rights groups accused the militia of looting homes and burning crops.", []),
    ("The army accused the Northern Front of shelling a market in Kavala on Sunday.", ["Shelling"]),
    ("Officials accused the Northern Front of an attack on a camp near Kavala last week.", ["Attack"]),
    # the verb "combat" is a purpose, the noun a fight
    ("Three states joined a regional force to combat the jihadists.", []),
])
def test_only_stated_happenings_are_events(resolve_text, text: str, classes: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert _classes(resolve_text, text) == classes, text
