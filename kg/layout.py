"""The layout of a report's text: where its headline ends. Plain text only, so that every stage
may ask it."""

from __future__ import annotations

#: characters that end a line as a sentence or a clause ends; a first line that ends otherwise,
#: on a line of its own, is a headline
CLOSING = frozenset(".!?:;,\"'\u201d\u2019)")


def headline_end(text: str) -> int | None:
    """Where the report's headline ends: its first line, when that line closes with no punctuation
    and a blank line or a line opening with a capital follows it; None when the report opens with a
    sentence (a first line that ends otherwise may be a wrapped one)."""
    start = len(text) - len(text.lstrip())
    brk = text.find("\n", start)
    rest = text[brk + 1:] if brk >= 0 else ""
    line = text[start:brk].rstrip()
    if not rest.strip() or not line or line[-1] in CLOSING:
        return None
    blank = not rest.split("\n", 1)[0].strip()
    return start + len(line) if blank or rest.lstrip()[:1].isupper() else None
