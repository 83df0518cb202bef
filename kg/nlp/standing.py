"""Whether a relation read at a word stands at the time of the report: not negated ("is not a member
of Y"), not over ("no longer controls Y", "had held Y", "held Y until March", "suspended operations
against Y"), and, for control, said of the whole place, not of a part ("much of northern Y")."""

from __future__ import annotations

from spacy.tokens import Token

from kg.nlp.clauses import modality_of
from kg.nlp.syntax import Context
from kg.records import Predicate

NEGATIONS = {"not", "n't", "never"}
#: the links from an argument up to the verb of its clause ("is not a member of Y": member -> is)
ARGUMENT_DEPS = {"attr", "dobj", "obj", "pobj", "prep", "acomp", "oprd", "pcomp", "agent"}


def own_verb(tok: Token) -> Token | None:
    """The verb whose argument a word is ("member" in "X is not a member of Y": "is"); none for a
    word set beside a name ("X, a member of Y") or heading a noun phrase of its own."""
    cur = tok
    while cur.pos_ not in {"VERB", "AUX"}:
        if cur.dep_ not in ARGUMENT_DEPS or cur.head.i == cur.i:
            return None
        cur = cur.head
    return cur


def stands(ctx: Context, anchor: Token, pred: Predicate) -> bool:
    """Does the relation read at `anchor` hold now, by what its clause says?"""
    if _over(ctx, anchor):
        return False
    verb = own_verb(anchor)
    if verb is None:
        return True
    if _over(ctx, verb) or any(c.dep_ == "neg" or c.lower_ in NEGATIONS for c in verb.children):
        return False
    if verb is not anchor and verb.lemma_.lower() in ctx.w("standing_ending_verbs"):
        return False  # "suspended operations against Y", "withdrew its support for Y"
    if modality_of(ctx, verb) in {"denied", "negated"}:
        return False
    return pred != "controls" or not (_pluperfect(ctx, verb) or _until(ctx, verb))


def _over(ctx: Context, tok: Token) -> bool:
    """"no longer", "not anymore", "formerly" on the word: a standing that has ended."""
    return any(c.lower_ in ctx.w("ended_standing_adverbs") for c in tok.children if c.dep_ in {"advmod", "neg"})


def _pluperfect(ctx: Context, verb: Token) -> bool:
    """"had held", "had been held by": a holding told as before another past event, not as now; but
    "X said it had retaken Y" is the reporter's "has retaken", shifted back by "said"."""
    reported = verb.dep_ == "ccomp" and verb.head.lemma_.lower() in ctx.w("reporting_verbs")
    return not reported and any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children)


def _until(ctx: Context, verb: Token) -> bool:
    """"held Y until March": a holding with an end."""
    return any(c.dep_ == "prep" and c.lower_ in ctx.w("end_of_period_preps") for c in verb.children)


def whole_place(ctx: Context, idx: int, head: Token) -> bool:
    """Is a place named whole, not a part of it ("much of Y", "parts of Y", "northern Y")?"""
    if any(c.dep_ in {"amod", "compound"} and c.lower_ in ctx.w("compass_adjectives") for c in head.children):
        return False
    if head.dep_ == "pobj" and head.head.lower_ == "of":
        return head.head.head.lemma_.lower() not in ctx.w("partial_place_words")
    return True
