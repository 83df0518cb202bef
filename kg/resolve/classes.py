"""What an entity is, by its own classes or the knowledge base's."""

from __future__ import annotations

from kg.kb import KnowledgeBase
from kg.records import Entity


def entity_is(kb: KnowledgeBase, entity: Entity, cls: str) -> bool:
    """Is a curated or minted entity of the ontology class `cls`, directly or not?"""
    return any(kb.subclass_of(c, cls) for c in entity.classes) or kb.is_a(entity.iri, cls)
