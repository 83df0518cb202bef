"""The whole flow for a corpus of reports: read -> nlp -> resolve -> map -> store.

Reports stream through in batches; nothing holds the whole corpus. An engine turns
batches of reports into `Built` results (each report's named graph as N-Quads): in
this process, in a pool of worker processes that each load the pipeline once, or on
a Dask cluster (`kg.cluster`). One writer gathers new reports and adds them to the
store in atomic bulk ingestions (a changed report: one transaction that replaces its
graph), so an interrupted build leaves whole reports only and the next run resumes:
a report whose content hash the store already holds is skipped before any parsing.
A file target (`-o`) is built in a temporary store and then exported.
"""

from __future__ import annotations

import logging
import multiprocessing
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import corpus, mapping, merge, paths, reader, store, userkb
from kg import kb as kb_module
from kg import summary as figures
from kg.inflight import windowed
from kg.records import Report

log = logging.getLogger(__name__)
REPORT_PREFIX = mapping.report_iri("x").value[:-1]
#: flush the store after this many bytes of N-Quads: its write-ahead log files are only
#: deleted once every column family is flushed, and would otherwise pile up on disk
FLUSH_BYTES = 32 * 1024 * 1024
#: new reports are ingested together once they hold this many quads (about 240 reports)
#: or the first of them has waited this long: few large index files keep RocksDB's
#: compactions cheap (each ingestion's files overlap all the keys already stored), and an
#: interruption costs at most that much finished work, which the next run redoes
INGEST_QUADS = 200_000
INGEST_SECONDS = 5.0


@dataclass
class Summary:
    reports: int = 0
    unchanged: int = 0
    triples: int = 0
    words: int = 0
    seconds: float = 0.0
    skipped: list[reader.Skipped] = field(default_factory=list)
    output: str = ""
    interrupted: bool = False

    def line(self) -> str:
        rate = self.reports / self.seconds if self.seconds else 0.0
        text = ("interrupted: " if self.interrupted else "") + (
                f"{self.reports} report(s) built, {self.unchanged} unchanged, "
                f"{len(self.skipped)} skipped, {self.triples} triples written, "
                f"{self.seconds:.1f} s ({rate:.1f} reports/s)")
        return text + (f" -> {self.output}" if self.output else "")


@dataclass(frozen=True)
class Options:
    default_date: date | None = None
    model: str | None = None
    max_bytes: int = reader.DEFAULT_MAX_BYTES
    any_language: bool = False
    batch_size: int = 16
    workers: int = 1
    jsonl: bool = False
    fields: corpus.Fields = field(default_factory=corpus.Fields)
    force: bool = False
    progress: bool | None = None
    cluster: str | None = None
    kb_files: tuple[Path, ...] = ()  # the user's own knowledge-base files (kg.userkb)

    def source(self) -> corpus.Source:
        return corpus.Source(self.default_date, self.max_bytes, self.any_language, self.jsonl, self.fields)


@dataclass(frozen=True)
class Built:
    """One report turned into RDF: its named graph as N-Quads and the curated entities it uses."""

    id: str
    graph: str
    sha256: str
    nquads: bytes
    triples: int
    words: int
    referenced: frozenset[str]


Outcome = Built | reader.Skipped
Engine = Callable[[Iterator[list[Report]]], Iterator[list[Outcome]]]


class Processor:
    """Loads the knowledge base and the pipeline once; turns batches of reports into `Built`."""

    def __init__(self, options: Options) -> None:
        from kg.nlp import DEFAULT_MODEL, Extractor
        from kg.resolve import Resolver

        self.options = options
        self.kb = userkb.load(options.kb_files)
        self.extractor = Extractor(self.kb, options.model or DEFAULT_MODEL)
        self.resolver = Resolver(self.kb)

    @classmethod
    def of(cls, options: Options, extractor: Any, resolver: Any) -> Processor:
        """A processor around an already loaded extractor and resolver (they share one knowledge base)."""
        made = cls.__new__(cls)
        made.options, made.kb, made.extractor, made.resolver = options, extractor.kb, extractor, resolver
        return made

    def process(self, reports: list[Report]) -> list[Outcome]:
        """Every report of the batch, in order; one that fails is skipped with its reason."""
        docs: list[Any]
        try:
            docs = [doc for doc, _ in self.extractor.parse(((r.text, None) for r in reports),
                                                           self.options.batch_size)]
        except Exception:  # one bad text must not cost the batch: retry one by one
            docs = [None] * len(reports)
        return [self._one(report, doc) for report, doc in zip(reports, docs)]

    def _one(self, report: Report, doc: Any) -> Outcome:
        try:
            doc = doc if doc is not None else self.extractor.parse_one(report.text)
            ext = self.extractor.records(doc, report)
            graph = mapping.report_graph(self.resolver.resolve(ext))
        except Exception as err:  # a report that breaks a rule is skipped, never the batch
            log.debug("failed on %s", report.meta.path, exc_info=True)
            where = report.meta.path or report.meta.id
            return reader.Skipped(where, f"{where}: extraction failed: {type(err).__name__}: {err}")
        used = frozenset(i for i in graph.iris if i in self.kb.entities)
        return Built(report.meta.id, mapping.report_iri(report.meta.id).value, report.sha256,
                     graph.nquads, graph.quads, len(report.text.split()), used)


