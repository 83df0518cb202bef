"""The store stage: write quads to files, read graphs back, and keep the persistent store.

Files are written atomically (a temporary file beside the target, then a rename), so
an interrupted write never leaves half a graph. The persistent store is an on-disk
Oxigraph database; each report lives in its own named graph and every change to one
report is atomic, so a crash leaves whole reports only: reports new to the store are
added a batch at a time by one bulk ingestion (`add_new_graphs`), and a changed report
is replaced by one SPARQL update that drops the old graph and inserts the new one.

Where the store is: `--store DIR`, else `$KG_STORE`, else `store = "..."` in the
config file (`$KG_CONFIG`, else `$XDG_CONFIG_HOME/conflict-kg/config.toml`), else
`$XDG_DATA_HOME/conflict-kg/store` (`~/.local/share/conflict-kg/store`).
"""

from __future__ import annotations

import os
import sys
import tempfile
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg import filecheck, vocab
from kg.errors import GraphError

FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG, ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML,
}
FORMAT_NAMES = {"turtle": ".ttl", "ttl": ".ttl", "ntriples": ".nt", "nt": ".nt", "nquads": ".nq",
                "nq": ".nq", "trig": ".trig", "jsonld": ".jsonld", "json-ld": ".jsonld", "rdfxml": ".rdf",
                "xml": ".rdf"}
PREFIXES = vocab.PREFIXES
STORE_ENV = "KG_STORE"
CONFIG_ENV = "KG_CONFIG"
CONTENT_HASH = ox.NamedNode(vocab.term("contentHash"))
IDENTIFIER = ox.NamedNode(vocab.DCT + "identifier")
SOURCE = ox.NamedNode(vocab.DCT + "source")
#: Oxigraph's bulk loader writes up to this many quads as one set of index files
BULK_BATCH_QUADS = 1_000_000
#: a derived graph too large for one transaction is loaded in atomic chunks of this many quads
REPLACE_CHUNK_QUADS = 200_000


def format_for(path: Path) -> ox.RdfFormat:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise GraphError(f"{path}: unknown RDF format {path.suffix!r}; use one of "
                         + ", ".join(sorted(FORMATS)))
    return fmt


def format_named(name: str) -> ox.RdfFormat:
    """An RDF format by its short name (nq, ttl, trig, nt, jsonld, xml)."""
    suffix = FORMAT_NAMES.get(name.lower().lstrip("."))
    if suffix is None:
        raise GraphError(f"unknown RDF format {name!r}; use one of " + ", ".join(sorted(FORMAT_NAMES)))
    return FORMATS[suffix]


def write_quads(quads: Iterable[ox.Quad], path: Path) -> int:
    """Serialize quads to a file by its extension, atomically; triple formats merge the graphs."""
    fmt = format_for(path)
    items: list[ox.Quad] | list[ox.Triple]
    if fmt.supports_datasets:
        items = list(dict.fromkeys(quads))
    else:
        items = list(dict.fromkeys(q.triple for q in quads))
    with atomic_output(path) as out:
        ox.serialize(items, out, fmt, prefixes=_prefixes(fmt))
    return len(items)


