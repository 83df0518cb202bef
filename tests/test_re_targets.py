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
    ("Indian jets struck targets in Balakot on Saturday, hitting training camps and arms stores used by "
     "Jaish-e-Mohammed.", {"jaish-e-mohammed"}),
    ("Azerbaijani drones hit positions held by Armenian forces near Stepanakert.", {"armenia"}),
    ("Indian aircraft carried out strikes on sites belonging to Jaish-e-Mohammed in Balakot.", {"jaish-e-mohammed"}),
    ("Azerbaijani drones hit positions near the Armenian border.", set()),
    # a place taken keeps the side that held it
    ("Azerbaijani forces retook Shusha, which had been held by Armenian troops since 1992.", {"armenia"}),
])
def test_target_holds_what_was_hit(resolve_text, text: str, targets: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert _targets(resolve_text, text) == targets


@pytest.mark.parametrize(("text", "targets"), [
    ("Philippine troops stormed a school in Marawi on Sunday, killing nine attackers from the Abu Sayyaf group.",
     {"abu-sayyaf"}),
    ("Government jets bombed the town on Monday, killing 15 militants from Jaish-e-Mohammed.", {"jaish-e-mohammed"}),
    ("Government jets bombed the town on Monday, killing 15 civilians from Balakot.", set()),
])
def test_the_side_of_the_fighters_killed_is_a_target(resolve_text, text: str,  # type: ignore[no-untyped-def]
                                                     targets: set[str]) -> None:
    assert _targets(resolve_text, text) == targets


@pytest.mark.parametrize(("text", "targets"), [
    ("Rebel commander Abdul Rashid Baloch was killed by a drone strike in Kunar province last year.",
     {"abdul-rashid-baloch"}),
    ("Militia commander Fuad Shukr died in an Azerbaijani air strike on Stepanakert.", {"fuad-shukr"}),
    ("Jaish-e-Mohammed mourned the killing of its commander Abdul Rashid Baloch by a roadside bomb.",
     {"abdul-rashid-baloch"}),
    ("Two people were killed in a drone strike on Kandahar.", set()),
])
def test_who_an_attack_killed_is_its_target(resolve_text, text: str, targets: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert _targets(resolve_text, text) == targets
