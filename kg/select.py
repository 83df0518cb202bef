"""Keep only what a user trusts: the events and relation statements of given statuses and confidence.

`kg export` and `kg viz` take `--status` and `--min-confidence`. An event or statement
passes when one of its statuses is among those asked for and its confidence reaches the
least asked for (a merged event passes when one of the events it merges does). What does
not pass leaves the graph with everything hanging from it: its own nodes (attributions,
casualty figures, participants), the links to it, and for a statement the relation
triple it reifies.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox

from kg import paths, query

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
REIFIED = tuple(ox.NamedNode(RDF + p) for p in ("subject", "predicate", "object"))


class SelectError(ValueError):
    """A status that does not exist, or a confidence outside 0-1."""


@lru_cache(maxsize=1)
def statuses() -> tuple[str, ...]:
    """Every status a fact can have (ontology/status.json)."""
    data = json.loads((paths.data_root() / "ontology" / "status.json").read_text(encoding="utf-8"))
    return tuple(data["statuses"])


@dataclass(frozen=True)
class Trust:
    """The statuses kept (none: all) and the least confidence kept (None: any)."""

    statuses: frozenset[str] = field(default_factory=frozenset)
    min_confidence: float | None = None

    @classmethod
    def parse(cls, given: Iterable[str], min_confidence: float | None) -> Trust:
        """From repeated or comma-separated --status values; refuses an unknown status or confidence."""
        wanted = frozenset(s.strip() for value in given for s in value.split(",") if s.strip())
        unknown = sorted(wanted - set(statuses()))
        if unknown:
            raise SelectError(f"--status {', '.join(unknown)}: no such status; use {', '.join(statuses())}")
        if min_confidence is not None and not 0 <= min_confidence <= 1:
            raise SelectError(f"--min-confidence {min_confidence:g}: use a number from 0 to 1")
        return cls(wanted, min_confidence)

    @property
    def active(self) -> bool:
        return bool(self.statuses) or self.min_confidence is not None

    def passes(self, status: str, confidence: float | None) -> bool:
        if self.statuses and status not in self.statuses:
            return False
        return self.min_confidence is None or (confidence is not None and confidence >= self.min_confidence)


def rejected(db: ox.Store, trust: Trust) -> set[str]:
    """The events and statements none of whose (status, confidence) pairs pass."""
    text, path = query.find("statuses")
    seen: dict[str, bool] = {}
    for row in query.rows(query.run(db, text, str(path)))[1]:
        confidence = float(row["confidence"]) if row.get("confidence") else None
        seen[row["node"]] = seen.get(row["node"], False) or trust.passes(row["status"], confidence)
    return {node for node, ok in seen.items() if not ok}


def filtered(db: ox.Store, trust: Trust) -> ox.Store:
    """A copy of the store in memory without what the trust settings reject (the store itself when none)."""
    if not trust.active:
        return db
    dropped = rejected(db, trust)
    reified = _reified(db, dropped)
    out = ox.Store()
    out.extend(q for q in db if not _hangs_from(q, dropped) and (q.subject, q.predicate, q.object, q.graph_name)
               not in reified)
    return out


def _reified(db: ox.Store, dropped: set[str]) -> set[tuple[object, ...]]:
    """The relation triples (in their graph) that the dropped statements reify."""
    out: set[tuple[object, ...]] = set()
    for node in dropped:
        parts = [list(db.quads_for_pattern(ox.NamedNode(node), p, None, None)) for p in REIFIED]
        if all(parts):
            s, p, o = (found[0].object for found in parts)
            out.add((s, p, o, parts[0][0].graph_name))
    return out


def _hangs_from(q: ox.Quad, dropped: set[str]) -> bool:
    """The quad describes a dropped node, one of its own nodes (IRIs under it), or points at it."""
    if isinstance(q.object, ox.NamedNode) and q.object.value in dropped:
        return True
    if not isinstance(q.subject, ox.NamedNode):
        return False
    parts = q.subject.value.split("/")
    return any("/".join(parts[:n]) in dropped for n in range(len(parts), 3, -1))
