"""Armed groups the text names after a people or a creed: "Kessi militias", "Tamsi tribal militiamen",
"Dorani fighters". A one-word name the knowledge base does not know, right before a noun of armed men
(`people_group_nouns`, with only describing words such as "tribal" between: `people_group_describers`),
is no actor of its own: with the noun it names one armed group, an actor the resolver mints under
that name. A name the base knows ("PJAK fighters") keeps its own reading: the noun stands for it;
so does a nationality the model knows as such ("Kurdish fighters": fighters who are Kurds, no group)."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.lexicon import Lexicon
from kg.nlp.syntax import EMPTY
from kg.records import Mention

UNKNOWN_LABELS = frozenset({"ORG", "PERSON"})


def people_groups(doc: Doc, mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    """The mentions, each "X militias" read as one armed group in place of the name X (and of any
    mention of the noun after it)."""
    out = list(mentions)
    for m in mentions:
        noun = _armed_noun(doc, m, lex)
        if noun is None:
            continue
        end = noun.idx + len(noun.text)
        group = Mention(m.start, end, doc.text[m.start:end], "ORG", m.sentence)
        out = [x for x in out if x.end <= m.start or x.start >= end] + [group]
    return sorted(out, key=lambda x: (x.start, x.end))


def _armed_noun(doc: Doc, m: Mention, lex: Lexicon) -> Token | None:
    """The noun of armed men right after a one-word name the base does not know, if there is one."""
    if m.kind != "name" or m.alias is not None or m.label not in UNKNOWN_LABELS:
        return None
    span = doc.char_span(m.start, m.end)
    if span is None or len(span) != 1 or not span[0].is_title or span.end >= len(doc):
        return None
    describers = lex.sets.get("people_group_describers", EMPTY)
    i = span.end
    while i < len(doc) and doc[i].lower_ in describers:
        i += 1
    noun = doc[i] if i < len(doc) else None
    return noun if noun is not None and noun.lower_ in lex.sets.get("people_group_nouns", EMPTY) else None
