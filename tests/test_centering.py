"""A pronoun opening a sentence stands for the subject the sentence before was about. Sentences
written for these tests."""

from __future__ import annotations

import pytest
from conftest import resolved_words

pytestmark = pytest.mark.model


def _pronoun(resolve_text, text: str, word: str) -> list[str]:  # type: ignore[no-untyped-def]
    return resolved_words(resolve_text(text), word)


@pytest.mark.parametrize(("text", "word", "entity"), [
    # the reported clause's subject, not a noun nearer the pronoun
    ("PJAK fighters stormed a police post in Kapan on Monday, officials said. They killed five policemen.",
     "They", "pjak"),
    # a speaker goes on speaking: the main clause's subject
    ("The Armenian army said PJAK fighters attacked its positions near Goris. It said it repelled the assault.",
     "It", "armenia"),
])
def test_a_pronoun_opening_a_sentence_keeps_its_topic(resolve_text, text: str, word: str, entity: str) -> None:  # type: ignore[no-untyped-def]
    assert _pronoun(resolve_text, text, word) == [entity], text
