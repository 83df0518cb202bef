"""Places the gazetteer does not know lie where the text puts them, and divisions are drawn too.

Names below are invented villages (no gazetteer knows them) beside real provinces and towns."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg import vocab

GEO_LAT = ox.NamedNode(vocab.GEO + "lat")
LOCATED_IN = ox.NamedNode(vocab.CKG + "locatedIn")
COORDINATES_FROM = ox.NamedNode(vocab.CKG + "coordinatesFrom")


def _bare(resolved, name: str):  # type: ignore[no-untyped-def]
    found = [r.entity for r in resolved.resolutions.values() if r.entity.label == name and r.basis == "new"]
    assert found, f"{name} was not minted as a new place"
    return found[0]


@pytest.mark.parametrize(("text", "name", "inside", "borrows"), [
    # "X, in Y": inside Y, at Y's coordinates
    ("Rebels attacked the village of Wemboli, in North Kivu, on Monday.", "Wemboli", "nord-kivu", "nord-kivu"),
    # "X in Y": the same without the comma
    ("Gunmen stormed the village of Karabugu in Borno State overnight.", "Karabugu", "borno", "borno"),
    # "X, a village near Y": in what holds Y, at Y's coordinates
    ("Soldiers shelled Zembokra, a village near Kindu, at dawn.", "Zembokra", "maniema", "kindu"),
])
def test_a_bare_place_takes_its_container(resolve_text, text: str, name: str, inside: str,  # type: ignore[no-untyped-def]
                                          borrows: str) -> None:
    geo = _bare(resolve_text(text), name).geo
    assert geo is not None and geo.lat is not None and geo.lon is not None
    assert inside in geo.located_in[0]
    assert geo.coordinates_from is not None and borrows in geo.coordinates_from
    assert geo.name == name


def test_a_bare_place_lies_in_the_reports_only_country(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text("Fighting spread from Mogadishu to the town of Wabakoro on Tuesday.")
    geo = _bare(resolved, "Wabakoro").geo
    assert geo is not None and geo.located_in == (geo.country,) and geo.country.endswith("/somalia")
    assert geo.lat is not None and geo.coordinates_from == geo.country  # drawn where the country is, and says so


def test_a_bare_place_lies_in_the_country_most_places_lie_in(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text("Fighting spread from Mogadishu to the town of Wabakoro on Tuesday, "
                            "and Kenyan troops crossed at Mandera. Markets in Mogadishu closed.")
    geo = _bare(resolved, "Wabakoro").geo
    assert geo is not None and geo.country is not None and geo.country.endswith("/somalia")
    assert geo.coordinates_from == geo.country


def test_a_bare_place_stays_open_when_no_country_holds_most_places(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text("Fighting spread from Mogadishu to the town of Wabakoro on Tuesday, "
                            "and Kenyan troops crossed at Mandera.")
    assert _bare(resolved, "Wabakoro").geo is None


def test_a_bare_place_stays_open_when_the_report_spans_countries(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text("Delegations from Kenya and Ethiopia met in the town of Wabakoro on Tuesday.")
    assert _bare(resolved, "Wabakoro").geo is None


def test_the_graph_says_whose_coordinates_a_place_borrows(graph_of) -> None:  # type: ignore[no-untyped-def]
    store = graph_of("Rebels attacked the village of Wemboli, in North Kivu, on Monday.")
    place = ox.NamedNode(vocab.place_iri("wemboli"))
    lenders = [q.object.value for q in store.quads_for_pattern(place, COORDINATES_FROM, None)]
    assert len(lenders) == 1 and "nord-kivu" in lenders[0]
    assert list(store.quads_for_pattern(place, GEO_LAT, None))
    assert [q.object.value for q in store.quads_for_pattern(place, LOCATED_IN, None)] == lenders


def test_a_settlements_division_is_drawn_too(graph_of) -> None:  # type: ignore[no-untyped-def]
    store = graph_of("Gunmen attacked a market in Kindu on Friday.")
    divisions = {q.object for q in store.quads_for_pattern(None, LOCATED_IN, None) if "maniema" in q.object.value}
    assert divisions and all(list(store.quads_for_pattern(d, GEO_LAT, None)) for d in divisions)


def test_a_name_keeps_its_place_sense_in_a_report(resolve_text) -> None:  # type: ignore[no-untyped-def]
    """Parsed once as an organisation, a place named as a place elsewhere in the report is that place."""
    resolved = resolve_text("Insurgents seized the town of Mbalazi in northern Mozambique on Monday. "
                            "Mbalazi fell after three days of fighting.")
    iris = {r.entity.iri for i, r in resolved.resolutions.items()
            if resolved.extraction.mentions[i].text == "Mbalazi"}
    assert iris == {vocab.place_iri("mbalazi")}


def test_a_namesake_in_another_country_is_not_the_place(resolve_text) -> None:  # type: ignore[no-untyped-def]
    """"X in Y": the gazetteer's X lies in another country than Y, so X is a new place inside Y."""
    resolved = resolve_text("Insurgents seized the town of Toledo in northern Mozambique on Monday.")
    toledo = [r for i, r in resolved.resolutions.items() if resolved.extraction.mentions[i].text == "Toledo"]
    assert toledo and toledo[0].basis == "new"
    assert toledo[0].entity.geo is not None and toledo[0].entity.geo.located_in[-1].endswith("/mozambique")


