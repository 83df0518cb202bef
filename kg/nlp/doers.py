"""Who did an event when the sentence or its parse hides the doer: a claim that names no act ("X
claimed responsibility"), a dateline the parse makes the subject, a verb the parse hangs on the
noun that opens its sentence; and when a killing verb is an act of its own (a doer named, or armed
men no name tells)."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from kg.nlp.syntax import Context, prep_objects
from kg.records import EventCandidate

CLAIM_REACH = 2  # how many sentences back a claim that names no act looks for the attack it claims


def claims_of_told_acts(ctx: Context, cands: dict[int, EventCandidate], sent_of: dict[int, int],
                        sent_atts: dict[int, int]) -> dict[int, EventCandidate]:
    """"Gunmen stormed a school ... X claimed responsibility" (or "... officials blamed X"): a claim or a
    blame that names no act re-mentions the latest attack told just before it with no doer named, and
    names X as its doer (claimed or alleged, as the verb says)."""
    out = dict(cands)
    told_by_claims = [(noun.head, noun, [i for c in noun.head.children if c.dep_ == "nsubj" for i in ctx.owners(c)])
                      for noun in _bare_claims(ctx)]
    told_by_blames = [(verb, verb, [i for c in verb.children if c.dep_ == "dobj" for i in ctx.owners(c)])
                      for verb in _bare_blames(ctx)]
    for verb, last, doers in told_by_claims + told_by_blames:
        n = sent_of[verb.i]
        told = [i for i, c in cands.items() if i < verb.i and n - c.sentence <= CLAIM_REACH
                and ctx.kb.subclass_of(c.cls, "Attack") and c.modality == "asserted"]
        if not doers or not told or any(_names_doer(ctx, i) for i in cands[max(told)].agents):
            continue
        act = cands[max(told)]
        out[last.i] = replace(act, start=verb.idx, end=last.idx + len(last.text),
                              text=ctx.doc[verb.i:last.i + 1].text, sentence=n, agents=tuple(doers),
                              targets=(), casualties=(), attribution=sent_atts.get(n), anaphoric=True, novel=False)
    return out


def _bare_blames(ctx: Context) -> list[Token]:
    """The verbs of "officials blamed X" that name a doer and nothing done ("for", "over", "on")."""
    return [t for t in ctx.tokens if t.pos_ == "VERB" and t.lemma_.lower() in ctx.w("bare_blame_verbs")
            and not prep_objects(t, ctx.w("blamed_for_preps")) and not any(c.dep_ == "neg" for c in t.children)
            and any(c.dep_ == "dobj" and c.i in ctx.by_token for c in t.children)]


def _names_doer(ctx: Context, idx: int) -> bool:
    """An agent that names who did it: not a bare creed or nationality the base does not know ("Islamist")."""
    m = ctx.mentions[idx]
    return m.label != "NORP" or m.alias is not None


def _bare_claims(ctx: Context) -> list[Token]:
    """The nouns of "X claimed responsibility" (or credit) that say for nothing what is claimed."""
    return [c for t in ctx.tokens if t.pos_ == "VERB" and t.lemma_.lower() in ctx.w("claiming_verbs")
            and not prep_objects(t, {"for", "in"})
            for c in t.children if c.dep_ == "dobj" and c.lemma_.lower() in ctx.w("responsibility_nouns")
            and not prep_objects(c, {"for", "in", "of"})]


def past_dateline(ctx: Context, verb: Token) -> list[int]:
    """"NAIROBI, Oct 29 - The X have taken ...": a parse that makes the dateline the verb's subject hangs
    the phrase after the dash, the true subject, on it."""
    inside = ctx.dateline_tokens()
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects or any(s.i not in inside for s in subjects):
        return []
    end = max(s.i for s in subjects)
    while end + 1 in inside:
        end += 1
    hung = [t for t in ctx.doc[end + 1:verb.i] if t.head.i in inside and not t.is_punct]
    return [i for t in hung for i in ctx.owners(t)]


def verbless_subject(t: Token) -> Token | None:
    """"Hundreds of gunmen from X, both members of Y, attacked ...": the sentence's only verb, set off by
    a comma, which the parse hangs on the noun that opens it (or on that noun's apposition) as a
    clause; that noun is its subject. A headline's reduced relative ("Dozens killed in raid") has no comma."""
    if t.dep_ != "acl" or t.tag_ not in {"VBD", "VBN"} or t.i == 0 or t.doc[t.i - 1].text != ",":
        return None
    if any(c.dep_ in {"nsubj", "nsubjpass", "auxpass", "aux", "agent"} for c in t.children):
        return None
    noun = t.head
    while noun.dep_ == "appos":
        noun = noun.head
    return noun if noun.dep_ == "ROOT" and noun.pos_ in {"NOUN", "PROPN"} and noun.i < t.i else None


def drop_lone_killings(ctx: Context, cands: dict[int, EventCandidate],
                        agent_bound: set[int]) -> dict[int, EventCandidate]:
    """"ISIL killed 70 tribesmen" is an attack by ISIL; "the strikes killed 12" only counts the
    strikes' dead, and "12 were killed" names nobody: a killing verb is an event of its own only
    with an agent and no other attack in its sentence ("kidnapped and killed" is two acts); another
    killing verb there, as where a headline runs into the first sentence, takes nothing from it."""
    def kept(i: int, c: EventCandidate) -> bool:
        return (bool(c.agents) or _armed_doer(ctx, ctx.doc[i])) and not any(
            j != i and j not in agent_bound and o.sentence == c.sentence and ctx.kb.subclass_of(o.cls, "Attack")
            for j, o in cands.items())
    return {i: c for i, c in cands.items() if i not in agent_bound or kept(i, c)}


def _armed_doer(ctx: Context, verb: Token) -> bool:
    """"Gunmen killed nine", "nine were shot dead by militants", "gang members shot dead nine": armed
    men no name tells are still the doers of a killing, an attack by someone unidentified."""
    doers = [c for c in verb.children if c.dep_ == "nsubj"]
    doers += [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if not doers and verb.dep_ == "conj":  # "gunmen stormed the bar and shot dead nine"
        doers = [c for c in verb.head.children if c.dep_ == "nsubj"]
    armed = ctx.w("armed_nouns") | ctx.w("unnamed_attackers")
    return any(d.lemma_.lower() in armed or any(c.dep_ in {"compound", "amod"} and c.lemma_.lower() in armed
                                                 for c in d.children) for d in doers)  # "gang members"
