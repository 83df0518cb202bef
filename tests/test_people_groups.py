"""Armed groups named after a people or a creed the knowledge base does not know: "X militias",
"Y tribal militiamen". Sentences written for these tests."""

from __future__ import annotations

import pytest
from conftest import short

pytestmark = pytest.mark.model


@pytest.mark.parametrize(("text", "agents"), [
    ("Fighting broke out on Sunday between Kessi militias and Tamsi tribal militiamen near Kapan.",
     {"kessi-militias", "tamsi-tribal-militiamen"}),
    ("Clashes between Tamsi fighters and Kessi tribesmen killed nine people near Ganja.",
     {"tamsi-fighters", "kessi-tribesmen"}),
])
def test_a_people_s_armed_men_are_one_group(resolve_text, text: str, agents: set[str]) -> None:  # type: ignore[no-untyped-def]
    events = [e for e in resolve_text(text).events if e.cls == "ArmedClash"]
    assert [{short(a) for a in e.agents} for e in events] == [agents], text


@pytest.mark.parametrize(("text", "name", "entity"), [
    # a name the base knows keeps its reading: the noun stands for it
    ("PJAK fighters attacked a checkpoint near Kapan on Monday.", "PJAK", "pjak"),
    # a people with no noun of armed men after it stays a name of its own
    ("Kessi elders met in Kapan on Monday.", "Kessi", None),
    # a nationality the model knows as such: fighters who are of it, no group
    ("Arab fighters joined the assault at dawn.", "Arab", None),
])
def test_other_names_keep_their_reading(resolve_text, text: str, name: str, entity: str | None) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text(text)
    texts = [m.text for m in resolved.extraction.mentions]
    assert not any(t.startswith(name + " ") for t in texts), texts
    if entity is not None:
        found = [short(r.entity.iri) for i, r in resolved.resolutions.items()
                 if resolved.extraction.mentions[i].text == name]
        assert found == [entity], found
