"""The entry of the resolve stage: `Resolver` turns an `Extraction` into a `Resolved` report."""

from __future__ import annotations

from kg.kb import KnowledgeBase
from kg.records import Extraction, Resolution, Resolved
from kg.resolve.entities import MentionResolver
from kg.resolve.events import EventResolver
from kg.resolve.holdings import standing_holdings
from kg.resolve.relations import resolve_relations


class Resolver:
    """Resolves reports against one knowledge base: mentions, sources, events, relations."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._mentions = MentionResolver(kb)
        self._events = EventResolver(kb)

    def mentions(self, ext: Extraction) -> dict[int, Resolution]:
        """Mention index -> what it resolved to; a mention left out resolved to nothing."""
        return self._mentions.mentions(ext)

    def resolve(self, ext: Extraction) -> Resolved:
        res = self.mentions(ext)
        sources = _sources(ext, res)
        events = self._events.events(ext, res)
        relations = standing_holdings(self.kb, events, resolve_relations(self.kb, ext, res, self._mentions.whole_state))
        return Resolved(ext, res, tuple(events), tuple(relations), sources)


def _sources(ext: Extraction, res: dict[int, Resolution]) -> dict[int, str]:
    """Attribution index -> source entity IRI ("the same source" repeats the last one)."""
    out: dict[int, str] = {}
    last: str | None = None
    for i, att in enumerate(ext.attributions):
        iri = res[att.source].entity.iri if att.source is not None and att.source in res else None
        if iri is None and att.same_source:
            iri = last
        if iri is not None:
            out[i] = iri
            last = iri
    return out
