"""The curated knowledge base and the ontology's class tree, read into plain records.

The base is RDF (ontology/kb/*.ttl); this module turns it into lookup tables that the
nlp stage (ruler patterns) and the resolve stage (aliases, metonyms, places) use
without touching RDF themselves.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg import codebook, paths
from kg.errors import KnowledgeBaseError
from kg.records import Entity
from kg.vocab import BASE, OWL, RDF_TYPE, RDFS, SKOS
from kg.vocab import CKG as T
from kg.vocab import ONTOLOGY as CKG
from kg.vocab import WD as WIKIDATA

__all__ = ["AliasEntry", "BASE", "CKG", "RDF_TYPE", "KnowledgeBase", "KnowledgeBaseError", "alias_key", "extend",
           "load", "local", "surface_variants"]

SUBCLASS = RDFS + "subClassOf"
SAME_AS = OWL + "sameAs"
ISO_CODE = str(T.isoCode)

#: alias kinds, from most to least direct
ALIAS_PROPERTIES = {
    SKOS + "prefLabel": "name",
    SKOS + "altLabel": "name",
    str(T.bareName): "bare",
    str(T.metonym): "metonym",
    str(T.nominal): "nominal",
    str(T.demonym): "demonym",
}
LINKS = ("locatedIn", "activeIn", "country", "leads")
_APOSTROPHES = "'\u2019\u02bc\u2018`\u00b4"


@dataclass(frozen=True)
class AliasEntry:
    iri: str
    kind: str


@dataclass
class KnowledgeBase:
    entities: dict[str, Entity] = field(default_factory=dict)
    aliases: dict[str, list[AliasEntry]] = field(default_factory=lambda: defaultdict(list))
    surfaces: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    ancestors: dict[str, set[str]] = field(default_factory=dict)
    links: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    descriptions: dict[str, list[ox.Triple]] = field(default_factory=dict)
    class_codes: dict[str, dict[str, str]] = field(default_factory=dict)
    broader: dict[str, str] = field(default_factory=dict)
    iso_codes: dict[str, str] = field(default_factory=dict)  # ISO 3166-1 alpha-3 -> country IRI
    #: places the world gazetteer supplied while resolving (IRI -> class local name); their IRIs
    #: are deterministic, so the same IRI always has the same class
    gazetteer_classes: dict[str, str] = field(default_factory=dict)

    def specificity(self, cls: str) -> tuple[int, str]:
        """A sort key that puts the deeper of two classes last (ties broken by name)."""
        return len(self.ancestors.get(cls, ())), cls

    def codes(self, cls: str) -> dict[str, str]:
        """Codebook annotations of a class, inherited from its nearest annotated ancestor."""
        out: dict[str, str] = {}
        for c in [cls, *sorted(self.ancestors.get(cls, ()), key=lambda a: -len(self.ancestors.get(a, ())))]:
            for prop, value in self.class_codes.get(c, {}).items():
                out.setdefault(prop, value)
        return out

    def subclass_of(self, cls: str, wanted: str) -> bool:
        """Is ontology class `cls` the class `wanted` or below it (local names)?"""
        return cls == wanted or wanted in self.ancestors.get(cls, ())

    def is_a(self, iri: str, cls: str) -> bool:
        """Is the entity an instance of ontology class `cls` (local name), directly or not?"""
        entity = self.entities.get(iri)
        if entity is None:
            return False
        return any(self.subclass_of(c, cls) for c in entity.classes)

    def linked(self, iri: str, prop: str) -> set[str]:
        return self.links.get(prop, {}).get(iri, set())

    def chain(self, iri: str, prop: str = "locatedIn") -> list[str]:
        """The entity and everything it lies in, nearest first."""
        seen = [iri]
        frontier = list(self.linked(iri, prop))
        while frontier:
            nxt = frontier.pop(0)
            if nxt not in seen:
                seen.append(nxt)
                frontier.extend(self.linked(nxt, prop))
        return seen


#: characters that show nothing (zero-width spaces and joiners, soft hyphen, byte-order mark) or
#: only reorder what is shown (direction marks, embeddings, overrides, isolates): in a name they
#: would make a new entity of a known one ("Hay\u200bat") or hide what is written
INVISIBLE = dict.fromkeys([0x00AD, 0x180E, *range(0x200B, 0x2010), *range(0x202A, 0x202F),
                           *range(0x2060, 0x2065), *range(0x2066, 0x206A), 0xFEFF])


def invisible_removed(text: str) -> str:
    """The text without zero-width and direction-control characters (see INVISIBLE)."""
    return text.translate(INVISIBLE)


def alias_key(text: str) -> str:
    """Normalise a name for lookup: invisible characters, case, accents, apostrophes, hyphens, leading article."""
    folded = unicodedata.normalize("NFKD", invisible_removed(text))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = folded.lower()
    folded = re.sub(f"[{_APOSTROPHES}]", "", folded)
    folded = re.sub(r"[-\u2010-\u2015_./]", " ", folded)
    folded = re.sub(r"\s+", " ", folded).strip()
    return re.sub(r"^the ", "", folded)


def surface_variants(text: str) -> set[str]:
    """Spellings a report may use for one alias: hyphen or space, apostrophe forms, no accents."""
    base = {text, text.replace("-", " "), re.sub(r"\b(al|el|ad|ar|as|ash|an|az) ", r"\1-", text),
            re.sub(r"\b(US|UK|UN)\b", lambda m: ".".join(m.group(1)) + ".", text)}  # "U.S. Central Command"
    plain = unicodedata.normalize("NFKD", text)
    base.add("".join(c for c in plain if not unicodedata.combining(c)))
    out: set[str] = set()
    for form in base:
        out.add(form)
        if any(a in form for a in _APOSTROPHES):
            for a in ("'", "\u2019", "\u02bc", ""):
                out.add(re.sub(f"[{_APOSTROPHES}]", a, form))
    return {v for v in out if v.strip()}


def local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]


def _read(path: Path) -> list[ox.Triple]:
    try:
        return [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    except (SyntaxError, OSError) as err:
        raise KnowledgeBaseError(f"{path}: cannot read the knowledge base: {err}") from err


def _class_tree(triples: list[ox.Triple]) -> dict[str, set[str]]:
    parents: dict[str, set[str]] = defaultdict(set)
    for t in triples:
        if t.predicate.value == SUBCLASS and t.subject.value.startswith(CKG):
            if t.object.value.startswith(CKG):
                parents[local(t.subject.value)].add(local(t.object.value))
    return {cls: _ancestors(cls, parents) for cls in list(parents)}


def _ancestors(cls: str, parents: dict[str, set[str]]) -> set[str]:
    out: set[str] = set()
    todo = list(parents.get(cls, ()))
    while todo:
        c = todo.pop()
        if c not in out:
            out.add(c)
            todo.extend(parents.get(c, ()))
    return out


def _crosswalk(kb: KnowledgeBase, crosswalk: Path, ontology: Path) -> None:
    book = codebook.load(crosswalk, ontology)
    kb.class_codes = {cls: dict(codes) for cls, codes in book.class_codes.items()}
    kb.broader = dict(book.broader)


def load(ontology: Path | None = None, kb_files: list[Path] | None = None,
         crosswalk: Path | None = None) -> KnowledgeBase:
    """Read the ontology's class tree, the codebook crosswalk and every knowledge-base file."""
    kb = KnowledgeBase()
    ontology = ontology or paths.ontology_file()
    kb.ancestors = _class_tree(_read(ontology))
    crosswalk = crosswalk or paths.crosswalk_file()
    if crosswalk.is_file():
        _crosswalk(kb, crosswalk, ontology)
    triples = [t for f in (kb_files if kb_files is not None else paths.kb_files()) for t in _read(f)]
    by_subject: dict[str, list[ox.Triple]] = defaultdict(list)
    for t in triples:
        if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(BASE):
            by_subject[t.subject.value].append(t)
    for iri, ts in by_subject.items():
        _add_entity(kb, iri, ts)
    return kb


