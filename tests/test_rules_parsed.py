"""The rules of kg/nlp/ on parses built by hand: no model, so they run in the fast tier.

Each case is a sentence of our own with its words, lemmas, parts of speech, heads and
dependency labels written out, its entities, and (where an event is wanted) the trigger the
event patterns of ontology/patterns/events.jsonl find in it, run by a blank pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg import kb as kb_module
from kg.nlp import TRIGGER_KEY, extract, load_lexicon, trigger_patterns
from kg.records import Extraction, Report, ReportMeta


@dataclass(frozen=True)
class Word:
    text: str
    lemma: str
    pos: str
    head: int  # index of the head word; the root points at itself
    dep: str
    tag: str = ""


@pytest.fixture(scope="module")
def triggers() -> Language:
    """A blank English pipeline with only the event-trigger ruler (its patterns read lemmas)."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("span_ruler", name="event_triggers", config={
        "spans_key": TRIGGER_KEY, "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"}})
    ruler.add_patterns(trigger_patterns())  # type: ignore[attr-defined]
    return nlp


def parsed(nlp: Language, words: list[Word], ents: list[tuple[int, int, str]]) -> Doc:
    """A Doc with the given parse and entities, and the event triggers found in it."""
    doc = Doc(nlp.vocab, words=[w.text for w in words],
              spaces=[i + 1 < len(words) and words[i + 1].pos != "PUNCT" for i in range(len(words))],
              lemmas=[w.lemma for w in words], pos=[w.pos for w in words], heads=[w.head for w in words],
              deps=[w.dep for w in words], tags=[w.tag or w.pos for w in words])
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return nlp.get_pipe("event_triggers")(doc)


def run(nlp: Language, kb: kb_module.KnowledgeBase, words: list[Word],
        ents: list[tuple[int, int, str]]) -> Extraction:
    doc = parsed(nlp, words, ents)
    return extract(doc, Report(ReportMeta(id="hand"), doc.text, "0" * 64), kb, load_lexicon())


# "Varnak shelled Telmora ."
SHELLED = [Word("Varnak", "Varnak", "PROPN", 1, "nsubj", "NNP"), Word("shelled", "shell", "VERB", 1, "ROOT", "VBD"),
           Word("Telmora", "Telmora", "PROPN", 1, "dobj", "NNP"), Word(".", ".", "PUNCT", 1, "punct", ".")]
# "Varnak threatened to shell Telmora ."
THREAT = [Word("Varnak", "Varnak", "PROPN", 1, "nsubj", "NNP"),
          Word("threatened", "threaten", "VERB", 1, "ROOT", "VBD"), Word("to", "to", "PART", 3, "aux", "TO"),
          Word("shell", "shell", "VERB", 1, "xcomp", "VB"), Word("Telmora", "Telmora", "PROPN", 3, "dobj", "NNP"),
          Word(".", ".", "PUNCT", 1, "punct", ".")]
# "Varnak did not shell Telmora ."
NEGATED = [Word("Varnak", "Varnak", "PROPN", 3, "nsubj", "NNP"), Word("did", "do", "AUX", 3, "aux", "VBD"),
           Word("not", "not", "PART", 3, "neg", "RB"), Word("shell", "shell", "VERB", 3, "ROOT", "VB"),
           Word("Telmora", "Telmora", "PROPN", 3, "dobj", "NNP"), Word(".", ".", "PUNCT", 3, "punct", ".")]


@pytest.mark.parametrize(("words", "modality"), [
    (SHELLED, "asserted"), (THREAT, "threatened"), (NEGATED, "negated"),
])
def test_an_attack_has_its_subject_as_agent_and_its_object_as_place(
        triggers: Language, kb: kb_module.KnowledgeBase, words: list[Word], modality: str) -> None:
    last = len(words) - 2
    ext = run(triggers, kb, words, [(0, 1, "ORG"), (last, last + 1, "GPE")])
    texts = [m.text for m in ext.mentions]
    assert [(e.cls, e.modality) for e in ext.events] == [("Shelling", modality)]
    event = ext.events[0]
    assert [texts[i] for i in event.agents] == ["Varnak"]
    assert [texts[i] for i in event.places] == ["Telmora"] and not event.targets


