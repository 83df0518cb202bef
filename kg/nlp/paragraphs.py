"""Sentence starts and joins that the layout of a report marks, set before the parser runs.

A news report opens with a headline that has no full stop, then a blank line, then a lead that
often begins with a dateline ("Rebels take town\\n\\nKAPAN, May 3 - Rebels took ..."). Left alone,
the parser runs the headline into the lead's first sentence, and the headline's words read as the
subject or the objects of the lead's verb. Two marks open a sentence: a blank line, and the line
break that ends a headline (kg.layout) before a line opening with a capital. A single line break
elsewhere may only wrap a line, so it opens nothing. A headline is one sentence, and a dateline
that opens a paragraph stays in the sentence it heads: told where the paragraph starts, the parser
would otherwise end a sentence after the upper-case place name.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.layout import headline_end
from kg.nlp.datelines import dateline_end


def mark_paragraph_starts(doc: Doc) -> Doc:
    """Set the first word of each paragraph as a sentence start, no start inside the headline, and
    none inside the dateline that opens a paragraph nor at the word after it."""
    if not len(doc):
        return doc
    text = doc.text
    headline = headline_end(text)
    for start in paragraph_starts(doc, headline):
        if start > 0:
            doc[start].is_sent_start = True
        _join_dateline(doc, start, text)
    if headline is not None:
        for tok in doc[1:]:
            if tok.idx >= headline:
                break
            tok.is_sent_start = False
    return doc


def paragraph_starts(doc: Doc, headline: int | None) -> list[int]:
    """The first token, and each token after a blank line or after the headline's line."""
    out = [0]
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text and (_is_blank_line(tok) or _closes_headline(doc, tok, headline)):
            out.append(tok.i + 1)
    return out


def _is_blank_line(tok: Token) -> bool:
    return tok.text.replace("\r", "").replace(" ", "").replace("\t", "").count("\n") >= 2


def _closes_headline(doc: Doc, space: Token, headline: int | None) -> bool:
    """Whether this line break ends the headline."""
    return headline is not None and space.i > 0 and space.idx >= headline > doc[space.i - 1].idx


def _join_dateline(doc: Doc, start: int, text: str) -> None:
    """No sentence starts inside the dateline at `start` nor at the first word after its dash."""
    end = dateline_end(text, doc[start].idx)
    if end is None:
        return
    for tok in doc[start + 1:]:
        if tok.idx > end:
            break
        tok.is_sent_start = False
