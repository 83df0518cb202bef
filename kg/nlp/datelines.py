"""Datelines: "MOSUL, 17 August - ...", "KHARTOUM (Agency) — ...". The place a report is filed from
and its agency are no part of what the sentence after them says."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc

from kg.nlp.doctokens import sentences
from kg.nlp.doctokens import text as doc_text
from kg.records import Mention

#: "PLACE, Date -", "PLACE, Country, Date -", "PLACE (Agency) -"; a date may abbreviate its month ("Sept. 20")
DATELINE = re.compile(r"[A-Z][A-Za-z'’.\- ]{1,40}(?:,[^\n,;]{0,30}){0,2}\s*(?:\([A-Za-z .&]{2,30}\)\s*)?[-–—]+\s")
DATE_WORDS = re.compile(r"\d|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:jan(?:uary)?|feb(?:ruary)?|"
                        r"mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|"
                        r"nov(?:ember)?|dec(?:ember)?)\b", re.IGNORECASE)  # a month's name: "Maroua" is no March


def dateline_spans(doc: Doc) -> list[tuple[int, int]]:
    """The character spans of the datelines that open sentences or lines: an upper-case place, or a
    place with a date, before a dash. A dateline under a headline opens a line even where the parser
    runs the headline into its sentence."""
    out: list[tuple[int, int]] = []
    text = doc_text(doc)
    for start in _openings(doc, text):
        end = dateline_end(text, start)
        if end is not None:
            out.append((start, end))
    return out


def dateline_end(text: str, start: int) -> int | None:
    """Where the dateline that opens the text at `start` ends (after its dash), if one does."""
    found = DATELINE.match(text, start)
    if found is None:
        return None
    first = found.group(0).split(",")[0].split("(")[0].strip()
    dated = "," in found.group(0) and bool(DATE_WORDS.search(found.group(0)))
    return found.end() if (first.isupper() or dated) and len(first) >= 3 else None


def dateline_names(doc: Doc) -> tuple[str, ...]:
    """The place names of the report's datelines ("LASHIO, Myanmar, April 23 -": LASHIO and Myanmar):
    where the report is filed from, context for reading it, never a place or a party of what it says."""
    text = doc_text(doc)
    names: list[str] = []
    for start, end in dateline_spans(doc):
        head = text[start:end].split("(")[0].rstrip(" -–—\n")
        names += [p.strip() for p in head.split(",") if p.strip() and not DATE_WORDS.search(p)]
    return tuple(dict.fromkeys(names))


def _openings(doc: Doc, text: str) -> list[int]:
    """Where sentences and lines begin (after their leading white space)."""
    lines = [m.end() for m in re.finditer(r"(?:^|\n)\s*", text)]
    return sorted({s.start_char for s in sentences(doc)} | set(lines))


def outside_datelines(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """The mentions that are not part of a dateline; a name the parser ran from a headline into the
    dateline under it keeps its headline part."""
    cut = dateline_spans(doc)
    out: list[Mention] = []
    for m in mentions:
        if any(s <= m.start < e for s, e in cut):
            continue
        start = min((s for s, e in cut if m.start < s < m.end), default=None)
        if start is not None:
            text = m.text[:start - m.start].rstrip()
            if not text:
                continue
            m = replace(m, end=m.start + len(text), text=text)
        out.append(m)
    return out


def caption_spans(doc: Doc, markers: frozenset[str]) -> list[tuple[int, int]]:
    """The character spans of the lines that caption a picture ("Photo caption: ...", "Pictured: ...")."""
    out: list[tuple[int, int]] = []
    start = 0
    for line in doc_text(doc).split("\n"):
        head = line.split(":", 1)[0].strip().lower() if ":" in line else None
        if head is not None and head in markers:
            out.append((start, start + len(line)))
        start += len(line) + 1
    return out
