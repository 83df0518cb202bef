"""An attack's target named on what the attack used. Every sentence is written for these tests."""

from __future__ import annotations

import pytest

from tests.conftest import short


def _targets(resolve_text, text: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {short(t) for e in resolve_text(text).events for t in e.targets}


@pytest.mark.parametrize(("text", "targets"), [
    ("In Somalia, coalition forces conducted 15 strikes using bomber and fighter aircraft against "
     "al-Shabaab targets.", {"al-shabaab"}),
    ("On Monday, the coalition's four airstrikes delivered 24 munitions against al-Shabaab positions near Jilib.",
     {"al-shabaab"}),
    ("The army conducted strikes using drones against positions in Jilib.", set()),  # a place is no target here
    ("The coalition's airstrikes delivered aid to Jilib.", set()),
])
def test_target_named_on_what_was_used(resolve_text, text: str, targets: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert _targets(resolve_text, text) == targets


@pytest.mark.parametrize(("text", "targets"), [
    ("American jets struck dozens of targets in eastern Syria on Saturday, hitting weapons depots and command "
     "posts used by Hezbollah, the Pentagon said.", {"hezbollah"}),
    ("Turkish drones hit positions held by the Kurdistan Workers' Party in northern Iraq.", {"pkk"}),
    ("Israeli aircraft carried out strikes on sites belonging to Hamas in Gaza City.", {"hamas"}),
    ("Turkish drones hit positions near the Kurdistan Workers' Party camps in northern Iraq.", set()),
])
def test_target_holds_what_was_hit(resolve_text, text: str, targets: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert _targets(resolve_text, text) == targets


@pytest.mark.parametrize(("text", "targets"), [
    ("Security forces ended a siege of a hotel in Kano state on Sunday, killing all 12 attackers from the "
     "Islamic State West Africa Province (ISWAP), officials said.", {"iswap"}),
    ("Government jets bombed the town on Monday, killing 15 militants from al-Shabaab.", {"al-shabaab"}),
    ("Government jets bombed the town on Monday, killing 15 civilians from Baidoa.", set()),
])
def test_the_side_of_the_fighters_killed_is_a_target(resolve_text, text: str,  # type: ignore[no-untyped-def]
                                                     targets: set[str]) -> None:
    assert _targets(resolve_text, text) == targets


@pytest.mark.parametrize(("text", "targets"), [
    ("Rebel commander Abdul Rashid Baloch was killed by a drone strike in Kunar province last year.",
     {"abdul-rashid-baloch"}),
    ("Hezbollah commander Fuad Shukr died in an Israeli air strike on Beirut.", {"fuad-shukr"}),
    ("The Pakistani Taliban vowed revenge for the killing of its leader Abdul Rashid Baloch by a roadside bomb.",
     {"abdul-rashid-baloch"}),
    ("Two people were killed in a drone strike on Mogadishu.", set()),
])
def test_who_an_attack_killed_is_its_target(resolve_text, text: str, targets: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert _targets(resolve_text, text) == targets
