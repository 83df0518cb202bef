"""Groups named in quotes after a group noun, and the later uses of the name. Sentences written for
these tests."""

from __future__ import annotations

import pytest
from conftest import short

pytestmark = pytest.mark.model


def _named(resolved) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    out: dict[str, set[str]] = {}
    for i, r in resolved.resolutions.items():
        out.setdefault(resolved.extraction.mentions[i].text, set()).add(short(r.entity.iri))
    return out


@pytest.mark.parametrize(("text", "groups"), [
    # after the group noun, and a second quoted name listed after it
    ('PJAK has accused the groups "Lions of the East" and "Youth of the Hills" of the killing.',
     {"Lions of the East": "lions-of-the-east", "Youth of the Hills": "youth-of-the-hills"}),
    # a name ending in a word of places is still the group's
    ('Residents blamed the group "Sons of the Valley" for the attack on Kapan.',
     {"Sons of the Valley": "sons-of-the-valley"}),
])
def test_a_quoted_group_name_is_one_armed_group(resolve_text, text: str, groups: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    named = _named(resolve_text(text))
    for name, entity in groups.items():
        assert named.get(name) == {entity}, named


def test_a_later_use_of_the_name_names_the_group(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text('Residents blamed the group "Sons of the Valley" for the attack on Kapan. '
                            'Later, Sons of the Valley fighters clashed with Armenian troops.')
    clashes = [e for e in resolved.events if e.cls == "ArmedClash"]
    assert [{short(a) for a in e.agents} for e in clashes] == [{"sons-of-the-valley"}]


@pytest.mark.parametrize("text", [
    # a quoted name with the bracketed name after it only translates that name
    'Officials blamed the groups "Army of the North" (Jaish al-Shamal) for the raid.',
    # quoted words after a noun of no group
    'He called the deal "Peace of the Brave" on Monday.',
])
def test_other_quotes_name_no_group(resolve_text, text: str) -> None:  # type: ignore[no-untyped-def]
    named = _named(resolve_text(text))
    assert not any(n.startswith(("Army", "Peace")) for n in named), named
