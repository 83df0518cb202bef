"""Who a pronoun object cannot stand for: "X and Y were fighting them" speaks of others than X and Y.
A pronoun that is the object of a verb (or of a preposition on it) does not point back to the subject
of its own clause; `bound_start` gives where that subject starts, and the resolver looks for the
pronoun's antecedent before it. Possessives ("X and its allies") and reflexives are not bound so."""

from __future__ import annotations

from spacy.tokens import Token

OBJECT_DEPS = frozenset({"dobj", "obj", "dative"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def bound_start(pron: Token) -> int | None:
    """The character offset where the subject of the pronoun's clause starts, if the pronoun is an
    object in that clause and the subject comes before it; else None."""
    verb = _governing_verb(pron)
    if verb is None:
        return None
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if not subjects and verb.dep_ in {"conj", "xcomp", "ccomp"}:  # "X entered the town and held them"
        subjects = [c for c in verb.head.children if c.dep_ in SUBJECT_DEPS]
    starts = [s.left_edge.idx for s in subjects if s.i < pron.i and s.pos_ != "PRON"]
    return min(starts) if starts else None


def _governing_verb(pron: Token) -> Token | None:
    """The verb whose object the pronoun is, directly or after a preposition ("fired at them")."""
    if pron.dep_ in OBJECT_DEPS and pron.head.pos_ == "VERB":
        return pron.head
    prep = pron.head
    if pron.dep_ == "pobj" and prep.dep_ == "prep" and prep.head.pos_ == "VERB":
        return prep.head
    return None
