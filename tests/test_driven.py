"""A side forced off the field by the doers of an attack or a capture is its target. Sentences written
for these tests."""

from __future__ import annotations

import pytest

from tests.conftest import short


@pytest.mark.parametrize(("text", "cls", "targets"), [
    ("PJAK fighters stormed Kapan on Monday, forcing the Armenian army to retreat.", "Attack", ["armenia"]),
    ("Armenian troops recaptured Goris on Friday after driving out PJAK fighters.", "Takeover", ["pjak"]),
    ("Armenian troops recaptured Goris after driving PJAK out of the town.", "Takeover", ["pjak"]),
    ("PJAK fighters attacked a checkpoint near Kapan and forced Armenian police to withdraw.", "Attack",
     ["armenia"]),
    # those forced to flee are no side; a doer of its own forces no one back for this event
    ("PJAK fighters attacked a checkpoint near Kapan, forcing residents to flee.", "Attack", []),
    ("Armenian troops struck Goris after PJAK forced the army to retreat.", "Attack", []),
    ("PJAK fighters stormed Kapan on Monday, forcing the army to change its plans.", "Attack", []),
    # a capture after a side withdrew: that side lost the place
    ("Rebel fighters took control of Saravena on Thursday after Colombian troops withdrew from the town.",
     "Takeover", ["colombia"]),
    ("Rebels entered Stepanakert after the Armenian army retreated.", "Takeover", ["armenia"]),
    ("Rebels attacked Stepanakert after the Armenian army retreated.", "Attack", []),
])
@pytest.mark.model
def test_a_side_forced_back_is_the_target(resolve_text, text: str, cls: str,  # type: ignore[no-untyped-def]
                                          targets: list[str]) -> None:
    events = [e for e in resolve_text(text).events if e.cls == cls]
    assert [sorted(short(t) for t in e.targets) for e in events] == [targets], (text, events)