class atomic_output:  # noqa: N801 - used as a context manager, like open()
    """A binary file that appears at `path` only when the block ends without error."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tmp = ""

    def __enter__(self) -> BinaryIO:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        self.file = os.fdopen(fd, "wb")
        return self.file

    def __exit__(self, kind: object, value: object, tb: object) -> None:
        try:
            self.file.close()
            if kind is None:
                os.replace(self.tmp, self.path)
        except OSError as err:
            Path(self.tmp).unlink(missing_ok=True)
            raise GraphError(f"{self.path}: cannot write: {err.strerror or err}; nothing was written") from err
        if kind is not None:
            Path(self.tmp).unlink(missing_ok=True)
            if isinstance(value, OSError) and not isinstance(value, GraphError):
                raise GraphError(f"{self.path}: cannot write: {value.strerror or value}; "
                                 "nothing was written (the partial file was removed)") from value


def _prefixes(fmt: ox.RdfFormat) -> dict[str, str] | None:
    return PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None


def load_graph(path: Path) -> ox.Store:
    """An in-memory store holding the file's graph (named graphs kept for TriG and N-Quads)."""
    fmt = format_for(path)
    store = ox.Store()
    try:
        refused = filecheck.problem(path, fmt)
        if refused is not None:
            raise GraphError(f"{path}: refused: {refused}")
        store.bulk_load(path=str(path), format=fmt)
    except GraphError:
        raise
    except FileNotFoundError as err:
        raise GraphError(f"{path}: no such file") from err
    except SyntaxError as err:
        raise GraphError(f"{path}: not valid {fmt.name}: {err}") from err
    except MemoryError as err:  # the parser's buffer for one term is bounded
        raise GraphError(f"{path}: refused: it holds a term (a literal or IRI) too long to read ({err})") from err
    except (OSError, ValueError) as err:
        raise GraphError(f"{path}: cannot read the graph: {err}") from err
    return store


# ---------------------------------------------------------------- where the store is

def config_file() -> Path:
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "conflict-kg" / "config.toml"


def read_config() -> dict[str, object]:
    """The config file's settings; none when there is no config file."""
    path = config_file()
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise GraphError(f"{path}: cannot read the config file: {err}") from err


def _configured_store() -> Path | None:
    """`store = "..."` from the config file (relative to the file), if it says so."""
    path = config_file()
    value = read_config().get("store")
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise GraphError(f"{path}: 'store' must be a folder path in quotes, not {value!r}")
    folder = Path(value).expanduser()
    return folder if folder.is_absolute() else path.parent / folder


def store_location(explicit: Path | None = None) -> tuple[Path, str]:
    """The store folder and what chose it: --store, then $KG_STORE, the config file, the default."""
    if explicit is not None:
        return explicit, "--store"
    env = os.environ.get(STORE_ENV)
    if env:
        return Path(env).expanduser(), f"${STORE_ENV}"
    configured = _configured_store()
    if configured is not None:
        return configured, str(config_file())
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "conflict-kg" / "store", "default"


def default_store_dir() -> Path:
    return store_location(None)[0]


def open_store(path: Path | None = None, create: bool = True, read_only: bool = False) -> ox.Store:
    """The persistent on-disk store (created on first use when `create`; never written when `read_only`).

    A folder that holds a database without a valid manifest is refused: RocksDB would
    start a new, empty database there and then delete the old table files.
    """
    path, origin = store_location(path)
    if (not create or read_only) and not path.is_dir():
        raise GraphError(f"{path}: no store here yet (from {origin}); build one with "
                         f"'kg build INPUT' (or name one with --store or ${STORE_ENV})")
    check_manifest(path)
    try:
        if read_only:
            return ox.Store.read_only(str(path))
        path.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except (OSError, RuntimeError) as err:
        if "lock" in str(err).lower():
            raise GraphError(f"{path}: the store is in use by another process "
                             "(a running 'kg build' or 'kg serve'); try again when it ends") from err
        raise GraphError(f"{path}: {explain(err) or f'cannot open the store: {err}; {REBUILD}'}") from err


#: how to recover from a damaged store
REBUILD = ("restore the store folder from a backup, or move it away and rebuild it with 'kg build' "
           "from the reports")
_FULL = ("No space left", "File too large", "Disk quota exceeded")


def explain(err: BaseException) -> str | None:
    """A clear message for an error of the storage engine: a damaged store or a full disk; else None."""
    text = str(err)
    if "Corruption" in text or "checksum mismatch" in text:
        return f"the store is damaged ({text.strip()}); {REBUILD}"
    if isinstance(err, OSError) and (err.errno in (28, 27, 122) or any(f in text for f in _FULL)):
        return (f"cannot write ({text.strip()}): the disk is full or a file size limit was reached; "
                "the store holds whole reports only: free some space and run the same command again")
    return None


