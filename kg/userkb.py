"""The user's own knowledge: actors, aliases and places from Turtle or CSV files, added to the
curated base for one build (`kg build --kb FILE`, or `kb = [...]` in the config file).

A CSV file has the header `name,aliases,class,country,wikidata,acronym`: aliases separated by
`;` or `|`, class an ontology class local name (ArmedGroup, Person, Settlement, ...), country an
ISO 3166-1 alpha-2 or alpha-3 code or a country name, wikidata a Q-id or empty. Each row
becomes an entity with the IRI an unknown name of its kind gets (…/actor/<slug>,
…/place/<slug>); a row that names an entity the base already has adds its aliases to it. A
Turtle file describes entities in the base's own terms (ontology/kb/*.ttl). Every entity read
here carries `prov:wasDerivedFrom` the file it came from.

A file is read whole before anything is added: a bad row or a bad Turtle file refuses the
build (UserKbError, exit 1) with the file, the line and the problem.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg import vocab
from kg.errors import UserKbError
from kg.kb import RDF_TYPE, KnowledgeBase, alias_key, extend, local
from kg.kb import load as load_base
from kg.resolve.entities import slug

__all__ = ["COLUMNS", "UserKbError", "configured", "files", "load", "read", "read_all"]

COLUMNS = ("name", "aliases", "class", "country", "wikidata", "acronym")
ALIAS_SEPARATORS = re.compile(r"\s*[;|]\s*")
WIKIDATA_ID = re.compile(r"Q[1-9][0-9]*")
DERIVED_FROM = vocab.PROV + "wasDerivedFrom"
_PREF, _ALT = vocab.SKOS + "prefLabel", vocab.SKOS + "altLabel"
_CSV_SUFFIXES = (".csv",)
_TURTLE_SUFFIXES = (".ttl", ".turtle")


@dataclass(frozen=True)
class Row:
    """One CSV row, checked: the values the knowledge base needs."""

    line: int
    name: str
    aliases: tuple[str, ...]
    cls: str
    country: str | None
    wikidata: str | None
    iso3: str | None = None


def load(user_files: Sequence[Path] = ()) -> KnowledgeBase:
    """The curated base with the user's files added; any bad file refuses them all, before any is added."""
    kb = load_base()
    if user_files:
        extend(kb, read_all(user_files, kb))
    return kb


def files(given: Sequence[Path]) -> tuple[Path, ...]:
    """The files of a build: those the config file lists, then those given, each once, absolute."""
    out = [*configured(), *(p.expanduser().resolve() for p in given)]
    for path in out:
        if not path.is_file():
            raise UserKbError(f"{path}: no such knowledge-base file")
    return tuple(dict.fromkeys(out))


def configured() -> list[Path]:
    """`kb = ["file.csv", ...]` from the config file, relative to the file."""
    from kg.store import config_file, read_config

    value = read_config().get("kb", [])
    path = config_file()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise UserKbError(f"{path}: 'kb' must be a list of file paths in quotes, not {value!r}")
    return [(path.parent / Path(v).expanduser()).resolve() for v in value]


def read_all(files: Sequence[Path], kb: KnowledgeBase) -> list[ox.Triple]:
    """The triples of every file, in order; the first bad file or row refuses them all."""
    return [t for path in files for t in read(path, kb)]


def read(path: Path, kb: KnowledgeBase) -> list[ox.Triple]:
    """The triples one user file adds to the base (Turtle or CSV, by its suffix)."""
    suffix = path.suffix.lower()
    if suffix in _CSV_SUFFIXES:
        return _csv_triples(path, kb)
    if suffix in _TURTLE_SUFFIXES:
        return _turtle_triples(path, kb)
    raise UserKbError(f"{path}: unknown knowledge-base file type {path.suffix!r}; use .csv or .ttl")


# ---------------------------------------------------------------- Turtle

