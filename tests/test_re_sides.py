"""Actors on one side of a fight, and a stand against someone ("unite against"): one sentence per
form, and sentences that must state no side. Every sentence is written for these tests."""

from __future__ import annotations

import json

import pytest

from kg.errors import KnowledgeBaseError
from kg.lexicon import load_lexicon
from tests.conftest import short


def _relations(resolve_text, text: str) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {(short(r.subject), r.predicate, short(r.object)) for r in resolve_text(text).relations}


@pytest.mark.parametrize(("text", "triples"), [
    # coordinated doers of a fight verb that names whom they fight
    ("Kenya and Ethiopia attacked al-Shabaab near the border.",
     {("kenya", "supports", "ethiopia"), ("ethiopia", "supports", "kenya")}),
    ("Turkey, the Syrian National Army and Qatar are determined to defeat the Kurdish YPG.",
     {("turkey", "supports", "qatar"), ("syrian-national-army", "supports", "turkey")}),
    # together with / along with / in coordination with: a side, and its fight shared
    ("The Somali army, together with African Union troops, is working to defeat al-Shabaab.",
     {("somali-national-army", "supports", "african-union"), ("african-union", "opposes", "al-shabaab")}),
    ("Malian troops, in coordination with Wagner, attacked Katiba Macina in Moura.",
     {("wagner-group", "supports", "mali"), ("wagner-group", "opposes", "katiba-macina")}),
    ("The men and women of the 5th Brigade, together with Kenyan troops, are working to defeat and "
     "destroy al-Shabaab.", {("5th-brigade", "opposes", "al-shabaab"), ("kenya", "opposes", "al-shabaab")}),
    # a stand against someone
    ("Ethiopia and Kenya stand against al-Shabaab.", {("kenya", "opposes", "al-shabaab")}),
    ("The Macina Liberation Front rose up against the Malian army in 2015.",
     {("katiba-macina", "opposes", "malian-armed-forces")}),
])
def test_sides(resolve_text, text: str, triples: set[tuple[str, str, str]]) -> None:  # type: ignore[no-untyped-def]
    assert triples <= _relations(resolve_text, text)


@pytest.mark.parametrize(("text", "absent"), [
    ("The Nigerian army and Boko Haram clashed near Maiduguri.", ("nigerian-army", "supports", "boko-haram")),
    ("Kenya and Ethiopia attacked Baidoa.", ("kenya", "supports", "ethiopia")),  # a place, no opponent named
    ("Ahmed Madobe, along with Ethiopian officers, was wounded in Kismayo.",
     ("ahmed-madobe", "supports", "ethiopia")),  # company in what befell them, not a side
    ("Kenya and Ethiopia will attack al-Shabaab next year.", ("kenya", "supports", "ethiopia")),
])
def test_no_side(resolve_text, text: str, absent: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    assert absent not in _relations(resolve_text, text)


def test_a_list_named_in_two_lexicon_files_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "lexicon.json").write_text(json.dumps({"group_nouns": ["group"], "_doc": "x"}))
    (tmp_path / "lexicon-more.json").write_text(json.dumps({"company_adverbs": ["together"], "_doc": "y"}))
    assert load_lexicon(tmp_path / "lexicon.json").sets["company_adverbs"] == frozenset({"together"})
    (tmp_path / "lexicon-twice.json").write_text(json.dumps({"group_nouns": ["band"]}))
    with pytest.raises(KnowledgeBaseError, match="lexicon-twice.json: group_nouns"):
        load_lexicon(tmp_path / "lexicon.json")
