"""Country names several states go by, chosen by the report's countries (kg.gazetteer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.gazetteer import Context, Gazetteer, GazetteerError, read_shared_names


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.open()


@pytest.mark.parametrize(("countries", "iso"), [
    (frozenset({"COD"}), "COD"),
    (frozenset({"COG"}), "COG"),
    (frozenset({"RWA", "UGA"}), "COD"),  # neither named: the larger
    (frozenset(), "COD"),
])
def test_a_shared_short_name_is_the_country_the_report_names(gaz: Gazetteer, countries: frozenset[str],
                                                              iso: str) -> None:
    match = gaz.resolve("Congo", Context(countries=countries))
    assert match is not None and match.place.country_iso3 == iso and match.place.feature == "country"


def test_a_town_in_the_shared_name_lies_in_the_chosen_country(gaz: Gazetteer) -> None:
    match = gaz.resolve("Goma", Context(container="Congo"))
    assert match is not None and match.place.country_iso3 == "COD"


def test_a_full_name_is_not_shared(gaz: Gazetteer) -> None:
    match = gaz.resolve("Republic of the Congo")
    assert match is not None and match.place.country_iso3 == "COG"


@pytest.mark.parametrize("line", ["Congo COD COG", "Congo\tcod", "\tCOD"])
def test_a_bad_shared_name_line_is_refused_with_its_place(tmp_path: Path, line: str) -> None:
    path = tmp_path / "shared.tsv"
    path.write_text(f"# names\n{line}\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"shared\.tsv, line 2"):
        read_shared_names(path)