def _turtle_triples(path: Path, kb: KnowledgeBase) -> list[ox.Triple]:
    try:
        triples = [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    except SyntaxError as err:
        raise UserKbError(f"{path}: line {err.lineno}: not valid Turtle: {err.msg}") from err
    except (OSError, ValueError) as err:
        raise UserKbError(f"{path}: cannot read the file: {err}") from err
    subjects = sorted({t.subject.value for t in triples
                       if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(vocab.BASE)})
    for t in triples:
        if t.predicate.value == RDF_TYPE and t.object.value.startswith(vocab.ONTOLOGY):
            _check_class(f"{path}: {t.subject}", local(t.object.value), kb)
    described = [s for s in subjects if s in kb.entities or _typed_and_named(s, triples)]
    if not described:
        raise UserKbError(f"{path}: describes no entity: give each one an IRI under {vocab.BASE}, "
                          "a class (a ckg:ArmedGroup) and a skos:prefLabel")
    return [*triples, *(_derived(s, path) for s in described)]


def _typed_and_named(subject: str, triples: list[ox.Triple]) -> bool:
    preds = {t.predicate.value for t in triples if isinstance(t.subject, ox.NamedNode) and t.subject.value == subject}
    return RDF_TYPE in preds and _PREF in preds


# ---------------------------------------------------------------- CSV

def _csv_triples(path: Path, kb: KnowledgeBase) -> list[ox.Triple]:
    rows = list(_rows(path, kb))
    if not rows:
        raise UserKbError(f"{path}: has a header but no entries")
    return [t for row in rows for t in _row_triples(row, path, kb)]


def _rows(path: Path, kb: KnowledgeBase) -> Iterator[Row]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            _check_header(path, next(reader, None))
            for values in reader:
                if any(v.strip() for v in values):
                    yield _row(path, reader.line_num, values, kb)
    except UnicodeDecodeError as err:
        raise UserKbError(f"{path}: not UTF-8 text: {err}") from err
    except csv.Error as err:
        raise UserKbError(f"{path}: not a readable CSV file: {err}") from err
    except OSError as err:
        raise UserKbError(f"{path}: cannot read the file: {err}") from err


def _check_header(path: Path, header: list[str] | None) -> None:
    got = tuple(h.strip().lower() for h in header or ())
    if got != COLUMNS:
        raise UserKbError(f"{path}: line 1: the header must be {','.join(COLUMNS)}, not {','.join(got) or 'empty'}")


def _row(path: Path, line: int, values: list[str], kb: KnowledgeBase) -> Row:
    where = f"{path}: line {line}"
    if len(values) != len(COLUMNS):
        raise UserKbError(f"{where}: {len(values)} values where the header has {len(COLUMNS)}")
    name, aliases, cls, country, wikidata, acronym = (v.strip() for v in values)
    if not alias_key(name):
        raise UserKbError(f"{where}: the name is empty")
    _check_class(where, cls, kb)
    if wikidata and not WIKIDATA_ID.fullmatch(wikidata):
        raise UserKbError(f"{where}: wikidata must be a Q-id such as Q42, not {wikidata!r}")
    others = [a for a in ALIAS_SEPARATORS.split(aliases) if a] + [a for a in ALIAS_SEPARATORS.split(acronym) if a]
    return Row(line, name, tuple(dict.fromkeys(others)), cls,
               _country(where, country, kb) if country else None, wikidata or None,
               _iso3(country) if country else None)


def _check_class(where: str, cls: str, kb: KnowledgeBase) -> None:
    if not cls:
        raise UserKbError(f"{where}: the class is empty; give an ontology class such as ArmedGroup or Settlement")
    if not (kb.subclass_of(cls, "Actor") or kb.subclass_of(cls, "Place")):
        known = sorted(c for c in kb.ancestors if kb.subclass_of(c, "Actor") or kb.subclass_of(c, "Place"))
        hint = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
        raise UserKbError(f"{where}: {cls!r} is not an actor or place class of the ontology (for instance {hint})")


def _country(where: str, value: str, kb: KnowledgeBase) -> str:
    """The IRI of a country given by ISO code or name: the base's, else the gazetteer's."""
    iso3 = _iso3(value)
    if iso3 is not None:
        return kb.iso_codes.get(iso3) or _gazetteer_country(iso3)
    named = [e.iri for e in kb.aliases.get(alias_key(value), []) if kb.is_a(e.iri, "Country")]
    if named:
        return named[0]
    raise UserKbError(f"{where}: {value!r} is neither an ISO 3166-1 code nor the name of a country")


def _iso3(value: str) -> str | None:
    import pycountry

    try:
        return str(pycountry.countries.lookup(value).alpha_3)
    except LookupError:
        return None


def _gazetteer_country(iso3: str) -> str:
    from kg.gazetteer import country_iri

    return country_iri(iso3, {})


def _row_triples(row: Row, path: Path, kb: KnowledgeBase) -> Iterator[ox.Triple]:
    place = kb.subclass_of(row.cls, "Place")
    iri = (vocab.place_iri if place else vocab.actor_iri)(slug(row.name))
    node = ox.NamedNode(_known(row, kb) or iri)
    if node.value not in kb.entities:
        yield from _new_entity(node, row, place)
    yield from (ox.Triple(node, ox.NamedNode(_ALT), ox.Literal(a, language="en"))
                for a in _aliases(row, node.value, kb))
    yield _derived(node.value, path)


def _known(row: Row, kb: KnowledgeBase) -> str | None:
    """The entity of the base the row's name already names, when it names exactly one of that kind."""
    found = {e.iri for e in kb.aliases.get(alias_key(row.name), []) if e.kind == "name"}
    found = {i for i in found if any(kb.subclass_of(c, row.cls) or kb.subclass_of(row.cls, c)
                                     for c in kb.entities[i].classes)} if found else found
    return next(iter(found)) if len(found) == 1 else None


def _new_entity(node: ox.NamedNode, row: Row, place: bool) -> Iterable[ox.Triple]:
    out = [ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(vocab.term(row.cls))),
           ox.Triple(node, ox.NamedNode(_PREF), ox.Literal(row.name, language="en"))]
    if row.country:
        link = "locatedIn" if place else "country"
        out.append(ox.Triple(node, ox.NamedNode(vocab.term(link)), ox.NamedNode(row.country)))
    if row.wikidata:
        out.append(ox.Triple(node, ox.NamedNode(vocab.OWL + "sameAs"), ox.NamedNode(vocab.WD + row.wikidata)))
    if place and row.iso3 is not None:
        out += _coordinates(node, row.name, row.iso3)
    return out


