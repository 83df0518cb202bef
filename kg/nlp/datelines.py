"""Datelines: "MOSUL, 17 August - ...", "KHARTOUM (Agency) — ...". The place a report is filed from
and its agency are no part of what the sentence after them says."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.records import Mention

DATELINE = re.compile(r"[A-Z][A-Za-z'’.\- ]{1,40}(?:,[^\n,.;]{0,30})?\s*(?:\([A-Za-z .&]{2,30}\)\s*)?[-–—]+\s")
DATE_WORDS = re.compile(r"\d|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|"
                        r"sep|oct|nov|dec)[a-z]*\b", re.IGNORECASE)


def dateline_spans(doc: Doc) -> list[tuple[int, int]]:
    """The character spans of the datelines that open sentences: an upper-case place, or a place
    with a date, before a dash."""
    out: list[tuple[int, int]] = []
    for sent in doc.sents:
        text = sent.text
        found = DATELINE.match(text)
        if found is None:
            continue
        first = text.split(",")[0].split("(")[0].strip()
        dated = "," in found.group(0) and bool(DATE_WORDS.search(found.group(0)))
        if (first.isupper() or dated) and len(first) >= 3:
            out.append((sent.start_char, sent.start_char + found.end()))
    return out


def outside_datelines(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """The mentions that are not part of a dateline."""
    cut = dateline_spans(doc)
    return [m for m in mentions if not any(s <= m.start < e for s, e in cut)]


def caption_spans(doc: Doc, markers: frozenset[str]) -> list[tuple[int, int]]:
    """The character spans of the lines that caption a picture ("Photo caption: ...", "Pictured: ...")."""
    out: list[tuple[int, int]] = []
    start = 0
    for line in doc.text.split("\n"):
        head = line.split(":", 1)[0].strip().lower() if ":" in line else None
        if head is not None and head in markers:
            out.append((start, start + len(line)))
        start += len(line) + 1
    return out
