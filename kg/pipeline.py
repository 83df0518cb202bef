"""The whole flow for a batch of reports: read -> nlp -> resolve -> map -> store.

`build` is the library function behind `kg build`; the CLI only checks arguments.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from kg import kb as kb_module
from kg import mapping, merge, paths, reader, store
from kg.nlp import DEFAULT_MODEL, Extractor
from kg.records import Report
from kg.resolve import Resolver

log = logging.getLogger(__name__)


@dataclass
class Summary:
    reports: int = 0
    unchanged: int = 0
    triples: int = 0
    seconds: float = 0.0
    skipped: list[reader.Skipped] = field(default_factory=list)
    output: str = ""

    def line(self) -> str:
        text = (f"{self.reports} report(s) built, {self.unchanged} unchanged, "
                f"{len(self.skipped)} skipped, {self.triples} triples, {self.seconds:.1f} s")
        return text + (f" -> {self.output}" if self.output else "")


@dataclass
class Options:
    default_date: date | None = None
    model: str = DEFAULT_MODEL
    max_bytes: int = reader.DEFAULT_MAX_BYTES
    any_language: bool = False
    batch_size: int = 32


class Builder:
    """Loads the knowledge base and the pipeline once; turns reports into quads."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.kb = kb_module.load()
        self.extractor = Extractor(self.kb, options.model)
        self.resolver = Resolver(self.kb)

    def quads(self, reports: list[Report]) -> Iterator[tuple[Report, list[ox.Quad]]]:
        for ext in self.extractor.extract_many(reports, batch_size=self.options.batch_size):
            yield ext.report, mapping.report_quads(self.resolver.resolve(ext))

    def shared_quads(self, referenced: set[str]) -> list[ox.Quad]:
        """The knowledge-base descriptions of what the reports mention, and the ontology."""
        kb = list(mapping.kb_quads(self.kb, referenced))
        return kb + list(mapping.ontology_quads(str(paths.ontology_file()), str(paths.crosswalk_file())))


def read_all(inputs: list[Path], options: Options, summary: Summary) -> list[Report]:
    """Every readable report; the others are skipped with their reason."""
    reports: list[Report] = []
    for path in reader.iter_paths(inputs):
        try:
            reports.append(reader.read_report(path, options.default_date, options.max_bytes,
                                              options.any_language))
        except reader.InputError as err:
            log.warning("skipped %s", err)
            summary.skipped.append(reader.Skipped(str(path), str(err)))
    return reports


def build_file(inputs: list[Path], output: Path, options: Options) -> Summary:
    """Build a graph of the inputs and write it to one file (format by extension)."""
    started = time.perf_counter()
    summary = Summary(output=str(output))
    store.format_for(output)
    reports = read_all(inputs, options, summary)
    if reports:
        builder = Builder(options)
        db = ox.Store()
        referenced: set[str] = set()
        for _, quads in builder.quads(reports):
            db.extend(quads)
            referenced |= mapping.referenced(quads)
            summary.reports += 1
        db.extend(builder.shared_quads(referenced))
        merge.apply(db, builder.kb)
        summary.triples = store.write_quads(db.quads_for_pattern(None, None, None, None), output)
    summary.seconds = time.perf_counter() - started
    return summary


def build_store(inputs: list[Path], store_dir: Path | None, options: Options) -> Summary:
    """Add the inputs to the persistent store: one named graph per report, replaced whole."""
    started = time.perf_counter()
    target = store_dir or store.default_store_dir()
    summary = Summary(output=str(target))
    reports = read_all(inputs, options, summary)
    if not reports:
        summary.seconds = time.perf_counter() - started
        return summary
    db = store.open_store(target)
    fresh = [r for r in reports if not _unchanged(db, r)]
    summary.unchanged = len(reports) - len(fresh)
    if fresh:
        builder = Builder(options)
        for report, quads in builder.quads(fresh):
            store.replace_graph(db, mapping.report_iri(report.meta.id), quads)
            summary.reports += 1
        _refresh_shared(db, builder)
        merge.apply(db, builder.kb)
        db.flush()
    summary.triples = len(db)
    summary.seconds = time.perf_counter() - started
    return summary


def _unchanged(db: ox.Store, report: Report) -> bool:
    graph = mapping.report_iri(report.meta.id)
    found = db.quads_for_pattern(graph, ox.NamedNode(mapping.ckg("contentHash").value), None, graph)
    return any(q.object.value == report.sha256 for q in found)


def _refresh_shared(db: ox.Store, builder: Builder) -> None:
    reports = [g for g in db.named_graphs() if isinstance(g, ox.NamedNode) and "/report/" in g.value]
    referenced: set[str] = set()
    for g in reports:
        referenced |= mapping.referenced(db.quads_for_pattern(None, None, None, g))
    shared = builder.shared_quads(referenced)
    for graph in (mapping.KB_GRAPH, mapping.ONTOLOGY_GRAPH):
        store.replace_graph(db, graph, [q for q in shared if q.graph_name == graph])
