"""A report's layout bounds its sentences before the parser reads them: a headline, a dateline
and each paragraph stand apart, so the agent of a lead sentence is its subject, not the dateline's
city. Sentences written for these tests."""

from __future__ import annotations

import pytest

from kg.nlp.paragraphs import mark_paragraphs
from tests.conftest import short


@pytest.mark.parametrize(("text", "sentences"), [
    # a headline, a dateline and its sentence each stand apart
    ("Rebels take Kapan\n\nGYUMRI, May 3 - PJAK fighters have taken full control of Kapan, residents said.\n",
     ["Rebels take Kapan", "GYUMRI, May 3 -", "PJAK fighters have taken"]),
    # a headline on the line right before its dateline
    ("Rebels take Kapan\nGYUMRI, May 3 - PJAK fighters seized Kapan on Monday.\n",
     ["Rebels take Kapan", "GYUMRI, May 3 -", "PJAK fighters seized"]),
    # paragraphs
    ("PJAK fighters seized Kapan.\nThe army said it would retake the town.\n",
     ["PJAK fighters seized Kapan.", "The army said"]),
    # a line wrapped inside a sentence is no boundary
    ("Fighters of the Kurdistan Free Life Party seized the town\nof Kapan on Monday after a long battle.\n",
     ["Fighters of the Kurdistan Free Life Party seized the town\nof Kapan"]),
])
def test_layout_bounds_sentences(extractor, text: str, sentences: list[str]) -> None:  # type: ignore[no-untyped-def]
    found = [s.text for s in extractor.parse_one(text).sents]
    assert len(found) == len(sentences), found
    assert all(f.startswith(s) for f, s in zip(found, sentences)), found


def test_layout_marks_nothing_in_plain_text(extractor) -> None:  # type: ignore[no-untyped-def]
    doc = extractor.nlp.make_doc("PJAK fighters seized Kapan on Monday, residents said.")
    assert [t.is_sent_start for t in mark_paragraphs(doc)][1:] == [None] * (len(doc) - 1)


@pytest.mark.parametrize(("text", "cls", "expected"), [
    ("Rebels take Kapan\n\nGYUMRI, May 3 - PJAK have taken full control of Kapan, residents said.\n",
     "Takeover", ["pjak"]),
    ("Rebels take Kapan\nGYUMRI, May 3 - Gunmen from PJAK seized control of Kapan on Monday.\n", "Takeover",
     ["pjak"]),
    ("GYUMRI, Armenia, May 3 - Fighters of PJAK have taken full control of Kapan, residents said.", "Takeover",
     ["pjak"]),
])
def test_the_dateline_is_no_subject(resolve_text, text: str, cls: str, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    events = [e for e in resolve_text(text).events if e.cls == cls]
    assert [sorted(short(a) for a in e.agents) for e in events] == [expected], text
    assert not any(short(p).startswith("gyumri") for e in events for p in e.places), text