# "Ten civilians died in Telmora , according to Kesh ."
DIED = [Word("Ten", "ten", "NUM", 1, "nummod", "CD"), Word("civilians", "civilian", "NOUN", 2, "nsubj", "NNS"),
        Word("died", "die", "VERB", 2, "ROOT", "VBD"), Word("in", "in", "ADP", 2, "prep", "IN"),
        Word("Telmora", "Telmora", "PROPN", 3, "pobj", "NNP"), Word(",", ",", "PUNCT", 2, "punct", ","),
        Word("according", "accord", "VERB", 2, "prep", "VBG"), Word("to", "to", "ADP", 6, "prep", "IN"),
        Word("Kesh", "Kesh", "PROPN", 7, "pobj", "NNP"), Word(".", ".", "PUNCT", 2, "punct", ".")]


def test_a_death_toll_is_counted_and_attributed(triggers: Language, kb: kb_module.KnowledgeBase) -> None:
    ext = run(triggers, kb, DIED, [(4, 5, "GPE"), (8, 9, "ORG")])
    figures = [*ext.orphan_casualties, *(c for e in ext.events for c in e.casualties)]
    assert [(c.count, c.kind, c.category) for c in figures] == [(10, "killed", "civilians")]
    assert [(a.verb, ext.mentions[a.source].text) for a in ext.attributions if a.source is not None] \
        == [("according to", "Kesh")]
    assert figures[0].attribution == 0


# "Kesh , an affiliate of Varnak , grew ."
AFFILIATE = [Word("Kesh", "Kesh", "PROPN", 6, "nsubj", "NNP"), Word(",", ",", "PUNCT", 0, "punct", ","),
             Word("an", "an", "DET", 3, "det", "DT"), Word("affiliate", "affiliate", "NOUN", 0, "appos", "NN"),
             Word("of", "of", "ADP", 3, "prep", "IN"), Word("Varnak", "Varnak", "PROPN", 4, "pobj", "NNP"),
             Word("grew", "grow", "VERB", 6, "ROOT", "VBD"), Word(".", ".", "PUNCT", 6, "punct", ".")]


def test_an_apposition_names_an_affiliation(triggers: Language, kb: kb_module.KnowledgeBase) -> None:
    ext = run(triggers, kb, AFFILIATE, [(0, 1, "ORG"), (5, 6, "ORG")])
    texts = [m.text for m in ext.mentions]
    assert [(texts[r.subject], r.predicate, texts[r.object], r.method) for r in ext.relations] \
        == [("Kesh", "affiliatedWith", "Varnak", "rule:apposition")]


# "We fought the rebels in Telmora ."
PRONOUN = [Word("We", "we", "PRON", 1, "nsubj", "PRP"), Word("fought", "fight", "VERB", 1, "ROOT", "VBD"),
           Word("the", "the", "DET", 3, "det", "DT"), Word("rebels", "rebel", "NOUN", 1, "dobj", "NNS"),
           Word("in", "in", "ADP", 1, "prep", "IN"), Word("Telmora", "Telmora", "PROPN", 4, "pobj", "NNP"),
           Word(".", ".", "PUNCT", 1, "punct", ".")]


def test_pronouns_anaphors_and_places_are_typed(triggers: Language, kb: kb_module.KnowledgeBase) -> None:
    ext = run(triggers, kb, PRONOUN, [(5, 6, "GPE")])
    got = [(m.text, m.kind, m.pronoun, m.refers_to, m.role) for m in ext.mentions]
    assert got == [("We", "anaphor", "speaker", None, "agentive"),
                   ("the rebels", "anaphor", None, "RebelGroup", "other"),
                   ("Telmora", "name", None, None, "locative")]
