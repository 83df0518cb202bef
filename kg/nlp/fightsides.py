"""The sides of a fight told as the setting of an act of war, when the fight names no other side (the
frame's `adjunct_subject` reads "X entered the town after days of fighting with Y"): "X routed a column
of Y after clashes", "X inflicted losses on Y in fighting near Z". The act's doer fought the side the
act beat."""

from __future__ import annotations

from spacy.tokens import Token

from kg.nlp.clauses import subjects_of
from kg.nlp.parties import mutual
from kg.nlp.syntax import Context, prep_objects, unique


def setting_sides(ctx: Context, t: Token, cls: str, roles: tuple[list[int], list[int]]) -> tuple[list[int], list[int]]:
    """The agents and targets of a fight that names no doer, from the act it is the setting of."""
    agents, targets = roles
    verb = _set_act(ctx, t) if not agents and mutual(ctx, cls) else None
    if verb is None:
        return agents, targets
    doers = subjects_of(ctx, verb)
    if not doers:
        return agents, targets
    sides = [] if verb.lemma_.lower() not in ctx.w("beating_verbs") else \
        [i for c in verb.children if c.dep_ in {"dobj", "obj"} for i in _beaten(ctx, c)]
    sides = [i for i in sides if i not in doers and (not ctx.is_place(i) or ctx.mentions[i].role == "agentive")]
    return doers, unique(targets + sides)


def _set_act(ctx: Context, t: Token) -> Token | None:
    """The active verb a fight is the setting of: "entered after fighting", "in days of clashes"."""
    if t.dep_ != "pobj":
        return None
    prep = t.head
    if prep.lower_ == "of" and prep.head.dep_ == "pobj" and prep.head.lemma_.lower() in ctx.w("time_span_nouns"):
        prep = prep.head.head  # "after several days of fighting"
    verb = prep.head
    if prep.lower_ not in ctx.w("circumstance_preps") or verb.pos_ != "VERB" \
            or verb.lemma_.lower() in ctx.w("reporting_verbs") \
            or any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children):
        return None  # "were killed in clashes": who died says nothing of who fought
    return verb if _act_of_war(ctx, verb) else None  # not "X evacuated its staff after fighting"


def _act_of_war(ctx: Context, verb: Token) -> bool:
    """A verb of beating ("routed") or the trigger of an act of war ("entered", "captured")."""
    label = ctx.trigger_labels().get(verb.i)
    return verb.lemma_.lower() in ctx.w("beating_verbs") or (
        label is not None and any(ctx.kb.subclass_of(label, c) for c in ctx.w("fight_setting_classes")))


def _beaten(ctx: Context, obj: Token) -> list[int]:
    """Whom an act of beating beat: its object's party ("a column of X troops"), or the side its object
    is dealt on ("inflicted losses on X")."""
    return unique(ctx.owners(obj) + [i for o in prep_objects(obj, {"on", "upon", "of"}) for i in ctx.owners(o)])
