"""The precision of an event's place when the world gazetteer, not the base, supplied it, and the
base's country codes read once. Sentences written for these tests."""

from __future__ import annotations

import pytest

from kg.gazetteer import kb_countries


def test_the_loaded_base_holds_the_country_codes(kb) -> None:  # type: ignore[no-untyped-def]
    assert kb.iso_codes == dict(kb_countries())


@pytest.mark.parametrize(("text", "precision", "geo"), [
    ("Russian forces shelled Kupiansk on Monday, killing two civilians.", "settlement", 1),
    ("Gunmen attacked a convoy in Mopti Region on Sunday, killing six soldiers.", "governorate", 3),
])
def test_a_gazetteer_place_gives_the_event_its_precision(resolve_text, text: str, precision: str, geo: int) -> None:  # type: ignore[no-untyped-def]
    event = resolve_text(text).events[0]
    assert event.places, event
    assert (event.place_precision, event.geo_precision) == (precision, geo)
