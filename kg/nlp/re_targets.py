"""An attack's target named on what it used: "strikes delivered munitions against X", "conducted
strikes using aircraft against X"; or as the side holding what it hit: "hit depots used by X".
The words are `target_preps` (lexicon.json), `instrument_verbs`, `held_by_verbs` and
`held_to_verbs` (lexicon-targets.json)."""

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


def holders(ctx: Context, thing: Token) -> list[int]:
    """The side that holds what an attack hits, told in a participle clause on it: "depots and posts
    used by X", "positions held by X", "sites belonging to X"; never a place ("camps run by Y in Z")."""
    preps = {**{v: "by" for v in ctx.w("held_by_verbs")}, **{v: "to" for v in ctx.w("held_to_verbs")}}
    clauses = [c for t in [thing, *thing.conjuncts] for c in t.children
               if c.dep_ == "acl" and c.tag_ in {"VBN", "VBG"} and c.lemma_.lower() in preps]
    return unique(i for c in clauses for obj in prep_objects(c, {preps[c.lemma_.lower()]})
                  for i in ctx.owners(obj) if not ctx.is_place(i))
