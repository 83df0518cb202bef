"""Trigger words that tell no incident of their own, or not the one their word names.

- Fighting "alongside" someone, told with no time ("the brigade now fights alongside X", "units
  who had fought alongside Y"), is a standing alliance, not a battle.
- People "held hostage" or "held captive" with no one said to hold them are in a state, and
  one person "expelled" or "deported" is sent away, not displaced with a population.
- An abduction or a destruction joined to an attack by "and" or told as its participle ("attacked
  the town and kidnapped dozens", "killing 12 and seizing 40 hostages", "blew up the track and
  stormed the train") is part of that attack, not a second incident.
- A siege of a building ("the siege of the hotel") is an armed assault, not a blockade.
- An entry told with its end ("entered the town and stayed until Saturday") is a raid, an attack, not
  a takeover.
- A capture that dates the start of a period ("has run the north since 2021, when its forces took
  the city") is told as context.

The words live in ontology/patterns/lexicon-asides.json; the grammar below is English.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Span, Token

from kg.nlp.syntax import Context, clause_verb
from kg.records import EventCandidate

TIME_ENTS = frozenset({"DATE", "TIME"})
JOINING_DEPS = frozenset({"conj", "advcl"})
DISPLACEMENT = "Displacement"
TAKEOVER = "Takeover"
ATTACK = "Attack"


def tells_no_incident(ctx: Context, span: Span) -> bool:
    """Does the trigger name a standing alliance, a hostage state or one person sent away (see the
    module docstring)?"""
    root = span.root
    return _in_company(ctx, root) or _held_state(ctx, root) \
        or (span.label_ == DISPLACEMENT and _one_sent_away(ctx, root))


def _in_company(ctx: Context, verb: Token) -> bool:
    """"X now fights alongside Y", "who had fought alongside Y": company kept, no time told."""
    if verb.pos_ != "VERB" or not any(c.dep_ == "prep" and c.lower_ in ctx.w("company_preps") for c in verb.children):
        return False
    return not any(t.ent_type_ in TIME_ENTS for t in verb.subtree)


def _held_state(ctx: Context, verb: Token) -> bool:
    """"50 women held hostage in the enclave": a holding with no holder named beside its captives
    is a participle the parser took for a clause ("X held 50 people hostage" names both)."""
    if verb.lemma_.lower() not in ctx.w("holding_verbs"):
        return False
    objects = [c for c in verb.children if c.dep_ in {"dobj", "obj", "oprd"}]
    return bool(objects) and all(o.lemma_.lower() in ctx.w("captive_states") and not _names_captives(o)
                                 for o in objects)


def _names_captives(obj: Token) -> bool:
    """"held 30 workers hostage", parsed as one noun phrase: the captives are named in it."""
    return any(c.dep_ in {"compound", "nummod", "nmod", "amod"} for c in obj.children)


def _one_sent_away(ctx: Context, verb: Token) -> bool:
    """"he had been expelled", "deported the commander": one person sent away is no displacement."""
    sent = [c for c in verb.children if c.dep_ in {"nsubjpass", "dobj", "obj"}]
    return bool(sent) and all(_one_person(ctx, s) for s in sent)


def _one_person(ctx: Context, tok: Token) -> bool:
    idx = ctx.mention_of(tok)
    if idx is not None:
        return ctx.mentions[idx].label == "PERSON"
    if tok.pos_ == "PRON":
        return tok.lower_ in ctx.w("one_person_pronouns")
    return tok.tag_ == "NN" and not any(c.dep_ == "nummod" for c in tok.children) \
        and tok.lemma_.lower() not in ctx.w("displaced_nouns") | ctx.w("people_nouns") | ctx.w("collective_nouns") \
        | ctx.w("generic_heads")


def drop_parts_of_attacks(ctx: Context, cands: dict[int, EventCandidate]) -> dict[int, EventCandidate]:
    """The abductions and destructions told as part of an attack in their own clause chain."""
    attacks = ctx.attack_roots() | {i for i, c in cands.items() if ctx.kb.subclass_of(c.cls, ATTACK)}
    parts = ctx.w("attack_part_classes")
    return {i: c for i, c in cands.items()
            if c.cls not in parts or not any(j in attacks for j in _joined(ctx.doc[i]))}


def _joined(tok: Token) -> Iterator[int]:
    """The verbs one "and" chain or participle chain joins to a verb, both ways."""
    top = tok
    while top.dep_ in JOINING_DEPS and top.head.i != top.i and _joins(top):
        top = top.head
    todo = [top]
    while todo:
        cur = todo.pop()
        if cur.i != tok.i:
            yield cur.i
        todo.extend(c for c in cur.children if c.dep_ in JOINING_DEPS and _joins(c))


def _joins(tok: Token) -> bool:
    """A verb joined with no subject of its own ("and kidnapped", ", killing"): the same doers."""
    return tok.pos_ == "VERB" and (tok.dep_ == "conj" or tok.tag_ == "VBG") \
        and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children)


def counted_from(ctx: Context, span: Span) -> bool:
    """"has held the north since June 2021, when its forces retook the city", "began its push in October,
    when it took the town": the event that dates the start of a period is told as context (a truce that
    began then is in force, and stays news)."""
    if span.label_ in ctx.w("durative_classes"):
        return False
    verb = clause_verb(span.root)
    when = verb.dep_ in {"relcl", "advcl"} and any(c.dep_ == "advmod" and c.lower_ == "when" for c in verb.children)
    if when and verb.dep_ == "advcl":  # "began its push in October, when it took X": what dates the start
        return verb.head.lemma_.lower() in ctx.w("period_start_verbs") and verb.head.i < verb.i
    return when and verb.head.dep_ == "pobj" and verb.head.head.lower_ == "since"


def assaults(ctx: Context, cands: dict[int, EventCandidate]) -> dict[int, EventCandidate]:
    """"the siege of the hotel, in which 20 were killed": a building besieged is stormed, not blockaded;
    "entered the town and stayed until Saturday": a raid, not a takeover."""
    return {i: replace(c, cls=ATTACK) if _building_siege(ctx, ctx.doc[i])
            or (c.cls == TAKEOVER and _entered_for_a_while(ctx, ctx.doc[i])) else c for i, c in cands.items()}


def _building_siege(ctx: Context, tok: Token) -> bool:
    if tok.lemma_.lower() not in ctx.w("siege_nouns"):
        return False
    besieged = [g for p in tok.children if p.dep_ == "prep" and p.lower_ in {"of", "at"}
                for g in p.children if g.dep_ == "pobj"]
    return any(g.lemma_.lower() in ctx.w("assault_sites") for g in besieged)


def _entered_for_a_while(ctx: Context, verb: Token) -> bool:
    """"entered the town at dawn and stayed until Saturday", "entered X and withdrew hours later":
    an entry told with its end is a raid, not a takeover."""
    if verb.lemma_.lower() not in ctx.w("entry_verbs"):
        return False
    after = [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    return any(a.lemma_.lower() in ctx.w("departure_verbs")
               or any(p.dep_ == "prep" and p.lower_ in ctx.w("end_of_period_preps") for p in a.children)
               for a in after)
