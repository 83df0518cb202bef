"""The rules take time linear in the length of a report."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kg.nlp import mentions
from kg.records import Mention, Report, ReportMeta

ROOT = Path(__file__).resolve().parent.parent


class CountingDoc:
    """Stands for a spaCy Doc whose text is rebuilt on each access, counting the accesses."""

    def __init__(self, text: str) -> None:
        self._text, self.reads = text, 0

    @property
    def text(self) -> str:
        self.reads += 1
        return self._text


def mentions_of(text: str, marks: list[tuple[str, str, str]]) -> list[Mention]:
    out, at = [], 0
    for words, label, kind in marks:
        start = text.index(words, at)
        out.append(Mention(start, start + len(words), words, label, 0, kind=kind))
        at = start + len(words)
    return out


@pytest.mark.parametrize(("text", "marks", "kept"), [
    ("the Varnese army moved", [("Varnese", "NORP", "demonym"), ("army", "ORG", "nominal")], ["Varnese"]),
    ("the Varnese  army moved", [("Varnese", "NORP", "demonym"), ("army", "ORG", "nominal")], ["Varnese"]),
    ("Varnese, the army moved", [("Varnese", "NORP", "demonym"), ("army", "ORG", "nominal")], ["Varnese", "army"]),
    ("the army of Varn moved", [("army", "ORG", "nominal"), ("Varn", "GPE", "name")], ["army", "Varn"]),
    ("Varn army", [("Varn", "PERSON", "name"), ("army", "ORG", "nominal")], ["Varn", "army"]),
    ("the coalition military forces", [("coalition", "ORG", "nominal"), ("military", "ORG", "nominal")],
     ["coalition"]),  # a body's forces are that body's
    ("the Varn Front's army", [("Varn Front", "ORG", "name"), ("army", "ORG", "nominal")], ["Varn Front"]),
])
def test_owned_nominals(text: str, marks: list[tuple[str, str, str]], kept: list[str]) -> None:
    doc = CountingDoc(text)
    assert [m.text for m in mentions._owned_nominals_dropped(doc, mentions_of(text, marks))] == kept  # type: ignore[arg-type]


def test_owned_nominals_read_the_text_once() -> None:
    text = " ".join(f"the Varnese army met the Dorvan police at Kelm {n}." for n in range(300))
    marks = [m for _ in range(300) for m in (("Varnese", "NORP", "demonym"), ("army", "ORG", "nominal"),
                                             ("Dorvan", "NORP", "demonym"), ("police", "ORG", "nominal"),
                                             ("Kelm", "GPE", "name"))]
    doc = CountingDoc(text)
    kept = mentions._owned_nominals_dropped(doc, mentions_of(text, marks))  # type: ignore[arg-type]
    assert len(kept) == 900 and doc.reads == 1


@pytest.mark.model
def test_rules_time_grows_linearly(extractor) -> None:  # type: ignore[no-untyped-def]
    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))

    def seconds(size: int) -> float:
        text = (seeds * (size // len(seeds) + 1))[:size]
        text = text[: text.rfind(".") + 1]
        doc = extractor.nlp(text)
        report = Report(ReportMeta(id="long"), text, "0" * 64)
        best = float("inf")
        for _ in range(3):  # the best of three: a busy machine slows single runs unevenly
            start = time.process_time()
            extractor.records(doc, report)
            best = min(best, time.process_time() - start)
        return best

    small, large = seconds(8_000), seconds(32_000)
    assert large / small < 8, f"4 times the text took {large / small:.1f} times as long (linear: 4)"
