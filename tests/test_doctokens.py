"""The per-document lists the rules share: the same as spaCy's own, built once, and not keeping
documents alive once another is read."""

import gc
import weakref

import spacy

from kg.nlp import doctokens


def _nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def test_lists_match_spacy_and_are_built_once() -> None:
    doc = _nlp()("Rebels took the town. Troops fled north.")
    assert [t.text for t in doctokens.tokens(doc)] == [t.text for t in doc]
    assert [s.text for s in doctokens.sentences(doc)] == ["Rebels took the town.", "Troops fled north."]
    assert doctokens.text(doc) == doc.text
    assert doctokens.tokens(doc) is doctokens.tokens(doc)
    assert doctokens.sentences(doc) is doctokens.sentences(doc)


def test_a_new_document_gets_its_own_lists_and_frees_the_old() -> None:
    nlp = _nlp()
    first = nlp("One sentence here.")
    doctokens.tokens(first)
    gone = weakref.ref(first)
    del first
    second = nlp("Another, longer sentence here.")
    assert [t.text for t in doctokens.tokens(second)] == [t.text for t in second]
    gc.collect()
    assert gone() is None
