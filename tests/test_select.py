"""--status and --min-confidence: what passes stays with everything hanging from it, the rest leaves."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg import mapping, select
from kg.select import Trust

CKG = "https://w3id.org/conflict-kg/ontology#"
TEXT = ("Rebels shelled the village of Kafr Nabl on Monday, the Syrian Observatory for Human Rights said. "
        "Hayat Tahrir al-Sham said it controls Saraqib. Turkey accused Russia of bombing a hospital in Ariha on Monday.")


def _statuses(db: ox.Store) -> dict[str, str]:
    return {q.subject.value: q.object.value for q in db.quads_for_pattern(None, ox.NamedNode(CKG + "status"), None, None)}


@pytest.mark.parametrize(("said", "parties", "expected"), [
    ([], set(), "asserted"),
    ([(None, "say")], set(), "asserted"),
    ([("https://x/observatory", "say")], {"https://x/hts"}, "asserted"),
    ([("https://x/hts", "say")], {"https://x/hts"}, "claimed"),
    ([("https://x/hts", "claim")], set(), "claimed"),
    ([("https://x/turkey", "accuse")], {"https://x/russia"}, "alleged"),
    ([("https://x/turkey", "accuse"), ("https://x/observatory", "say")], set(), "asserted"),
    ([("https://x/hts", "say"), ("https://x/turkey", "allege")], {"https://x/hts"}, "claimed"),
])
def test_status_of_who_says_it(said, parties, expected) -> None:  # type: ignore[no-untyped-def]
    assert mapping.status_of(said, parties) == expected


def test_every_event_and_statement_of_a_report_has_a_status_and_a_confidence(graph_of) -> None:  # type: ignore[no-untyped-def]
    db = graph_of(TEXT)
    statuses = _statuses(db)
    assert statuses and set(statuses.values()) <= set(select.statuses())
    sure = {q.subject.value for q in db.quads_for_pattern(None, ox.NamedNode(CKG + "confidence"), None, None)}
    assert set(statuses) <= sure


@pytest.mark.parametrize(("given", "minimum", "message"), [
    (["asserted,rumoured"], None, "rumoured"),
    ([], 1.5, "0 to 1"),
])
def test_bad_trust_settings_are_refused(given: list[str], minimum: float | None, message: str) -> None:
    with pytest.raises(select.SelectError, match=message):
        Trust.parse(given, minimum)


def test_trust_parses_repeated_and_comma_separated_statuses() -> None:
    assert Trust.parse(["asserted,claimed", "alleged"], 0.5) == Trust(frozenset({"asserted", "claimed", "alleged"}), 0.5)
    assert not Trust.parse([], None).active


@pytest.mark.parametrize("trust", [Trust(frozenset({"asserted"})), Trust(min_confidence=0.99),
                                   Trust(frozenset({"claimed", "alleged"}), 0.1)])
def test_filtered_keeps_exactly_what_passes(graph_of, trust: Trust) -> None:  # type: ignore[no-untyped-def]
    db = graph_of(TEXT)
    confidence = {q.subject.value: float(q.object.value)
                  for q in db.quads_for_pattern(None, ox.NamedNode(CKG + "confidence"), None, None)}
    before = _statuses(db)
    kept = _statuses(select.filtered(db, trust))
    expected = {n: s for n, s in before.items() if trust.passes(s, confidence.get(n))}
    assert kept == expected
    out = select.filtered(db, trust)
    dropped = set(before) - set(kept)
    assert not any(q.subject.value.startswith(tuple(d + "/" for d in dropped)) for q in out
                   if isinstance(q.subject, ox.NamedNode)) if dropped else True


def test_a_dropped_statement_takes_its_relation_triple_along(graph_of) -> None:  # type: ignore[no-untyped-def]
    db = graph_of(TEXT)
    statement = next(iter(db.quads_for_pattern(None, ox.NamedNode(CKG + "status"), None, None)), None)
    relations = [q for q in db.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                                  ox.NamedNode(CKG + "Statement"), None)]
    assert statement is not None and relations
    out = select.filtered(db, Trust(min_confidence=1.0))
    for st in relations:
        s = next(db.quads_for_pattern(st.subject, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"), None, None)).object
        p = next(db.quads_for_pattern(st.subject, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate"), None, None)).object
        o = next(db.quads_for_pattern(st.subject, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#object"), None, None)).object
        assert ox.Quad(s, p, o, st.graph_name) not in out  # type: ignore[arg-type]


def test_the_picture_draws_only_what_passes(graph_of) -> None:  # type: ignore[no-untyped-def]
    from kg import viz

    db = graph_of(TEXT)
    every = viz.collect(db, viz.Limits())
    none = viz.collect(select.filtered(db, Trust(frozenset({"planned"}))), viz.Limits())
    assert every.events and not none.events
