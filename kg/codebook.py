"""The event and actor codebooks (PLOVER, CAMEO, ACLED) of the ontology's classes: one reader, one answer.

The codes of each class are in ontology/crosswalk.ttl (`ckg:ploverCategory`, `ckg:cameoCode`,
`ckg:acledSubEventType`, ...); a class without a code takes its nearest coded ancestor's. The
decisions that depend on more than the class (a threatened or denied event, the ACLED
civilians) are in ontology/codebook-rules.json. Resolution, the exports and `kg eval` ask
this module; nothing else reads either file.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg import paths, vocab
from kg.errors import CodebookError

__all__ = ["Codebook", "CodebookError", "ModalRule", "CODE_PROPERTIES", "load", "default", "codes", "event_codes",
           "plover", "plover_mode", "cameo", "acled", "sector", "acled_inter", "modal_category",
           "civilian_categories", "civilian_inter", "abroad_inter", "rules_file"]

#: the crosswalk's properties on an ontology class (local names)
CODE_PROPERTIES = ("ploverCategory", "ploverMode", "cameoCode", "acledSubEventType", "threatCode", "sector",
                   "acledInter")
_SUBCLASS = vocab.RDFS + "subClassOf"
_BROADER = vocab.SKOS + "broader"
_NOTATION = vocab.SKOS + "notation"
_LABEL = vocab.SKOS + "prefLabel"


@dataclass(frozen=True)
class ModalRule:
    """Events of these modalities (and, if given, these classes) take this PLOVER category."""

    modalities: frozenset[str]
    category: str
    classes: frozenset[str] = frozenset()
    cameo: str | None = None  # None: the class's threat code, else its own


@dataclass(frozen=True)
class Codebook:
    class_codes: dict[str, dict[str, str]] = field(default_factory=dict)
    broader: dict[str, str] = field(default_factory=dict)
    notations: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    ancestors: dict[str, frozenset[str]] = field(default_factory=dict)
    rules: tuple[ModalRule, ...] = ()
    civilians: frozenset[str] = frozenset()
    civilian_inter: int | None = None
    abroad: tuple[int, int] | None = None  # (inter code at home, inter code outside the own country)

    def lineage(self, cls: str) -> list[str]:
        """The class, then its ancestors from the nearest (deepest) to the root."""
        above = sorted(self.ancestors.get(cls, ()), key=lambda a: (-len(self.ancestors.get(a, ())), a))
        return [cls, *above]


def rules_file() -> Path:
    return paths.data_root() / "ontology" / "codebook-rules.json"


def _triples(path: Path) -> list[ox.Triple]:
    try:
        return [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    except (SyntaxError, OSError) as err:
        raise CodebookError(f"{path}: cannot read the codebook crosswalk: {err}") from err


def _local(iri: str) -> str:
    return iri.removeprefix(vocab.ONTOLOGY)


def _ancestors(triples: list[ox.Triple]) -> dict[str, frozenset[str]]:
    parents: dict[str, set[str]] = defaultdict(set)
    for t in triples:
        s, o = t.subject, t.object
        if t.predicate.value == _SUBCLASS and isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode):
            if s.value.startswith(vocab.ONTOLOGY) and o.value.startswith(vocab.ONTOLOGY):
                parents[_local(s.value)].add(_local(o.value))
    out: dict[str, frozenset[str]] = {}
    for cls in parents:
        seen: set[str] = set()
        todo = list(parents[cls])
        while todo:
            c = todo.pop()
            if c not in seen:
                seen.add(c)
                todo.extend(parents.get(c, ()))
        out[cls] = frozenset(seen)
    return out


def _read_crosswalk(triples: list[ox.Triple]) -> tuple[dict[str, dict[str, str]], dict[str, str], dict[str, str],
                                                       dict[str, str]]:
    class_codes: dict[str, dict[str, str]] = {}
    broader: dict[str, str] = {}
    notations: dict[str, str] = {}
    labels: dict[str, str] = {}
    for t in triples:
        prop, subject, value = t.predicate.value, t.subject, t.object
        if not isinstance(subject, ox.NamedNode) or isinstance(value, ox.Triple):
            continue
        if prop.startswith(vocab.ONTOLOGY) and _local(prop) in CODE_PROPERTIES and subject.value.startswith(
                vocab.ONTOLOGY):
            class_codes.setdefault(_local(subject.value), {})[_local(prop)] = value.value
        elif prop == _BROADER:
            broader[subject.value] = value.value
        elif prop == _NOTATION:
            notations[subject.value] = value.value
        elif prop == _LABEL:
            labels.setdefault(subject.value, value.value)
    return class_codes, broader, notations, labels


@dataclass(frozen=True)
class _Rules:
    modal: tuple[ModalRule, ...] = ()
    civilians: frozenset[str] = frozenset()
    civilian_inter: int | None = None
    abroad: tuple[int, int] | None = None


def _read_rules(path: Path) -> _Rules:
    if not path.is_file():
        return _Rules()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        rules = tuple(ModalRule(frozenset(r["modalities"]), str(r["category"]), frozenset(r.get("classes", ())),
                                r.get("cameo")) for r in data.get("modal_rules", ()))
        civilians = data.get("acled_civilians", {})
        abroad = data.get("acled_abroad")
        return _Rules(rules, frozenset(civilians.get("categories", ())), civilians.get("inter"),
                      (int(abroad["from"]), int(abroad["inter"])) if abroad else None)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise CodebookError(f"{path}: cannot read the codebook rules: {err}") from err


def load(crosswalk: Path | None = None, ontology: Path | None = None, rules: Path | None = None) -> Codebook:
    """Read the crosswalk, the ontology's class tree and the codebook rules."""
    crosswalk = crosswalk or paths.crosswalk_file()
    class_codes, broader, notations, labels = _read_crosswalk(_triples(crosswalk)) if crosswalk.is_file() else (
        {}, {}, {}, {})
    ancestors = _ancestors(_triples(ontology or paths.ontology_file()))
    read = _read_rules(rules or rules_file())
    return Codebook(class_codes, broader, notations, labels, ancestors, read.modal, read.civilians,
                    read.civilian_inter, read.abroad)


