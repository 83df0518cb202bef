"""Leadership told from the led side: "the X fighters answer to P", "... answer to a commander known
as P": P leads X."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.nlp.clauses import modality_of, subjects_of
from kg.nlp.groupnames import other_name
from kg.nlp.offices import candidate
from kg.nlp.standing import stands
from kg.nlp.syntax import Context, prep_objects
from kg.records import RelationCandidate


def answer_to(ctx: Context) -> Iterator[RelationCandidate]:
    """A person named after a verb of the `led_by_prep_frames` leads the organisation that is its subject
    (not a state: "Syrian soldiers answer to P" says P commands them, not that P leads the state)."""
    frames = {tuple(k.split()[-2:]) for k in ctx.lex.table("led_by_prep_frames")}
    for verb in ctx.tokens:
        preps = {prep for lemma, prep in frames if lemma == verb.lemma_.lower()}
        if not preps or modality_of(ctx, verb) != "asserted" or not stands(ctx, verb, "leads"):
            continue
        leaders = [i for o in prep_objects(verb, preps) for i in ctx.with_conjuncts(o) or _named_as(ctx, o)]
        led = [i for i in subjects_of(ctx, verb) if ctx.mentions[i].label == "ORG"] if leaders else []
        for p in leaders:
            for x in led:
                yield candidate(ctx, p, "leads", x, verb, f"rule:led-{verb.lemma_.lower()}-to", 0.7)


def _named_as(ctx: Context, noun: Token) -> list[int]:
    """"a commander known as P", "a man called P": the name a common noun is given (a person: resolving
    checks)."""
    found = other_name(noun, ctx.by_token, ctx.lex) if noun.i not in ctx.by_token else None
    return [found] if found is not None else []
