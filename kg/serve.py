"""Serve a graph as a read-only SPARQL 1.1 Protocol endpoint (in-process, over pyoxigraph).

GET and POST queries at /sparql (and /query); SELECT and ASK results as JSON, XML, CSV
or TSV, CONSTRUCT and DESCRIBE as Turtle, N-Triples, RDF/XML or JSON-LD, chosen by the
Accept header. Queries see the union of all named graphs unless the request names a
dataset (default-graph-uri, named-graph-uri).

Guards: SPARQL Update is refused (403), SERVICE is refused (403) unless federation is
allowed, each query gets a time limit (503 when it runs over) and results are capped at
`max_rows` (the response then carries `X-Result-Truncated: true`). A query that runs over
its time limit inside the engine is abandoned, not stopped: its worker finishes in the
background and at most `workers` queries run at once.

Why in-process rather than `oxigraph serve-read-only`: that server has a timeout and a
read-only mode, but no result cap and no way to turn SERVICE off, and it needs an on-disk
store (README, "Serving" has the measured throughput of both).
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TypeVar
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg.errors import Refusal
from kg.store import PREFIXES

_Item = TypeVar("_Item")

__all__ = ["Options", "make_server", "serve", "background", "uses_service"]

log = logging.getLogger("kg.serve")
PATHS = ("/sparql", "/query", "/")
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
FORMAT_PARAM = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                "ntriples": "application/n-triples", "nt": "application/n-triples"}
_LEXICAL = re.compile(r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                      r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>', re.S)
_SERVICE = re.compile(r"\bSERVICE\b", re.I)


@dataclass(frozen=True)
class Options:
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 30.0
    max_rows: int = 10_000
    allow_federation: bool = False
    workers: int = 4


def _code_only(query: str) -> str:
    """The query without comments, strings and IRIs, so keywords inside them do not count."""
    return _LEXICAL.sub(" ", query)


def uses_service(query: str) -> bool:
    return bool(_SERVICE.search(_code_only(query)))


@dataclass
class Answer:
    status: HTTPStatus
    body: bytes
    content_type: str
    truncated: bool = False


class Engine:
    """Runs one query under the guards and renders its results for an Accept header."""

    def __init__(self, store: ox.Store, options: Options) -> None:
        self.store = store
        self.options = options
        self.pool = ThreadPoolExecutor(max_workers=options.workers, thread_name_prefix="sparql")

    def answer(self, query: str, accept: str, dataset: dict[str, list[str]]) -> Answer:
        if uses_service(query) and not self.options.allow_federation:
            raise Refusal(HTTPStatus.FORBIDDEN, "SERVICE (federated query) is disabled on this "
                                                "endpoint; start it with --allow-federation")
        deadline = time.monotonic() + self.options.timeout
        future = self.pool.submit(self._run, query, accept, dataset, deadline)
        try:
            return future.result(timeout=self.options.timeout)
        except FutureTimeout:
            raise Refusal(HTTPStatus.SERVICE_UNAVAILABLE,
                          f"the query ran over the time limit of {self.options.timeout:g} s") from None

    def _run(self, query: str, accept: str, dataset: dict[str, list[str]], deadline: float) -> Answer:
        kwargs: dict[str, object] = {"prefixes": PREFIXES}
        if dataset.get("default-graph-uri") or dataset.get("named-graph-uri"):
            kwargs["default_graph"] = [ox.NamedNode(g) for g in dataset.get("default-graph-uri", [])] \
                or ox.DefaultGraph()
            if dataset.get("named-graph-uri"):
                kwargs["named_graphs"] = [ox.NamedNode(g) for g in dataset["named-graph-uri"]]
        else:
            kwargs["use_default_graph_as_union"] = True
        try:
            result = self.store.query(query, **kwargs)  # type: ignore[arg-type]
        except SyntaxError as err:
            raise Refusal(HTTPStatus.BAD_REQUEST, f"not a valid SPARQL query: {err}") from None
        except (OSError, RuntimeError, ValueError) as err:
            raise Refusal(HTTPStatus.INTERNAL_SERVER_ERROR, f"the query failed: {err}") from None
        try:
            if isinstance(result, ox.QueryBoolean):
                return self._boolean(bool(result), accept)
            if isinstance(result, ox.QueryTriples):
                return self._graph(result, accept, deadline)
            return self._solutions(result, accept, deadline)
        except (OSError, RuntimeError) as err:
            raise Refusal(HTTPStatus.INTERNAL_SERVER_ERROR, f"the query failed: {err}") from None

    def _take(self, items: Iterable[_Item], deadline: float) -> tuple[list[_Item], bool]:
        out: list[_Item] = []
        for item in items:
            if len(out) >= self.options.max_rows:
                return out, True
            if time.monotonic() > deadline:
                raise Refusal(HTTPStatus.SERVICE_UNAVAILABLE,
                              f"the query ran over the time limit of {self.options.timeout:g} s")
            out.append(item)
        return out, False

    def _solutions(self, result: ox.QuerySolutions, accept: str, deadline: float) -> Answer:
        mime, fmt = negotiate(accept, RESULTS, "application/sparql-results+json")
        names = [v.value for v in result.variables]
        rows, truncated = self._take(result, deadline)
        doc = {"head": {"vars": names}, "results": {"bindings": [
            {n: _json_term(row[n]) for n in names if row[n] is not None} for row in rows]}}
        body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
        if fmt != ox.QueryResultsFormat.JSON:
            body = _results(body, fmt)
        return Answer(HTTPStatus.OK, body, _with_charset(mime), truncated)

    def _boolean(self, value: bool, accept: str) -> Answer:
        mime, fmt = negotiate(accept, RESULTS, "application/sparql-results+json")
        doc = json.dumps({"head": {}, "boolean": value}).encode("utf-8")
        return Answer(HTTPStatus.OK, _results(doc, fmt), _with_charset(mime))

    def _graph(self, result: ox.QueryTriples, accept: str, deadline: float) -> Answer:
        mime, fmt = negotiate(accept, GRAPHS, "text/turtle")
        triples, truncated = self._take(result, deadline)
        prefixes = PREFIXES if fmt == ox.RdfFormat.TURTLE else None
        body = ox.serialize(triples, format=fmt, prefixes=prefixes)
        return Answer(HTTPStatus.OK, body or b"", _with_charset(mime), truncated)


def _json_term(term) -> dict[str, str]:  # type: ignore[no-untyped-def]
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


def negotiate(accept: str, table: dict, default: str):  # type: ignore[no-untyped-def,type-arg]
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
    raise Refusal(HTTPStatus.NOT_ACCEPTABLE, f"cannot answer in {accept!r}; use one of "
                                             + ", ".join(sorted(table)))


class Handler(BaseHTTPRequestHandler):
    """The SPARQL 1.1 Protocol over one Engine (set on the server)."""

    server_version = "conflict-kg"
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        params = parse_qs(parts.query, keep_blank_values=True)
        self._dispatch(parts.path, params, None)

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        params = parse_qs(parts.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind == "application/x-www-form-urlencoded":
            for key, values in parse_qs(body, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
            body = ""
        elif kind == "application/sparql-update":
            params["update"] = [body]
            body = ""
        self._dispatch(parts.path, params, body if kind == "application/sparql-query" else None)

    def do_PUT(self) -> None:
        self._send(Answer(HTTPStatus.METHOD_NOT_ALLOWED, b"this endpoint is read-only\n", "text/plain"))

    do_DELETE = do_PUT
    do_PATCH = do_PUT

    def _dispatch(self, path: str, params: dict[str, list[str]], body: str | None) -> None:
        if path.rstrip("/") not in {p.rstrip("/") for p in PATHS}:
            return self._send(Answer(HTTPStatus.NOT_FOUND, b"SPARQL endpoint: /sparql\n", "text/plain"))
        try:
            if "update" in params:
                raise Refusal(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused")
            query = body if body is not None else (params.get("query") or [""])[0]
            if not query.strip():
                raise Refusal(HTTPStatus.BAD_REQUEST, "no query: send query=... (GET or POST)")
            accept = self.headers.get("Accept") or ""
            fmt = (params.get("format") or params.get("output") or [""])[0].lower()
            if fmt in FORMAT_PARAM and accept.strip() in ("", "*/*"):
                accept = FORMAT_PARAM[fmt]
            self._send(self.server.engine.answer(query, accept, params))  # type: ignore[attr-defined]
        except Refusal as err:
            self._send(Answer(err.status, (str(err) + "\n").encode("utf-8"), "text/plain; charset=utf-8"))

    def _send(self, answer: Answer) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        if answer.truncated:
            self.send_header("X-Result-Truncated", "true")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        log.info("%s %s", self.address_string(), format % args)


def make_server(store: ox.Store, options: Options) -> ThreadingHTTPServer:
    """A bound (not yet running) server; port 0 picks a free port (see server.server_port)."""
    server = ThreadingHTTPServer((options.host, options.port), Handler)
    server.daemon_threads = True
    server.engine = Engine(store, options)  # type: ignore[attr-defined]
    return server


def _results(json_results: bytes, fmt: ox.QueryResultsFormat) -> bytes:
    """SPARQL JSON results rewritten in another results format."""
    out = ox.parse_query_results(json_results, format=ox.QueryResultsFormat.JSON).serialize(format=fmt)
    assert out is not None  # serialize returns the bytes when given no output
    return out


def _url(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    name = host.decode() if isinstance(host, bytes) else host
    return f"http://{name}:{port}/sparql"


def serve(store: ox.Store, options: Options, ready: Callable[[str], None] | None = None) -> None:
    """Serve until interrupted; `ready` gets the endpoint URL once the socket listens."""
    server = make_server(store, options)
    if ready:
        ready(_url(server))
    try:
        server.serve_forever()
    finally:
        server.server_close()
        server.engine.pool.shutdown(wait=False, cancel_futures=True)  # type: ignore[attr-defined]


def background(store: ox.Store, options: Options) -> tuple[ThreadingHTTPServer, str]:
    """Start a server in a daemon thread (for tests and benchmarks); returns it and its URL."""
    server = make_server(store, options)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, _url(server)
