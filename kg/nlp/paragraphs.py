"""Where a report's layout ends a sentence, marked before the parser runs: a headline, a paragraph
and the dateline that opens a paragraph ("MOGADISHU, Aug 21 - ") each stand apart, so the parser
never reads a dateline's city as the subject of the sentence after it, nor a headline as part of it.

Everything else is left to the parser, which keeps the boundaries set here.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.nlp.datelines import dateline_end

SENTENCE_ENDS = frozenset({".", "!", "?", ":", ";", '"', "”", "’", "'", ")"})


def mark_paragraphs(doc: Doc) -> Doc:
    """Set a sentence start at each paragraph, at a headline's end and after each dateline."""
    text = doc.text
    prev: Token | None = None
    for tok in doc:
        if tok.is_space:
            continue
        opens_line = prev is None or "\n" in text[prev.idx + len(prev.text):tok.idx]
        if prev is not None and opens_line and _breaks(text, prev, tok):
            tok.is_sent_start = True
        if opens_line:
            _after_dateline(doc, text, tok)
        prev = tok
    return doc


def _breaks(text: str, prev: Token, tok: Token) -> bool:
    """A line break that ends a sentence: a blank line, a line ending as a sentence ends, the
    first line of the text before a capital (a headline), or a break before a dateline. A break
    inside a sentence wrapped at a fixed width is none of these."""
    gap = text[prev.idx + len(prev.text):tok.idx]
    headline = "\n" not in text[:prev.idx] and not tok.text[0].islower()
    return gap.count("\n") > 1 or prev.text[-1] in SENTENCE_ENDS or headline \
        or dateline_end(text[tok.idx:tok.idx + 120]) is not None


def _after_dateline(doc: Doc, text: str, tok: Token) -> None:
    """"MOGADISHU, Aug 21 - Somali forces ...": the dateline is one sentence, the next starts after the dash."""
    end = dateline_end(text[tok.idx:tok.idx + 120])
    if end is None:
        return
    at = tok.idx + end
    nxt = next((t for t in doc[tok.i + 1:] if t.idx >= at and not t.is_space), None)
    if nxt is None or "\n" in text[tok.idx:nxt.idx]:
        return
    for inside in doc[tok.i + 1:nxt.i]:
        inside.is_sent_start = False
    nxt.is_sent_start = True
