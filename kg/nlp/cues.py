"""What kind of actor the text says an unknown name is: "M23 rebels", "the paramilitary X",
"X, a jihadist group", or a word of the name itself ("... Liberation Front", "... Network").

The words and the classes they give live in ontology/patterns/lexicon.json (`actor_cues` for the
words around a name, `name_class_words` for the words inside it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from spacy.tokens import Span, Token

from kg.nlp.syntax import Context
from kg.records import Mention

NOUN_MODIFIERS = {"amod", "compound", "nmod"}


def actor_cue(span: Span, cues: Mapping[str, str], name_words: Mapping[str, str]) -> str | None:
    """The actor class the words around a name, or else its own words, give it; None if nothing does."""
    for tok in _around(span):
        cls = _cue_class(tok, cues)
        if cls is not None:
            return cls
    return name_class(span.text, name_words)


def name_class(text: str, name_words: Mapping[str, str]) -> str | None:
    """The class a word of the name gives ("Sudan Doctors Network" -> NGO); the last word first."""
    words = [w.strip(".,'’()").lower() for w in text.replace("-", " ").split()]
    for word in reversed(words):
        if word in name_words:
            return name_words[word]
    return None


def _around(span: Span) -> list[Token]:
    """The words that can describe a name: the noun it qualifies, an apposition, a modifier
    before it, a predicate noun ("X is a militia"), a lower-case noun right after it."""
    root, doc = span.root, span.doc
    out: list[Token] = []
    if root.dep_ in NOUN_MODIFIERS and not span.start <= root.head.i < span.end:
        out.append(root.head)
    out += [c for c in root.children if c.dep_ == "appos" and not span.start <= c.i < span.end]
    if root.dep_ == "appos" and not span.start <= root.head.i < span.end:
        out.append(root.head)
    out += [c for c in root.children if c.dep_ in NOUN_MODIFIERS and c.i < span.start]
    if root.dep_ in {"nsubj", "nsubjpass"} and root.head.lemma_ == "be":
        out += [c for c in root.head.children if c.dep_ == "attr"]
    if span.end < len(doc) and doc[span.end].pos_ == "NOUN" and doc[span.end].is_lower:
        out.append(doc[span.end])
    return out


def _cue_class(tok: Token, cues: Mapping[str, str]) -> str | None:
    """A modifier decides a generic head ("rights group" -> NGO, "armed group" -> ArmedGroup)."""
    modifiers = [c.lemma_.lower() for c in tok.children if c.dep_ in NOUN_MODIFIERS]
    for word in [*modifiers, tok.lemma_.lower(), tok.lower_]:
        if word in cues:
            return cues[word]
    return None


def with_cue(ctx: Context, m: Mention) -> Mention:
    """A name the base does not know takes the actor class its context or its words give it; a
    "person" the text calls a group ("X rebels", "X, a militia") is an organisation."""
    if m.alias is not None or m.kind not in ("name", "acronym") or m.label not in ("ORG", "PERSON"):
        return m
    span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return m
    cues, words = ctx.lex.table("actor_cues"), ctx.lex.table("name_class_words")
    if m.label == "PERSON":  # the context, or the name's last word ("the X Brigades"), says it is a group
        last = m.text.replace("-", " ").split()[-1:]
        cue = actor_cue(span, cues, {}) or (name_class(last[0], words) if last else None)
        return replace(m, label="ORG", cue=cue) if cue is not None else m
    return replace(m, cue=m.cue or actor_cue(span, cues, words) or name_class(m.text, words))
