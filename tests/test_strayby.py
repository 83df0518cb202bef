"""A passive attack whose "by" phrase the parse hangs on the place named before it: the party of that
phrase did it. Sentences written for these tests."""

from __future__ import annotations

import pytest

from tests.conftest import short


def _agents(resolve_text, text: str) -> list[set[str]]:  # type: ignore[no-untyped-def]
    return [{short(a) for a in e.agents} for e in resolve_text(text).events if e.cls == "Attack"]


@pytest.mark.parametrize(("text", "agent"), [
    ("More than 60 elderly people were killed over two days in the neighbourhood of Fort Dimanche "
     "in Martissant by the gang of Johnson Andre, officials said.", "johnson-andre-gang"),
    ("Eleven farmers were killed on Friday in the hills of Goris in Syunik by fighters of PJAK, "
     "local officials said.", "pjak"),
    ("At least 25 people were massacred over the weekend in the district of Tabarre in "
     "Petion-Ville by the gang of Vitel'Homme Innocent, police said.", "vitel-homme-innocent-gang"),
])
def test_a_by_phrase_hung_on_the_place_names_the_doer(resolve_text, text: str, agent: str) -> None:  # type: ignore[no-untyped-def]
    assert any(agent in a for a in _agents(resolve_text, text)), text


@pytest.mark.parametrize("text", [
    "Seven traders were killed on Monday in the town of Gao by the river, residents said.",
    "Two people were killed in the market of Goris in southern Armenia by a car bomb on Sunday.",
])
def test_a_by_phrase_of_no_party_names_no_doer(resolve_text, text: str) -> None:  # type: ignore[no-untyped-def]
    assert all(not a for a in _agents(resolve_text, text)), text
