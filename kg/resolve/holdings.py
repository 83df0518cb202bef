"""Which holdings read from a capture stand at the report's date.

"X seized Y" says X holds Y now when the capture is the news. A capture told as background (the
context of the news, "since 2021, when X retook Y", or dated over a month before the report, "X took
Y last November") is history: the text says nothing of who holds Y today, and often tells that it
changed hands since.
"""

from __future__ import annotations

from kg.kb import KnowledgeBase
from kg.records import Event, Relation

CAPTURE_METHODS = ("rule:capture-", "rule:taken-")
TAKEOVER = "Takeover"


def standing_holdings(kb: KnowledgeBase, events: tuple[Event, ...] | list[Event],
                      relations: list[Relation]) -> list[Relation]:
    """The relations, less the holdings read from a capture told as background."""
    past = {(a, p, c.sentence) for e in events if e.background and kb.subclass_of(e.cls, TAKEOVER)
            for c in e.triggers for a in e.agents for p in e.places}
    return [r for r in relations if not _from_past_capture(r, past)]


def _from_past_capture(r: Relation, past: set[tuple[str, str, int]]) -> bool:
    return r.predicate == "controls" and r.candidate.method.startswith(CAPTURE_METHODS) \
        and (r.subject, r.object, r.candidate.sentence) in past