def verify(db: ox.Store) -> int:
    """Read every quad through each of the store's indexes; the number of quads.

    RocksDB checks the checksum of every block it reads, so a damaged table file raises
    here (see `explain`); indexes that disagree on the number of quads are refused too.
    """
    subjects: set[ox.NamedNode | ox.BlankNode | ox.Triple] = set()
    predicates: set[ox.NamedNode] = set()
    total = 0
    for q in db.quads_for_pattern(None, None, None, None):
        total += 1
        subjects.add(q.subject)
        predicates.add(q.predicate)
    # not by object: pyoxigraph 0.5 answers (?, ?, integer literal, graph) with the quads of
    # larger integers too, so that count would not be the number of quads
    counts = {
        "subject": sum(1 for s in subjects for _ in db.quads_for_pattern(s, None, None, None)),
        "predicate": sum(1 for p in predicates for _ in db.quads_for_pattern(None, p, None, None)),
    }
    for index, count in counts.items():
        if count != total:
            raise GraphError(f"the store is damaged: its index by {index} holds {count} quads, its main "
                             f"index {total}; {REBUILD}")
    return total


def check_manifest(path: Path) -> None:
    """Refuse a store folder holding table files or logs whose manifest (CURRENT) is missing or broken."""
    if not path.is_dir():
        return
    names = {p.name for p in path.iterdir()}
    manifests = sorted(n for n in names if n.startswith("MANIFEST-"))
    if not manifests and not any(n.endswith((".sst", ".log")) and n != "LOG" for n in names):
        return  # an empty folder, or a new store: nothing to lose
    problem = _manifest_problem(path, names)
    if problem is None:
        return
    hint = (f"if the newest manifest is whole, write its name into CURRENT "
            f"(printf '{manifests[-1]}\\n' > {path / 'CURRENT'}) and check with 'kg stats --store {path}'; "
            if manifests else "")
    raise GraphError(f"{path}: the store's database has {problem}; it was left untouched. "
                     f"To recover: {hint}or restore the folder from a backup "
                     "(or move it away and rebuild with 'kg build')")


def _manifest_problem(path: Path, names: set[str]) -> str | None:
    if "CURRENT" not in names:
        return "table files but no CURRENT file (the pointer to its manifest)"
    try:
        named = (path / "CURRENT").read_text(encoding="ascii", errors="replace").strip()
        size = (path / named).stat().st_size if named.startswith("MANIFEST-") and named in names else 0
    except OSError as err:
        return f"a CURRENT file that cannot be read ({err.strerror or err})"
    if size == 0:
        return f"a CURRENT file naming {named[:40]!r}, which is not a manifest in the folder (or is empty)"
    return None


# ---------------------------------------------------------------- atomic writes

def report_hash(store: ox.Store, graph: ox.NamedNode) -> str | None:
    """The content hash recorded in a report's graph, or None if the store lacks the report."""
    for quad in store.quads_for_pattern(graph, CONTENT_HASH, None, graph):
        return str(quad.object.value)
    return None


def report_identity(store: ox.Store, graph: ox.NamedNode) -> tuple[str, str] | None:
    """The id and source file recorded in a report's graph, or None if the store lacks the report."""
    ids = [q.object.value for q in store.quads_for_pattern(None, IDENTIFIER, None, graph)]
    if not ids:
        return None
    sources = [q.object.value for q in store.quads_for_pattern(None, SOURCE, None, graph)]
    return min(ids), min(sources, default="")


def write_graph(store: ox.Store, graph: ox.NamedNode, nquads: bytes, extra: bytes = b"") -> None:
    """Put one report's graph (N-Quads, all in `graph`) and `extra` quads in ONE transaction.

    A graph the store already has is dropped in the same transaction, so readers and
    crashes see the old report or the new one, never a mix.
    """
    if store.contains_named_graph(graph):
        store.update(_replace_update(graph, nquads, extra))
    else:
        store.load(nquads + extra, ox.RdfFormat.N_QUADS, lenient=True)  # our own serializer's output


