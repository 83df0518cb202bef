"""Groups the text names in quotes after a group noun: 'the group "Sons of the Valley"', 'the factions
"Lions of the East" and "Youth of the Hills"'. The quoted words are the group's name, though the
base does not know it (the model often takes them for a person or a crowd); a later use of the same
words names the same group. A quoted name followed by a bracketed one ('"Army of the North" (Jaish al-Shamal)')
only translates the bracketed name, which stands."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.lexicon import Lexicon
from kg.nlp.syntax import EMPTY
from kg.records import Mention

ARMED_GROUP = "ArmedGroup"
MAX_NAME_TOKENS = 6
LINKING_WORDS = frozenset({"of", "the", "al", "el", "for", "-"})


def quoted_groups(doc: Doc, mentions: list[Mention], lex: Lexicon, sent_of: dict[int, int]) -> list[Mention]:
    """The mentions, with each group name quoted after a group noun (and each later use of it) read as
    one armed group in place of the mentions inside it."""
    names = _quoted_names(doc, lex)
    spans = names + _later_uses(doc, names)
    out = list(mentions)
    for span in spans:
        out = [m for m in out if m.end <= span.start_char or m.start >= span.end_char]
        out.append(Mention(span.start_char, span.end_char, span.text, "ORG", sent_of[span.start], cue=ARMED_GROUP))
    return sorted(out, key=lambda m: (m.start, m.end))


def _quoted_names(doc: Doc, lex: Lexicon) -> list[Span]:
    nouns = lex.sets.get("group_nouns", EMPTY)
    found: list[Span] = []
    last = -2  # the token after the last name read (its closing quote or bracket)
    i = 0
    while i < len(doc):
        span = _quoted_at(doc, i)
        if span is None:
            i += 1
            continue
        before = doc[i - 1] if i > 0 else None
        listed = before is not None and before.lower_ in {"and", ","} and last == i - 2
        named = before is not None and before.lemma_.lower() in nouns and before.pos_ == "NOUN"
        if named or listed:
            last = _bracket_end(doc, span.end + 1)
            if last == span.end:  # no bracketed name after it: the quoted words are the name
                found.append(span)
        i = span.end + 1
    return found


def _quoted_at(doc: Doc, i: int) -> Span | None:
    """The capitalised words between the quote at token i and its closing quote, if they form a name."""
    if not doc[i].is_quote:
        return None
    end = next((j for j in range(i + 1, min(len(doc), i + MAX_NAME_TOKENS + 2)) if doc[j].is_quote), None)
    if end is None or end == i + 1:
        return None
    words = doc[i + 1:end]
    if not (words[0].is_title and words[-1].is_title) or any(not _name_word(t) for t in words):
        return None
    return words


def _name_word(tok: Token) -> bool:
    return tok.is_title or tok.lower_ in LINKING_WORDS


def _bracket_end(doc: Doc, after: int) -> int:
    """The closing bracket of a bracketed name right after the closing quote at `after - 1`, else
    that quote."""
    if after < len(doc) and doc[after].text == "(":
        close = next((j for j in range(after + 1, min(len(doc), after + MAX_NAME_TOKENS + 2)) if doc[j].text == ")"),
                     None)
        if close is not None:
            return close
    return after - 1


def _later_uses(doc: Doc, names: list[Span]) -> list[Span]:
    """The later places the same words stand in the text, unquoted."""
    found: list[Span] = []
    for name in names:
        size = len(name)
        words = [t.text for t in name]
        for start in range(name.end + 1, len(doc) - size + 1):
            if [t.text for t in doc[start:start + size]] == words:
                found.append(doc[start:start + size])
    return found
