"""Heads of state and government in the knowledge base, and the relations their titles state.

Every sentence is written for these tests."""

from __future__ import annotations

import pytest

from kg import paths
from kg.gazetteer import Gazetteer, read_common_words
from kg.kb import RDF_TYPE, KnowledgeBase, alias_key, load
from kg.vocab import SKOS
from tests.conftest import short

ACTOR = "https://w3id.org/conflict-kg/actor/"
COUNTRY = "https://w3id.org/conflict-kg/country/"


@pytest.fixture(scope="module")
def leaders() -> KnowledgeBase:
    """The leaders file read alone: what it adds to the base."""
    return load(kb_files=[f for f in paths.kb_files() if f.name == "leaders.ttl"])


def _described(kb: KnowledgeBase) -> list[str]:
    return [iri for iri in kb.entities if kb.is_a(iri, "Person")]


def _commented(kb: KnowledgeBase, iri: str) -> bool:
    return any(t.predicate.value.endswith("#comment") for t in kb.descriptions[iri])


def test_every_leader_is_a_person_of_a_known_country(kb: KnowledgeBase, leaders: KnowledgeBase) -> None:
    people = _described(leaders)
    assert len(people) >= 150
    for iri in people:
        assert kb.entities[iri].classes == ("Person",), iri
        assert _commented(leaders, iri), f"{iri} has no comment"
        countries = leaders.linked(iri, "country")
        assert len(countries) == 1 and all(kb.is_a(c, "Country") for c in countries), iri
        assert leaders.linked(iri, "leads") <= countries, f"{iri} leads a state it does not belong to"


def test_no_leader_is_described_twice(kb: KnowledgeBase, leaders: KnowledgeBase) -> None:
    """One label and one class per leader in the whole base (another name for one is refused by the
    alias test below)."""
    for iri in _described(leaders):
        props = [t.predicate.value for t in kb.descriptions[iri]]
        assert props.count(SKOS + "prefLabel") == 1 and props.count(RDF_TYPE) == 1, iri


def test_leader_aliases_name_no_one_and_nothing_else(kb: KnowledgeBase, leaders: KnowledgeBase) -> None:
    """A leader's alias is theirs alone in the base, is no common word, and a one-word alias has five
    letters or more (or is an acronym)."""
    common = read_common_words()
    for key in leaders.aliases:
        assert len({e.iri for e in kb.aliases[key]}) == 1, (key, kb.aliases[key])
        assert key not in common, key
        assert " " in key or len(key) >= 5 or key.upper() in leaders.surfaces[key], key


def test_no_one_word_alias_names_a_town_of_the_leaders_country(kb: KnowledgeBase, leaders: KnowledgeBase) -> None:
    gaz = Gazetteer.open()
    for key, entries in leaders.aliases.items():
        countries = {c for e in entries for c in kb.linked(e.iri, "country")}
        towns = [p for p in gaz.candidates(key) if " " not in key and alias_key(p.name) == key and p.population
                 and kb.iso_codes.get(p.country_iso3) in countries]
        assert not towns, (key, towns)


@pytest.mark.parametrize("surface", ["Trump", "May", "Johnson", "Modi", "Ruto", "Xi", "Petro", "Kenyatta", "Uhuru", "Lapid"])
def test_ambiguous_or_short_surnames_are_no_aliases(kb: KnowledgeBase, surface: str) -> None:
    assert alias_key(surface) not in kb.aliases


@pytest.mark.parametrize(("surface", "person", "state"), [
    ("Lukashenka", "alexander-lukashenko", "belarus"),
    ("Mohammed bin Zayed", "mohamed-bin-zayed", "united-arab-emirates"),
    ("Prayuth", "prayut-chan-o-cha", "thailand"),
    ("Abdel Fattah al-Sisi", "abdel-fattah-el-sisi", "egypt"),
    ("Judith Suminwa", "judith-suminwa", "democratic-republic-of-the-congo"),  # described in a theatre file
])
def test_leaders_lead_their_state(kb: KnowledgeBase, surface: str, person: str, state: str) -> None:
    entries = kb.aliases[alias_key(surface)]
    assert [e.iri for e in entries] == [ACTOR + person]
    assert COUNTRY + state in kb.linked(ACTOR + person, "leads")


@pytest.mark.parametrize("person", ["imran-khan", "sheikh-hasina", "ashraf-ghani", "alpha-conde"])
def test_overthrown_leaders_keep_their_country_but_lead_nothing(kb: KnowledgeBase, person: str) -> None:
    assert kb.linked(ACTOR + person, "country") and not kb.linked(ACTOR + person, "leads")


def _leads(resolve_text, text: str) -> set[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    """The "leads" relations read from a text, each with the sentence it was read in."""
    return {(short(r.subject), short(r.object), r.candidate.sentence)
            for r in resolve_text(text).relations if r.predicate == "leads"}


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), [
    # a title before the name, or in apposition after it, with no state named: the holder's own state
    ("President Shavkat Mirziyoyev opened the new bridge on Monday.", {("shavkat-mirziyoyev", "uzbekistan", 0)}),
    ("Emmerson Mnangagwa, the president, told parliament that the drought had eased.",
     {("emmerson-mnangagwa", "zimbabwe", 0)}),
    ("Rain fell all week. Prime Minister Giorgia Meloni said the ships would sail.", {("giorgia-meloni", "italy", 1)}),
    # the title names the state
    ("The Mexican president Claudia Sheinbaum rejected the tariff threat.", {("claudia-sheinbaum", "mexico", 0)}),
    ("Kassym-Jomart Tokayev, Kazakhstan's president, called for calm after the riots.",
     {("kassym-jomart-tokayev", "kazakhstan", 0)}),
    # an office no longer held
    ("Former president Petro Poroshenko visited soldiers near the front line.", set()),
    ("Ex-President Jacob Zuma appeared in court on Tuesday.", set()),
    ("Then-Prime Minister Fumio Kishida announced the new defence budget.", set()),
    ("The ships sailed under then-President Francois Hollande.", set()),
    ("The late president Pierre Nkurunziza was buried in Gitega.", set()),
    ("Imran Khan, the former prime minister, addressed a rally in Lahore.", set()),
    # a bare leader noun: the state of a head of state the base knows, and nothing for anyone else
    ("The troops crossed the border on the orders of leader Alexander Lukashenko.",
     {("alexander-lukashenko", "belarus", 0)}),
    ("The march was called by leader Imran Khan.", set()),
    ("Opposition leader Yair Lapid criticised the budget.", set()),
])
def test_state_office_titles(resolve_text, text: str, expected: set[tuple[str, str, int]]) -> None:  # type: ignore[no-untyped-def]
    assert _leads(resolve_text, text) == expected


@pytest.mark.model
def test_a_leader_who_acts_acts_for_the_state(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text("Nikol Pashinyan ordered air strikes on the depots.")
    assert any("armenia" in {short(a) for a in e.agents} for e in resolved.events)
