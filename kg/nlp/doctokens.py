"""A parsed document's text, tokens and sentences, listed once per document.

Iterating a spaCy `Doc` builds a new `Token` object for every token; `doc.sents` walks every
token again to find the sentence starts, and `doc.text` joins the texts of every token. The
rules read the whole document some twenty times, so the lists of the document being read are
kept. Only the latest document's are: a `Token` holds its document, so keeping more would keep
every document read alive.
"""

from __future__ import annotations

import threading

from spacy.tokens import Doc, Span, Token


class _Lists:
    """What has been listed of one document so far."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.tokens: tuple[Token, ...] | None = None
        self.sents: tuple[Span, ...] | None = None
        self.text: str | None = None


_LATEST = threading.local()  # each thread reads its own document


def _lists(doc: Doc) -> _Lists:
    found: _Lists | None = getattr(_LATEST, "lists", None)
    if found is None or found.doc is not doc:
        found = _LATEST.lists = _Lists(doc)
    return found


def tokens(doc: Doc) -> tuple[Token, ...]:
    """The document's tokens in order."""
    lists = _lists(doc)
    if lists.tokens is None:
        lists.tokens = tuple(doc)
    return lists.tokens


def sentences(doc: Doc) -> tuple[Span, ...]:
    """The document's sentences in order."""
    lists = _lists(doc)
    if lists.sents is None:
        lists.sents = tuple(doc.sents)
    return lists.sents


def text(doc: Doc) -> str:
    """The document's text."""
    lists = _lists(doc)
    if lists.text is None:
        lists.text = doc.text
    return lists.text