def test_a_namesake_refused_once_is_refused_in_the_whole_report(resolve_text) -> None:  # type: ignore[no-untyped-def]
    """Once the text puts X in another country than the gazetteer's X, no mention of X is that namesake."""
    resolved = resolve_text("Insurgents seized the town of Toledo in northern Mozambique on Monday. "
                            "Soldiers said the town was calm, and residents returned to Toledo on Tuesday.")
    iris = {r.entity.iri for i, r in resolved.resolutions.items()
            if resolved.extraction.mentions[i].text in ("Toledo", "the town")}
    assert iris == {vocab.place_iri("toledo")}


def test_a_one_word_person_named_as_a_place_elsewhere_is_the_place(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text("Rebels entered the town of Kalinzi in eastern Congo on Sunday. "
                            "Residents said Kalinzi was calm by the evening.")
    iris = {r.entity.iri for i, r in resolved.resolutions.items()
            if resolved.extraction.mentions[i].text == "Kalinzi"}
    assert iris == {vocab.place_iri("kalinzi")}


def test_a_name_with_its_container_after_a_comma_is_the_place(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text("Fighting was reported on Sunday around Kindu, Maniema, by residents.")
    iris = {r.entity.iri for r in resolved.resolutions.values()}
    assert any(i.startswith(vocab.place_iri("kindu-")) and i[-1].isdigit() for i in iris), iris


def test_places_only_the_country_locates_tell_no_incident_apart(resolve_text) -> None:  # type: ignore[no-untyped-def]
    """Where in the country an unknown place lies is unknown: "the assault on the base" in a region of
    that country is the same incident."""
    resolved = resolve_text("Al-Shabaab fighters attacked the army base at Wabakoro in Somalia with car bombs "
                            "last week, officials said. Shops in Mogadishu closed.\nThe group claimed to have "
                            "killed 137 soldiers in the assault on the base in the Lower Juba region.")
    wabakoro = [r.entity.geo for r in resolved.resolutions.values() if r.entity.label == "Wabakoro"]
    assert wabakoro and wabakoro[0] is not None and wabakoro[0].coordinates_from is not None
    assert len(resolved.events) == 1, [(e.cls, e.places) for e in resolved.events]


def test_a_place_inside_an_unknown_place_takes_what_locates_that_place(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text("Militants stormed the village of Wabakoro, in Dunbelo, on Monday. "
                            "Markets in Mogadishu closed, and Mogadishu was calm.")
    geo = _bare(resolved, "Wabakoro").geo
    assert geo is not None and geo.lat is not None and geo.located_in[0] == vocab.place_iri("dunbelo")
    assert geo.located_in[-1].endswith("/somalia")


def test_a_report_naming_no_place_is_about_the_state_whose_bodies_act(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text("The Tatmadaw bombed the village of Wabakoro on Monday. The Tatmadaw said it had hit "
                            "rebel fighters.")
    geo = _bare(resolved, "Wabakoro").geo
    assert geo is not None and geo.country is not None and geo.country.endswith("/myanmar")
