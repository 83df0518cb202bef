"""Who does an event: the agent read through relative clauses, "fighters from X and Y", and past
names that only qualify another actor ("an X affiliate", "the X-backed group"). Sentences written
for these tests."""

from __future__ import annotations

import pytest

from tests.conftest import short


def _agents(resolve_text, text: str, cls: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The agents of each event of the class, short names sorted."""
    events = [e for e in resolve_text(text).events if e.cls == cls]
    assert events, (text, [e.cls for e in resolve_text(text).events])
    return [sorted(short(a) for a in e.agents) for e in events]


@pytest.mark.parametrize(("text", "cls", "expected"), [
    # "Gunmen from X" opening a sentence, the plural read as a name by the tagger
    ("Gunmen from PJAK seized control of Kapan on Monday.", "Takeover", ["pjak"]),
    # a relative clause's subject is the noun it qualifies
    ("Azerbaijani troops killed the last of the PJAK gunmen who had stormed the hotel in Ganja.", "Attack",
     ["pjak"]),
    # "fighters from X and Y": both
    ("Hundreds of fighters from PJAK and the Eighth Brigade attacked Gyumri before dawn.", "Attack",
     ["eighth-brigade", "pjak"]),
    # "the X-backed group" points back to the group named before, never to X
    ("PJAK seized Kapan on Monday. The Armenia-backed group later attacked a checkpoint near Ganja.", "Attack",
     ["pjak"]),
    # "Y, X's affiliate, said its fighters ...": Y's fighters
    ("PJAK, the Eighth Brigade's affiliate in the south, said its fighters had ambushed a convoy near Ganja.",
     "Attack", ["pjak"]),
    # "confirmed the strike": the one who confirms tells of it; the doer stays the one named before
    ("Armenian warplanes struck Ganja on Monday. A military spokesman, Colonel Arman Petrosyan, confirmed the strike.",
     "AirStrike", ["armenia"]),
    # "X reached Y after days of fighting with Z": X fought Z (a place won so is one takeover, its fighting
    # the takeover's course)
    ("The Armenian army column reached the outskirts of Kapan after several days of fighting with PJAK.",
     "ArmedClash", ["armenia"]),
])
def test_the_agent_is_found(resolve_text, text: str, cls: str, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert expected in _agents(resolve_text, text, cls), text


@pytest.mark.parametrize(("text", "cls", "wrong"), [
    # an affiliate's patron does not do what the affiliate does
    ("An Armenian army affiliate claims deadly assault on Ganja", "Attack", "armenia"),
    ("An affiliate of the Armenian army attacked a checkpoint near Ganja on Monday.", "Attack", "armenia"),
    # "the X-linked group" names no doer when no group was named before
    ("The Georgia-linked group claimed the bombing of a bus in Ganja on Monday.", "Bombing", "georgia"),
    ("The Armenia-backed group attacked a checkpoint near Ganja on Monday.", "Attack", "armenia"),
    # the subject of a clause is no side of a fight in its circumstances unless "with Y" names the other
    ("The United Nations evacuated its staff from Kapan after heavy fighting in the town.", "ArmedClash", "united"),
    ("The United Nations evacuated its staff from Kapan during fighting between PJAK and Armenian troops.",
     "ArmedClash", "united"),
    # who confirms an act only tells of it
    ("A military spokesman, Colonel Arman Petrosyan, confirmed the strike on Ganja.", "Attack", "arman"),
])
def test_a_name_that_only_qualifies_or_tells_is_no_agent(resolve_text, text: str, cls: str, wrong: str) -> None:  # type: ignore[no-untyped-def]
    assert not any(a.startswith(wrong) for agents in _agents(resolve_text, text, cls) for a in agents), text


def test_the_x_led_noun_points_back_to_armed_groups_only(resolve_text) -> None:  # type: ignore[no-untyped-def]
    """"the X-led alliance" after a monitor was named: the monitor is no antecedent, and X leads no monitor."""
    text = ("The Armenian Helsinki Committee, a Yerevan-based monitor, counted 30 strikes on Monday. "
            "The PJAK-led rebel alliance that now holds Kapan did not comment.")
    led = [(short(r.subject), short(r.object)) for r in resolve_text(text).relations if r.predicate == "leads"]
    assert not any(s == "pjak" and not o.startswith("pjak") and "alliance" not in o for s, o in led), led


def test_the_x_backed_noun_before_a_name_is_that_name(resolve_text) -> None:  # type: ignore[no-untyped-def]
    """"the X-backed militia Y": Y is named, so the noun points back to nothing and X backs Y."""
    text = "Azerbaijani air strikes on the Armenia-backed militia PJAK killed at least 25 of its fighters."
    backed = [(short(r.subject), short(r.object)) for r in resolve_text(text).relations if r.predicate == "supports"]
    assert ("armenia", "pjak") in backed, backed


def test_the_x_backed_government_points_back_to_no_group(resolve_text) -> None:  # type: ignore[no-untyped-def]
    """"the X-backed government" is no anaphor of the armed group named before: X backs no group here."""
    text = ("PJAK fighters attacked Kapan on Monday. "
            "The town is the last stronghold of the Armenia-backed government in the south.")
    backed = [(short(r.subject), short(r.object)) for r in resolve_text(text).relations if r.predicate == "supports"]
    assert ("armenia", "pjak") not in backed, backed
