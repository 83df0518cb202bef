"""The layout opens sentences: a headline stays out of the lead under it, a dateline stays in the lead,
and what a headline says joins the story under it. Sentences written for these tests."""

from __future__ import annotations

import pytest
import spacy

from kg.layout import headline_end
from kg.nlp.paragraphs import mark_paragraph_starts
from tests.conftest import short


@pytest.mark.parametrize(("text", "end"), [
    ("Rebels take town\n\nKAPAN, May 3 - Rebels took the town.", 16),
    ("Rebels take town\nKAPAN, May 3 - Rebels took the town.", 16),
    ("\n  Rebels take town  \n\nThe body.", 19),
    ("Rebels took the town.\n\nThe body.", None),  # a first sentence, no headline
    ("Rebels took the town on\nthe third day of a siege.", None),  # a wrapped line
    ("Rebels take town", None),  # nothing under it
])
def test_a_first_line_with_no_closing_punctuation_is_a_headline(text: str, end: int | None) -> None:
    assert headline_end(text) == end


@pytest.mark.parametrize(("text", "starts", "joined"), [
    ("Rebels take town\n\nKAPAN, May 3 - Fighters took it.", ["KAPAN"], ["take", "town", ",", "Fighters"]),
    ("Rebels take town\nKAPAN, May 3 - Fighters took it.", ["KAPAN"], ["take", "-", "Fighters"]),
    ("One line.\nAnother line under it.", [], []),  # a single line break may only wrap a line
    ("One line.\n\n\nLater text", ["Later"], []),
    ("A headline here\r\n\r\nThe body", ["The"], ["headline", "here"]),
    ("KAPAN, May 3 - Rebels took the town.", [], [",", "May", "-", "Rebels"]),
    ("", [], []),
    ("\n\n", [], []),
])
def test_the_layout_marks_sentence_starts(text: str, starts: list[str], joined: list[str]) -> None:
    doc = mark_paragraph_starts(spacy.blank("en")(text))
    assert [t.text for t in doc[1:] if t.is_sent_start] == starts
    assert all(t.is_sent_start is False for t in doc[1:] if t.text in joined)


@pytest.mark.parametrize(("text", "cls", "agent"), [
    ("Rebels seize border town in Armenia\n\n"
     "KAPAN, June 9 - PJAK fighters seized the town of Kapan on Saturday after two days of fighting.",
     "Takeover", "pjak"),
])
@pytest.mark.model
def test_a_headline_keeps_out_of_the_sentence_under_it(resolve_text, text: str, cls: str,  # type: ignore[no-untyped-def]
                                                       agent: str) -> None:
    resolved = resolve_text(text)
    first = resolved.extraction.sentences[0]
    assert text[first.start:first.end].strip() == text.split("\n")[0]
    agents = [{short(a) for a in e.agents} for e in resolved.events if e.cls == cls]
    assert any(agent in a for a in agents), agents


@pytest.mark.parametrize(("text", "killed", "places", "targets"), [
    # the toll a headline opens with sums up the first attack of the story
    ("More than 40 dead in two days of violence in Armenia, officials say\n\n"
     "Clashes between PJAK fighters and Armenian troops broke out on Sunday, residents said.",
     [40], [], []),
    # one agent and one toll: the headline's attack is the incident the lead tells as a capture
    ("Army says 31 soldiers killed in PJAK assault on border post\n\n"
     "Thirty-one Armenian soldiers were killed when PJAK fighters overran their post at Kapan on Monday.",
     [31], ["kapan"], ["armenia"]),
    # another toll: another incident, nothing taken over
    ("Army says 31 soldiers killed in PJAK assault on border post\n\n"
     "Twelve Armenian soldiers were killed when PJAK fighters overran their post at Kapan on Monday.",
     [31], [], []),
])
@pytest.mark.model
def test_a_headline_joins_the_story_under_it(resolve_text, text: str, killed: list[int],  # type: ignore[no-untyped-def]
                                             places: list[str], targets: list[str]) -> None:
    first = next(e for e in resolve_text(text).events if e.cls not in ("Takeover",) and e.modality == "asserted")
    assert sorted(c.count for c in first.casualties if c.kind == "killed" and not c.part) == killed
    assert [p for p in map(short, first.places) if p.startswith("kapan")] == [f"{p}-174875" for p in places]
    assert set(targets) <= {short(t) for t in first.targets}
