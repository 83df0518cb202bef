"""Trigger patterns that make an event only in some company (their ids in ontology/patterns/events.jsonl):
"taken by" only with a named place, "residents fled" only when those who flee are people at large,
"lost the town to X" only when a place is lost to someone, "repelled an assault" only when what was
repelled did not fly in, "ended the siege" only when armed men end another's siege, "drove X out of Y"
only when armed men are driven out of a place."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span, Token

from kg.nlp.syntax import Context, prep_objects
from kg.nlp.triggers import AGENT_BOUND as AGENT_BOUND  # a trigger that is an event only with an agent, alone
from kg.records import EventCandidate

PLACE_BOUND = "place-bound"  # "taken by", "took over": "the decision was taken by" is no takeover
PLACE_SUBJECT = "place-subject"  # "the town fell to X": an event only when what falls is a place
PLACE_OBJECT = "place-object"  # "troops entered X": an event only when armed men enter a place
PEOPLE_BOUND = "people-bound"  # "residents fled": an event only when those who flee are people at large
GROUND_BOUND = "ground-bound"  # "troops repelled an assault": a fight, unless what was repelled flew in
SIEGE_BROKEN = "siege-broken"  # "security forces ended the siege": a fight, when armed men end another's siege
PLACE_YIELDED = "place-yielded"  # "lost the town to X": an event only when a place is lost and to whom is said
DRIVEN_OUT = "driven-out"  # "drove the rebels out of X": a capture when armed men are driven out of a place

Check = Callable[[Context, Token, EventCandidate], bool]


def bound_met(ctx: Context, span: Span, cand: EventCandidate) -> bool:
    """Does a trigger that makes an event only in some company have it?"""
    check = CHECKS.get(span.id_)
    return check is None or check(ctx, span.root, cand)


def _place_bound(ctx: Context, root: Token, cand: EventCandidate) -> bool:
    return bool(cand.places)


def _place_subject(ctx: Context, root: Token, cand: EventCandidate) -> bool:
    return any(_place_like(ctx, s) for s in _dependents(root, {"nsubj"}))


def _place_object(ctx: Context, root: Token, cand: EventCandidate) -> bool:
    return bool(cand.places) and any(_place_like(ctx, o) for o in _dependents(root, {"dobj"})) \
        and any(_armed(ctx, s) for s in _dependents(root, {"nsubj"}))


def _people_bound(ctx: Context, root: Token, cand: EventCandidate) -> bool:
    return any(_people_at_large(ctx, s) for s in _fleeing(root))


def _siege_broken(ctx: Context, root: Token, cand: EventCandidate) -> bool:
    sieges = [o for o in _dependents(root, {"dobj"}) if o.lemma_.lower() in ctx.w("siege_nouns")
              and not _dependents(o, {"poss"})]  # "ended its siege": a withdrawal
    subjects = [x for s in _dependents(root, {"nsubj"}) for x in [s, *_dependents(s, {"appos"})]]  # dateline
    return bool(sieges) and any(_armed_party(ctx, s) or s.lemma_.lower() in ctx.w("security_nouns")
                                for s in subjects)


def _ground_bound(ctx: Context, root: Token, cand: EventCandidate) -> bool:
    """What was repelled is an assault or armed men ("an attempt to seize X" is no fight), and did not fly in."""
    objects = [o for o in _dependents(root, {"dobj", "nsubjpass"})
               if o.i in ctx.trigger_labels() or _armed_party(ctx, o)]
    return bool(objects) and not any(t.lemma_.lower() in ctx.w("aerial_vehicles") | ctx.w("fired_weapons")
                                     for o in objects for t in o.subtree)


def _place_yielded(ctx: Context, root: Token, cand: EventCandidate) -> bool:
    return bool(cand.places) and bool(prep_objects(root, {"to"})) \
        and any(_place_like(ctx, o) for o in _dependents(root, {"dobj"}))


def _driven_out(ctx: Context, root: Token, cand: EventCandidate) -> bool:
    """"drove the rebels out of X": armed men, not people at large ("drove thousands out of their
    homes"), forced out of a place the sentence names."""
    out = [c for c in root.children if c.dep_ in {"prt", "prep", "advmod"} and c.lower_ in ctx.w("out_particles")]
    return bool(out) and bool(cand.places) and any(_armed_party(ctx, o) and not _people_at_large(ctx, o)
                                                   for o in _dependents(root, {"dobj"}))


CHECKS: dict[str, Check] = {
    PLACE_BOUND: _place_bound, PLACE_SUBJECT: _place_subject, PLACE_OBJECT: _place_object,
    PEOPLE_BOUND: _people_bound, SIEGE_BROKEN: _siege_broken, GROUND_BOUND: _ground_bound,
    PLACE_YIELDED: _place_yielded, DRIVEN_OUT: _driven_out,
}


def _dependents(tok: Token, deps: set[str]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _place_like(ctx: Context, tok: Token) -> bool:
    """A place name, or a noun that names a settlement or a site ("the town", "the airport")."""
    idx = ctx.mention_of(tok)
    if idx is not None:
        return ctx.is_place(idx)
    return tok.lemma_.lower() in ctx.w("settlement_nouns") | ctx.w("facility_words") | ctx.w("site_nouns")


def _armed(ctx: Context, tok: Token) -> bool:
    """Armed men: an actor named, or a noun of fighters or units ("troops", "an army column")."""
    return _armed_party(ctx, tok) or (ctx.mention_of(tok) is None and bool(ctx.owners(tok)))


def _armed_party(ctx: Context, tok: Token) -> bool:
    """An actor named, or a noun of fighters or units; not a thing someone owns ("his car")."""
    idx = ctx.mention_of(tok)
    if idx is not None:
        return not ctx.is_place(idx)
    return tok.lemma_.lower() in ctx.w("generic_heads") | ctx.w("unit_heads") | ctx.w("armed_nouns")


def _fleeing(verb: Token) -> list[Token]:
    """Who flees: the subject ("residents fled", "people were evacuated"), or for "forced (thousands) to
    flee" the one forced."""
    own = _dependents(verb, {"nsubj", "nsubjpass", "dobj"})  # "authorities evacuated 5,000 people"
    if own or verb.dep_ != "xcomp":
        return own
    return _dependents(verb.head, {"dobj", "nsubjpass", "nsubj"})


def _people_at_large(ctx: Context, tok: Token) -> bool:
    """"residents", "thousands of people", "about 2,000 families": people at large, not fighters."""
    words = ctx.w("people_nouns") | ctx.w("displaced_nouns")
    heads = [tok, *(g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children)]
    return any(h.lemma_.lower() in words for h in heads)
