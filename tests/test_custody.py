"""Who holds those a state's body says were held, and which state a body "of" a place is. Sentences
written for these tests."""

from __future__ import annotations

import pytest

from tests.conftest import short

AFGHAN_NEWS = "Gunmen attacked checkpoints in Herat, Kandahar and Kabul on Monday. "


def _arrests(resolve_text, text: str) -> list[set[str]]:  # type: ignore[no-untyped-def]
    return [{short(a) for a in e.agents} for e in resolve_text(text).events if e.cls == "Arrest"]


@pytest.mark.parametrize(("text", "agent"), [
    (AFGHAN_NEWS + "The police of Sindh province said on Tuesday that three suspects were arrested in Karachi.",
     "pakistan-police"),
    ("The interior ministry of Pakistan said that 12 men were detained after the bombing in Multan.",
     "pakistan-ministry-of-interior"),
])
def test_a_state_body_that_tells_of_an_arrest_made_it(resolve_text, text: str, agent: str) -> None:  # type: ignore[no-untyped-def]
    assert any(agent in a for a in _arrests(resolve_text, text)), text


@pytest.mark.parametrize("text", [
    "Human Rights Watch said that dozens of activists were arrested in Cairo.",  # no state body
    "The interior ministry of Pakistan said that five aid workers were kidnapped near Multan.",  # no custody
    "The police of Sindh province said that five men were arrested by the rebels near Karachi.",  # a doer named
])
def test_no_arrester_but_a_state_body_telling_of_custody(resolve_text, text: str) -> None:  # type: ignore[no-untyped-def]
    assert all(not a for a in _arrests(resolve_text, text)), text


def test_the_teller_does_not_do_the_attack_the_arrest_follows(resolve_text) -> None:  # type: ignore[no-untyped-def]
    events = resolve_text("The interior ministry of Pakistan said that 12 men were detained after the bombing "
                          "in Multan.").events
    assert all(not e.agents for e in events if e.cls != "Arrest")


def test_a_body_of_a_place_is_that_place_states(resolve_text) -> None:  # type: ignore[no-untyped-def]
    r = resolve_text(AFGHAN_NEWS + "The police of Sindh province said three suspects were held. The police "
                     "later freed one.")
    police = {short(r.resolutions[i].entity.iri) for i, m in enumerate(r.extraction.mentions)
              if m.text.lower() == "the police" and i in r.resolutions}
    assert police == {"pakistan-police"}
