"""Bound query parameters: the VALUES clauses that let the planner start from the bound value change no answer."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg import query
from kg.store import PREFIXES

A = "https://w3id.org/conflict-kg/actor/"
TEXT = ("Hayat Tahrir al-Sham fighters attacked positions of Syrian government forces near Saraqib on Monday, "
        "killing 7 soldiers, the Syrian Observatory for Human Rights said. Turkey supports the Syrian National "
        "Army, which opposes the Kurdish-led Syrian Democratic Forces. Hayat Tahrir al-Sham controls most of Idlib. "
        "Russian warplanes struck a market in Maarat al-Numan on Monday, killing 23 civilians, the Syrian "
        "Observatory for Human Rights said.")


def test_values_open_the_outer_group_and_the_union_branches_that_use_the_variable() -> None:
    text = ("# WHERE { { ?a } UNION { ?a }\n"
            "SELECT * WHERE { VALUES ?q { 1 } { ?a ?b \"} UNION {\" } UNION { ?x ?b ?d } UNION { ?x ?p ?a } }")
    out = query.narrowed(text, {"a": ox.NamedNode("http://example.org/a")})
    assert out.splitlines()[0] == "# WHERE { { ?a } UNION { ?a }"  # comments untouched
    assert out.count("VALUES ?a { <http://example.org/a> }") == 3  # outer, first and third branch
    assert "{ ?x ?b ?d }" in out
    ox.Store().query(out)  # still valid SPARQL


def test_a_value_is_written_as_a_term_never_as_raw_text() -> None:
    out = query.narrowed("SELECT * WHERE { ?s ?p ?label }", {"label": ox.Literal('x" } ; DROP ALL ; #')})
    assert 'VALUES ?label { "x\\" } ; DROP ALL ; #" }' in out
    ox.Store().query(out)


@pytest.mark.parametrize("name,var,value", [
    ("actor-profile", "actor", A + "hayat-tahrir-al-sham"),
    ("relations", "subject", "https://w3id.org/conflict-kg/country/turkey"),
    ("relations", "object", A + "syrian-democratic-forces"),
    ("source-claims", "source", A + "syrian-observatory-for-human-rights"),
    ("territorial-control", "actor", A + "hayat-tahrir-al-sham"),
    ("who-attacked-whom", "agent", A + "hayat-tahrir-al-sham"),
    ("event-roles", "entity", A + "hayat-tahrir-al-sham"),
])
def test_bound_queries_answer_as_with_substitution_alone(graph_of, name: str, var: str, value: str) -> None:  # type: ignore[no-untyped-def]
    db = graph_of(TEXT)
    text, _ = query.find(name)
    term = {var: ox.NamedNode(value)}
    narrowed = [tuple(str(s[v]) for v in (x.value for x in r.variables)) for r in [query.run(db, text, name, term)] for s in r]
    plain = db.query(text, use_default_graph_as_union=True, prefixes=PREFIXES,
                     substitutions={ox.Variable(var): ox.NamedNode(value)})
    names = [v.value for v in plain.variables]
    expected = [tuple(str(s[v]) for v in names) for s in plain]
    assert expected, f"{name}: nothing found for {value}"
    assert sorted(narrowed) == sorted(expected)


@pytest.mark.parametrize("sub,narrowed", [
    ("{ SELECT ?a (COUNT(?b) AS ?n) WHERE { ?a ?p ?b } GROUP BY ?a }", True),
    ("{ SELECT ?a ?b WHERE { ?a ?p ?b } }", True),
    ("{ SELECT * WHERE { ?a ?p ?b } }", True),
    ("{ SELECT (COUNT(?b) AS ?a) WHERE { ?x ?p ?b } }", False),  # a computed ?a is another value
    ("{ SELECT ?b WHERE { ?a ?p ?b } }", False),  # ?a inside is not the outer ?a
    ("{ SELECT ?a ?b WHERE { ?a ?p ?b } GROUP BY ?a ?b LIMIT 5 }", False),  # a slice would keep other rows
    ("{ SELECT ?a (COUNT(?b) AS ?n) WHERE { ?a ?p ?b } GROUP BY ?b ?a HAVING (COUNT(?b) > 1) }", True),
    ("MINUS { ?a ?r ?e . { SELECT ?a ?b WHERE { ?a ?p ?b } } }", False),  # an unbound value matters there
    ("FILTER NOT EXISTS { { SELECT ?a ?b WHERE { ?a ?p ?b } } }", False),
])
def test_values_enter_a_sub_select_only_where_the_answer_cannot_change(sub: str, narrowed: bool) -> None:
    text = f"SELECT * WHERE {{ ?a ?q ?c . {sub} }}"
    out = query.narrowed(text, {"a": ox.NamedNode("http://example.org/a")})
    inner = out[out.index("SELECT", 10):]
    assert ("VALUES ?a" in inner) is narrowed
    ox.Store().query(out)


def test_casualty_range_for_one_event_answers_as_with_substitution_alone(graph_of) -> None:  # type: ignore[no-untyped-def]
    db = graph_of(TEXT)
    text, _ = query.find("casualty-range")
    everything = list(query.run(db, text, "casualty-range"))
    assert everything
    for row in everything:
        event = row["event"]
        bound = [tuple(str(s[v]) for v in ("event", "low", "best", "high", "sources"))
                 for s in query.run(db, text, "casualty-range", {"event": event})]
        plain = db.query(text, use_default_graph_as_union=True, prefixes=PREFIXES,
                         substitutions={ox.Variable("event"): event})
        assert bound == [tuple(str(s[v]) for v in ("event", "low", "best", "high", "sources")) for s in plain]
        assert bound == [tuple(str(row[v]) for v in ("event", "low", "best", "high", "sources"))]


def test_values_enter_optional_groups_that_use_the_variable_but_not_minus_or_not_exists() -> None:
    text = ("SELECT * WHERE { ?a ?p ?b . OPTIONAL { ?a ?q ?c } OPTIONAL { ?b ?q ?d } "
            "MINUS { ?a ?r ?e } FILTER NOT EXISTS { ?a ?s ?f } }")
    out = query.narrowed(text, {"a": ox.NamedNode("http://example.org/a")})
    assert "OPTIONAL { VALUES ?a" in out
    assert "OPTIONAL { ?b ?q ?d }" in out
    assert "MINUS { ?a ?r ?e }" in out and "NOT EXISTS { ?a ?s ?f }" in out
    assert out.count("VALUES ?a") == 2
    ox.Store().query(out)


def test_nothing_within_minus_or_not_exists_is_narrowed() -> None:
    text = ("SELECT * WHERE { ?a ?p ?b . MINUS { { ?a ?r ?e } UNION { ?a ?s ?e } OPTIONAL { ?a ?t ?f } } "
            "FILTER NOT EXISTS { ?b ?q ?c OPTIONAL { ?a ?u ?g } } }")
    out = query.narrowed(text, {"a": ox.NamedNode("http://example.org/a")})
    assert out.count("VALUES ?a") == 1  # the outer group only
    ox.Store().query(out)
