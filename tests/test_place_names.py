"""Place names the model misses or mislabels, found from the words around them (kg.nlp.placenames).
Sentences and names written for these tests."""

from __future__ import annotations

import pytest

from tests.conftest import short


def _places(resolved) -> dict[str, tuple[str, ...]]:  # type: ignore[no-untyped-def]
    """Mention text -> the classes of the place it resolved to."""
    return {resolved.extraction.mentions[i].text: r.entity.classes for i, r in resolved.resolutions.items()
            if any(c in {"Place", "Settlement", "FirstLevelDivision", "Area"} for c in r.entity.classes)}


@pytest.mark.parametrize(("text", "name"), [
    ("Fishermen were attacked on the islands of Lake Malawi on Sunday.", "Lake Malawi"),
    ("Gunmen ambushed a convoy near the Khyber Pass on Monday.", "Khyber Pass"),
    ("Militants fired rockets at Bagram Air Base on Monday.", "Bagram Air Base"),
    ("Troops recaptured Vovchansk, the last village in the district held by the enemy.", "Vovchansk"),
    ("Insurgents stormed the district capital of Mueda on Friday.", "Mueda"),
    ("A drone hit a clinic in the village Tal Afar in the district on Sunday.", "Tal Afar"),
    ("Troops captured the towns of Hawzen, Adigrat and Zalambessa last week.", "Adigrat"),
    ("A jet bombed a market in Letpadan village on Tuesday.", "Letpadan"),
    ("The army said it had regained control of Dessie and Kombolcha after heavy fighting.", "Kombolcha"),
])
def test_a_name_in_a_place_slot_is_a_place(resolve_text, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    assert name in _places(resolve_text(text))


def test_a_feature_named_after_a_country_is_not_the_country(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text("Fishermen were attacked on the islands of Lake Malawi on Sunday.")
    assert "malawi" not in {short(r.entity.iri) for r in resolved.resolutions.values()}


@pytest.mark.parametrize(("text", "name"), [
    ("The Lake Malawi Basin Commission met in the capital on Sunday.", "Lake Malawi"),
    ("Police arrested Omar Haddad, the village chief, on Monday.", "Omar Haddad"),
    ("Troops killed ten militants during Operation Desert Lion last month.", "Desert Lion"),
    ("The district fell under the control of Kadiri Shenko last year.", "Kadiri Shenko"),
])
def test_a_name_that_is_no_place_stays_out(resolve_text, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    assert not any(name in n for n in _places(resolve_text(text)))


def test_a_missed_town_gets_coordinates_and_a_country_from_the_gazetteer(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text("Insurgents stormed the district capital of Mueda in Mozambique on Friday.")
    geo = next(r.entity.geo for i, r in resolved.resolutions.items() if resolved.extraction.mentions[i].text == "Mueda")
    assert geo is not None and geo.lat is not None and short(geo.country or "") == "mozambique"
