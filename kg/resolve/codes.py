"""Codebook codes of a resolved event: PLOVER, CAMEO and ACLED codes, each participant's sector,
country and ACLED inter code, the interaction code, and the precision of the event's place."""

from __future__ import annotations

from dataclasses import replace

from kg import codebook
from kg.kb import KnowledgeBase
from kg.records import Casualty, Event, Participant, ParticipantRole, PlacePrecision

OUT_OF_THEATRE = 0.5  # a participant the base says is active only in other countries


def coded(kb: KnowledgeBase, e: Event) -> Event:
    """Add codebook codes, participants' sectors and inter codes, interaction and place precision.

    The codes follow the codebook's modal rules (ontology/codebook-rules.json), as `kg eval` does: a
    threatened, planned or hypothetical attack is coded THREATEN, a denied event REJECT."""
    codes = codebook.event_codes(e.cls, e.modality)
    participants = [_participant(kb, a, "agent", e.places) for a in e.agents]
    participants += [_participant(kb, t, "target", e.places) for t in e.targets]
    participants += [_participant(kb, p, "representative", e.places) for p in e.representatives]
    precision, geo = _place_precision(kb, e.places)
    return replace(e, codes=tuple(sorted(codes.items())), participants=tuple(participants),
                   interaction=_interaction(participants, e.casualties), place_precision=precision,
                   geo_precision=geo)


def _participant(kb: KnowledgeBase, iri: str, role: ParticipantRole, places: tuple[str, ...]) -> Participant:
    entity = kb.entities.get(iri)
    classes = entity.classes if entity else ()
    sectors = [s for s in (codebook.sector(c) for c in classes) if s is not None]
    inters = [i for i in (codebook.acled_inter(c) for c in classes) if i is not None]
    country = iri if kb.is_a(iri, "Country") else next(iter(sorted(kb.linked(iri, "country"))), None)
    inter = inters[-1] if inters else None
    where = {c for p in places for c in kb.chain(p)}
    if country and where and country not in where:
        inter = codebook.abroad_inter(inter)
    doubt = None if plausible(kb, iri, places) else OUT_OF_THEATRE
    return Participant(iri, role, sectors[-1] if sectors else None, country, inter, doubt)


def plausible(kb: KnowledgeBase, actor: str, places: tuple[str, ...]) -> bool:
    """Is the actor active where the event happened, as far as the base knows? (A place the base
    does not know proves nothing.)"""
    active = kb.linked(actor, "activeIn")
    known = [p for p in places if p in kb.entities]
    if not active or not known:
        return True
    return bool(active & {c for p in known for c in kb.chain(p)})


def _place_precision(kb: KnowledgeBase, places: tuple[str, ...]) -> tuple[PlacePrecision | None, int | None]:
    """The most precise level among the event's places, as a name and as ACLED's geo_precision."""
    ranked = sorted((_precision(kb, p) for p in places), key=lambda x: x[2])
    return (ranked[0][0], ranked[0][1]) if ranked else (None, None)


def _precision(kb: KnowledgeBase, place: str) -> tuple[PlacePrecision, int, int]:
    """(name, ACLED geo_precision, rank) of one place; an area ranks by what it lies in."""
    levels: list[tuple[str, PlacePrecision, int]] = [("Settlement", "settlement", 1), ("District", "district", 2),
              ("FirstLevelDivision", "governorate", 3), ("Country", "country", 3)]
    if kb.is_a(place, "Area"):
        inside_division = any(kb.is_a(p, "FirstLevelDivision") for p in kb.chain(place)[1:])
        return ("area", 2, 2) if inside_division else ("region", 3, 4)
    found = kb.gazetteer_classes.get(place)  # a place the world gazetteer supplied
    for rank, (cls, name, geo) in enumerate(levels):
        if kb.is_a(place, cls) or (found is not None and kb.subclass_of(found, cls)):
            return name, geo, rank + (1 if rank >= 2 else 0)
    return "place", 3, 6


def _interaction(participants: list[Participant], figures: tuple[Casualty, ...]) -> str | None:
    """ACLED's interaction code: the two inter codes, lower first ("12"), or one and 0 ("20")."""
    agents = [p.inter for p in participants if p.role == "agent" and p.inter]
    first = agents[0] if agents else None
    second = next((p.inter for p in participants if p.role == "target" and p.inter), None)
    if second is None and len(agents) > 1:
        second = agents[1]
    if second is None and any(f.category in codebook.civilian_categories() for f in figures):
        second = codebook.civilian_inter()
    codes = sorted(c for c in (first, second) if c)
    if not codes:
        return None
    return f"{codes[0]}{codes[1]}" if len(codes) == 2 else f"{codes[0]}0"
