"""The store stage: write quads to files, read graphs back, and keep the persistent store.

Files are written atomically (a temporary file beside the target, then a rename), so
an interrupted write never leaves half a graph. The persistent store is an on-disk
Oxigraph database; each report lives in its own named graph and is replaced whole.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG, ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML,
}
FORMAT_NAMES = {"turtle": ".ttl", "ttl": ".ttl", "ntriples": ".nt", "nt": ".nt", "nquads": ".nq",
                "nq": ".nq", "trig": ".trig", "jsonld": ".jsonld", "json-ld": ".jsonld", "rdfxml": ".rdf",
                "xml": ".rdf"}
PREFIXES = {
    "ckg": "https://w3id.org/conflict-kg/ontology#", "actor": "https://w3id.org/conflict-kg/actor/",
    "place": "https://w3id.org/conflict-kg/place/", "country": "https://w3id.org/conflict-kg/country/",
    "report": "https://w3id.org/conflict-kg/report/", "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#", "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/", "wd": "http://www.wikidata.org/entity/",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#", "schema": "https://schema.org/",
}
STORE_ENV = "KG_STORE"


class GraphError(ValueError):
    """A graph file or store that cannot be read or written; the message names it."""


def format_for(path: Path) -> ox.RdfFormat:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise GraphError(f"{path}: unknown RDF format {path.suffix!r}; use one of "
                         + ", ".join(sorted(FORMATS)))
    return fmt


def write_quads(quads: Iterable[ox.Quad], path: Path) -> int:
    """Serialize quads to a file by its extension, atomically; triple formats merge the graphs."""
    fmt = format_for(path)
    items: list[ox.Quad] | list[ox.Triple]
    if fmt.supports_datasets:
        items = list(dict.fromkeys(quads))
    else:
        items = list(dict.fromkeys(q.triple for q in quads))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
            ox.serialize(items, out, fmt, prefixes=prefixes)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(items)


def load_graph(path: Path) -> ox.Store:
    """An in-memory store holding the file's graph (named graphs kept for TriG and N-Quads)."""
    fmt = format_for(path)
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except FileNotFoundError as err:
        raise GraphError(f"{path}: no such file") from err
    except SyntaxError as err:
        raise GraphError(f"{path}: not valid {fmt.name}: {err}") from err
    except (OSError, ValueError) as err:
        raise GraphError(f"{path}: cannot read the graph: {err}") from err
    return store


def default_store_dir() -> Path:
    env = os.environ.get(STORE_ENV)
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "conflict-kg" / "store"


def open_store(path: Path | None = None, create: bool = True) -> ox.Store:
    """The persistent on-disk store (created on first use when `create`)."""
    path = path or default_store_dir()
    if not create and not path.is_dir():
        raise GraphError(f"{path}: no store here yet; build one with 'kg build INPUT' "
                         f"(or name one with --store or ${STORE_ENV})")
    try:
        path.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except OSError as err:
        raise GraphError(f"{path}: cannot open the store: {err}") from err


def replace_graph(store: ox.Store, graph: ox.NamedNode, quads: list[ox.Quad]) -> None:
    """Replace one named graph: the new quads land together, then the old graph is gone."""
    store.remove_graph(graph) if graph in store.named_graphs() else None
    store.extend(quads)


def dump(store: ox.Store, path: Path) -> int:
    """Write the whole store to a file (triple formats merge its graphs)."""
    return write_quads(store.quads_for_pattern(None, None, None, None), path)


def write_text(path: Path, text: str) -> None:
    """Write a text file atomically (temporary file beside it, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
