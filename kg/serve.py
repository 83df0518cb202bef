"""Serve a graph as a read-only SPARQL 1.1 Protocol endpoint (waitress over query workers).

GET and POST queries at /sparql (and /query); SELECT and ASK results as JSON, XML, CSV
or TSV, CONSTRUCT and DESCRIBE as Turtle, N-Triples, RDF/XML or JSON-LD, chosen by the
Accept header. Queries see the union of all named graphs unless the request names a
dataset (default-graph-uri, named-graph-uri).

Guards:
- HTTP (waitress, a maintained WSGI server): a listen backlog of `backlog`, idle
  connections closed after `idle_timeout` s, request bodies over `max_request_bytes`
  refused (413), a malformed Content-Length refused (400).
- Who may ask: the Host header must name this endpoint (loopback names, the bound address,
  or one given with `allowed_hosts`), so a page whose name resolves here (DNS rebinding)
  is refused (421); a browser's cross-origin request is refused (403) unless its Origin is
  in `allowed_origins`.
- What a query may do: SPARQL Update is refused (403); SERVICE is refused (403) on the
  parsed query unless federation is allowed (kg.guard); each query runs in a worker
  process (kg.sandbox) that is killed when it runs over `timeout` (503) or its memory cap;
  answers are capped at `max_rows` rows and `max_response_bytes` bytes (the response then
  carries `X-Result-Truncated: true`).

Why not `oxigraph serve-read-only`: it has a timeout and a read-only mode, but no result
cap, no way to turn SERVICE off, and it needs an on-disk store.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg import guard
from kg.sandbox import GRAPHS, RESULTS, Answer, Job, Limits, Pool, PoolError, Refusal, negotiate, text_answer

__all__ = ["Options", "Server", "make_server", "serve", "background", "uses_service", "negotiate",
           "Refusal", "PoolError", "RESULTS", "GRAPHS", "is_public"]

log = logging.getLogger("kg.serve")
PATHS = {"/sparql", "/query", ""}
LOOPBACK = ("127.0.0.1", "localhost", "::1")
FORMAT_PARAM = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                "ntriples": "application/n-triples", "nt": "application/n-triples"}
MAX_FIELDS = 1000
StartResponse = Callable[[str, list[tuple[str, str]]], Any]


@dataclass(frozen=True)
class Options:
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 30.0
    max_rows: int = 10_000
    allow_federation: bool = False
    workers: int = 4
    memory_mb: int = 1024
    max_response_bytes: int = 10_000_000
    max_request_bytes: int = 1_000_000
    idle_timeout: float = 30.0
    backlog: int = 1024
    allowed_hosts: tuple[str, ...] = ()
    allowed_origins: tuple[str, ...] = ()

    def limits(self) -> Limits:
        return Limits(self.timeout, self.max_rows, self.max_response_bytes, self.memory_mb, self.allow_federation)


def uses_service(query: str) -> bool:
    """Whether a query holds a SERVICE clause, on its parse tree (an unreadable query counts as one)."""
    try:
        guard.check(query)
    except guard.GuardError:
        return True
    return False


def is_public(host: str) -> bool:
    """Whether binding `host` exposes the endpoint beyond this machine."""
    return host not in LOOPBACK and not host.startswith("127.")


class Endpoint:
    """The WSGI application: the SPARQL 1.1 Protocol over a pool of query workers."""

    def __init__(self, pool: Pool, options: Options) -> None:
        self.pool = pool
        self.options = options
        self.hosts = {h.lower() for h in (*LOOPBACK, options.host, *options.allowed_hosts)} - {"0.0.0.0", "::", ""}
        self.origins = {o.rstrip("/").lower() for o in options.allowed_origins}

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            answer = self._answer(environ)
        except Refusal as err:
            answer = text_answer(err.status, str(err))
        return self._send(answer, environ, start_response)

    def _answer(self, environ: dict[str, Any]) -> Answer:
        self._check_caller(environ)
        if environ.get("PATH_INFO", "").rstrip("/") not in PATHS:
            return text_answer(HTTPStatus.NOT_FOUND, "SPARQL endpoint: /sparql")
        method = environ.get("REQUEST_METHOD", "GET")
        if method == "OPTIONS":
            return Answer(int(HTTPStatus.NO_CONTENT), b"", "text/plain")
        if method not in ("GET", "HEAD", "POST"):
            return text_answer(HTTPStatus.METHOD_NOT_ALLOWED, "this endpoint is read-only")
        params, body = self._params(environ, method)
        if "update" in params:
            raise Refusal(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused")
        query = body if body is not None else (params.get("query") or [""])[0]
        if not query.strip():
            raise Refusal(HTTPStatus.BAD_REQUEST, "no query: send query=... (GET or POST)")
        accept = environ.get("HTTP_ACCEPT") or ""
        fmt = (params.get("format") or params.get("output") or [""])[0].lower()
        if fmt in FORMAT_PARAM and accept.strip() in ("", "*/*"):
            accept = FORMAT_PARAM[fmt]
        job = Job(query, accept, _graphs(params, "default-graph-uri"), _graphs(params, "named-graph-uri"))
        return self.pool.answer(job)

    def _check_caller(self, environ: dict[str, Any]) -> None:
        """Refuse a Host this endpoint is not, and a browser's request from another origin."""
        host = environ.get("HTTP_HOST")
        if host is not None and _hostname(host) not in self.hosts:
            raise Refusal(HTTPStatus.MISDIRECTED_REQUEST,
                          f"this endpoint does not answer for host {host[:100]!r} (start it with --allowed-host)")
        origin = environ.get("HTTP_ORIGIN")
        if origin is not None and not self._origin_allowed(origin, host):
            raise Refusal(HTTPStatus.FORBIDDEN,
                          f"cross-origin request from {origin[:100]!r} refused (start with --allowed-origin)")

    def _origin_allowed(self, origin: str, host: str | None) -> bool:
        if origin.rstrip("/").lower() in self.origins:
            return True
        parts = urlsplit(origin)
        return bool(host) and parts.scheme == "http" and parts.netloc.lower() == (host or "").lower()

    def _params(self, environ: dict[str, Any], method: str) -> tuple[dict[str, list[str]], str | None]:
        params = _parse_qs(environ.get("QUERY_STRING", ""))
        if method != "POST":
            return params, None
        length = int(environ.get("CONTENT_LENGTH") or 0)  # waitress has refused a malformed one (400)
        try:
            body = environ["wsgi.input"].read(length).decode("utf-8") if length else ""
        except UnicodeDecodeError:
            raise Refusal(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8") from None
        kind = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
        if kind == "application/x-www-form-urlencoded":
            for key, values in _parse_qs(body).items():
                params.setdefault(key, []).extend(values)
            return params, None
        if kind == "application/sparql-update":
            params["update"] = [body]
            return params, None
        if kind == "application/sparql-query":
            return params, body
        raise Refusal(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "POST a form (application/x-www-form-urlencoded) "
                                                         "or a query (application/sparql-query)")

    def _send(self, answer: Answer, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        headers = [("Content-Type", answer.content_type), ("Content-Length", str(len(answer.body))),
                   ("X-Content-Type-Options", "nosniff"), ("Cache-Control", "no-store")]
        if answer.truncated:
            headers.append(("X-Result-Truncated", "true"))
        origin = environ.get("HTTP_ORIGIN", "")
        if origin.rstrip("/").lower() in self.origins:
            headers += [("Access-Control-Allow-Origin", origin), ("Vary", "Origin"),
                        ("Access-Control-Allow-Methods", "GET, POST"),
                        ("Access-Control-Allow-Headers", "Content-Type, Accept"),
                        ("Access-Control-Expose-Headers", "X-Result-Truncated")]
        status = HTTPStatus(answer.status)
        start_response(f"{status.value} {status.phrase}", headers)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [answer.body]


def _parse_qs(text: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except ValueError:
        raise Refusal(HTTPStatus.BAD_REQUEST, f"more than {MAX_FIELDS} parameters") from None


def _graphs(params: dict[str, list[str]], name: str) -> tuple[str, ...]:
    """The dataset IRIs of a request, each checked (400 for one that is not an IRI)."""
    out = []
    for value in params.get(name, []):
        try:
            out.append(ox.NamedNode(value).value)
        except ValueError:
            raise Refusal(HTTPStatus.BAD_REQUEST, f"{name} {value[:200]!r} is not an absolute IRI") from None
    return tuple(out)


def _hostname(host: str) -> str:
    """The name in a Host header, without the port ('[::1]:7878' -> '::1')."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class Server:
    """A bound endpoint: `run` serves until `close` (or Ctrl-C); `url` is where it listens."""

    def __init__(self, source: ox.Store | Path, options: Options) -> None:
        from waitress.server import create_server

        limits = options.limits()
        self.pool = Pool(str(source), "store", limits, options.workers) if isinstance(source, Path) \
            else Pool.of_store(source, limits, options.workers)
        try:
            self.http = create_server(
                Endpoint(self.pool, options), host=options.host, port=options.port,
                threads=max(4, 2 * options.workers), backlog=options.backlog,
                channel_timeout=options.idle_timeout, cleanup_interval=max(0.5, min(30.0, options.idle_timeout / 2)),
                max_request_body_size=options.max_request_bytes, max_request_header_size=64 * 1024 + 2048,
                connection_limit=1000, ident="conflict-kg", expose_tracebacks=False, asyncore_use_poll=True)
        except BaseException:
            self.pool.close()
            raise
        self.closed = False
        host = options.host if ":" not in options.host else f"[{options.host}]"
        self.url = f"http://{host}:{self.port}/sparql"

    @property
    def port(self) -> int:
        return int(self.http.effective_port)

    def run(self) -> None:
        try:
            self.http.run()
        finally:
            self.close()

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.http.close()
        self.http.task_dispatcher.shutdown(timeout=1)
        self.pool.close()

    shutdown = close

    def server_close(self) -> None:
        """Nothing left to do after `close` (kept for callers of the earlier http.server API)."""


def make_server(source: ox.Store | Path, options: Options) -> Server:
    """A bound (not yet running) endpoint over an in-memory store or an on-disk store folder;
    port 0 picks a free port (see server.port)."""
    return Server(source, options)


def serve(source: ox.Store | Path, options: Options, ready: Callable[[str], None] | None = None) -> None:
    """Serve until interrupted; `ready` gets the endpoint URL once the socket listens."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop)  # so that a terminated server also ends its workers
    server = make_server(source, options)
    try:  # a SIGTERM right after `ready`, before `run` is under way, still ends the workers and the copy
        if ready:
            ready(server.url)
        server.run()
    finally:
        server.close()


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(0)


def background(source: ox.Store | Path, options: Options) -> tuple[Server, str]:
    """Start a server in a daemon thread (for tests and benchmarks); returns it and its URL."""
    server = make_server(source, options)
    threading.Thread(target=server.http.run, name="kg-serve", daemon=True).start()
    return server, server.url
