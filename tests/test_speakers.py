"""A pronoun in the clause a speaker reports stands for the speaker (for a person, the side the person
speaks for); reported by a body no name tells, for no actor named before. Sentences written for these
tests."""

from __future__ import annotations

import pytest

from tests.conftest import short


def _pronouns(resolve_text, text: str) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    r = resolve_text(text)
    ms = r.extraction.mentions
    return {m.text: (short(r.resolutions[i].entity.iri) if i in r.resolutions else None)
            for i, m in enumerate(ms) if m.pronoun == "group"}


@pytest.mark.parametrize(("text", "pronoun", "actor"), [
    # an apposition naming a people between the speaker and the pronoun
    ("PJAK, a movement of mostly Kurdish fighters, said its fighters had taken Goris.",
     "its", "pjak"),
    # a spokesman no side is known for: the pronoun is his side's, none named before
    ("Armenia condemned the raid. A spokesman, Aram Davtyan, confirmed the strike on Monday, saying it had "
     "targeted a rebel camp.", "it", None),
    # rebels no name tells: "they" are those rebels, not the army named before
    ("The Armenian army lost a base near Kapan. Separatist rebels said on Monday they had inflicted serious "
     "losses on the garrison.", "they", None),
    # a speaker told through a pronoun bound to it, and a pronoun deep in the reported subject
    ("Armenia said on Monday that it had sent troops to help Iran, saying its soldiers had helped push PJAK back.",
     "its", "armenia"),
    ("Armenia shelled PJAK camps. PJAK gave a different account, saying four Armenian soldiers and two of their "
     "own fighters were killed.", "their", "pjak"),
    # a body a name tells: the pronoun goes on to that name
    ("PJAK shelled the town. Forces loyal to the government of Armenia said on Friday they had retaken "
     "Goris.", "they", "armenia"),
])
def test_a_reported_pronoun_stands_for_its_speaker(resolve_text, text: str, pronoun: str,  # type: ignore[no-untyped-def]
                                                   actor: str | None) -> None:
    assert _pronouns(resolve_text, text).get(pronoun) == actor, text
