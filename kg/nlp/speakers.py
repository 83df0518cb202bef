"""A pronoun in the clause a speaker reports stands for the speaker: "X said its fighters had defeated Y",
"X said they had inflicted losses": X's fighters, X; "a spokesman, P, said it had": P's side. Said by a
body no name tells ("rebels said they"), it stands for that body, and so for no actor named before."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from kg.lexicon import Lexicon
from kg.nlp.syntax import EMPTY
from kg.records import Mention

PHRASE_DEPS = frozenset({"pobj", "prep", "conj"})
NO_NAMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"})  # "July 29 - X-led"


def reported_speaker(pron: Token, lex: Lexicon) -> Token | None:
    """The subject of the verb of saying whose reported clause the pronoun is the subject, or owns the
    subject, of."""
    subject = pron.head if pron.dep_ == "poss" else pron
    while subject.dep_ in PHRASE_DEPS and pron.dep_ == "poss":
        subject = subject.head  # "six of their own men were killed"
    verb = subject.head
    saying = verb.head
    if subject.dep_ not in {"nsubj", "nsubjpass"} or verb.dep_ != "ccomp" \
            or saying.lemma_.lower() not in lex.sets.get("reporting_verbs", EMPTY):
        return None
    if saying.dep_ == "advcl" and saying.tag_ == "VBG" and not any(c.dep_ == "nsubj" for c in saying.children):
        saying = saying.head  # "X confirmed the raid, saying it had hit Y": X says it
    return next((c for c in saying.children if c.dep_ == "nsubj"), None)


def said_by_unnamed(pron: Token, lex: Lexicon, taken: set[int]) -> bool:
    """"rebels said they had": a group pronoun reported by a plural common noun no name tells (not
    "forces loyal to X said they had")."""
    speaker = reported_speaker(pron, lex) if lex.table("actor_pronouns").get(pron.lower_) == "group" else None
    return speaker is not None and speaker.tag_ == "NNS" \
        and not any(t.i in taken and t.ent_type_ not in NO_NAMES for t in speaker.subtree)


def bound_to_speakers(doc: Doc, lex: Lexicon, mentions: list[Mention]) -> list[Mention]:
    """Each group pronoun of a reported clause with the index (`same_as`) of its speaker's name."""
    at: dict[int, int] = {}
    for idx, m in enumerate(mentions):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and (m.kind != "anaphor" or m.pronoun == "group"):
            at.setdefault(span.root.i, idx)  # "X said it had sent troops, saying its soldiers": X, through "it"
    out = list(mentions)
    for idx, m in enumerate(mentions):
        if m.pronoun != "group":
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        speaker = reported_speaker(span.root, lex) if span is not None else None
        named = [speaker, *(c for c in speaker.children if c.dep_ == "appos")] if speaker is not None else []
        j = next((at[t.i] for t in named if t.i in at), None)  # "a spokesman, P, said": P
        if j is not None:
            out[idx] = replace(m, same_as=j)
    return out
