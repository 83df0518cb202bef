"""A pronoun object does not stand for the subject of its own clause: "X and Y were fighting them"
speaks of others than X and Y. Sentences written for these tests."""

from __future__ import annotations

import pytest
from conftest import resolved_words

pytestmark = pytest.mark.model


def _pronoun(resolve_text, text: str, word: str) -> list[str]:  # type: ignore[no-untyped-def]
    return resolved_words(resolve_text(text), word)


@pytest.mark.parametrize(("text", "word", "entity"), [
    # the object of the verb, or of a preposition on it: someone before the clause's subject
    ("PJAK fighters crossed into Kapan on Monday. Armenian troops and allied militiamen were still "
     "fighting them near the airport on Tuesday.", "them", "pjak"),
    ("PJAK fighters crossed into Kapan on Monday. Armenian troops fired at them near the airport.",
     "them", "pjak"),
    # a possessive may stand for its clause's subject
    ("Armenian troops and their allies crossed into Kapan on Monday.", "their", "armenia"),
])
def test_a_pronoun_object_skips_its_clause_subject(resolve_text, text: str, word: str, entity: str) -> None:  # type: ignore[no-untyped-def]
    assert _pronoun(resolve_text, text, word) == [entity], text