@cache
def default() -> Codebook:
    """The codebook of the installed data files, read once."""
    return load()


def _book(book: Codebook | None) -> Codebook:
    return book if book is not None else default()


def codes(cls: str, book: Codebook | None = None) -> dict[str, str]:
    """Every code of a class (property local name -> code IRI or literal), inherited from the nearest ancestor."""
    b = _book(book)
    out: dict[str, str] = {}
    for c in b.lineage(cls):
        for prop, value in b.class_codes.get(c, {}).items():
            out.setdefault(prop, value)
    return out


def _notation(iri: str | None, b: Codebook) -> str | None:
    if iri is None:
        return None
    return b.notations.get(iri, iri.rsplit("/", 1)[-1])


def plover(cls: str, modality: str = "asserted", book: Codebook | None = None) -> str | None:
    """The PLOVER category of an event of this class and modality ("ASSAULT", "THREATEN", ...)."""
    b = _book(book)
    rule = _modal_rule(cls, modality, b)
    return rule.category if rule else _notation(codes(cls, b).get("ploverCategory"), b)


def plover_mode(cls: str, book: Codebook | None = None) -> str | None:
    b = _book(book)
    return _notation(codes(cls, b).get("ploverMode"), b)


def cameo(cls: str, modality: str = "asserted", book: Codebook | None = None) -> str | None:
    """The CAMEO code of an event of this class and modality ("195", "1384", ...)."""
    b = _book(book)
    return _notation(event_codes(cls, modality, b).get("cameoCode"), b)


def acled(cls: str, book: Codebook | None = None) -> tuple[str | None, str | None]:
    """ACLED's (event type, sub-event type) labels of an event class."""
    b = _book(book)
    sub = codes(cls, b).get("acledSubEventType")
    top = b.broader.get(sub) if sub else None
    return (b.labels.get(top) if top else None), (b.labels.get(sub) if sub else None)


def sector(cls: str, book: Codebook | None = None) -> str | None:
    """The actor sector of a class (GOV, MIL, REB, ...)."""
    return codes(cls, book).get("sector")


def acled_inter(cls: str, book: Codebook | None = None) -> int | None:
    """ACLED's inter code of an actor class (1 state forces, 2 rebels, ...)."""
    value = codes(cls, book).get("acledInter")
    return int(value) if value is not None else None


def _modal_rule(cls: str, modality: str, b: Codebook) -> ModalRule | None:
    lineage = set(b.lineage(cls))
    return next((r for r in b.rules if modality in r.modalities and (not r.classes or r.classes & lineage)), None)


def modal_category(cls: str, modality: str, book: Codebook | None = None) -> str | None:
    """The PLOVER category a modality imposes on an event of this class (THREATEN, REJECT), or None."""
    rule = _modal_rule(cls, modality, _book(book))
    return rule.category if rule else None


def event_codes(cls: str, modality: str = "asserted", book: Codebook | None = None) -> dict[str, str]:
    """The codes written on an event: its class's, or a modal rule's PLOVER category and CAMEO code.

    Values are code IRIs as in the crosswalk; an ACLED sub-event type brings its event type.
    """
    b = _book(book)
    out = codes(cls, b)
    rule = _modal_rule(cls, modality, b)
    if rule is not None:
        code = vocab.code_iri("cameo", rule.cameo) if rule.cameo else out.get("threatCode", out.get("cameoCode", ""))
        out = {"ploverCategory": vocab.code_iri("plover", rule.category), "cameoCode": code}
    out.pop("threatCode", None)
    sub = out.get("acledSubEventType")
    if sub and sub in b.broader:
        out["acledEventType"] = b.broader[sub]
    return out


def civilian_categories(book: Codebook | None = None) -> frozenset[str]:
    """Casualty categories ACLED counts as civilians."""
    return _book(book).civilians


def civilian_inter(book: Codebook | None = None) -> int | None:
    """ACLED's inter code for civilians."""
    return _book(book).civilian_inter


def abroad_inter(inter: int | None, book: Codebook | None = None) -> int | None:
    """ACLED's inter code of an actor with this inter code at home, when it acts outside its own country."""
    abroad = _book(book).abroad
    return abroad[1] if abroad is not None and inter == abroad[0] else inter
