"""Who holds those a state's body says were held: "the police said five suspects were arrested" names no
arrester, but the body that tells of an arrest it does not ascribe to another made it."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from kg.nlp.syntax import Context
from kg.records import EventCandidate

REPORTED = frozenset({"ccomp", "conj"})  # "told that ..., and that five were arrested"


def held_by_tellers(ctx: Context, cands: dict[int, EventCandidate]) -> dict[int, EventCandidate]:
    """Each arrest with no doer, given the state body that tells of it; after the rules that share a
    doer with the events in a trigger's phrase, which the teller did not do ("detained after the bombing")."""
    out = dict(cands)
    for i, c in cands.items():
        body = [] if c.agents else telling_body(ctx, ctx.doc[i])
        if body:
            out[i] = replace(c, agents=tuple(body))
    return out


def telling_body(ctx: Context, t: Token) -> list[int]:
    """The state bodies that tell of a passive arrest with no "by" (`custody_verbs`)."""
    if t.pos_ != "VERB" or t.lemma_.lower() not in ctx.w("custody_verbs") \
            or not any(c.dep_ in {"auxpass", "nsubjpass"} for c in t.children) \
            or any(c.dep_ == "agent" for c in t.children):
        return []
    verb = t
    while verb.dep_ in REPORTED and verb.head.i != verb.i:
        verb = verb.head
        if verb.lemma_.lower() in ctx.w("reporting_verbs"):
            return [i for c in verb.children if c.dep_ == "nsubj" for i in ctx.owners(c) if _state_body(ctx, i)]
    return []


def _state_body(ctx: Context, idx: int) -> bool:
    """A name or noun the base knows as a state's only ("the police", "the interior ministry")."""
    alias = ctx.mentions[idx].alias
    entries = ctx.kb.aliases.get(alias, []) if alias is not None else []
    return bool(entries) and all(ctx.kb.is_a(e.iri, "State") for e in entries)
