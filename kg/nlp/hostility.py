"""Opposition told by a noun of fighting and its two sides: "clashes between A and B", "fighting
broke out between A and B", "the war between A and B": A opposes B."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.nlp.clauses import modality_of
from kg.nlp.offices import candidate
from kg.nlp.standing import stands
from kg.nlp.syntax import Context, prep_objects
from kg.records import RelationCandidate


def sides_between(ctx: Context) -> Iterator[RelationCandidate]:
    """The first side named after "between" opposes each other side named with it."""
    for noun in ctx.tokens:
        if not _noun_like(noun) or noun.lemma_.lower() not in ctx.w("hostility_nouns"):
            continue
        if modality_of(ctx, noun) != "asserted" or not stands(ctx, noun, "opposes") or _ended(ctx, noun):
            continue
        sides = _sides(ctx, noun)
        for other in sides[1:]:
            if other != sides[0]:
                yield candidate(ctx, sides[0], "opposes", other, noun, "rule:fighting-between", 0.7)


def _noun_like(tok: Token) -> bool:
    """A noun, or a gerund the parser took for a verb as the subject ("since fighting broke out")."""
    return tok.pos_ == "NOUN" or (tok.tag_ == "VBG" and tok.dep_ in {"nsubj", "nsubjpass"})


def _sides(ctx: Context, noun: Token) -> list[int]:
    """The names after "between", on the noun or on the verb it is the subject of ("fighting broke
    out between ...")."""
    hosts = [noun, noun.head] if noun.dep_ in {"nsubj", "nsubjpass"} else [noun]
    found: list[int] = []
    for obj in (o for h in hosts for o in prep_objects(h, {"between"})):
        for tok in [obj, *obj.conjuncts]:
            for i in ctx.mentions_in([tok]) or ctx.mentions_in(ctx.proxied(tok)):
                if i not in found:
                    found.append(i)
    return found


def _ended(ctx: Context, noun: Token) -> bool:
    """"an end to the fighting between A and B", "the war between A and B ended", "the 1990s war
    between A and B": no longer fighting."""
    words = ctx.w("ending_words") | ctx.w("halting_words")
    over = noun.dep_ in {"nsubj", "nsubjpass"} and noun.head.lemma_.lower() in words
    dated = any(c.ent_type_ == "DATE" for c in noun.children if c.i < noun.i)  # "the 1990s war between A and B"
    return over or dated or any(t.lemma_.lower() in words for t in list(noun.ancestors)[:3])
