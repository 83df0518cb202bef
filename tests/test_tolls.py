"""Tolls told apart from the act: a toll that rises, a toll split by kind of victim, the dead a relative
clause counts, and the armed men killed as the side an attack hit. Sentences written for these tests."""

from __future__ import annotations

import pytest

from tests.conftest import short


def _killed(resolve_text, text: str) -> list[tuple[str, list[int], list[int]]]:  # type: ignore[no-untyped-def]
    """(class, totals killed, parts killed) of each event stated as fact."""
    return [(e.cls, sorted(c.count for c in e.casualties if c.kind == "killed" and not c.part),
             sorted(c.count for c in e.casualties if c.kind == "killed" and c.part))
            for e in resolve_text(text).events if e.modality == "asserted"]


@pytest.mark.parametrize(("text", "totals", "parts"), [
    # a toll that a verb moves or sets, in the next sentence
    ("Gunmen attacked a market in Kapan on Monday. The death toll rose to 14, police said.", [14], []),
    ("PJAK fighters shelled Kapan on Monday. The number of dead has risen to 9, a doctor said.", [9], []),
    ("PJAK fighters shelled Kapan on Monday. Officials put the toll at 19.", [19], []),
    # the wounded counted the same way are no dead
    ("PJAK fighters shelled Kapan on Monday. The number of wounded climbed to 30.", [], []),
    # a number word written with a hyphen
    ("PJAK fighters stormed a bus near Kapan. Twenty-six passengers were killed by the militants.", [26], []),
    # a toll split by kind of victim: the sum, and each figure as its part
    ("PJAK fighters shelled Kapan on Monday. The attack killed 12 soldiers and three civilians.", [15], [3, 12]),
    # "six who were killed": the relative pronoun stands for the number
    ("PJAK fighters attacked Kapan on Friday. Police said six who were killed in the attack were soldiers.",
     [6], []),
    # figures summed up after the verb: the sum is the toll, the figures before it its parts
    ("A PJAK captain and two of his guards were killed in an ambush near Kapan, three people in all.", [3], [1, 2]),
])
@pytest.mark.model
def test_tolls_told_apart_from_the_act(resolve_text, text: str, totals: list[int],  # type: ignore[no-untyped-def]
                                       parts: list[int]) -> None:
    events = _killed(resolve_text, text)
    assert len(events) == 1 and events[0][1:] == (totals, parts), events


@pytest.mark.parametrize(("text", "targets"), [
    # armed men of a side killed in an attack: that side was hit
    ("Armenian jets bombed a camp near Kapan on Sunday. Eleven PJAK fighters were killed in the raid.", ["pjak"]),
    ("PJAK fighters attacked a checkpoint near Kapan, killing twelve Armenian soldiers.", ["armenia"]),
    # armed men of a side named among the dead, with no figure of their own
    ("Armenian jets bombed a village near Kapan and killed nine people, among them fighters of PJAK.", ["pjak"]),
    ("Armenian jets bombed a village near Kapan and killed nine people, among them women.", []),
    # civilians of a country killed are no side
    ("PJAK fighters attacked a market near Kapan, killing twelve Armenian civilians.", []),
    # a toll in a sentence of its own may sum up a whole war: no side of the attack before it
    ("Armenian jets bombed a camp near Kapan on Sunday. Some 4,000 PJAK fighters have died since 2019.", []),
    # the attackers' own dead are not what they hit
    ("PJAK fighters attacked a checkpoint near Kapan; four PJAK fighters were killed in the attack.", []),
])
@pytest.mark.model
def test_the_side_whose_armed_men_were_killed_was_hit(resolve_text, text: str,  # type: ignore[no-untyped-def]
                                                      targets: list[str]) -> None:
    events = [e for e in resolve_text(text).events if e.modality == "asserted"]
    assert [sorted(short(t) for t in e.targets) for e in events] == [targets], text


@pytest.mark.parametrize(("text", "cls", "killed"), [
    # people shot dead: a shooting, whoever did it, with those it counts
    ("At least 40 villagers were shot dead in Kapan on Sunday, police said.", "Shooting", [40]),
    ("At least 30 patients and their relatives were shot dead at the Armenian Maternity Hospital in Goris.",
     "Shooting", [30]),
])
@pytest.mark.model
def test_people_shot_dead_were_shot_by_someone(resolve_text, text: str, cls: str,  # type: ignore[no-untyped-def]
                                               killed: list[int]) -> None:
    events = [e for e in resolve_text(text).events if e.modality == "asserted"]
    assert [(e.cls, sorted(c.count for c in e.casualties if c.kind == "killed"), list(e.targets))
            for e in events] == [(cls, killed, [])], events
