"""Name spans mended after the model: a generic word the ruler cut off a name, a span over a paragraph break."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from kg.nlp.namespans import NameSpanRepair

GENERIC = frozenset({"army", "front", "forces"})


def doc_with(words: list[str], spaces: list[bool], ents: list[tuple[int, int, str, str]]) -> Doc:
    doc = Doc(Vocab(), words=words, spaces=spaces)
    doc.ents = [Span(doc, s, e, label=label, span_id=ident) for s, e, label, ident in ents]
    return doc


def texts(doc: Doc) -> list[tuple[str, str, str]]:
    return [(e.text, e.label_, e.ent_id_) for e in doc.ents]


@pytest.mark.parametrize(("words", "ents", "expected"), [
    # "the Hill Country Army (HCA) rebels": the ruler took "Army" from the model's name
    (["the", "Hill", "Country", "Army", "rebels"], [(1, 3, "ORG", ""), (3, 4, "ORG", "army")],
     [("Hill Country Army", "ORG", "")]),
    # a person-labelled name is mended the same way
    (["Sunrise", "Front", "fighters"], [(0, 1, "PERSON", ""), (1, 2, "ORG", "front")],
     [("Sunrise Front", "ORG", "")]),
    # a people's adjective before the word is the state's institution: left as it is
    (["Lowland", "Army", "units"], [(0, 1, "NORP", "lowland"), (1, 2, "ORG", "army")],
     [("Lowland", "NORP", "lowland"), ("Army", "ORG", "army")]),
    # a name the base knows is not extended
    (["Delta", "Forces", "said"], [(0, 1, "ORG", "delta"), (1, 2, "ORG", "forces")],
     [("Delta", "ORG", "delta"), ("Forces", "ORG", "forces")]),
    # not adjacent: "Radio North said the army ..." keeps both
    (["Radio", "North", "said", "the", "army"], [(0, 2, "ORG", ""), (3, 5, "ORG", "army")],
     [("Radio North", "ORG", ""), ("the army", "ORG", "army")]),
    # lower case: "the Valley Guard army" is not one name
    (["Valley", "Guard", "army", "posts"], [(0, 2, "ORG", ""), (2, 3, "ORG", "army")],
     [("Valley Guard", "ORG", ""), ("army", "ORG", "army")]),
])
def test_generic_word_rejoins_its_name(words: list[str], ents: list[tuple[int, int, str, str]],
                                       expected: list[tuple[str, str, str]]) -> None:
    doc = doc_with(words, [True] * len(words), ents)
    assert texts(NameSpanRepair(GENERIC)(doc)) == expected


def test_span_over_a_paragraph_break_is_cut() -> None:
    words = ["Troops", "reach", "Harbourtown", "\n\n", "PORTVILLE", "(", "Wire", ")", "-"]
    spaces = [True, True, False, False, True, False, False, True, False]
    doc = doc_with(words, spaces, [(2, 5, "ORG", "")])
    assert texts(NameSpanRepair(GENERIC)(doc)) == [("Harbourtown", "ORG", ""), ("PORTVILLE", "ORG", "")]


def test_span_without_a_break_is_kept() -> None:
    doc = doc_with(["Harbour", "Town", "Council"], [True, True, False], [(0, 3, "ORG", "")])
    assert texts(NameSpanRepair(GENERIC)(doc)) == [("Harbour Town Council", "ORG", "")]


@pytest.mark.parametrize(("words", "ents", "expected"), [
    # "the Front for the Freedom of Hill Peoples": the generic head takes the rest of the name
    (["the", "Front", "for", "the", "Freedom", "of", "Hill", "Peoples", "said"], [(0, 2, "ORG", "front")],
     [("the Front for the Freedom of Hill Peoples", "ORG", "")]),
    # the rest of the name holds an organisation span the model found: it is taken in
    (["the", "Army", "of", "Northern", "Valleys", "attacked"], [(0, 2, "ORG", "army"), (3, 5, "ORG", "")],
     [("the Army of Northern Valleys", "ORG", "")]),
    # "the Army of X" with X a state's name: X's army, left as it is
    (["the", "Army", "of", "Ruritania", "said"], [(0, 2, "ORG", "army"), (3, 4, "GPE", "ruritania")],
     [("the Army", "ORG", "army"), ("Ruritania", "GPE", "ruritania")]),
    # no capitalised word after the link: nothing to take
    (["the", "Army", "of", "occupation", "left"], [(0, 2, "ORG", "army")], [("the Army", "ORG", "army")]),
    # lower case head: "the army of the north"
    (["the", "army", "for", "Riverland"], [(0, 2, "ORG", "army")], [("the army", "ORG", "army")]),
])
def test_generic_head_takes_the_rest_of_its_name(words: list[str], ents: list[tuple[int, int, str, str]],
                                                 expected: list[tuple[str, str, str]]) -> None:
    doc = doc_with(words, [True] * len(words), ents)
    assert texts(NameSpanRepair(GENERIC)(doc)) == expected


@pytest.mark.parametrize(("words", "heads", "deps", "label", "expected"), [
    # "the 7K rebel group": a code before a group noun is the group, whatever the model called it
    (["the", "7K", "rebel", "group"], [3, 3, 3, 3], ["det", "compound", "compound", "ROOT"], "PRODUCT",
     [("7K", "ORG", "")]),
    # a code before another noun ("the T72 tanks") stays what the model said
    (["the", "T72", "tanks"], [2, 2, 2], ["det", "compound", "ROOT"], "PRODUCT", [("T72", "PRODUCT", "")]),
    # a plain word is no code
    (["the", "Blue", "group"], [2, 2, 2], ["det", "compound", "ROOT"], "PRODUCT", [("Blue", "PRODUCT", "")]),
])
def test_code_before_a_group_noun_names_the_group(words: list[str], heads: list[int], deps: list[str],
                                                  label: str, expected: list[tuple[str, str, str]]) -> None:
    doc = Doc(Vocab(), words=words, spaces=[True] * len(words), heads=heads, deps=deps)
    doc.ents = [Span(doc, 1, 2, label=label)]
    generic = GENERIC | {"group"}
    assert texts(NameSpanRepair(generic)(doc)) == expected


PARTICLES = frozenset({"de", "des", "la"})
BODIES = frozenset({"mission", "office"})


@pytest.mark.parametrize(("words", "spaces", "ents", "expected"), [
    # the model stopped at the first hyphen: the whole hyphenated word is one place's name
    (["from", "Saint", "-", "Luc", "-", "des", "-", "Bois", ","], [True, False, False, False, False, False, False,
                                                                   False, True],
     [(1, 2, "ORG", "")], [("Saint-Luc-des-Bois", "GPE", "")]),
    # two spans of one hyphenated word become one; capitalised pieces keep the model's label
    (["near", "Pont", "-", "Verlaine", "town"], [True, False, False, True, True],
     [(1, 2, "PERSON", ""), (3, 4, "GPE", "")], [("Pont-Verlaine", "PERSON", "")]),
    # a name the model read whole, with a particle between hyphens, is a place's name
    (["in", "Anse", "-", "de", "-", "Sel"], [True, False, False, False, False, True],
     [(1, 6, "ORG", "")], [("Anse-de-Sel", "GPE", "")]),
    # a participle after a hyphen is no part of the name
    (["Harbour", "Front", "-", "linked", "gunmen"], [True, False, False, True, True],
     [(0, 2, "ORG", "")], [("Harbour Front", "ORG", "")]),
    # two names the base knows, joined by a hyphen, stay two ("the Lowland-Upland war")
    (["the", "Lowland", "-", "Upland", "war"], [True, False, False, True, True],
     [(1, 2, "GPE", "lowland"), (3, 4, "GPE", "upland")], [("Lowland", "GPE", "lowland"), ("Upland", "GPE", "upland")]),
    # spaced dashes join nothing
    (["Portville", "-", "Riverside"], [True, True, True], [(0, 1, "GPE", ""), (2, 3, "GPE", "")],
     [("Portville", "GPE", ""), ("Riverside", "GPE", "")]),
])
def test_a_hyphenated_name_is_one_span(words: list[str], spaces: list[bool], ents: list[tuple[int, int, str, str]],
                                       expected: list[tuple[str, str, str]]) -> None:
    doc = doc_with(words, spaces, ents)
    assert texts(NameSpanRepair(GENERIC, PARTICLES, BODIES)(doc)) == expected


@pytest.mark.parametrize(("words", "ents", "expected"), [
    # "the Western Union Mission in Lowland": the place is inside the organisation's name
    (["the", "Western", "Union", "Mission", "in", "Lowland", "said"], [(1, 3, "ORG", "western union"),
                                                                        (5, 6, "GPE", "lowland")],
     [("Western Union Mission in Lowland", "ORG", "")]),
    # a lower-case word is no part of a name: "the Union mission in Lowland" names the place
    (["the", "Union", "mission", "in", "Lowland"], [(1, 2, "ORG", ""), (4, 5, "GPE", "")],
     [("Union", "ORG", ""), ("Lowland", "GPE", "")]),
    # a person is no organisation's name
    (["Ana", "Ruiz", "Office", "in", "Lowland"], [(0, 2, "PERSON", ""), (4, 5, "GPE", "")],
     [("Ana Ruiz", "PERSON", ""), ("Lowland", "GPE", "")]),
])
def test_a_place_after_a_body_word_is_inside_the_name(words: list[str], ents: list[tuple[int, int, str, str]],
                                                      expected: list[tuple[str, str, str]]) -> None:
    doc = doc_with(words, [True] * len(words), ents)
    assert texts(NameSpanRepair(GENERIC, PARTICLES, BODIES)(doc)) == expected


@pytest.mark.parametrize(("words", "ents", "expected"), [
    # a country's name and a word of broadcasting: one media outlet
    (["from", "broadcaster", "Lowland", "TV", "said"], [(2, 3, "GPE", "")], [("Lowland TV", "ORG", "")]),
    (["Lowland", "Radio", "reported"], [(0, 1, "GPE", "")], [("Lowland Radio", "ORG", "")]),
    # a word the model already named, or no country before it, is left as it is
    (["Lowland", "TV", "Awards"], [(0, 1, "GPE", ""), (1, 3, "ORG", "")], [("Lowland", "GPE", ""), ("TV Awards", "ORG", "")]),
    (["Lowland", "television", "said"], [(0, 1, "GPE", "")], [("Lowland", "GPE", "")]),
    (["the", "Delta", "Radio"], [(1, 2, "ORG", "")], [("Delta", "ORG", "")]),
])
def test_a_country_and_a_word_of_broadcasting_name_an_outlet(words: list[str],
                                                            ents: list[tuple[int, int, str, str]],
                                                            expected: list[tuple[str, str, str]]) -> None:
    doc = doc_with(words, [True] * len(words), ents)
    assert texts(NameSpanRepair(GENERIC, outlets=frozenset({"TV", "Television", "Radio"}))(doc)) == expected
