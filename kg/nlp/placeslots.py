"""Names in an event's sentence that are no place of the event: a place told of a named actor in a
relative clause ("X, who runs a jail in Y, was detained"), a place of what a deal's verb agrees to do
("agreed to meet in Y"), and a name after "by" in a place phrase ("at talks hosted by Z")."""

from __future__ import annotations

from spacy.tokens import Token

from kg.nlp.syntax import Context, coordination_head


def told_of_someone(ctx: Context, idx: int, t: Token) -> bool:
    """"X, who runs a jail in Y, was detained": a place in a relative clause on a named actor, one that
    does not hold the trigger, tells of the actor, not where the event was ("a convoy that was
    travelling near Y" still places a strike on it)."""
    m = ctx.mentions[idx]
    span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
    return span is not None and any(
        a.dep_ == "relcl" and not (a.left_edge.i <= t.i <= a.right_edge.i) and a.head.i in ctx.by_token
        and not ctx.is_place(ctx.by_token[a.head.i]) for a in span.root.ancestors)


def agreed_to(ctx: Context, idx: int, t: Token) -> bool:
    """"agreed to meet again in Y": a place where the parties agree to meet later is not where the deal
    was made; a place of what the deal does ("agreed to pause fighting in Y") stays its place."""
    m = ctx.mentions[idx]
    span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
    return span is not None and any(a.dep_ == "xcomp" and a.head.i == t.i and a.lemma_.lower() in ctx.w("meeting_verbs")
                                    for a in span.root.ancestors)


def done_by(ctx: Context, idx: int) -> bool:
    """"at talks hosted by X": a name after "by" in a place phrase is who did something, no place."""
    m = ctx.mentions[idx]
    span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
    head = coordination_head(span.root) if span is not None else None
    return head is not None and head.dep_ == "pobj" and head.head.lower_ == "by"
