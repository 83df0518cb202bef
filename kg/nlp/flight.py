"""Flights: where people fled from, the place of a displacement.

- "residents fled X", "people fled from X", "inhabitants of X fled toward Y": X, not Y.
- "thousands of residents fled into the bush" after "gunmen entered the town": the town the story
  has just placed its events in (the same sentence or the one before).
- "thousands fled to Y", with no place to flee from anywhere near: Y, as before.

The words (flight verbs, the prepositions of a destination) live in ontology/patterns/lexicon.json.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Token

from kg.nlp.syntax import Context, prep_objects, unique
from kg.records import EventCandidate

CONTEXT_REACH = 1  # a flight with no place of its own takes the place of an event this many sentences back


def is_flight(ctx: Context, t: Token) -> bool:
    return t.lemma_.lower() in ctx.w("flight_verbs")


def flight_places(ctx: Context, t: Token, places: tuple[int, ...], context: Iterable[int]) -> tuple[int, ...]:
    """The places a flight happened at: where its people come from and the places of its own phrase bar
    its destinations; else the places of the story around it; else the destinations."""
    goals = set(_destinations(ctx, t))
    origins = unique(_homes(ctx, t) + [p for p in places if p not in goals])
    if origins:
        return tuple(origins)
    return tuple(unique(context)) or places


def _destinations(ctx: Context, t: Token) -> list[int]:
    """The places after "to", "toward", "into" on the flight verb ("fled toward the town of Y")."""
    preps = ctx.w("destination_preps")
    heads = [t, *(c for c in t.children if c.dep_ == "conj")]
    objs = [o for h in heads for o in prep_objects(h, preps)]
    objs += [g for o in list(objs) for g in o.subtree]
    return [i for i in ctx.mentions_in(objs) if ctx.is_place(i)]


def _homes(ctx: Context, t: Token) -> list[int]:
    """"inhabitants of X", "residents of X": the place the people who fled belong to."""
    people = [c for c in t.children if c.dep_ in {"nsubj", "nsubjpass"}]
    people += [o for p in people for o in prep_objects(p, {"of"})]  # "thousands of residents of X"
    homes = [o for p in people if p.lemma_.lower() in ctx.w("fleeing_people") for o in prep_objects(p, {"of"})]
    return [i for h in homes for i in ctx.with_conjuncts(h) if ctx.is_place(i)]


def located_flight(ctx: Context, t: Token, cand: EventCandidate, earlier: Iterable[EventCandidate]) -> EventCandidate:
    """The flight with its places (`flight_places`), the story's from the events told before it."""
    return replace(cand, places=flight_places(ctx, t, cand.places, _story_places(earlier, cand.sentence)))


def _story_places(cands: Iterable[EventCandidate], n: int) -> tuple[int, ...]:
    """The places of the latest event, told as news, in sentence n or the one just before it."""
    near = [c for c in cands if n - CONTEXT_REACH <= c.sentence <= n and c.places and not c.context]
    return near[-1].places if near else ()