# ---------------------------------------------------------------- engines

def local_engine(options: Options) -> Engine:
    """Everything in this process; the pipeline is loaded only when a report needs it."""
    def run(batches: Iterator[list[Report]]) -> Iterator[list[Outcome]]:
        processor: Processor | None = None
        for batch in batches:
            processor = processor or Processor(options)
            yield processor.process(batch)
    return run


_WORKER: dict[Options, Processor] = {}
_WORKER_LOCK = threading.Lock()


def process_batch(batch: list[Report], options: Options) -> list[Outcome]:
    """Run one batch in a worker process, loading the pipeline on its first batch only."""
    with _WORKER_LOCK:  # one pipeline per process; a worker with several threads takes turns
        processor = _WORKER.get(options)
        if processor is None:
            processor = _WORKER[options] = Processor(options)
        return processor.process(batch)


def _init_worker(options: Options) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops cleanly
    _WORKER[options] = Processor(options)


IN_FLIGHT = 8  # batches queued per worker: enough to keep it busy while this process ingests (GIL released)


def pool_engine(options: Options) -> Engine:
    """A pool of worker processes, each loading the pipeline once, fed a bounded window of batches.

    The parent only reads, checks hashes and writes, so writing overlaps the parsing.
    """
    def run(batches: Iterator[list[Report]]) -> Iterator[list[Outcome]]:
        pool = ProcessPoolExecutor(options.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init_worker, initargs=(options,))
        try:
            submit = lambda batch: pool.submit(process_batch, batch, options)  # noqa: E731
            yield from windowed(submit, batches, IN_FLIGHT * options.workers)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    return run


def engine_for(options: Options) -> Engine:
    if options.cluster:
        from kg import cluster

        return cluster.engine(options.cluster, process_batch, replace(options, cluster=None, progress=False))
    return pool_engine(options) if options.workers > 0 else local_engine(options)


# ---------------------------------------------------------------- the writer

class StoreWriter:
    """Writes whole reports, atomically, and keeps the knowledge-base graph in step."""

    def __init__(self, db: ox.Store, kb: kb_module.KnowledgeBase) -> None:
        self.db, self.kb = db, kb
        self.kb_quads = set(db.quads_for_pattern(None, None, None, mapping.KB_GRAPH))
        self.described = {q.subject.value for q in self.kb_quads if not isinstance(q.subject, ox.Triple)}
        self.unflushed = 0
        self.pending: list[Built] = []
        self.pending_quads = 0
        self.since = 0.0
        self.marked = False

    def _mark(self) -> None:
        """Before the first change, note in the store that its shared and derived graphs are due."""
        if not self.marked:
            self.db.add(figures.STALE)
            self.marked = True

    def write_batch(self, batch: list[Built]) -> int:
        """Changed reports replaced now; new ones queued for the next ingestion. Triples written."""
        written = 0
        for built in batch:
            if self.db.contains_named_graph(ox.NamedNode(built.graph)):
                written += self.write(built)
            else:
                self.since = self.since if self.pending else time.monotonic()
                self.pending.append(built)
                self.pending_quads += built.triples
        if self._due():
            written += self.ingest_pending()
        return written

    def _due(self) -> bool:
        waited = time.monotonic() - self.since if self.pending else 0.0
        return self.pending_quads >= INGEST_QUADS or waited >= INGEST_SECONDS

    def ingest_pending(self) -> int:
        """The queued new reports, with the descriptions they newly need, in one atomic ingestion."""
        if not self.pending:
            return 0
        self._mark()
        extra, added = self._descriptions(frozenset().union(*(b.referenced for b in self.pending)))
        count = self.pending_quads + added
        store.add_new_graphs(self.db, b"".join(b.nquads for b in self.pending) + extra, count)
        self.pending, self.pending_quads = [], 0
        return count

    def write(self, built: Built) -> int:
        """The report's graph, with the descriptions of entities new to the store, in one transaction."""
        self._mark()
        extra, added = self._descriptions(built.referenced)
        store.write_graph(self.db, ox.NamedNode(built.graph), built.nquads, extra)
        self.unflushed += len(built.nquads)
        if self.unflushed >= FLUSH_BYTES:
            self.db.flush()
            self.unflushed = 0
        return built.triples + added

    def _descriptions(self, referenced: frozenset[str]) -> tuple[bytes, int]:
        """N-Quads describing the curated entities the store does not describe yet, and their count."""
        new = referenced - self.described
        if not new:
            return b"", 0
        self.described |= new
        wanted = store.canonical(mapping.kb_quads(self.kb, self.described)) - self.kb_quads
        self.kb_quads |= wanted
        return ox.serialize(sorted(wanted, key=str), format=ox.RdfFormat.N_QUADS) or b"", len(wanted)

    def finish(self) -> int:
        return self.ingest_pending() + refresh_shared(self.db, self.kb)