def add_new_graphs(store: ox.Store, nquads: bytes, count: int) -> None:
    """Add `count` quads of graphs the store does not hold yet: all of them or none.

    Up to BULK_BATCH_QUADS quads, Oxigraph's bulk loader parses the whole input first,
    then writes one sorted file per index and hands them all to RocksDB in a single
    IngestExternalFiles call, which records them in one manifest entry: a bad line, an
    error or a crash leaves none of the batch. Batches of about 100,000 quads cost about
    half the CPU of one transaction per report, compactions included. It does not drop
    what the store already holds, so the graphs must be new; a larger batch goes in a
    transaction.
    """
    if count < BULK_BATCH_QUADS:
        store.bulk_load(nquads, ox.RdfFormat.N_QUADS, lenient=True)  # our own serializer's output
    else:
        store.load(nquads, ox.RdfFormat.N_QUADS, lenient=True)


def _replace_update(graph: ox.NamedNode, nquads: bytes, extra: bytes) -> str:
    parts = [f"DROP SILENT GRAPH {graph} ;", "INSERT DATA {"]
    parts += _graph_blocks(ox.parse(nquads + extra, ox.RdfFormat.N_QUADS))
    parts.append("}")
    return "\n".join(parts)


def _graph_blocks(quads: Iterable[ox.Quad]) -> Iterator[str]:
    """SPARQL `GRAPH <g> { ... }` blocks (N-Triples syntax inside) for quads grouped by graph."""
    groups: dict[str, list[ox.Triple]] = {}
    for q in quads:
        groups.setdefault(str(q.graph_name), []).append(q.triple)
    for name, triples in groups.items():
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        assert body is not None  # serialize returns the bytes when given no output
        text = body.decode("utf-8")
        yield f"GRAPH {name} {{\n{text}}}"


