"""Where a place lies that the base and the gazetteer do not know: where the text puts it ("X, in
Y", "X, a village near Y"), else in the report's country, drawn at borrowed coordinates that say
whose they are."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from kg.kb import KnowledgeBase
from kg.records import Entity, Extraction, Geo, Resolution
from kg.resolve.classes import entity_is
from kg.resolve.places import WorldPlaces

MAIN_COUNTRY_MIN = 2  # votes a country needs to be the report's focus
PLACE_WEIGHT = 2  # the votes of a town or province named; a country named has one


class BarePlaces:
    """Locates the report's new places; built once per resolver."""

    def __init__(self, kb: KnowledgeBase, world: WorldPlaces, lexicon: dict[str, list[str]]) -> None:
        self.kb = kb
        self.world = world
        self.contained_gap = _contained_gap(lexicon)

    def country_of(self, e: Entity) -> str | None:
        if e.geo is not None and e.geo.country is not None:
            return e.geo.country
        if entity_is(self.kb, e, "Country"):
            return e.iri
        return next((c for c in self.kb.chain(e.iri) if self.kb.is_a(c, "Country")), None)

    def next_place(self, ext: Extraction, idx: int, out: dict[int, Resolution]) -> tuple[Resolution, bool] | None:
        """The place named right after a mention in its sentence ("X, in Y", "X, a village near Y"),
        and whether the mention lies only near it."""
        m = ext.mentions[idx]
        nxt = next((j for j in range(idx + 1, len(ext.mentions)) if ext.mentions[j].start >= m.end), None)
        if nxt is None or ext.mentions[nxt].sentence != m.sentence or nxt not in out:
            return None
        gap = self.contained_gap.fullmatch(ext.report.text[m.end:ext.mentions[nxt].start])
        if gap is None or not (_is_place(self.kb, out[nxt]) or entity_is(self.kb, out[nxt].entity, "Country")):
            return None
        return out[nxt], bool(gap.group("near"))

    def locate(self, ext: Extraction, out: dict[int, Resolution],
                     countries: frozenset[str]) -> dict[int, Resolution]:
        """A place the gazetteer does not know lies where the text puts it: in the place named
        right after it ("X, in Y", "X in Y province": inside Y, with Y's coordinates), near it ("X, a
        village near Y": in what holds Y, with Y's coordinates), else in the one country the
        report's places lie in. Borrowed coordinates say whose they are: a place known only to lie in
        a country is drawn where the country is (its largest place), at the country's precision."""
        first = self._located(ext, out, countries, again=False)
        return self._located(ext, first, countries, again=True)  # a place inside one the first pass located

    def _located(self, ext: Extraction, out: dict[int, Resolution], countries: frozenset[str],
                 again: bool) -> dict[int, Resolution]:
        found: dict[str, Geo] = {}
        for idx in sorted(out):
            e = out[idx].entity
            if out[idx].basis != "new" or e.iri in found or not entity_is(self.kb, e, "Place") \
                    or (e.geo is not None and (not again or e.geo.lat is not None)):
                continue
            geo = self._container_of(ext, idx, out) or self._only_country(countries | self._geo_countries(out)) \
                or self._main_country(ext, out)
            if geo is not None and (e.geo is None or geo.lat is not None):
                found[e.iri] = replace(geo, name=e.label)
        return {i: replace(r, entity=replace(r.entity, geo=found[r.entity.iri])) if r.entity.iri in found else r
                for i, r in out.items()}

    def _container_of(self, ext: Extraction, idx: int, out: dict[int, Resolution]) -> Geo | None:
        """Where the place named right after the mention puts it: inside it, or in what holds it
        when the mention lies only near it."""
        found = self.next_place(ext, idx, out)
        geo = self._borrowed(found[0].entity) if found is not None else None
        if geo is not None and found is not None and found[1]:
            return replace(geo, located_in=geo.located_in[1:])
        return geo

    def _borrowed(self, container: Entity) -> Geo | None:
        """Where a place lies that another lies in or near: its coordinates and what holds it."""
        chain = (container.iri, *(container.geo.located_in if container.geo is not None
                                  else self.kb.chain(container.iri)[1:]))
        g = container.geo
        if g is not None and g.lat is not None and g.lon is not None:
            return Geo(container.label, g.lat, g.lon, chain, None, country=g.country,
                       coordinates_from=container.iri)
        if not (entity_is(self.kb, container, "Place") or entity_is(self.kb, container, "Country")):
            return None
        return self._in_country(Geo(container.label, None, None, chain, None))

    def _in_country(self, geo: Geo) -> Geo:
        """A place known only to lie in a country is drawn where the country is, and says so."""
        country = next((c for c in geo.located_in
                        if c in self.kb.entities and entity_is(self.kb, self.kb.entities[c], "Country")), None)
        point = self.world.country_point(country) if country is not None else None
        if point is None or country is None:
            return geo
        return replace(geo, lat=point[0], lon=point[1], country=geo.country or country, coordinates_from=country)

    def _geo_countries(self, out: dict[int, Resolution]) -> frozenset[str]:
        """The countries of the places the gazetteer found for the report."""
        isos = (self.world.iso_of([r.entity.geo.country]) for r in out.values()
                if r.entity.geo is not None and r.entity.geo.country and r.entity.geo.coordinates_from is None)
        return frozenset(i for i in isos if i is not None)

    def _main_country(self, ext: Extraction, out: dict[int, Resolution]) -> Geo | None:
        """The report's focus, where a place it names without saying where lies: the country that
        holds the located places named, or is named, more often than all others together (a town or
        province counts twice; a demonym not at all: "Kenyan troops" are no place). A report that
        names no place at all is about the state whose army, ministry or police act in it."""
        found: Counter[str] = Counter()
        for i, r in out.items():
            c = self.country_of(r.entity) if ext.mentions[i].kind == "name" and _is_place(self.kb, r) \
                and (r.entity.geo is None or r.entity.geo.coordinates_from is None) else None
            if c is not None:  # a town or a province says more than a country named, often as an actor
                found[c] += 1 if entity_is(self.kb, r.entity, "Country") else PLACE_WEIGHT
        if not found:  # no place at all: the states whose own bodies act in the report
            found = Counter(c for r in out.values() if r.entity.curated and self.kb.is_a(r.entity.iri, "State")
                            and not entity_is(self.kb, r.entity, "Country")
                            for c in self.kb.linked(r.entity.iri, "country"))
        if not found:
            return None
        country, count = found.most_common(1)[0]
        if count < MAIN_COUNTRY_MIN or 2 * count <= sum(found.values()):
            return None
        return self._in_country(Geo("", None, None, (country,), None, country=country))

    def _only_country(self, countries: frozenset[str]) -> Geo | None:
        """The country every known place of the report lies in, when there is just one."""
        country = self.world.country_of(next(iter(countries))) if len(countries) == 1 else None
        return self._in_country(Geo("", None, None, (country,), None, country=country)) if country else None


def _is_place(kb: KnowledgeBase, r: Resolution) -> bool:
    return entity_is(kb, r.entity, "Place")


def _contained_gap(lex: dict[str, list[str]]) -> re.Pattern[str]:
    """What may stand between a place and the place that holds it or lies next to it: "X, Y",
    "X in Y", "X, a village near the Y", "X village, Y township" (words from the lexicon's
    settlement nouns and containment prepositions)."""
    nouns = "|".join(sorted(map(re.escape, lex.get("settlement_nouns", []))))
    preps = "|".join(sorted(map(re.escape, lex.get("containment_preps", []))))
    near = "|".join(sorted(map(re.escape, lex.get("proximity_preps", []))))
    compass = "|".join(sorted(map(re.escape, lex.get("compass_adjectives", []))))
    return re.compile(rf"\s*(?:(?:{nouns})\b)?\s*,?\s*(?:(?:an?|the)\s+(?:small\s+)?(?:{nouns})\s+)?"
                      rf"(?:(?:(?:{preps})|(?P<near>{near}))\s+)?(?:the\s+)?(?:(?:{compass})\s+)?", re.IGNORECASE)
