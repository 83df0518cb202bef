"""Doers a parse hides behind a place: the "by" phrase of a passive verb that the parser hangs on the
last place named before it ("were killed in the X quarter of Y by the men of P": P's men did it)."""

from __future__ import annotations

from spacy.tokens import Token

from kg.nlp.syntax import LOCATIVE_PREPS, Context, phrase_tokens, prep_objects, unique

NESTED = frozenset({"relcl", "acl", "advcl", "ccomp", "appos"})


def stray_by_doers(ctx: Context, t: Token) -> list[int]:
    """The parties of a "by" phrase hung inside a passive trigger's place phrase, when the verb has no
    "by" of its own."""
    if t.pos_ != "VERB" or not _passive(t) or prep_objects(t, {"by"}):
        return []
    found: list[int] = []
    for obj in prep_objects(t, LOCATIVE_PREPS | {"at"}):
        phrase = phrase_tokens(obj, _outside_clauses)
        for by in (tok for tok in phrase if tok.dep_ in {"prep", "agent"} and tok.lower_ == "by"):
            found += [i for o in by.children if o.dep_ == "pobj" for i in ctx.owners(o) if not ctx.is_place(i)]
    return unique(found)


def _passive(verb: Token) -> bool:
    return any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children)


def _outside_clauses(child: Token) -> bool:
    """A place phrase's words, without the clauses or appositions nested in it."""
    return child.dep_ not in NESTED
