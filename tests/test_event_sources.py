"""Who an event is attributed to: the speaker of the clause that tells it, not the first speaker
of its sentence (kg.nlp.attribution). Sentences and names written for these tests."""

from __future__ import annotations

import pytest


def _speakers(resolved, cls: str) -> set[str]:  # type: ignore[no-untyped-def]
    ext = resolved.extraction
    out: set[str] = set()
    for e in resolved.events:
        if e.cls == cls or cls == "any":
            for i in e.sources:
                source = ext.attributions[i].source
                out.add(ext.mentions[source].text if source is not None else "")
    return out


@pytest.mark.parametrize(("text", "cls", "speaker", "not_speaker"), [
    ("Officials in Dastan said the roads were closed, while the Red Crescent said rebels had seized Korvale on Monday.",
     "Takeover", "Red Crescent", ""),
    ("Police said the night had been calm, and the Red Crescent said an air strike had killed 12 villagers in Dastan.",
     "AirStrike", "Red Crescent", ""),
    ("The militia claimed an attack on the town of Korvale, in which at least 40 people were killed, according to "
     "the United Nations.", "Attack", "United Nations", "The militia"),
])
def test_an_event_is_attributed_to_the_speaker_of_its_own_clause(resolve_text, text: str, cls: str, speaker: str,
                                                                 not_speaker: str | None) -> None:  # type: ignore[no-untyped-def]
    found = _speakers(resolve_text(text), cls)
    assert speaker in found and not_speaker not in found



@pytest.mark.model
def test_the_broadcaster_that_lost_its_crew_is_the_source(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text("A cameraman and a driver working for Armenia TV were killed when a drone struck "
                            "Kapan, the broadcaster said.")
    sources = [resolved.resolutions[resolved.extraction.attributions[i].source].entity.label
               for e in resolved.events for i in e.sources]
    assert sources == ["Armenia TV"], sources


@pytest.mark.parametrize(("text", "speaker"), [
    # a written account tells what it finds: its author is the source
    ("Amnesty International's report found that PJAK fighters shelled Kapan in May.", "Amnesty International"),
    ("A report by Amnesty International showed that PJAK fighters shelled Kapan in May.", "Amnesty International"),
    # a quotation that runs over two sentences: the speaker named where it closes says all of it
    ("\"PJAK fighters have shelled Kapan. They will pay for it,\" Nikol Pashinyan said.", "Nikol Pashinyan"),
])
@pytest.mark.model
def test_a_report_or_a_quotation_has_its_author_as_source(resolve_text, text: str,  # type: ignore[no-untyped-def]
                                                          speaker: str) -> None:
    assert _speakers(resolve_text(text), "Shelling") == {speaker}, text


@pytest.mark.model
def test_a_closed_quotation_lends_no_speaker_to_the_next_sentence(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = "\"We are ready,\" Nikol Pashinyan said. PJAK fighters shelled Kapan on Monday."
    assert _speakers(resolve_text(text), "Shelling") == set(), text
