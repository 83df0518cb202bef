"""The countries of the knowledge base: ISO codes and the spellings reports use."""

from __future__ import annotations

import pytest

from kg.kb import CKG, KnowledgeBase, alias_key

COUNTRY = "https://w3id.org/conflict-kg/country/"


def _iso(kb: KnowledgeBase, iri: str) -> list[str]:
    return [t.object.value for t in kb.descriptions[iri] if t.predicate.value == CKG + "isoCode"]


def test_every_country_has_one_three_letter_iso_code(kb: KnowledgeBase) -> None:
    countries = [iri for iri in kb.entities if kb.is_a(iri, "Country")]
    assert len(countries) >= 100
    codes = {iri: _iso(kb, iri) for iri in countries}
    assert all(len(c) == 1 and len(c[0]) == 3 and c[0].isupper() for c in codes.values()), codes
    flat = [c[0] for c in codes.values()]
    assert len(flat) == len(set(flat))


@pytest.mark.parametrize(("surface", "country", "kind"), [
    ("U.S.", "united-states", "name"), ("U.K.", "united-kingdom", "name"), ("Egyptian", "egypt", "demonym"),
    ("Burma", "myanmar", "name"), ("Serb", "serbia", "demonym"), ("Ivory Coast", "ivory-coast", "name"),
    ("North Korean", "north-korea", "demonym"),
])
def test_country_spellings(kb: KnowledgeBase, surface: str, country: str, kind: str) -> None:
    entries = kb.aliases[alias_key(surface)]
    assert any(e.iri == COUNTRY + country and e.kind == kind for e in entries)


@pytest.mark.parametrize("surface", ["Congolese", "Korean", "Palestinian"])
def test_ambiguous_demonyms_are_left_out(kb: KnowledgeBase, surface: str) -> None:
    assert not any(e.kind == "demonym" for e in kb.aliases.get(alias_key(surface), []))


@pytest.mark.parametrize(("surface", "actor"), [
    ("Da\u2019esh", "islamic-state"), ("U.S.-led coalition", "us-led-coalition"), ("U.N.", "united-nations"),
    ("Asad", "bashar-al-assad"), ("the Asad regime", "syrian-government"),
])
def test_actor_spellings(kb: KnowledgeBase, surface: str, actor: str) -> None:
    assert any(e.iri.endswith("/" + actor) for e in kb.aliases[alias_key(surface)])


@pytest.mark.parametrize(("name", "variant"), [
    ("US Central Command", "U.S. Central Command"),
    ("UN Security Council", "U.N. Security Council"),
    ("US", "U.S."),
])
def test_dotted_country_initials_are_generated(name: str, variant: str) -> None:
    from kg.kb import surface_variants

    assert variant in surface_variants(name)