def refresh_shared(db: ox.Store, kb: kb_module.KnowledgeBase) -> int:
    """Make the kb graph describe exactly what the report graphs use, and the ontology graph current."""
    used = {iri for iri in kb.entities if _used(db, ox.NamedNode(iri))}
    changed = store.sync_graph(db, mapping.KB_GRAPH, mapping.kb_quads(kb, used))
    ontology = mapping.ontology_quads(str(paths.ontology_file()), str(paths.crosswalk_file()))
    return changed + store.sync_graph(db, mapping.ONTOLOGY_GRAPH, ontology)


def _used(db: ox.Store, node: ox.NamedNode) -> bool:
    for pattern in ((None, None, node, None), (node, None, None, None)):
        for quad in db.quads_for_pattern(*pattern):
            if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value.startswith(REPORT_PREFIX):
                return True
    return False


# ---------------------------------------------------------------- the flow

def ingest(inputs: list[str | Path], db: ox.Store, options: Options, summary: Summary,
           engine: Engine | None = None) -> None:
    """Stream the inputs into an open store: unchanged reports skipped, the others replaced whole."""
    kb = userkb.load(options.kb_files)
    writer = StoreWriter(db, kb)
    try:
        total = corpus.count(inputs, options.source()) if _show_progress(options) else None
        with _Progress(options, total) as progress:
            todo = _fresh(corpus.stream(inputs, options.source()), db, options, summary, progress)
            for outcomes in (engine or engine_for(options))(corpus.batches(todo, options.batch_size)):
                built = [o for o in outcomes if isinstance(o, Built)]
                summary.triples += writer.write_batch(built)
                summary.reports += len(built)
                summary.words += sum(b.words for b in built)
                for outcome in outcomes:
                    if isinstance(outcome, reader.Skipped):
                        _skip(summary, outcome)
                    progress.advance()
        summary.triples += writer.finish()
        if summary.reports or figures.STALE in db or not db.contains_named_graph(figures.SUMMARY_GRAPH):
            summary.triples += refresh_derived(db, kb)
    except KeyboardInterrupt:  # the store holds whole reports only; the next run finishes the work
        summary.reports -= len(writer.pending)
        summary.interrupted = True
    db.flush()


def refresh_derived(db: ox.Store, kb: kb_module.KnowledgeBase) -> int:
    """Rebuild what is drawn from all the reports: the merged events, then the corpus figures."""
    return merge.apply(db, kb) + figures.refresh(db, kb)


def _fresh(items: Iterable[corpus.Item], db: ox.Store, options: Options, summary: Summary,
           progress: _Progress) -> Iterator[Report]:
    """The reports that need building: not skipped, and new or changed (unless forced)."""
    seen: dict[str, tuple[str, str]] = {}  # report graph -> (id, where it came from)
    for item in items:
        if isinstance(item, reader.Skipped):
            _skip(summary, item)
            progress.advance()
        elif (clash := _clash(item, seen, db)) is not None:
            _skip(summary, reader.Skipped(item.meta.path or item.meta.id, clash))
            progress.advance()
        elif not options.force and store.report_hash(db, mapping.report_iri(item.meta.id)) == item.sha256:
            summary.unchanged += 1
            progress.advance()
        else:
            seen[mapping.report_iri(item.meta.id).value] = (item.meta.id, item.meta.path or item.meta.id)
            yield item


