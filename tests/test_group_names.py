"""Groups named by what the text calls them: "the gang of X", "the armed band of X", "Y-linked
fighters", "its local affiliate", "X, known locally as Z"; hyphenated place names; a place inside an
organisation's name."""

from __future__ import annotations

import pytest
from conftest import short

pytestmark = pytest.mark.model


def _resolved(resolved, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The entities the mentions with this text resolved to."""
    return [short(r.entity.iri) for i, r in resolved.resolutions.items()
            if resolved.extraction.mentions[i].text == text]


def _relations(resolved) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {(short(r.subject), r.predicate, short(r.object)) for r in resolved.relations}


def _agents(resolved) -> list[str]:  # type: ignore[no-untyped-def]
    return [short(a) for e in resolved.events for a in e.agents]


def test_the_gang_of_a_place_is_one_armed_group(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text("The gang of Lower Fenwick attacked a market in Port-Maridon on Sunday. "
                            "The gang later withdrew to the hills.")
    assert _resolved(resolved, "gang") == ["lower-fenwick-gang"]
    assert _resolved(resolved, "The gang") == ["lower-fenwick-gang"]
    assert "lower-fenwick-gang" in _agents(resolved) and not _resolved(resolved, "Lower Fenwick")
    group = next(r.entity for r in resolved.resolutions.values() if short(r.entity.iri) == "lower-fenwick-gang")
    assert group.classes == ("ArmedGroup",)


def test_the_band_of_a_person_is_led_by_that_person(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text("Gunmen of the armed band of Jasper Toulon attacked a bus near Port-Maridon on Friday, "
                            "officials said.")
    assert ("jasper-toulon", "leads", "jasper-toulon-band") in _relations(resolved)


@pytest.mark.parametrize(("text", "group", "parent"), [
    # fighters linked to a named group, with no name of their own, are a group of their own
    ("Hundreds of Kivo Freedom Front-linked fighters stormed the town of Maruba on Friday, residents said.",
     "kivo-freedom-front-affiliate", "kivo-freedom-front"),
    # "its local affiliate": the affiliate of the group "its" points back to
    ("The Kivo Freedom Front said on Monday that fighters of its local affiliate had seized the town of Maruba.",
     "kivo-freedom-front-local-affiliate", "kivo-freedom-front"),
])
def test_an_unnamed_affiliate_is_a_group_of_its_own(resolve_text, text: str, group: str,
                                                    parent: str) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text(text)
    assert (group, "affiliatedWith", parent) in _relations(resolved)
    assert parent not in _agents(resolved)


def test_a_later_name_opening_with_the_groups_name_is_its_affiliate(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text("Hundreds of Kivo Freedom Front-linked fighters stormed the town of Maruba on Friday. "
                            "Kivo Freedom Front Lowland Brigade said its fighters had killed 12 soldiers.")
    assert _resolved(resolved, "fighters") == ["kivo-freedom-front-lowland-brigade"]


@pytest.mark.parametrize("text", [
    "Gunmen attacked the town of Menongue in Angola on Monday, officials in Angola said. "
    "The insurgents, known locally as Amniyat, burned the market.",
    # the country of a town the gazetteer finds is enough
    "Gunmen attacked the town of Menongue on Monday, officials said. "
    "The insurgents, known locally as Amniyat, burned the market.",
])
def test_a_local_name_of_a_namesake_active_elsewhere_is_a_group_of_this_report(
        resolve_text, text: str) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text(text)
    assert _resolved(resolved, "Amniyat") == ["amniyat-angola"]
    assert _resolved(resolved, "The insurgents") == ["amniyat-angola"]


def test_a_name_known_locally_as_another_is_one_actor(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text("The Kivo Freedom Front, known locally as Watu wa Msitu, attacked a convoy on Monday.")
    assert _resolved(resolved, "Watu wa Msitu") == _resolved(resolved, "Kivo Freedom Front") == ["kivo-freedom-front"]


@pytest.mark.parametrize(("text", "name"), [
    ("The two gangs pushed east from Saint-Luc-des-Bois, the suburb they have held for years.", "Saint-Luc-des-Bois"),
    # a name the model does not tag at all
    ("Gunmen attacked villages near Anse-la-Riviere and the coast on Monday.", "Anse-la-Riviere"),
])
def test_a_hyphenated_place_name_is_one_mention(extract, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    texts = [m.text for m in extract(text).mentions]
    assert name in texts and not set(name.split("-")) & set(texts)


def test_fighters_aligned_with_a_state_are_no_branch_of_it(extract) -> None:  # type: ignore[no-untyped-def]
    ext = extract("Hundreds of Bolivia-aligned fighters crossed the border on Monday.")
    assert all(m.affiliate_of is None for m in ext.mentions)


def test_a_place_in_an_organisations_name_is_no_place_of_the_event(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text("Troops of the Western Union Mission in Bolivia were attacked near Cochabamba on Monday.")
    places = [short(p) for e in resolved.events for p in e.places]
    assert places and "bolivia" not in places


def test_a_unit_placed_in_a_town_leaves_the_town_a_place(extract) -> None:  # type: ignore[no-untyped-def]
    ext = extract("Rebels said they had captured the army's Eastern Command in Cochabamba on Monday.")
    assert "Cochabamba" in [m.text for m in ext.mentions]


def test_a_persons_loyalists_are_an_armed_group_not_the_person(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text("Former president Luis Ortega lost power in May. On Thursday, Ortega loyalists ambushed "
                            "a police patrol near Cochabamba.")
    assert _agents(resolved) == ["ortega-loyalists"]
    group = next(r.entity for r in resolved.resolutions.values() if short(r.entity.iri) == "ortega-loyalists")
    assert group.classes == ("ArmedGroup",)


def test_a_local_name_the_base_places_here_is_the_bases_actor(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text("Gunmen attacked a village near Mopti on Monday, officials said. "
                            "The insurgents, known locally as Katiba Macina, burned the market.")
    assert _resolved(resolved, "Katiba Macina") == _resolved(resolved, "The insurgents") == ["katiba-macina"]
