"""What a report gives as background, not as news: picture captions, running tallies ("the war has
killed more than 150,000 since 2023"), anniversaries ("a year after the attack") and earlier events
given as context ("last year's offensive"). A trigger in a caption or a tally makes no event; one
in an anniversary or a context phrase makes an event flagged as background; a casualty figure in
any of them lends its toll to no other event."""

from __future__ import annotations

import re

from spacy.tokens import Token

from kg.nlp.datelines import caption_spans
from kg.nlp.syntax import Context, clause_verb

CAPTIONS = "kg.captions"  # the parse's caption spans, kept in its user_data
#: prepositions that make a perfect tense a running tally ("has killed 300 since", "over the past decade")
TALLY_PREPS = {"since", "over", "during", "in", "throughout", "across"}
DECADE = re.compile(r"(?:1[89]|20)\d0s|'\d0s")  # "the 1960s", "the '90s"


def out_of_story(ctx: Context, tok: Token) -> bool:
    """Is the token part of a caption, a tally, an anniversary or an earlier event given as context?"""
    return no_event(ctx, tok) or given_as_context(ctx, tok)


def no_event(ctx: Context, tok: Token) -> bool:
    """Is the token part of a caption, a running tally or a standing activity?"""
    verb = clause_verb(tok)
    return _in_caption(ctx, tok) or _tally(ctx, verb) or _standing(ctx, verb)


def given_as_context(ctx: Context, tok: Token) -> bool:
    """Is the token part of an anniversary or an earlier event given as context ("a year after the
    fall of X", "last year's offensive")?"""
    return _in_context_phrase(ctx, tok)


def _in_caption(ctx: Context, tok: Token) -> bool:
    spans = ctx.doc.user_data.get(CAPTIONS)
    if spans is None:  # found once per parse: a report is scanned once, not once per trigger
        spans = ctx.doc.user_data[CAPTIONS] = tuple(caption_spans(ctx.doc, ctx.w("caption_markers")))
    return any(s <= tok.idx < e for s, e in spans)


def _tally(ctx: Context, verb: Token) -> bool:
    """"The war has killed thousands", "X has killed 300 since 2019", "over the past decade"."""
    if verb.lemma_.lower() not in ctx.w("kill_lemmas"):
        return False
    if any(c.dep_ in {"nsubj", "nsubjpass"} and c.lemma_.lower() in ctx.w("tally_subjects") for c in verb.children):
        return True
    perfect = any(c.dep_ == "aux" and c.lemma_.lower() == "have" and c.tag_ in {"VBZ", "VBP"} for c in verb.children)
    return perfect and any(_duration(ctx, c) for c in verb.children)


def _standing(ctx: Context, verb: Token) -> bool:
    """"X has fought the government for 15 years", "Y has struck the region since 2014", "fought
    alongside Z during the war": what someone has done for years or through a war is a standing
    activity, no incident."""
    if any(c.dep_ == "prep" and c.lower_ in {"during", "throughout"} and _war(ctx, c) for c in verb.children):
        return True  # "fought alongside X during the war": what someone did through a whole war
    perfect = any(c.dep_ == "aux" and c.lemma_.lower() == "have" and c.tag_ in {"VBZ", "VBP"} for c in verb.children)
    return perfect and any(_years(ctx, c) for c in verb.children if c.dep_ == "prep" and c.lower_ in {"for", "since"})


def _war(ctx: Context, prep: Token) -> bool:
    return any(g.lemma_.lower() in ctx.w("war_nouns") for g in prep.children if g.dep_ == "pobj")


def _years(ctx: Context, prep: Token) -> bool:
    """"for more than 15 years", "for decades", "since 2014", "since the 1960s": a span of years."""
    return any(t.lemma_.lower() in ctx.w("year_units") or (t.like_num and len(t.text) == 4 and t.text.isdigit())
               or DECADE.fullmatch(t.text) is not None for t in prep.subtree if t.i != prep.i)


def _duration(ctx: Context, c: Token) -> bool:
    """"since 2019", "since it began", "over the past decade", "in recent years", "during the war"."""
    if c.dep_ == "advcl":
        return any(m.dep_ == "mark" and m.lower_ == "since" for m in c.children)
    if c.dep_ != "prep" or c.lower_ not in TALLY_PREPS:
        return False
    if c.lower_ == "since":
        return True
    if any(g.lemma_.lower() in ctx.w("war_nouns") for g in c.children if g.dep_ == "pobj"):
        return True  # "have died during the war": the whole war's toll
    return any(g.lemma_.lower() in ctx.w("tally_periods") and any(m.lower_ in ctx.w("past_words") for m in g.children)
               for g in c.children if g.dep_ == "pobj")


def _in_context_phrase(ctx: Context, tok: Token) -> bool:
    """"a year after the attack (that killed 50)", "on the anniversary of the raid", "last year's offensive"."""
    for x in [tok, *tok.ancestors]:
        if x.dep_ == "pobj" and x.head.dep_ == "prep" and _marks_a_period(ctx, x.head):
            return True
        if x.pos_ in {"NOUN", "PROPN"} and any(_a_past_period(ctx, c) for c in x.children
                                               if c.dep_ in {"poss", "nmod"}):
            return True
        if x.i != tok.i and x.pos_ in {"VERB", "AUX"} and x.dep_ not in {"relcl", "acl"}:
            return False
    return False


def _marks_a_period(ctx: Context, prep: Token) -> bool:
    """"a year after", "two years since", "the anniversary of"."""
    periods = ctx.w("context_periods")
    return prep.head.lemma_.lower() in periods or any(
        c.dep_ == "npadvmod" and c.lemma_.lower() in periods for c in prep.children)


def _a_past_period(ctx: Context, noun: Token) -> bool:
    """"last year('s)", "the previous decade('s)"."""
    past = ctx.w("past_words")
    return noun.lemma_.lower() in ctx.w("context_periods") and any(m.lower_ in past for m in noun.children)
