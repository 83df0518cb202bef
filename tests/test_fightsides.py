"""A fight told as the setting of another act: the act's doer fought, against the side the act beat or
the fight was with. Sentences written for these tests."""

from __future__ import annotations

import pytest

from tests.conftest import short


def _sides(resolve_text, text: str) -> list[tuple[set[str], set[str]]]:  # type: ignore[no-untyped-def]
    return [({short(a) for a in e.agents}, {short(a) for a in e.targets})
            for e in resolve_text(text).events if e.cls == "ArmedClash"]


@pytest.mark.parametrize(("text", "agent", "target"), [
    ("PJAK, a movement of mostly Kurdish fighters, said its fighters had defeated a convoy of "
     "Armenian troops after clashes near Goris.", "pjak", "armenia"),
    ("PJAK said they had inflicted serious losses on the Armenian army in two days "
     "of fighting around Kapan.", "pjak", "armenia"),
])
def test_the_act_a_fight_is_the_setting_of_names_its_sides(resolve_text, text: str, agent: str,  # type: ignore[no-untyped-def]
                                                           target: str) -> None:
    assert any(agent in a and target in t for a, t in _sides(resolve_text, text)), text


@pytest.mark.parametrize("text", [
    "Dozens of civilians were killed in clashes around Kapan, residents said.",
    "Local officials said they had counted 40 bodies after the fighting near Chaman.",
])
def test_an_act_of_no_side_names_none(resolve_text, text: str) -> None:  # type: ignore[no-untyped-def]
    assert all(not a and not t for a, t in _sides(resolve_text, text)), text
