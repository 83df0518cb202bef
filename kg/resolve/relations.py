"""Relation candidates -> relations between resolved entities, kept only where they make sense."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from kg.kb import KnowledgeBase
from kg.records import Entity, Extraction, Mention, Relation, RelationCandidate, Resolution
from kg.resolve.entities import PARTICIPANT_MIN, entity_is, is_actor, is_place

RELATION_RANGES = {"controls": "Place", "locatedIn": "Place"}
#: the rules by which a body, not only a person, leads another: "an X-led force", "X oversees Y",
#: "Y, commanded by X"
LED_BY_ACTOR = frozenset({"rule:hyphen-participle", "rule:verb-lead", "rule:verb-head", "rule:verb-command",
                          "rule:verb-oversee"})


def resolve_relations(kb: KnowledgeBase, ext: Extraction, res: dict[int, Resolution],
                      whole_state: frozenset[str] = frozenset()) -> list[Relation]:
    """The relation candidates whose two ends resolved to entities of the kinds the predicate relates.
    `whole_state` are the nouns that name a state's rule as a whole ("the government"): leading one
    leads the state, where leading a body the state stands for ("the police") only serves it."""
    out: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    places: dict[str, Entity] = {}
    doers = _co_subjects(ext, res)
    allies = {k for cand in ext.relations if cand.predicate in FRIENDLY
              for k in _friends(*_ends(cand, res), cand.sentence)}
    for cand in ext.relations:
        s, o = res.get(cand.subject), res.get(cand.object)
        if cand.own_state:
            o = own_state(kb, s)
        elif cand.object_state:
            o = own_state(kb, o)
        elif s is not None and o is not None and o.entity.iri == s.entity.iri and cand.method == "rule:apposition" \
                and ext.mentions[cand.object].pronoun:
            o = _other_antecedent(kb, ext, res, cand.object, s.entity.iri)
        if s is None or o is None or min(s.confidence, o.confidence) < PARTICIPANT_MIN:
            continue
        if ext.mentions[cand.object].kind == "anaphor" and o.entity.iri in doers[_slot(cand)]:
            continue  # "A and B fought them": "them" is neither A nor B
        if cand.predicate == "opposes" and _friends(s.entity.iri, o.entity.iri, cand.sentence) & allies:
            continue  # "A and allied B fought them": whatever "them" is, A does not fight B
        if not _fits(kb, cand, s, o, ext.mentions[cand.subject]) or unsplit_name(ext.mentions[cand.object], o):
            continue
        if cand.predicate == "leads" and _serves_body(ext.mentions[cand.object], o, whole_state):
            cand = replace(cand, predicate="memberOf")
        key = (s.entity.iri, cand.predicate, o.entity.iri)
        if key[0] != key[2] and key not in seen:
            seen.add(key)
            out.append(Relation(*key, candidate=cand))
            places[o.entity.iri] = o.entity
    return _home_holders(kb, out, places)


def _serves_body(m: Mention, o: Resolution, whole_state: frozenset[str]) -> bool:
    """"Police commander P" where the state stands for its police: P serves the state."""
    return o.method == "state-for-body" and m.text.split()[-1].lower() not in whole_state


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


def _other_antecedent(kb: KnowledgeBase, ext: Extraction, res: dict[int, Resolution], pronoun: int,
                      subject: str) -> Resolution | None:
    """"X, one of its members": a pronoun a relation sets apart from its subject stands for the actor
    named before, in its sentence or the one before, other than the subject."""
    here = ext.mentions[pronoun]
    for i in range(pronoun - 1, -1, -1):
        m, r = ext.mentions[i], res.get(i)
        if m.sentence < here.sentence - 1:
            return None
        if r is not None and m.kind != "anaphor" and r.entity.iri != subject and m.label == here.label \
                and entity_is(kb, r.entity, "Actor"):
            return r
    return None


def unsplit_name(m: Mention, r: Resolution) -> bool:
    """"the towns of A and B" read as one name no base knows: two places, not one to relate."""
    return " and " in m.text and not r.entity.curated and m.kind != "anaphor"


def _home_holders(kb: KnowledgeBase, rels: list[Relation], places: dict[str, Entity]) -> list[Relation]:
    """"Russian and allied foreign troops retook X", X in Russia: of the takers of one place named in one
    sentence, the state at home there holds it, not the foreign forces beside it."""
    def home(r: Relation) -> bool:
        return bool(_countries_of(kb, r.subject) & _place_countries(kb, places[r.object]))

    def group(r: Relation) -> list[Relation]:
        return [x for x in rels if x.predicate == "controls" and x.object == r.object
                and x.candidate.sentence == r.candidate.sentence]
    return [r for r in rels if r.predicate != "controls" or home(r) or not any(map(home, group(r)))]


def _countries_of(kb: KnowledgeBase, actor: str) -> set[str]:
    return kb.linked(actor, "country") | ({actor} if kb.is_a(actor, "Country") else set())


def _place_countries(kb: KnowledgeBase, place: Entity) -> set[str]:
    inside = set(kb.chain(place.iri))
    if place.geo is not None:
        inside |= set(place.geo.located_in) | ({place.geo.country} if place.geo.country else set())
    return inside
