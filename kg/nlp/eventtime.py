"""When an event happened, and whether the text tells it as the news or as an earlier event given as
context: its date, a "new" or "another" one, an act avenged, what a period is counted from, a state
begun before the news."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Span, Token

from kg import timex
from kg.nlp.syntax import Context, clause_verb
from kg.records import TimeValue


def _bounded_by(ent: Span, preps: frozenset[str]) -> bool:
    """"since March 2020": a date that bounds a state rather than dating a happening."""
    head = ent.root.head
    return ent.root.dep_ == "pobj" and head.lower_ in preps


def event_time(ctx: Context, t: Token, sent: Span, published: date | None, span_label: str) -> TimeValue | None:
    clause = clause_verb(t)
    dates = ctx.dates_in(sent)
    own = [e for e in dates if e.root.i in {x.i for x in t.subtree} and t.pos_ != "VERB"]
    local = own + [e for e in dates if clause_verb(e.root).i == clause.i]
    governing = [e for e in dates if any(a.i == e.root.i for a in clause.ancestors)
                 or any(a.i in range(e.start, e.end) for a in clause.ancestors)]
    for ent in local + governing:
        if _bounded_by(ent, ctx.w("span_preps")) and span_label not in ctx.w("durative_classes"):
            continue
        value = timex.parse(ent.text, published)
        if value is not None:
            return value
    return None


def novel(ctx: Context, t: Token) -> bool:
    """"another market was bombed", "a new offensive", "troops later clashed with them": the text says
    this is a different event."""
    subject = [c for c in t.children if c.dep_ == "nsubjpass"] if t.pos_ == "VERB" else [t]
    later = t.pos_ == "VERB" and any(c.dep_ == "advmod" and c.lower_ in ctx.w("sequel_adverbs") for c in t.children)
    return later or any(c.lower_ in ctx.w("novel_markers") and c.dep_ in {"det", "amod"}
                        for s in subject for c in s.children)


def avenged(ctx: Context, t: Token) -> bool:
    """"claimed the attack as revenge for a drone strike", "in retaliation for the raids": the act
    avenged is an earlier incident, told as the reason for this one."""
    for a in t.ancestors:
        if a.pos_ in {"VERB", "AUX"}:
            return _answered(ctx, t, a)
        if a.lemma_.lower() in ctx.w("retaliation_nouns"):
            return True
    return False


def _answered(ctx: Context, t: Token, verb: Token) -> bool:
    """"The raids answered a drone attack", "retaliated for the ambush": the object of a verb of
    retaliation is the earlier act avenged."""
    if verb.lemma_.lower() not in ctx.w("retaliation_verbs"):
        return False
    return (t.head.i == verb.i and t.dep_ in {"dobj", "obj"}) or \
        (t.head.dep_ == "prep" and t.head.lower_ == "for" and t.head.head.i == verb.i)


def since_when(t: Token) -> bool:
    """"the deadliest strike since fighting broke out": what a period is counted from is an earlier
    event, told as context."""
    for x in [t, *t.ancestors]:
        if x.dep_ == "advcl":
            return any(c.dep_ == "mark" and c.lower_ == "since" for c in x.children)
        if x.dep_ in {"ccomp", "relcl", "acl", "conj", "xcomp"}:
            return False
    return False


def period_start(ctx: Context, t: Token) -> bool:
    """"since the start of the offensive", "from the beginning of the operation", "two days after the
    explosions": the event a period is counted from is told as context."""
    head = t.head
    if t.dep_ != "pobj":
        return False
    if head.lower_ in {"after", "before"}:  # "two days after explosions in X": an earlier event to date by
        return any(c.dep_ == "npadvmod" and c.lemma_.lower() in ctx.w("time_span_nouns") for c in head.children)
    return head.lower_ == "of" and head.head.lemma_.lower() in ctx.w("period_start_nouns")


def begun_before(t: Token) -> bool:
    """"the RSF, which had occupied the palace since 2023": a state begun before the news and lasting
    until it, told in a relative clause, is an earlier event given as context."""
    verb = clause_verb(t)
    return verb.dep_ == "relcl" and any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children) \
        and any(c.dep_ == "prep" and c.lower_ == "since" for c in verb.children)
