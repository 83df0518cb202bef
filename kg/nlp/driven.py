"""A side forced off the field by the doers of an attack or a capture is its target: "stormed X, forcing
the army to retreat", "retook X after driving out the rebels", "attacked, forcing police to withdraw";
and so is the side whose withdrawal a capture followed: "took the town after the army withdrew".
The words are in lexicon-targets.json (`forcing_verbs`, `retreat_verbs`, `expelling_verbs`,
`driven_particles`, `ousting_verbs`, `withdrawal_marks`)."""

from __future__ import annotations

from spacy.tokens import Token

from kg.nlp.syntax import Context, unique

SUBJECT_DEPS = {"nsubj", "nsubjpass"}
JOINED_DEPS = {"advcl", "conj", "pcomp", "xcomp"}  # ", forcing ...", "after driving ...", "and drove ..."
JOINING_PREPS = {"after", "by", "before"}  # "after driving out X", "by forcing X to withdraw"


def driven_back(ctx: Context, trigger: Token) -> list[int]:
    """The actors the trigger's doers force back in a clause of the same doers."""
    return unique(i for v in _same_doer_verbs(trigger) for obj in _forced_back(ctx, v) for i in ctx.owners(obj)
                  if not ctx.is_place(i))


def _same_doer_verbs(trigger: Token) -> list[Token]:
    """Verbs hanging on the trigger's verb with no subject of their own."""
    verb = trigger if trigger.pos_ == "VERB" else trigger.head if trigger.dep_ in {"dobj", "obj", "nsubj"} else None
    if verb is None or verb.pos_ != "VERB":
        return []
    out: list[Token] = []
    todo = [verb]
    while todo:
        cur = todo.pop()
        for c in cur.children:
            if any(g.dep_ in SUBJECT_DEPS for g in c.children):
                continue  # a clause with a doer of its own
            if c.dep_ in JOINED_DEPS and c.pos_ == "VERB":
                out.append(c)
                todo.append(c)
            elif c.dep_ == "prep" and c.lower_ in JOINING_PREPS:
                todo.append(c)
    return out


def _forced_back(ctx: Context, verb: Token) -> list[Token]:
    """"forcing the army to retreat", "driving out the rebels", "drove X back", "ousted X": those forced back."""
    lemma = verb.lemma_.lower()
    retreat = any(c.dep_ == "xcomp" and c.lemma_.lower() in ctx.w("retreat_verbs") for c in verb.children)
    driven = any(c.dep_ in {"prt", "prep", "advmod"} and c.lower_ in ctx.w("driven_particles") for c in verb.children)
    if (lemma in ctx.w("forcing_verbs") and retreat) or (lemma in ctx.w("expelling_verbs") and driven) \
            or lemma in ctx.w("ousting_verbs"):
        return [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
    return []


def withdrawn_before(ctx: Context, trigger: Token, cls: str) -> list[int]:
    """"took the town after the army withdrew": the side that left a place just before it was taken
    lost it to the takers."""
    if not ctx.kb.subclass_of(cls, "Takeover") or trigger.pos_ != "VERB":
        return []
    left = [c for c in trigger.children if c.dep_ == "advcl" and c.lemma_.lower() in ctx.w("retreat_verbs")
            and any(m.dep_ == "mark" and m.lower_ in ctx.w("withdrawal_marks") for m in c.children)]
    return unique(i for v in left for s in v.children if s.dep_ == "nsubj" for i in ctx.owners(s)
                  if not ctx.is_place(i))
