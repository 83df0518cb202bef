"""Groups named after their base ("the X gang"): one armed group, not the place X; a group the base
knows by such a name stays the base's. Sentences written for these tests."""

from __future__ import annotations

import pytest

from tests.conftest import short


def _agents(resolve_text, text: str) -> list[set[str]]:  # type: ignore[no-untyped-def]
    return [{short(a) for a in e.agents} for e in resolve_text(text).events]


@pytest.mark.parametrize(("text", "agent"), [
    ("PORT-AU-PRINCE, May 3 - The Canaan gang attacked Kenscoff on Sunday, killing eight people, police said.",
     "canaan-gang"),
    ("PORT-AU-PRINCE, May 3 - The Carrefour gang attacked a school in Gressier on Sunday, police said.", "carrefour-gang"),
    ("The Grand Ravine gang attacked Martissant on Sunday.", "grand-ravine-gang"),  # a name the base knows
])
def test_a_group_named_after_its_base_is_a_group(resolve_text, text: str, agent: str) -> None:  # type: ignore[no-untyped-def]
    assert any(agent in a for a in _agents(resolve_text, text)), text


def test_the_base_is_no_doer(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = "PORT-AU-PRINCE, May 3 - The Carrefour gang attacked a school in Gressier on Sunday, police said."
    assert all("carrefour" not in a for a in _agents(resolve_text, text)), text
