"""Names that a common noun stands for in a relation: "the X militia, an al-Qaeda affiliate" (X),
"gunmen from the A and B gangs, both members of C" (A and B), and "the coalition" after the
report has named "the C coalition" (C)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.nlp.syntax import Context, prep_objects


def described_names(ctx: Context, noun: Token) -> list[int]:
    """The names a noun that is no name itself stands for: its own modifiers ("the X militia"),
    or the groups its people come from ("gunmen from A and B", "hundreds of gunmen from A")."""
    if noun.i in ctx.by_token:
        return []
    people = [noun, *(o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of"
                      for o in p.children if o.dep_ == "pobj")]
    found = ctx.mentions_in(t for p in people for t in ctx.proxied(p))
    sources = [x for p in people for c in p.children if c.dep_ == "prep" and c.lower_ in ctx.w("proxy_preps")
               for g in c.children if g.dep_ == "pobj" for x in [g, *g.conjuncts]]
    return found or ctx.mentions_in(t for x in sources for t in [x, *ctx.proxied(x)])


ANTECEDENT_WINDOW = 400  # tokens, a few paragraphs: "the coalition" echoes a name set out not long before


def named_antecedent(ctx: Context, idx: int) -> int:
    """A bare "the coalition" stands for the name the report set that noun beside before ("the C
    coalition", "the coalition C"); any other mention stands for itself."""
    m = ctx.mentions[idx]
    words = m.text.split()
    if len(words) != 2 or words[0].lower() != "the" or not words[1].islower() \
            or words[1] not in ctx.w("group_nouns") | ctx.w("umbrella_nouns"):
        return idx
    start = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
    if start is None:
        return idx
    for tok in reversed(ctx.doc[max(0, start.start - ANTECEDENT_WINDOW): start.start]):
        if tok.lower_ != words[1]:
            continue
        beside = [tok, *(c for c in tok.children if c.dep_ in {"compound", "appos", "nmod"})]
        if tok.dep_ in {"compound", "appos"}:
            beside.append(tok.head)
        named = [i for i in ctx.mentions_in(beside) if i != idx and ctx.mentions[i].label == "ORG"
                 and not ctx.mentions[i].text.islower() and not ctx.mentions[i].text.startswith("the ")]
        if named:
            return named[0]
    return idx


def described_heads(ctx: Context) -> Iterator[tuple[int, Token, list[int]]]:
    """The nouns an apposition or a predicate noun may describe, with the names each stands for: a
    name and its conjuncts ("X and Y, both members of Z"), or a common noun standing for names ("the X
    militia, an al-Qaeda affiliate", "gunmen from the A and B gangs, both members of C"; index -1)."""
    for idx, head in ctx.heads:
        yield idx, head, [idx, *(i for c in head.conjuncts for i in ctx.mentions_in([c]))]
    for head in ctx.tokens:
        if head.i not in ctx.by_token and any(c.dep_ == "appos" for c in head.children):
            described = described_names(ctx, head)
            if described:
                yield -1, head, described


def past_partitive(ctx: Context, noun: Token) -> Token:
    """"X, one of its members", "one of the factions of Y": the noun after "one of" says what X is."""
    if noun.lower_ not in ctx.w("partitive_numbers"):
        return noun
    return next(iter(prep_objects(noun, {"of"})), noun)
