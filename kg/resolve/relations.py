"""Relation candidates -> relations between resolved entities, kept only where they make sense."""

from __future__ import annotations

from collections import defaultdict

from kg.kb import KnowledgeBase
from kg.records import Extraction, Mention, Relation, RelationCandidate, Resolution
from kg.resolve.entities import PARTICIPANT_MIN, entity_is, is_actor, is_place

RELATION_RANGES = {"controls": "Place", "locatedIn": "Place"}
LED_BY_ACTOR = frozenset({"rule:hyphen-participle"})


def resolve_relations(kb: KnowledgeBase, ext: Extraction, res: dict[int, Resolution]) -> list[Relation]:
    """The relation candidates whose two ends resolved to entities of the kinds the predicate relates."""
    out: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    doers = _co_subjects(ext, res)
    allies = {k for cand in ext.relations if cand.predicate in FRIENDLY
              for k in _friends(*_ends(cand, res), cand.sentence)}
    for cand in ext.relations:
        s, o = res.get(cand.subject), res.get(cand.object)
        if cand.own_state:
            o = own_state(kb, s)
        if s is None or o is None or min(s.confidence, o.confidence) < PARTICIPANT_MIN:
            continue
        if ext.mentions[cand.object].kind == "anaphor" and o.entity.iri in doers[_slot(cand)]:
            continue  # "A and B fought them": "them" is neither A nor B
        if cand.predicate == "opposes" and _friends(s.entity.iri, o.entity.iri, cand.sentence) & allies:
            continue  # "A and allied B fought them": whatever "them" is, A does not fight B
        if not _fits(kb, cand, s, o, ext.mentions[cand.subject]):
            continue
        key = (s.entity.iri, cand.predicate, o.entity.iri)
        if key[0] != key[2] and key not in seen:
            seen.add(key)
            out.append(Relation(*key, candidate=cand))
    return out


FRIENDLY = frozenset({"supports", "memberOf", "affiliatedWith"})


def _ends(cand: RelationCandidate, res: dict[int, Resolution]) -> tuple[str, str]:
    s, o = res.get(cand.subject), res.get(cand.object)
    return (s.entity.iri if s else "", o.entity.iri if o else "")


def _friends(a: str, b: str, sentence: int) -> set[tuple[str, str, int]]:
    """Both orders of a pair of entities in one sentence."""
    return {(a, b, sentence), (b, a, sentence)} if a and b else set()


def _slot(cand: RelationCandidate) -> tuple[int, str, int]:
    return cand.sentence, cand.predicate, cand.object


def _co_subjects(ext: Extraction, res: dict[int, Resolution]) -> dict[tuple[int, str, int], set[str]]:
    """The entities said to stand in one relation to one mention of one sentence: a pronoun there
    does not stand for any of them."""
    out: dict[tuple[int, str, int], set[str]] = defaultdict(set)
    for cand in ext.relations:
        s = res.get(cand.subject)
        if s is not None:
            out[_slot(cand)].add(s.entity.iri)
    return out


def _fits(kb: KnowledgeBase, cand: RelationCandidate, s: Resolution, o: Resolution, sm: Mention) -> bool:
    """Do the two ends fit the predicate: a person does not hold ground, a place is not an actor,
    only a person leads, but for "X-led" alliances and missions ("a Nigerian-led force"), and only a
    person is a member of a country."""
    pred = cand.predicate
    if not is_actor(kb, s, sm):
        return False
    if RELATION_RANGES.get(pred) == "Place":
        return is_place(kb, o) and not entity_is(kb, s.entity, "Person")
    if pred == "memberOf" and kb.is_a(o.entity.iri, "Country") and not entity_is(kb, s.entity, "Person"):
        return False  # people serve a country; a group or a state is a member of a body, not of a country
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
