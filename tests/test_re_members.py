"""Membership told by "within" or "inside". Every sentence is written for these tests."""

from __future__ import annotations

import pytest

from tests.conftest import short


def _relations(resolve_text, text: str) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {(short(r.subject), r.predicate, short(r.object)) for r in resolve_text(text).relations}


@pytest.mark.parametrize(("text", "triple", "present"), [
    ("The Hamza Division within the Syrian National Army rejected the deal.",
     ("hamza-division", "memberOf", "syrian-national-army"), True),
    ("We remain committed to working closely with Kenya within the African Union to combat such threats.",
     ("kenya", "memberOf", "african-union"), True),
    ("The Hamza Division within Afrin rejected the deal.", ("hamza-division", "memberOf", "afrin"), False),
    ("The Wagner Group inside Mali recruited fighters.", ("wagner-group", "memberOf", "mali"), False),
])
def test_member_within(resolve_text, text: str, triple: tuple[str, str, str], present: bool) -> None:  # type: ignore[no-untyped-def]
    assert (triple in _relations(resolve_text, text)) is present