def replace_graph(store: ox.Store, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
    """Replace one named graph by `quads` in one transaction."""
    write_graph(store, graph, ox.serialize(list(quads), format=ox.RdfFormat.N_QUADS) or b"")


def drop_graphs(store: ox.Store, graphs: Iterable[ox.NamedNode]) -> None:
    """Drop several named graphs in one transaction."""
    text = " ;\n".join(f"DROP SILENT GRAPH {g}" for g in graphs)
    if text:
        store.update(text)


def sync_graph(store: ox.Store, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> int:
    """Make `graph` hold exactly `quads` (one transaction for the difference); the number changed."""
    wanted = canonical(ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads)
    present = set(store.quads_for_pattern(None, None, None, graph))
    gone, new = present - wanted, wanted - present
    if not gone and not new:
        return 0
    parts = []
    if gone:
        parts += ["DELETE DATA {", *_graph_blocks(sorted(gone, key=str)), "} ;"]
    parts += ["INSERT DATA {", *_graph_blocks(sorted(new, key=str)), "}"]
    store.update("\n".join(parts))
    return len(gone) + len(new)


def graph_lines(store: ox.Store, graph: ox.NamedNode, batch: int = 50_000) -> Iterator[bytes]:
    """The N-Quads lines of one named graph, read in batches (memory stays flat)."""
    quads: list[ox.Quad] = []
    for quad in store.quads_for_pattern(None, None, None, graph):
        quads.append(quad)
        if len(quads) >= batch:
            yield from (ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"").splitlines()
            quads = []
    yield from (ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"").splitlines()


def reload_graph(store: ox.Store, graph: ox.NamedNode, nquads: BinaryIO, chunk: int = REPLACE_CHUNK_QUADS) -> None:
    """Drop `graph`, then load it from N-Quads lines (ours, all in `graph`) in atomic chunks.

    For graphs too large to rewrite in one transaction: the whole is not atomic, so the
    caller marks the store stale while it runs (see `summary.STALE`).
    """
    store.update(f"DROP SILENT GRAPH {graph}")
    lines: list[bytes] = []
    for line in nquads:
        lines.append(line)
        if len(lines) >= chunk:
            store.bulk_load(b"".join(lines), ox.RdfFormat.N_QUADS, lenient=True)
            lines = []
    if lines:
        store.bulk_load(b"".join(lines), ox.RdfFormat.N_QUADS, lenient=True)


def canonical(quads: Iterable[ox.Quad]) -> set[ox.Quad]:
    """Quads as the store keeps them (literals in canonical form: "35.70"^^xsd:decimal is 35.7)."""
    scratch = ox.Store()
    scratch.extend(quads)
    return set(scratch)


def named_graphs(store: ox.Store, prefix: str) -> Iterator[ox.NamedNode]:
    for g in store.named_graphs():
        if isinstance(g, ox.NamedNode) and g.value.startswith(prefix):
            yield g


# ---------------------------------------------------------------- export

def dump(store: ox.Store, target: Path | BinaryIO, fmt: ox.RdfFormat | None = None,
         graph: ox.NamedNode | None = None) -> None:
    """Write the store in any RDF format, at Oxigraph's speed.

    Dataset formats (N-Quads, TriG) keep the named graphs; triple formats write `graph`
    alone, or the union of all graphs (each triple once) when no graph is named.
    """
    if fmt is None:
        if not isinstance(target, Path):
            raise GraphError("name an RDF format to write to a stream")
        fmt = format_for(target)
    if isinstance(target, Path):
        with atomic_output(target) as out:
            _dump(store, out, fmt, graph)
    else:
        _dump(store, target, fmt, graph)


def _dump(store: ox.Store, out: BinaryIO, fmt: ox.RdfFormat, graph: ox.NamedNode | None) -> None:
    prefixes = _prefixes(fmt)
    if graph is not None and not store.contains_named_graph(graph):
        raise GraphError(f"the store has no graph {graph}")
    if fmt == ox.RdfFormat.N_QUADS and graph is None:
        dump_nquads(store, out)
    elif fmt.supports_datasets and graph is None:
        store.dump(out, fmt, prefixes=prefixes)
    elif graph is not None and not fmt.supports_datasets:
        store.dump(out, fmt, from_graph=graph, prefixes=prefixes)
    elif graph is not None:
        ox.serialize(store.quads_for_pattern(None, None, None, graph), out, fmt, prefixes=prefixes)
    else:
        union = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        assert isinstance(union, ox.QueryTriples)
        ox.serialize(union, out, fmt, prefixes=prefixes)


def dump_nquads(store: ox.Store, out: BinaryIO, threads: int | None = None, per_task: int = 64) -> None:
    """The whole store as N-Quads, its named graphs serialized in parallel threads.

    Oxigraph serializes one graph without holding the GIL, so threads use every core.
    Each graph is written as N-Triples (one triple per line, every line ending in
    " .\\n", newlines inside literals escaped) and its name is put before each line's
    final " .": the same quads as `Store.dump`, grouped by graph, in a stable order.
    """
    from concurrent.futures import ThreadPoolExecutor

    out.write(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b"")
    graphs = sorted(store.named_graphs(), key=str)
    tasks = [graphs[i:i + per_task] for i in range(0, len(graphs), per_task)]
    workers = threads or min(8, os.cpu_count() or 1)
    with ThreadPoolExecutor(workers, thread_name_prefix="kg-dump") as pool:
        for chunk in pool.map(lambda gs: _graphs_as_nquads(store, gs), tasks):
            out.write(chunk)


def _graphs_as_nquads(store: ox.Store, graphs: list[ox.NamedNode | ox.BlankNode]) -> bytes:
    parts = []
    for name in graphs:
        triples = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name) or b""
        parts.append(triples.replace(b" .\n", b" " + str(name).encode("utf-8") + b" .\n"))
    return b"".join(parts)


def stdout_binary() -> BinaryIO:
    return sys.stdout.buffer


def write_text(path: Path, text: str) -> None:
    """Write a text file atomically (a temporary file beside it, then a rename)."""
    with atomic_output(path) as out:
        out.write(text.encode("utf-8"))
