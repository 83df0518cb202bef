"""An attack's target named on what it used: "strikes delivered munitions against X", "conducted
strikes using aircraft against X"; as the side holding what it hit: "hit depots used by X"; or as
the one it killed: "X was killed by a drone strike". The words are `target_preps` (lexicon.json),
`instrument_verbs`, `held_by_verbs`, `held_to_verbs`, `victim_verbs`, `dying_verbs`, `death_nouns`
and `victim_preps` (lexicon-targets.json)."""

from __future__ import annotations

from spacy.tokens import Token

from kg.nlp.syntax import Context, prep_objects, unique

OBJECT_DEPS = {"dobj", "obj"}


def instrument_targets(ctx: Context, trigger: Token) -> list[int]:
    """The actors after a target preposition on the weapons an attack trigger's clause names."""
    verb = trigger.head
    if verb.pos_ != "VERB" or trigger.dep_ not in {"nsubj", "dobj"}:
        return []
    if trigger.dep_ == "nsubj":  # "the strikes delivered munitions against X"
        used = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
    else:  # "conducted strikes using aircraft against X"
        using = [c for c in verb.children if c.dep_ in {"advcl", "xcomp"}
                 and c.lemma_.lower() in ctx.w("instrument_verbs")]
        used = [o for c in using for o in c.children if o.dep_ in OBJECT_DEPS]
    things = [t for o in used for t in [o, *o.conjuncts]]
    return unique(i for t in things for obj in prep_objects(t, ctx.w("target_preps")) for i in ctx.owners(obj)
                  if not ctx.is_place(i))


def hit_sides(ctx: Context, thing: Token) -> list[int]:
    """The actors a thing hit or taken names ("HTS positions"), else the side said to hold it; a place
    taken keeps the side that held it ("retook X, which had been held by Y")."""
    owners = ctx.owners(thing)
    if owners and not all(ctx.is_place(i) for i in owners):
        return owners
    return owners + holders(ctx, thing)


def holders(ctx: Context, thing: Token) -> list[int]:
    """The side that holds what an attack hits, told in a participle or passive relative clause on it:
    "depots and posts used by X", "sites belonging to X", "the town, which had been held by X"; never a
    place ("camps run by Y in Z")."""
    preps = {**{v: "by" for v in ctx.w("held_by_verbs")}, **{v: "to" for v in ctx.w("held_to_verbs")}}
    clauses = [c for t in [thing, *thing.conjuncts] for c in t.children if c.lemma_.lower() in preps and (
        (c.dep_ == "acl" and c.tag_ in {"VBN", "VBG"}) or (c.dep_ == "relcl" and _passive(c)))]  # "which is held by X"
    return unique(i for c in clauses for obj in prep_objects(c, {preps[c.lemma_.lower()]})
                  for i in ctx.owners(obj) if not ctx.is_place(i))


def victims(ctx: Context, trigger: Token) -> list[int]:
    """Who an attack killed, told on the word of killing it is the means of: "X was killed by a drone
    strike", "X died in an air strike", "the killing of X by a bomb"."""
    prep = trigger.head
    if trigger.dep_ != "pobj" or prep.lower_ not in ctx.w("victim_preps"):
        return []
    hosts = [prep.head, *_phrase_before(ctx, prep)]
    lemma = {h.i: h.lemma_.lower() for h in hosts}
    hit = [c for h in hosts for c in h.children
           if (lemma[h.i] in ctx.w("victim_verbs") and h.pos_ == "VERB" and c.dep_ == "nsubjpass")
           or (lemma[h.i] in ctx.w("dying_verbs") and h.pos_ == "VERB" and c.dep_ == "nsubj")
           or (lemma[h.i] in ctx.w("death_nouns") and h.pos_ == "NOUN" and c.dep_ == "poss")]
    hit += [o for h in hosts if lemma[h.i] in ctx.w("death_nouns") and h.pos_ == "NOUN"
            for o in prep_objects(h, {"of"})]
    return unique(i for t in hit for i in _named_or_owners(ctx, t) if not ctx.is_place(i))


def _named_or_owners(ctx: Context, tok: Token) -> list[int]:
    """Those a noun names, itself or in apposition ("its leader X": X, not whose leader he was); else
    the side it stands for ("Armenian soldiers": Armenia), unless they are people at large ("Armenian
    civilians" are no side)."""
    words = [w for t in [tok, *tok.conjuncts] for w in [t, *(c for c in t.children if c.dep_ == "appos")]]
    named = [i for i in ctx.mentions_in(words) if ctx.mentions[i].kind != "anaphor"]
    if named or tok.lemma_.lower() in ctx.w("civilian_heads"):
        return named
    return ctx.owners(tok)


def _phrase_before(ctx: Context, prep: Token) -> list[Token]:
    """The noun of death whose phrase ends right before the preposition, where the parse hangs the
    preposition on a verb further up ("mourned the killing of X by a bomb")."""
    if prep.i == 0:
        return []
    return [a for a in [ctx.doc[prep.i - 1], *ctx.doc[prep.i - 1].ancestors]
            if a.right_edge.i == prep.i - 1 and a.i != prep.head.i and a.lemma_.lower() in ctx.w("death_nouns")][:1]


def _passive(verb: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children)
