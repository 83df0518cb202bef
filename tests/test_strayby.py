"""A passive attack whose "by" phrase the parse hangs on the place named before it: the party of that
phrase did it. Sentences written for these tests."""

from __future__ import annotations

import pytest

from tests.conftest import short


def _agents(resolve_text, text: str) -> list[set[str]]:  # type: ignore[no-untyped-def]
    return [{short(a) for a in e.agents} for e in resolve_text(text).events if e.cls == "Attack"]


@pytest.mark.parametrize(("text", "agent"), [
    ("More than 60 old persons was killed between Monday and Tuesday in the neighbourhood of Fort Dimanche "
     "in Croix-des-Bouquets by the gang of Johnson Andre, the UN informed.", "johnson-andre-gang"),
    ("Eleven fishermen was killed on Friday in the area of Kukawa in Borno by the fighters of ISWAP, "
     "the local officials informed.", "iswap"),
    ("At least 25 persons was massacred between Saturday and Sunday in the district of Tabarre in "
     "Petion-Ville by the gang of Vitel'Homme Innocent, the police told.", "vitel-homme-innocent-gang"),
])
def test_a_by_phrase_hung_on_the_place_names_the_doer(resolve_text, text: str, agent: str) -> None:  # type: ignore[no-untyped-def]
    assert any(agent in a for a in _agents(resolve_text, text)), text


@pytest.mark.parametrize("text", [
    "Seven traders were killed on Monday in the town of Gao by the river, residents said.",
    "Two people were killed in the market of Kidal in northern Mali by a car bomb on Sunday.",
])
def test_a_by_phrase_of_no_party_names_no_doer(resolve_text, text: str) -> None:  # type: ignore[no-untyped-def]
    assert all(not a for a in _agents(resolve_text, text)), text
