"""Which holdings read from a capture stand at the report's date.

"X seized Y" says X holds Y now, even for a capture dated long ago ("X seized Y in 2015"). A capture
told as the context of the news ("has run the north since 2021, when X retook Y", "a year after X
took Y") is history: it dates another statement, which says who holds what now.
"""

from __future__ import annotations

from kg.kb import KnowledgeBase
from kg.records import Event, Relation

CAPTURE_METHODS = ("rule:capture-", "rule:taken-")
TAKEOVER = "Takeover"


def standing_holdings(kb: KnowledgeBase, events: tuple[Event, ...] | list[Event],
                      relations: list[Relation]) -> list[Relation]:
    """The relations, less the holdings read from a capture told as context."""
    past = {(a, p, c.sentence) for e in events if kb.subclass_of(e.cls, TAKEOVER)
            for c in e.triggers if c.context for a in e.agents for p in e.places}
    return [r for r in relations if not _from_past_capture(r, past)]


def _from_past_capture(r: Relation, past: set[tuple[str, str, int]]) -> bool:
    return r.predicate == "controls" and r.candidate.method.startswith(CAPTURE_METHODS) \
        and (r.subject, r.object, r.candidate.sentence) in past
