"""Control or leadership told by "in charge of": "X is in charge of Y", "leaving X in charge of Y",
"X fighters in control of Y", "the general in command of Y": X holds Y when Y is a place, and leads
it when Y is an actor (the words are `in_charge_nouns`, lexicon-support.json); and control told from
the held side: "Y is under the control of X", "Y remains in X's hands"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.nlp.clauses import modality_of
from kg.nlp.offices import candidate
from kg.nlp.standing import stands
from kg.nlp.syntax import Context, place_named, prep_objects
from kg.records import RelationCandidate

#: "X is in charge of Y", "X remained in control of Y": the phrase is said of the subject
COPULAS = {"be", "remain", "stay"}


def in_charge(ctx: Context) -> Iterator[RelationCandidate]:
    """Each "in <charge noun> of Y" with the one it is said of."""
    for noun in ctx.tokens:
        if noun.dep_ != "pobj" or noun.head.lower_ != "in" or noun.lemma_.lower() not in ctx.w("in_charge_nouns") \
                or any(c.dep_ == "poss" for c in noun.children):  # "in X's control": `under_control`
            continue
        objects = prep_objects(noun, {"of"})
        holders = _holders(ctx, noun.head.head) if objects else []
        if not holders or not stands(ctx, noun, "controls"):
            continue
        places = [i for o in objects for i in place_named(ctx, o) if ctx.is_place(i)]
        led = [i for o in objects for i in ctx.with_conjuncts(o) if not ctx.is_place(i)]
        for h in holders:
            for p in places:
                yield candidate(ctx, h, "controls", p, noun, "rule:in-charge-of", 0.7)
            for x in led:
                if x != h:
                    yield candidate(ctx, h, "leads", x, noun, "rule:in-charge-of", 0.7)


def _holders(ctx: Context, host: Token) -> list[int]:
    """Who is in charge: the noun the phrase hangs on ("the general in command of Y"), the subject of
    "is" ("X is in charge of Y"), or the object of a verb that puts or leaves someone so ("leaving X in
    charge of Y"); not a place, and only where the clause is stated as fact."""
    if host.pos_ in {"NOUN", "PROPN"}:
        found = ctx.with_conjuncts(host)
    elif host.pos_ in {"VERB", "AUX"} and modality_of(ctx, host) == "asserted":
        deps = {"nsubj", "nsubjpass"} if host.lemma_.lower() in COPULAS else {"dobj", "obj"}
        found = [i for c in host.children if c.dep_ in deps for i in ctx.with_conjuncts(c)]
    else:
        found = []
    return [i for i in found if not ctx.is_place(i)]


def under_control(ctx: Context) -> Iterator[RelationCandidate]:
    """"Y is under the control of X", "areas under X's control", "Y remains in X's hands": X controls Y."""
    for noun in ctx.tokens:
        lemma = noun.lemma_.lower()
        if noun.dep_ != "pobj" or noun.head.lower_ not in ctx.w("under_preps") \
                or lemma not in ctx.w("control_nouns") | {"hand"}:
            continue
        holders = [i for o in prep_objects(noun, {"of"}) for i in ctx.with_conjuncts(o)] or \
            ctx.mentions_in(c for c in noun.children if c.dep_ in {"poss", "compound"})
        host = noun.head.head
        if host.pos_ in {"VERB", "AUX"}:
            if modality_of(ctx, host) != "asserted" or not stands(ctx, noun, "controls"):
                continue
            places = [i for c in host.children if c.dep_ in {"nsubj", "nsubjpass"} for i in place_named(ctx, c)]
        else:
            places = place_named(ctx, host) or (ctx.with_conjuncts(host.head) if host.dep_ == "appos" else [])
        for h in holders:
            for p in places:
                if ctx.is_place(p) and not ctx.is_place(h):
                    yield candidate(ctx, h, "controls", p, noun, "rule:under-control", 0.7)
