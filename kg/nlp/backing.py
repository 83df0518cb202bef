"""Support told by a noun of help: "X's support for Y", "in support of Y", "with the help of X",
"X gave aid to Y", "Y turned to X for help"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.nlp.clauses import campaign_owners, subjects_of
from kg.nlp.offices import candidate
from kg.nlp.standing import stands
from kg.nlp.syntax import Context, clause_verb, coordination_head, prep_objects, unique
from kg.records import RelationCandidate


def support_relations(ctx: Context) -> Iterator[RelationCandidate]:
    """"X's support for Y", "X acted in support of Y": X supports Y; "with the help of X, Y ...":
    X supports Y."""
    for noun in ctx.tokens:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in ctx.w("support_action_nouns") \
                or not stands(ctx, noun, "supports"):
            continue
        frame = noun.head.lower_ if noun.dep_ == "pobj" else None
        if frame == "for" and _sought(ctx, noun):  # "Y turned to X for support": X helps Y
            verb = noun.head.head
            pairs = [(x, y) for x in _given_to(ctx, verb) for y in subjects_of(ctx, verb)]
        elif frame == "with":  # the helper is the "of" object, the helped the clause's doer
            verb = clause_verb(noun)  # a passive's by-agent: "X was caught by Y with the aid of Z"
            doers = _named_after(ctx, verb, "by") or subjects_of(ctx, verb)
            pairs = [(x, y) for x in _named_after(ctx, noun, "of") for y in doers]
        else:
            helped = _helped(ctx, noun, {"of"} if frame == "in" else {"for", "to"})
            helpers = _helpers(ctx, noun) if helped else []
            if not helped and noun.dep_ in {"dobj", "obj"}:  # "X gave support to Y", "X sends aid to Y"
                helped, helpers = _given_to(ctx, noun.head), subjects_of(ctx, noun.head)
            pairs = [(x, y) for x in helpers for y in helped]
        for x, y in pairs:
            yield candidate(ctx, x, "supports", y, noun, f"rule:noun-{noun.lemma_.lower()}", 0.7)


def _sought(ctx: Context, noun: Token) -> bool:
    """"turned to X for support", "looks to X for help": help asked of someone (`support_seeking_verbs`)."""
    verb = noun.head.head
    return noun.head.dep_ == "prep" and verb.pos_ == "VERB" and verb.lemma_.lower() in ctx.w("support_seeking_verbs")


def _fought(noun: Token) -> bool:
    """"the fight against X in support of Y": the parse may hang the phrase on X, who is fought."""
    first = coordination_head(noun)
    return first.dep_ == "pobj" and first.head.lower_ in {"against", "on"}


def _named_after(ctx: Context, tok: Token, prep: str) -> list[int]:
    return [i for o in prep_objects(tok, {prep}) for i in ctx.with_conjuncts(o)]


def _given_to(ctx: Context, verb: Token) -> list[int]:
    return [i for c in verb.children if c.dep_ in {"prep", "dative"} and c.lower_ == "to"
            for g in c.children if g.dep_ == "pobj" for i in ctx.with_conjuncts(g)]


def _helped(ctx: Context, noun: Token, preps: set[str]) -> list[int]:
    """Who the support is for: the actor named, or the owner of the operation named ("in support of
    SDF operations")."""
    found: list[int] = []
    for obj in prep_objects(noun, preps):
        named = ctx.with_conjuncts(obj)
        if not named and obj.lemma_.lower() in ctx.w("campaign_nouns"):
            named = ctx.owners(obj)
        found += named
    return unique(found)


def _helpers(ctx: Context, noun: Token) -> list[int]:
    """Who gives the support: the names the phrase is set after ("A, B and others in support of Y"),
    the noun's owner or its clause's subject, or the owner of that subject ("the coalition's
    airstrikes ... in support of")."""
    host = noun.head.head if noun.dep_ == "pobj" else None
    if host is not None and host.pos_ in {"NOUN", "PROPN"} and ctx.with_conjuncts(host) and not _fought(host):
        return ctx.with_conjuncts(host)
    found = campaign_owners(ctx, noun)
    verb = clause_verb(noun) if not found and noun.dep_ == "pobj" else None
    while verb is not None and not found:  # a relative clause hung on the main one: its doer's
        found = [i for c in verb.children if c.dep_ == "nsubj" and c.i not in ctx.by_token for i in ctx.owners(c)]
        verb = clause_verb(verb.head) if verb.dep_ == "relcl" else None
    return found
