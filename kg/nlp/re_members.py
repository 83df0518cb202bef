"""Membership told by a preposition: "the X Division within the Y Army", "hardliners within Y": the
name before is part of the body after (the words are `member_preps`, lexicon-members.json); "P of the
Y said": a person named with "of" and a body serves it."""

from __future__ import annotations

from collections.abc import Iterator

from kg.nlp.offices import candidate
from kg.nlp.standing import stands
from kg.nlp.syntax import Context, prep_objects
from kg.records import RelationCandidate


def _may_belong(ctx: Context, idx: int) -> bool:
    """An actor, or a country ("X within the Y Union"); not a town or a region."""
    m = ctx.mentions[idx]
    if m.label in {"ORG", "PERSON", "NORP"}:
        return True
    entries = ctx.kb.aliases.get(m.alias, []) if m.alias and m.label == "GPE" else []
    return any(ctx.kb.is_a(e.iri, "Country") for e in entries)


def inclusion_relations(ctx: Context) -> Iterator[RelationCandidate]:
    """"X within Y", with X named at the noun the phrase hangs on and Y a body (not a place)."""
    for prep in ctx.tokens:
        if prep.dep_ != "prep" or prep.lower_ not in ctx.w("member_preps") \
                or prep.head.pos_ not in {"NOUN", "PROPN"}:
            continue
        members = [i for i in ctx.with_conjuncts(prep.head) if _may_belong(ctx, i)]
        bodies = [i for o in prep.children if o.dep_ == "pobj" for i in ctx.owners(o)
                  if ctx.mentions[i].label == "ORG" and i not in members]
        if not bodies or not stands(ctx, prep, "memberOf"):
            continue
        for x in members:
            for y in bodies:
                yield candidate(ctx, x, "memberOf", y, prep, f"rule:{prep.lower_}-body", 0.6)


def person_of_body(ctx: Context) -> Iterator[RelationCandidate]:
    """"P of the Y", a person's name followed by "of" and an organisation's (not a place's, "P of
    Y-town", nor a state's): P is a member of Y."""
    for idx, head in ctx.heads:
        if ctx.mentions[idx].label != "PERSON":
            continue
        bodies = [i for o in prep_objects(head, {"of"}) for i in ctx.mentions_in([o])
                  if ctx.mentions[i].label == "ORG" and not ctx.is_place(i)]
        for y in bodies if bodies and stands(ctx, head, "memberOf") else []:
            yield candidate(ctx, idx, "memberOf", y, head, "rule:person-of-body", 0.6)
