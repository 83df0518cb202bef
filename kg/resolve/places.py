"""Places the knowledge base does not know, found in the world gazetteer (kg.gazetteer) with the
countries the report names as context; a place the gazetteer cannot place well stays unresolved
here and is minted as a bare place by the caller."""

from __future__ import annotations

import logging
from dataclasses import replace

from kg.gazetteer import Context, Cue, Gazetteer, country_iri, located_in, place_iri, same_as
from kg.gazetteer_index import GazetteerError, GeoPlace
from kg.kb import KnowledgeBase
from kg.records import Entity, Geo, Mention, PlaceHint, Resolution

log = logging.getLogger(__name__)

CUES: dict[PlaceHint, Cue] = {"division": "province", "settlement": "town"}
CLASSES = {"settlement": "Settlement", "division": "FirstLevelDivision", "country": "Country"}
PLACE_LABELS = ("GPE", "LOC", "FAC")
WIDE_CLASSES = ("Country", "FirstLevelDivision", "District", "Area")
ANAPHORA = 0.45  # below the participants' floor: "the town" places an event, but states no control on its own
ORG_AS_PLACE = 0.8  # how sure the gazetteer must be to take a name the model called an organisation


class WorldPlaces:
    """The gazetteer, opened on first use; a gazetteer that cannot be opened is left out with a warning."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._gaz: Gazetteer | None = None
        self._failed = False
        self._iso: dict[str, str] | None = None

    def gazetteer(self) -> Gazetteer | None:
        if self._gaz is None and not self._failed:
            try:
                self._gaz = Gazetteer.open()
            except GazetteerError as err:
                log.warning("the world gazetteer is not available, places the knowledge base does not know "
                            "get no coordinates: %s", err)
                self._failed = True
        return self._gaz

    def countries(self, scene: list[str]) -> frozenset[str]:
        """The ISO 3166-1 alpha-3 codes of the countries the report's known places lie in."""
        isos = self._isos()
        return frozenset(isos[c] for p in scene for c in self.kb.chain(p) if c in isos)

    def iso_of(self, chain: list[str]) -> str | None:
        """The ISO alpha-3 code of the first country in a chain of IRIs (a place and what holds it)."""
        isos = self._isos()
        return next((isos[c] for c in chain if c in isos), None)

    def _isos(self) -> dict[str, str]:
        """Country IRI -> ISO alpha-3 code, from the loaded base, made once."""
        if self._iso is None:
            self._iso = {iri: iso for iso, iri in self.kb.iso_codes.items()}
        return self._iso

    def resolve(self, m: Mention, countries: frozenset[str]) -> Resolution | None:
        """The gazetteer's place for a place-like mention, with its country and coordinates. A name
        the model took for an organisation, with no cue of an actor, is a place only when the
        gazetteer finds it, surely, in a country the report names ("fighting in Korvan" parsed badly)."""
        place_like = m.label in PLACE_LABELS or m.role == "locative"
        unsure_org = m.label == "ORG" and m.kind == "name" and m.cue is None and bool(countries)
        gaz = self.gazetteer() if place_like or unsure_org else None
        if gaz is None:
            return None
        cue = CUES.get(m.place_hint) if m.place_hint is not None else None
        name, container = _split_container(m.text) if place_like else (m.text, None)
        match = gaz.resolve(name, Context(countries=countries, container=container, cue=cue))
        if match is None:
            return None
        if not place_like and (match.confidence < ORG_AS_PLACE or match.place.country_iso3 not in countries
                               or match.place.feature == "country"):
            return None
        return Resolution(self.entity(match.place, name), "gazetteer", round(min(0.9, match.confidence), 3))

    def entity(self, p: GeoPlace, surface: str) -> Entity:
        """A gazetteer place as an entity: the knowledge base's country, or a new place with its geography."""
        countries = self.kb.iso_codes
        iri = place_iri(p, countries)
        if p.feature == "country" and iri in self.kb.entities:
            return self.kb.entities[iri]
        chain = tuple(located_in(p, countries))
        division = (chain[0], p.admin1_name) if p.feature == "settlement" and p.admin1_name and len(chain) > 1 \
            else None
        geo = Geo(p.name, p.lat, p.lon, chain, same_as(p), division,
                  country_iri(p.country_iso3, countries) if p.feature != "country" else None,
                  self._division_at(p) if division is not None else None)
        self.kb.gazetteer_classes[iri] = CLASSES[p.feature]
        return Entity(iri, surface, (CLASSES[p.feature],), curated=False, geo=geo)

    def _division_at(self, p: GeoPlace) -> tuple[float, float] | None:
        """Where a settlement's first-level division lies (its largest place), to draw the division too."""
        gaz = self.gazetteer()
        found = gaz.division(p.division_code) if gaz is not None and p.division_code else None
        if found is None or found.lat is None or found.lon is None:
            return None
        return found.lat, found.lon

    def country_point(self, country: str) -> tuple[float, float] | None:
        """The coordinates a place borrows from the country it is only known to lie in."""
        iso = self._isos().get(country)
        gaz = self.gazetteer() if iso is not None else None
        return gaz.country_point(iso) if gaz is not None and iso is not None else None

    def country_of(self, iso3: str) -> str:
        """The project's IRI of a country."""
        return country_iri(iso3, self.kb.iso_codes)


def settlement_antecedent(kb: KnowledgeBase, found: Resolution | None) -> Resolution | None:
    """"the town": the settlement it points back to, when that resolved to a place narrower than a
    division (a country or a province is no town)."""
    if found is None or not _is_a(kb, found.entity, "Place") or any(_is_a(kb, found.entity, c) for c in WIDE_CLASSES):
        return None
    return replace(found, basis="anaphora", confidence=min(found.confidence, ANAPHORA))


def called_antecedent(kb: KnowledgeBase, found: Resolution | None) -> Resolution | None:
    """"the region", "the base": the place called so before it, when that resolved to a place below a
    country."""
    if found is None or not _is_a(kb, found.entity, "Place") or _is_a(kb, found.entity, "Country"):
        return None
    return replace(found, basis="anaphora", confidence=min(found.confidence, ANAPHORA))


def _is_a(kb: KnowledgeBase, e: Entity, cls: str) -> bool:
    return any(kb.subclass_of(c, cls) for c in e.classes) or kb.is_a(e.iri, cls)


def _split_container(text: str) -> tuple[str, str | None]:
    """"Kindu, Maniema" read as one name: the place, and the place that holds it."""
    head, sep, tail = text.partition(", ")
    return (head, tail) if sep and head and tail and "," not in tail else (text, None)
