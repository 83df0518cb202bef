"""Doers told as a pair that points back to two parties named before: "the two countries signed a
treaty", "both sides agreed to a truce", "the deal the two governments reached", "fighting between the
two sides". (A pair of places, "both towns", is read in kg.nlp.syntax.pair_named_before.)"""

from __future__ import annotations

from spacy.tokens import Token

from kg.kb import alias_key
from kg.nlp.parties import between_preps
from kg.nlp.syntax import Context, coordination_head, unique
from kg.records import Mention

LOOKBACK_SENTENCES = 2  # the pair's parties are named in its sentence or the two before


def pair_doers(ctx: Context, t: Token) -> list[int]:
    """The two parties a pair phrase doing the trigger stands for, if the text named them just before."""
    return unique(i for noun in _pair_subjects(ctx, t) for i in _antecedents(ctx, noun))


def _pair_subjects(ctx: Context, t: Token) -> list[Token]:
    """The pair nouns that do the trigger: its subject, the subject of the verb whose object it is, the
    subject of a clause on it ("the deal the two sides reached"), the noun a past verb hangs on when
    the parse reads "the two countries signed" as a phrase, or the pair its "between" names ("the accord
    between the two countries", "clashes between both sides")."""
    verbs = [t] if t.pos_ == "VERB" else [c for c in t.children if c.dep_ in {"relcl", "acl"}]
    if t.dep_ in {"dobj", "obj"} and t.head.pos_ == "VERB":
        verbs.append(t.head)
    found = [c for v in verbs for c in v.children if c.dep_ == "nsubj"]
    found += [o for p in between_preps(ctx, t) for o in p.children if o.dep_ == "pobj"]
    if t.pos_ == "VERB" and t.dep_ == "acl" and _reduced_relative(ctx, t):
        found.append(t.head)
    if t.pos_ in {"NOUN", "PROPN"}:  # "the treaty the two countries signed": the phrase right after it
        found += [n for n in ctx.doc[t.i + 1:t.i + 5] if n.left_edge.i == t.i + 1
                  and any(c.dep_ == "acl" and _reduced_relative(ctx, c) for c in n.children)]
    return [n for n in found if _is_pair(ctx, n)]


def _reduced_relative(ctx: Context, verb: Token) -> bool:
    """"the treaty the two countries signed", parsed as a participle on the pair noun: the phrase right
    after another noun, and no "by" that would make the participle passive ("both sides hit by")."""
    start = verb.head.left_edge.i
    return verb.tag_ in {"VBD", "VBN"} and start > 0 and ctx.doc[start - 1].pos_ in {"NOUN", "PROPN"} \
        and not any(c.dep_ == "agent" for c in verb.children)


def _is_pair(ctx: Context, noun: Token) -> bool:
    """"the two countries", "both sides": a plural noun of parties counted as two."""
    return noun.lemma_.lower() in ctx.w("pair_nouns") and _counted_two(ctx, noun)


def _counted_two(ctx: Context, noun: Token) -> bool:
    return any(c.lower_ in ctx.w("pair_words") and c.dep_ in {"nummod", "det", "predet"} for c in noun.children)


def _antecedents(ctx: Context, noun: Token) -> list[int]:
    """The last two distinct parties named before the pair noun, of the kind the noun counts: states for
    "countries", any actor but a person for "sides"; none
    unless exactly two can be found nearby."""
    states_only = noun.lemma_.lower() in ctx.w("pair_state_nouns")
    first = ctx.doc[noun.i].sent.start
    for _ in range(LOOKBACK_SENTENCES):
        first = ctx.doc[first - 1].sent.start if first > 0 else first
    picked: list[int] = []
    names: set[str] = set()
    for i in range(noun.i - 1, first - 1, -1):
        idx = ctx.by_token.get(i)
        if idx is None or idx in picked:
            continue
        m = ctx.mentions[idx]
        keys = _identities(ctx, m)
        if keys & names or not _party(ctx, m, ctx.doc[i], states_only):
            continue
        names |= keys
        picked.append(idx)
        if len(picked) == 2:
            return picked[::-1]
    return []


def _identities(ctx: Context, m: Mention) -> set[str]:
    """What a mention names: its text, and the entities the base gives its alias ("Armenia" and "Armenian"
    name one party)."""
    key = m.alias or alias_key(m.text)
    return {key} | {e.iri for e in ctx.kb.aliases.get(key, [])}


def _party(ctx: Context, m: Mention, tok: Token, states_only: bool) -> bool:
    """Can the mention be one of a pair's parties: a state (or its demonym: "Armenian officials") for
    "countries", any actor but a person for "sides"; not a place a locative preposition names ("out of
    X", "in X")?"""
    if m.kind == "anaphor" or m.role == "locative" or m.place_hint is not None or m.label in {"PERSON", "LOC", "FAC"}:
        return False
    head = coordination_head(tok)
    after = head.head.lower_ if head.dep_ == "pobj" else None
    if m.label != "GPE":  # "Armenian officials" names a state; "withdrew from X" a place the model did not know
        return (m.kind == "demonym" or not states_only) and (after is None or after == "of"
                                                              or after not in ctx.w("locative_preps"))
    return after is None or after not in ctx.w("locative_preps")