def extend(kb: KnowledgeBase, triples: list[ox.Triple]) -> None:
    """Add triples to the base (the user's own, kg.userkb): new entities, and aliases and links of
    the ones it has."""
    by_subject: dict[str, list[ox.Triple]] = defaultdict(list)
    for t in triples:
        if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(BASE):
            by_subject[t.subject.value].append(t)
    for iri, ts in by_subject.items():
        if iri in kb.entities:
            kb.descriptions[iri] = kb.descriptions[iri] + ts
            _index(kb, iri, ts)
        else:
            _add_entity(kb, iri, ts)


def _add_entity(kb: KnowledgeBase, iri: str, triples: list[ox.Triple]) -> None:
    classes = tuple(sorted(local(t.object.value) for t in triples if t.predicate.value == RDF_TYPE))
    labels = [t.object.value for t in triples if t.predicate.value == SKOS + "prefLabel"]
    if not classes or not labels:
        return
    wikidata = next((t.object.value for t in triples
                     if t.predicate.value == SAME_AS and t.object.value.startswith(WIKIDATA)), None)
    kb.entities[iri] = Entity(iri, labels[0], classes, curated=True, wikidata=wikidata)
    kb.descriptions[iri] = triples
    _index(kb, iri, triples)


def _index(kb: KnowledgeBase, iri: str, triples: list[ox.Triple]) -> None:
    """Enter an entity's aliases, links and country code in the lookup tables."""
    for t in triples:
        prop = t.predicate.value
        if prop in ALIAS_PROPERTIES:
            _add_alias(kb, t.object.value, AliasEntry(iri, ALIAS_PROPERTIES[prop]))
        elif prop.startswith(CKG) and local(prop) in LINKS:
            kb.links.setdefault(local(prop), {}).setdefault(iri, set()).add(t.object.value)
        elif prop == ISO_CODE:
            kb.iso_codes.setdefault(t.object.value, iri)


def _add_alias(kb: KnowledgeBase, text: str, entry: AliasEntry) -> None:
    key = alias_key(text)
    if not key:
        return
    if entry not in kb.aliases[key]:
        kb.aliases[key].append(entry)
    kb.surfaces[key].update(surface_variants(text))
