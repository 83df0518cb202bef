"""Groups named after their base: "the X gang", "the X militia" (`owned_group_nouns`), with X a place
or a name no one tagged, are one armed group, "X gang", not the place X; a group the base knows by
such a name ("the Y gang" as an alias of Y) stays the base's, and an unknown name stays the group's."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.kb import KnowledgeBase
from kg.lexicon import Lexicon
from kg.nlp.doctokens import tokens
from kg.nlp.syntax import EMPTY
from kg.records import Mention

DEFINITE = frozenset({"the"})
BASE_LABELS = frozenset({"GPE", "LOC", "FAC"})
ARMED_GROUP = "ArmedGroup"


def based_groups(doc: Doc, named: list[Mention], kb: KnowledgeBase, lex: Lexicon,
                 sent_of: dict[int, int]) -> list[Mention]:
    """The mentions with each "the X gang" read as one armed group named after X."""
    nouns = lex.sets.get("owned_group_nouns", EMPTY)
    at = {t.i: j for j, m in enumerate(named) for t in doc.char_span(m.start, m.end, alignment_mode="expand") or ()}
    dropped: set[int] = set()
    added: list[Mention] = []
    for noun in (t for t in tokens(doc) if t.lemma_.lower() in nouns and t.pos_ == "NOUN"):
        base = _base_tokens(noun)
        if not base or noun.i in at:
            continue
        covering = {at[t.i] for t in base if t.i in at}
        if any(not _a_base(kb, named[j]) for j in covering):
            continue  # "the Y gang" of a group the base knows
        name = doc[base[0].i:noun.i].text
        dropped |= covering
        added.append(Mention(base[0].idx, noun.idx + len(noun.text), f"{name} {noun.text}", "ORG",
                             sent_of[noun.i], cue=ARMED_GROUP, name=f"{name} {noun.lower_}"))
    kept = [m for j, m in enumerate(named) if j not in dropped]
    return sorted(kept + added, key=lambda m: (m.start, m.end))


def _base_tokens(noun: Token) -> list[Token]:
    """The proper names right before a definite group noun ("the X Y gang": X Y); none inside a
    hyphened word ("the A-B militia")."""
    doc = noun.doc
    if not any(c.dep_ == "det" and c.lower_ in DEFINITE for c in noun.children):
        return []
    start = noun.i
    while start > 0 and doc[start - 1].pos_ == "PROPN" and start - 1 <= doc[start - 1].head.i <= noun.i:
        start -= 1
    if start > 0 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_:
        return []
    return list(doc[start:noun.i])


def _a_base(kb: KnowledgeBase, m: Mention) -> bool:
    """A place: what a group is named after (an unknown name before "gang" is the group's own name,
    which its cue already tells)."""
    entries = kb.aliases.get(m.alias, []) if m.alias is not None else []
    return m.label in BASE_LABELS or (bool(entries) and all(kb.is_a(e.iri, "Place") for e in entries))
