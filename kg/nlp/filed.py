"""Where a deal was made when the report says it only in its dateline: "CITY, May 4 - X and Y signed a
truce at talks hosted by Z". Talks reported from a city, with no other place named for
them, were held there. The dateline stays no place of anything else (kg.nlp.datelines).

The words are `talks_nouns` (lexicon.json)."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from kg.kb import alias_key
from kg.nlp.datelines import dateline_names, dateline_spans
from kg.nlp.doctokens import text as doc_text
from kg.nlp.syntax import Context, prep_objects
from kg.records import EventCandidate, Mention


def filed_deals(ctx: Context, mentions: list[Mention],
                events: list[EventCandidate]) -> tuple[list[Mention], list[EventCandidate]]:
    """The mentions with the dateline's city added, and the deals made at talks in the sentence under
    the dateline placed there, when one of them names no place of its own."""
    if not any(not e.places and ctx.kb.subclass_of(e.cls, "Agreement") for e in events):
        return mentions, events
    spans = dateline_spans(ctx.doc)
    names = dateline_names(ctx.doc)
    if not spans or not names:
        return mentions, events
    start, end = spans[0]
    lead = _sentence_after(ctx, end)
    deals = [k for k, e in enumerate(events) if not e.places and e.sentence == lead
             and ctx.kb.subclass_of(e.cls, "Agreement") and _at_talks(ctx, e)]
    at = doc_text(ctx.doc).find(names[0], start, end)
    if not deals or at < 0 or lead is None:
        return mentions, events
    key = alias_key(names[0])
    city = Mention(at, at + len(names[0]), names[0].title() if names[0].isupper() else names[0], "GPE", lead,
                   alias=key if key in ctx.kb.aliases else None, role="locative")
    idx = len(mentions)
    return [*mentions, city], [replace(e, places=(idx,)) if k in deals else e for k, e in enumerate(events)]


def _sentence_after(ctx: Context, end: int) -> int | None:
    """The index of the sentence the text after a dateline belongs to."""
    return next((n for n, s in enumerate(ctx.sents) if s.start_char <= end < s.end_char), None)


def _at_talks(ctx: Context, e: EventCandidate) -> bool:
    """Was the deal made "at talks" (or a meeting, a summit), on its trigger or the trigger's verb?"""
    span = ctx.doc.char_span(e.start, e.end, alignment_mode="expand")
    if span is None:
        return False
    hosts: list[Token] = [span.root, span.root.head]
    return any(o.lemma_.lower() in ctx.w("talks_nouns") or o.lower_ in ctx.w("talks_nouns")
               for h in hosts for o in prep_objects(h, {"at", "during"}))
