"""Query workers for the endpoint: each query runs in a worker process that a time limit kills.

A worker opens the data itself (the on-disk store read-only, or an N-Quads copy of an
in-memory graph), then takes queries one at a time over a socket pair and sends back the
rendered answer, as JSON and bytes: the server never unpickles what a worker sends. Inside it,
memory is capped (RLIMIT_AS: what it holds after loading, plus `memory_mb`) and, unless
federation is allowed, no internet socket can be opened (kg.guard.forbid_network). A query
that runs over its time limit, or a worker that dies (over its memory cap), is answered 503 and
the worker is killed and replaced: its memory goes back to the system at once and the endpoint
keeps answering.

Errors:

    PoolError    a worker could not open the data, so the endpoint cannot start
"""

from __future__ import annotations

import functools
import json
import logging
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from http import HTTPStatus
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Literal

import pyoxigraph as ox

from kg import guard
from kg.errors import PoolError, Refusal
from kg.store import PREFIXES

__all__ = ["Limits", "Job", "Answer", "Refusal", "Pool", "PoolError", "negotiate", "RESULTS", "GRAPHS"]

log = logging.getLogger("kg.serve")
Kind = Literal["store", "nquads"]
RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON, "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML, "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML, "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPHS = {
    "text/turtle": ox.RdfFormat.TURTLE, "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD,
}
STARTUP_SECONDS = 300.0
CACHED_QUERY_CHARS = 10_000
MESSAGE_BYTES = 1_000_000  # a job's or a head's largest size on the pipe, beyond the body caps
WAIT_FOR_WORKER = 30.0  # seconds a request waits for a free worker beyond the query time limit
REMOVE_TRIES = 40  # attempts at removing the store copy, 50 ms apart


@dataclass(frozen=True)
class Limits:
    timeout: float = 30.0
    max_rows: int = 10_000
    max_bytes: int = 10_000_000
    memory_mb: int = 1024
    allow_federation: bool = False


@dataclass(frozen=True)
class Job:
    query: str
    accept: str = ""
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    content_type: str
    truncated: bool = False


def _read_answer(conn: Connection, limits: Limits) -> Answer:
    """An answer from a worker: a JSON head, then the body (plain data: nothing a worker sends is unpickled)."""
    head = json.loads(conn.recv_bytes(MESSAGE_BYTES))
    body = conn.recv_bytes(MESSAGE_BYTES + 4 * limits.max_bytes)
    return Answer(int(head["status"]), body, str(head["content_type"]), bool(head["truncated"]))