def _clash(report: Report, seen: dict[str, tuple[str, str]], db: ox.Store) -> str | None:
    """Why the report's id cannot be used: another report of the batch or of the store has its graph."""
    where, graph = report.meta.path or report.meta.id, mapping.report_iri(report.meta.id)
    if graph.value in seen:
        other_id, other = seen[graph.value]
        if other_id == report.meta.id:
            return f"{where}: has the same id ({report.meta.id}) as {other} in this batch; give it another id"
        return (f"{where}: its id {report.meta.id!r} names the same report graph <{graph.value}> as the id "
                f"{other_id!r} of {other} in this batch; give it another id")
    known = store.report_identity(db, graph)
    if known is not None and known[0] != report.meta.id:
        return (f"{where}: its id {report.meta.id!r} names the same report graph <{graph.value}> as the id "
                f"{known[0]!r} (from {known[1] or 'an earlier build'}) already in the store; give it another "
                f"id, or drop that report first with 'kg remove {known[0]}'")
    return None


def _skip(summary: Summary, skipped: reader.Skipped) -> None:
    log.warning("skipped %s", skipped.reason)
    summary.skipped.append(skipped)


def build_store(inputs: list[str | Path], store_dir: Path | None, options: Options,
                engine: Engine | None = None) -> Summary:
    """Add the inputs to the persistent store: one named graph per report, replaced whole."""
    started = time.perf_counter()
    target, _ = store.store_location(store_dir)
    summary = Summary(output=str(target))
    db = store.open_store(target)
    try:
        ingest(inputs, db, options, summary, engine)
    finally:
        summary.seconds = time.perf_counter() - started
        del db
    return summary


def build_file(inputs: list[str | Path], output: Path, options: Options,
               engine: Engine | None = None) -> Summary:
    """Build a graph of the inputs in a temporary store, then write it to one file."""
    started = time.perf_counter()
    summary = Summary(output=str(output))
    fmt = store.format_for(output)
    scratch = tempfile.mkdtemp(prefix="kg-build-")
    try:
        db = ox.Store(scratch)
        ingest(inputs, db, options, summary, engine)
        if summary.reports:
            store.dump(db, output, fmt)
        del db
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    summary.seconds = time.perf_counter() - started
    return summary


def remove(ids: list[str], store_dir: Path | None,
           kb_files: tuple[Path, ...] = ()) -> tuple[list[str], list[str]]:
    """Drop the reports' graphs (one transaction) and trim the kb graph; (removed, unknown) ids."""
    db = store.open_store(store_dir, create=False)
    graphs = {rid: _graph_of(rid) for rid in ids}
    found = [rid for rid, g in graphs.items() if db.contains_named_graph(g)]
    if found:
        db.add(figures.STALE)
    store.drop_graphs(db, [graphs[rid] for rid in found])
    if found:
        kb = userkb.load(kb_files)
        refresh_shared(db, kb)
        refresh_derived(db, kb)
    db.flush()
    return found, [rid for rid in ids if rid not in found]


def _graph_of(rid: str) -> ox.NamedNode:
    return ox.NamedNode(rid) if rid.startswith(REPORT_PREFIX) else mapping.report_iri(rid)


# ---------------------------------------------------------------- progress

def _show_progress(options: Options) -> bool:
    return options.progress if options.progress is not None else sys.stderr.isatty()


class _Progress:
    """A rich progress bar with reports/s and ETA on a terminal; silent otherwise."""

    def __init__(self, options: Options, total: int | None) -> None:
        self.bar: Any = None
        self.task: Any = None
        if _show_progress(options):
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TaskProgressColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.bar = Progress(TextColumn("building"), BarColumn(), MofNCompleteColumn(),
                                TaskProgressColumn(), TextColumn("{task.fields[rate]}"),
                                TimeElapsedColumn(), TimeRemainingColumn(),
                                console=Console(stderr=True), transient=False)
            self.task = self.bar.add_task("build", total=total, rate="")

    def __enter__(self) -> _Progress:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)
            speed = self.bar.tasks[0].speed
            self.bar.update(self.task, rate=f"{speed:.1f} reports/s" if speed else "")