def _coordinates(node: ox.NamedNode, name: str, iso3: str) -> list[ox.Triple]:
    """geo:lat and geo:long of a place the world gazetteer finds by that name in that country."""
    from kg.gazetteer import Context, Gazetteer, GazetteerError

    try:
        match = Gazetteer.open().resolve(name, Context(countries=frozenset({iso3})))
    except GazetteerError:
        return []
    if match is None or match.place.country_iso3 != iso3 or match.place.lat is None or match.place.lon is None:
        return []
    decimal = ox.NamedNode(vocab.XSD + "decimal")
    return [ox.Triple(node, ox.NamedNode(vocab.GEO + "lat"), ox.Literal(f"{match.place.lat:.5f}", datatype=decimal)),
            ox.Triple(node, ox.NamedNode(vocab.GEO + "long"), ox.Literal(f"{match.place.lon:.5f}", datatype=decimal))]


def _aliases(row: Row, iri: str, kb: KnowledgeBase) -> list[str]:
    """The row's aliases, and its name when it joins an entity of the base under another label."""
    names = list(row.aliases)
    if iri in kb.entities and alias_key(kb.entities[iri].label) != alias_key(row.name):
        names.insert(0, row.name)
    return names


def _derived(subject: str, path: Path) -> ox.Triple:
    return ox.Triple(ox.NamedNode(subject), ox.NamedNode(DERIVED_FROM), ox.NamedNode(path.resolve().as_uri()))