def text_answer(status: HTTPStatus, message: str) -> Answer:
    return Answer(int(status), (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")


# ---------------------------------------------------------------- the parent's side

class Pool:
    """A fixed number of query workers; `answer` runs one job on an idle one under the time limit."""

    def __init__(self, source: str, kind: Kind, limits: Limits, size: int, cleanup: Path | None = None) -> None:
        self.source, self.kind, self.limits = source, kind, limits
        self.cleanup = cleanup
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.closed = False
        self.replaced = 0
        started = [_Worker.start(self) for _ in range(size)]
        try:
            for worker in started:
                worker.wait_ready()
                self.idle.put(worker)
        except BaseException:  # PoolError, or the server stopped while starting
            for worker in started:
                worker.kill()
            self._remove_copy()
            raise

    @classmethod
    def of_store(cls, store: ox.Store, limits: Limits, size: int) -> Pool:
        """Workers over an in-memory store: each loads an N-Quads copy written once here."""
        folder = Path(tempfile.mkdtemp(prefix="kg-serve-"))
        copy = folder / "data.nq"
        try:
            store.dump(str(copy), ox.RdfFormat.N_QUADS)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return cls(str(copy), "nquads", limits, size, cleanup=folder)

    def answer(self, job: Job) -> Answer:
        try:  # a worker being replaced may take some seconds to start: wait for it, then give up
            worker = self.idle.get(timeout=self.limits.timeout + WAIT_FOR_WORKER)
        except queue.Empty:
            return text_answer(HTTPStatus.SERVICE_UNAVAILABLE, "every query worker is busy; try again later")
        try:
            worker.conn.send_bytes(json.dumps(asdict(job)).encode("utf-8"))
            if worker.conn.poll(self.limits.timeout):
                answer = _read_answer(worker.conn, self.limits)
                if self.closed:
                    worker.kill()
                else:
                    self.idle.put(worker)
                return answer
            message = f"the query ran over the time limit of {self.limits.timeout:g} s and was stopped"
        except (EOFError, OSError):
            message = (f"the query was stopped: its worker ended (most likely it needed more than the "
                       f"{self.limits.memory_mb} MB memory cap per query)")
        self._replace(worker)
        return text_answer(HTTPStatus.SERVICE_UNAVAILABLE, message)

    def pids(self) -> list[int]:
        """The process ids of the idle workers (for tests and benchmarks)."""
        return [w.process.pid for w in list(self.idle.queue)]

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self.replaced += 1
        threading.Thread(target=self._start_one, name="kg-worker-start", daemon=True).start()

    def _start_one(self) -> None:
        if self.closed:
            return
        worker = _Worker.start(self)
        try:
            worker.wait_ready()
        except PoolError as err:
            log.error("a query worker could not start: %s", err)
            return
        if self.closed:
            worker.kill()
        else:
            self.idle.put(worker)

    def close(self) -> None:
        self.closed = True
        while True:
            try:
                self.idle.get_nowait().kill()
            except queue.Empty:
                break
        self._remove_copy()

    def _remove_copy(self) -> None:
        """Remove the store copy; again while a worker that was still starting adds files to it."""
        if self.cleanup is None:
            return
        for _ in range(REMOVE_TRIES):
            shutil.rmtree(self.cleanup, ignore_errors=True)
            if not self.cleanup.exists():
                return
            time.sleep(0.05)


@dataclass
class _Worker:
    process: subprocess.Popen  # type: ignore[type-arg]
    conn: Connection

    @classmethod
    def start(cls, pool: Pool) -> _Worker:
        """A fresh interpreter running `main` (no fork of this threaded process, no re-import of its main)."""
        ours, theirs = socket.socketpair()
        limits = json.dumps(asdict(pool.limits))
        package_root = str(Path(__file__).resolve().parent.parent)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        process = subprocess.Popen(
            [sys.executable, "-c", "import sys; from kg.sandbox import main; main(sys.argv[1:])",
             str(theirs.fileno()), pool.source, pool.kind, limits],
            pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, env=env)
        theirs.close()
        return cls(process, Connection(ours.detach()))

    def wait_ready(self) -> None:
        try:
            if not self.conn.poll(STARTUP_SECONDS):
                raise PoolError(f"a query worker did not start within {STARTUP_SECONDS:g} s")
            kind, detail = json.loads(self.conn.recv_bytes(MESSAGE_BYTES))
        except (EOFError, OSError):
            self.kill()
            raise PoolError("a query worker ended while opening the data") from None
        if kind != "ready":
            self.kill()
            raise PoolError(detail)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        self.conn.close()


# ---------------------------------------------------------------- the worker's side

def main(argv: list[str]) -> None:
    """Entry of a worker process: FD SOURCE KIND LIMITS-JSON."""
    fd, source, kind, limits = argv
    work(Connection(int(fd)), source, kind, Limits(**json.loads(limits)))  # type: ignore[arg-type]


def work(conn: Connection, source: str, kind: Kind, limits: Limits) -> None:
    """A worker's life: open the data, lock itself down, answer jobs until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which ends the workers
    try:
        store = _open(source, kind)
        _checked("ASK {}", False)  # load the checking parser before the memory cap is measured
        if not limits.allow_federation:
            guard.forbid_network()
        _cap_memory(limits.memory_mb)
    except (OSError, ValueError, SyntaxError) as err:
        conn.send_bytes(json.dumps(["error", f"{source}: cannot open the data: {err}"]).encode("utf-8"))
        return
    conn.send_bytes(json.dumps(["ready", os.getpid()]).encode("utf-8"))
    while True:
        try:
            fields = json.loads(conn.recv_bytes(MESSAGE_BYTES + limits.max_bytes))
        except (EOFError, OSError):
            return
        job = Job(fields["query"], fields["accept"], tuple(fields["default_graphs"]), tuple(fields["named_graphs"]))
        answer = evaluate(store, job, limits)
        head = {"status": answer.status, "content_type": answer.content_type, "truncated": answer.truncated}
        conn.send_bytes(json.dumps(head).encode("utf-8"))
        conn.send_bytes(answer.body)


def _open(source: str, kind: Kind) -> ox.Store:
    if kind == "store":
        return ox.Store.read_only(source)
    store = ox.Store()
    store.bulk_load(path=source, format=ox.RdfFormat.N_QUADS)
    return store


def _cap_memory(memory_mb: int) -> None:
    """Cap the address space at what the worker holds now plus `memory_mb` (where the OS allows)."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            now = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = now + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    except (ImportError, OSError, ValueError):
        log.warning("no memory cap per query on this system")


def _verdict(text: str, allow_federation: bool) -> tuple[int, str] | None:
    """The guard's verdict on a query text; short texts are cached (clients repeat their queries)."""
    return _checked(text, allow_federation) if len(text) <= CACHED_QUERY_CHARS else _check(text, allow_federation)


@functools.lru_cache(maxsize=512)
def _checked(text: str, allow_federation: bool) -> tuple[int, str] | None:
    return _check(text, allow_federation)


def _check(text: str, allow_federation: bool) -> tuple[int, str] | None:
    try:
        guard.check(text, allow_federation)
    except guard.ServiceRefused as err:
        return int(HTTPStatus.FORBIDDEN), str(err)
    except guard.Unchecked as err:
        return int(HTTPStatus.BAD_REQUEST), str(err)
    return None


def evaluate(store: ox.Store, job: Job, limits: Limits) -> Answer:
    """One job's answer: guard, run, render under the row and byte caps."""
    verdict = _verdict(job.query, limits.allow_federation)
    if verdict is not None:
        return text_answer(HTTPStatus(verdict[0]), verdict[1])
    try:
        result = store.query(job.query, **_dataset(job))  # type: ignore[arg-type]
        if isinstance(result, ox.QueryBoolean):
            return _boolean(bool(result), job.accept)
        if isinstance(result, ox.QueryTriples):
            return _graph(result, job.accept, limits)
        return _solutions(result, job.accept, limits)
    except Refusal as err:
        return text_answer(err.status, str(err))
    except SyntaxError as err:
        return text_answer(HTTPStatus.BAD_REQUEST, f"not a valid SPARQL query: {err}")
    except PermissionError:
        return text_answer(HTTPStatus.FORBIDDEN, "the query tried to reach another host (SERVICE), "
                                                 "and federation is disabled on this endpoint")
    except MemoryError:
        return text_answer(HTTPStatus.SERVICE_UNAVAILABLE, f"the query needed more than the "
                                                           f"{limits.memory_mb} MB memory cap per query")
    except (OSError, RuntimeError, ValueError) as err:
        return text_answer(HTTPStatus.INTERNAL_SERVER_ERROR, f"the query failed: {err}")


def _dataset(job: Job) -> dict[str, object]:
    kwargs: dict[str, object] = {"prefixes": PREFIXES}
    if job.default_graphs or job.named_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs] or ox.DefaultGraph()
        if job.named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    else:
        kwargs["use_default_graph_as_union"] = True
    return kwargs


def _take(items: Any, limits: Limits, size: Any) -> tuple[list[Any], bool]:
    """At most max_rows items whose rendered size stays within max_bytes; True if some were left out."""
    out: list[Any] = []
    total = 0
    for item in items:
        total += size(item)
        if len(out) >= limits.max_rows or total > limits.max_bytes:
            return out, True
        out.append(item)
    return out, False


def _solutions(result: ox.QuerySolutions, accept: str, limits: Limits) -> Answer:
    mime, fmt = negotiate(accept, RESULTS, "application/sparql-results+json")
    names = [v.value for v in result.variables]
    rows = ({n: _json_term(row[n]) for n in names if row[n] is not None} for row in result)
    kept, truncated = _take(rows, limits, lambda row: len(json.dumps(row, ensure_ascii=False)) + 2)
    doc = {"head": {"vars": names}, "results": {"bindings": kept}}
    body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if fmt != ox.QueryResultsFormat.JSON:
        body = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(format=fmt) or b""
    return Answer(int(HTTPStatus.OK), body, _with_charset(mime), truncated)


def _boolean(value: bool, accept: str) -> Answer:
    mime, fmt = negotiate(accept, RESULTS, "application/sparql-results+json")
    doc = json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    body = ox.parse_query_results(doc, format=ox.QueryResultsFormat.JSON).serialize(format=fmt) or b""
    return Answer(int(HTTPStatus.OK), body, _with_charset(mime))


def _graph(result: ox.QueryTriples, accept: str, limits: Limits) -> Answer:
    mime, fmt = negotiate(accept, GRAPHS, "text/turtle")
    triples, truncated = _take(result, limits, lambda t: len(str(t)) + 3)
    prefixes = PREFIXES if fmt == ox.RdfFormat.TURTLE else None
    body = ox.serialize(triples, format=fmt, prefixes=prefixes)
    return Answer(int(HTTPStatus.OK), body or b"", _with_charset(mime), truncated)


def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}


def _with_charset(mime: str) -> str:
    return f"{mime}; charset=utf-8" if mime.startswith("text/") or "json" in mime or "xml" in mime else mime


def negotiate(accept: str, table: dict[str, Any], default: str) -> tuple[str, Any]:
    """The best (mime, format) of `table` for an Accept header; `default` for */* or none."""
    ranked = []
    for i, part in enumerate(a for a in (accept or "*/*").split(",") if a.strip()):
        mime, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        ranked.append((-q, i, mime.lower()))
    for _, _, mime in sorted(ranked):
        if mime in table:
            return mime, table[mime]
        if mime in ("*/*", "application/*", "text/*") or mime.endswith("/*"):
            return default, table[default]
    raise Refusal(HTTPStatus.NOT_ACCEPTABLE, f"cannot answer in {accept[:200]!r}; use one of "
                                             + ", ".join(sorted(table)))

