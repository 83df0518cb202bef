"""Scoring candidates with the graph's context, and deciding: linked, ambiguous, weak or none."""

from __future__ import annotations

from collections import defaultdict

from kg.link.config import Config
from kg.link.records import Decision, Scored, Subject
from kg.vocab import WD


def score(subject: Subject, rows: list[dict[str, str]], facts: list[tuple[str, dict[str, str]]],
          config: Config) -> Scored:
    """The score of one candidate from its matching rows (name, via, type) and its facts."""
    w = config.scores
    names = [_name_weight(subject, r["name"], r["via"], w) for r in rows]
    best, _ = config.types[subject.kind]
    typed = any(r["type"] in best for r in rows)
    total, method = max(names), ["label" if max(names) == w["label"] else "alias"]
    total += w["type_best"] if typed else w["type_loose"]
    method.append("type" if typed else "loose-type")
    values = defaultdict(set)
    for prop, term in facts:
        values[prop].add(term.get("value", "").removeprefix(WD))
    if subject.countries and values["P17"] & subject.countries:
        total, method = total + w["country_match"], method + ["country"]
    elif subject.is_place and subject.countries and values["P17"]:
        total, method = total + w["country_penalty"], method + ["other-country"]
    around = set().union(*(values[p] for p in config.context_properties)) - values["P17"]
    if around & subject.context:
        total, method = total + w["context"], method + ["context"]
    return Scored(rows[0]["item"], round(total, 3), "+".join(method))


def _name_weight(subject: Subject, name: str, via: str, w: dict[str, float]) -> float:
    ours_pref = name in subject.labels
    if ours_pref and via == "label":
        return w["label"]
    if ours_pref or via == "label":
        return w["one_alias"]
    return w["alias_alias"]


def decide(subject: Subject, scored: list[Scored], config: Config) -> Decision:
    """Link the best candidate if it is good enough and clearly ahead of the next one."""
    ranked = sorted(scored, key=lambda s: (-s.score, s.qid))
    if not ranked:
        return Decision(subject, "none")
    best = ranked[0]
    if best.score < config.scores["accept"]:
        return Decision(subject, "weak", best)
    close = [s for s in ranked[1:] if best.score - s.score < config.scores["margin"] - 1e-9]
    if close:
        return Decision(subject, "ambiguous", None, (best, *close))
    return Decision(subject, "linked", best)
