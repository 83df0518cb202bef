"""Relation candidates -> relations between resolved entities, kept only where they make sense."""

from __future__ import annotations

from kg.kb import KnowledgeBase
from kg.records import Extraction, Mention, Relation, RelationCandidate, Resolution
from kg.resolve.entities import PARTICIPANT_MIN, entity_is, is_actor, is_place

RELATION_RANGES = {"controls": "Place", "locatedIn": "Place"}
LED_BY_ACTOR = frozenset({"rule:hyphen-participle"})


def resolve_relations(kb: KnowledgeBase, ext: Extraction, res: dict[int, Resolution]) -> list[Relation]:
    """The relation candidates whose two ends resolved to entities of the kinds the predicate relates."""
    out: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    for cand in ext.relations:
        s, o = res.get(cand.subject), res.get(cand.object)
        if cand.own_state:
            o = own_state(kb, s)
        if s is None or o is None or min(s.confidence, o.confidence) < PARTICIPANT_MIN:
            continue
        if not _fits(kb, cand, s, o, ext.mentions[cand.subject]):
            continue
        key = (s.entity.iri, cand.predicate, o.entity.iri)
        if key[0] != key[2] and key not in seen:
            seen.add(key)
            out.append(Relation(*key, candidate=cand))
    return out


def _fits(kb: KnowledgeBase, cand: RelationCandidate, s: Resolution, o: Resolution, sm: Mention) -> bool:
    """Do the two ends fit the predicate: a person does not hold ground, a place is not an actor,
    and only a person leads, but for "X-led" alliances and missions ("a Nigerian-led force")."""
    pred = cand.predicate
    if not is_actor(kb, s, sm):
        return False
    if RELATION_RANGES.get(pred) == "Place":
        return is_place(kb, o) and not entity_is(kb, s.entity, "Person")
    if pred == "leads" and not entity_is(kb, s.entity, "Person"):
        return cand.method in LED_BY_ACTOR and entity_is(kb, o.entity, "Actor") \
            and not entity_is(kb, o.entity, "State")
    return entity_is(kb, o.entity, "Actor")


def own_state(kb: KnowledgeBase, person: Resolution | None) -> Resolution | None:
    """The state a curated person belongs to, for a state office held with no state named."""
    if person is None or not entity_is(kb, person.entity, "Person"):
        return None
    states = sorted(c for c in kb.linked(person.entity.iri, "country") if kb.is_a(c, "Country"))
    return Resolution(kb.entities[states[0]], "office-holder-state", 0.8) if states else None
