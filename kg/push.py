"""The push stage: send graphs to any SPARQL 1.1 store, replacing each graph whole.

Two protocols:
- `gsp` (default), the SPARQL 1.1 Graph Store HTTP Protocol: each named graph is PUT to
  ENDPOINT?graph=IRI (the default graph to ENDPOINT?default) as N-Triples. PUT replaces
  the graph, so pushing twice leaves the store as after one push. A graph larger than
  one batch goes as a PUT of its first chunk, then POSTs (append) of the others.
- `update`, SPARQL 1.1 Update: DROP SILENT GRAPH, then INSERT DATA in batches.

N-Triples is the exchange format (every store reads it the same way; Virtuoso's Turtle
reader mis-reads some escapes). Authentication is HTTP Basic or Digest, whichever the
server asks for. Blank nodes are not kept across batches (each batch is its own
document); the graphs this project writes have none.
"""

from __future__ import annotations

import io
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from kg.remote import USER_AGENT

__all__ = ["PushError", "Target", "Summary", "push", "graphs_of", "urllib_sender"]

#: method, url, body, headers -> HTTP status (raises PushError on failure)
Sender = Callable[[str, str, bytes, dict[str, str]], int]
DEFAULT_BATCH = {"gsp": 100_000, "update": 10_000}
NT = "application/n-triples"


class PushError(ValueError):
    """The store refused or could not be reached; the message names the URL and the cause."""


@dataclass(frozen=True)
class Target:
    endpoint: str
    protocol: str = "gsp"
    user: str | None = None
    password: str | None = None
    timeout: float = 300.0
    batch: int | None = None

    def chunk(self) -> int:
        return self.batch or DEFAULT_BATCH[self.protocol]


@dataclass
class Summary:
    graphs: int = 0
    triples: int = 0
    requests: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        rate = self.triples / self.seconds if self.seconds else 0.0
        return (f"{self.graphs} graphs, {self.triples} triples in {self.requests} requests, "
                f"{self.seconds:.2f} s ({rate:,.0f} triples/s)")


def graphs_of(store: ox.Store, only: Iterable[str] = ()) -> list[ox.NamedNode | ox.DefaultGraph]:
    """The graphs to push: the named graphs (sorted) and the default graph if it holds anything."""
    wanted = list(only)
    names = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)
    if wanted:
        present = {g.value for g in names}
        missing = [w for w in wanted if w not in present]
        if missing:
            raise PushError(f"no graph named {', '.join(missing)} here; graphs: "
                            + ", ".join(sorted(present)[:20]))
        return [ox.NamedNode(w) for w in wanted]
    default: list[ox.NamedNode | ox.DefaultGraph] = []
    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        default = [ox.DefaultGraph()]
    return default + list(names)


def push(store: ox.Store, target: Target, only: Iterable[str] = (), send: Sender | None = None) -> Summary:
    """Push the graphs of a store to the target, each replacing the graph of the same name."""
    if target.protocol not in DEFAULT_BATCH:
        raise PushError(f"unknown protocol {target.protocol!r}; use gsp or update")
    send = send or urllib_sender(target)
    started = time.perf_counter()
    summary = Summary()
    for graph in graphs_of(store, only):
        triples = (q.triple for q in store.quads_for_pattern(None, None, None, graph))
        step = _gsp if target.protocol == "gsp" else _update
        for count in step(graph, _chunks(triples, target.chunk()), target, send):
            summary.triples += count
            summary.requests += 1
        summary.graphs += 1
    summary.seconds = time.perf_counter() - started
    return summary


def _chunks(triples: Iterable[ox.Triple], size: int) -> Iterator[tuple[int, bytes]]:
    """N-Triples documents of at most `size` triples; always at least one (maybe empty)."""
    batch: list[ox.Triple] = []
    sent = False
    for t in triples:
        batch.append(t)
        if len(batch) >= size:
            yield len(batch), _nt(batch)
            batch, sent = [], True
    if batch or not sent:
        yield len(batch), _nt(batch)


def _nt(triples: list[ox.Triple]) -> bytes:
    out = io.BytesIO()
    ox.serialize(triples, out, ox.RdfFormat.N_TRIPLES)
    return out.getvalue()


def _gsp(graph: ox.NamedNode | ox.DefaultGraph, chunks: Iterator[tuple[int, bytes]],
         target: Target, send: Sender) -> Iterator[int]:
    url = graph_url(target.endpoint, graph)
    for i, (count, body) in enumerate(chunks):
        send("PUT" if i == 0 else "POST", url, body, {"Content-Type": NT})
        yield count


def graph_url(endpoint: str, graph: ox.NamedNode | ox.DefaultGraph) -> str:
    """ENDPOINT?graph=IRI (percent-encoded), or ENDPOINT?default for the default graph."""
    sep = "&" if "?" in endpoint else "?"
    if isinstance(graph, ox.DefaultGraph):
        return f"{endpoint}{sep}default"
    return f"{endpoint}{sep}graph={urllib.parse.quote(graph.value, safe='')}"


def _update(graph: ox.NamedNode | ox.DefaultGraph, chunks: Iterator[tuple[int, bytes]],
            target: Target, send: Sender) -> Iterator[int]:
    named = isinstance(graph, ox.NamedNode)
    drop = f"DROP SILENT GRAPH <{graph.value}>" if named else "DROP SILENT DEFAULT"
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    first = True
    for count, body in chunks:
        data = body.decode("utf-8")
        block = f"GRAPH <{graph.value}> {{\n{data}}}" if named else data
        text = (drop + " ;\n" if first else "") + (f"INSERT DATA {{\n{block}\n}}" if count else "")
        text = text.rstrip(" ;\n")
        send("POST", target.endpoint, urllib.parse.urlencode({"update": text}).encode("ascii"), headers)
        first = False
        yield count


def urllib_sender(target: Target) -> Sender:
    """The real network: urllib with Basic and Digest authentication and a timeout."""
    handlers: list[urllib.request.BaseHandler] = []
    if target.user is not None:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, target.endpoint, target.user, target.password or "")
        handlers += [urllib.request.HTTPDigestAuthHandler(passwords),
                     urllib.request.HTTPBasicAuthHandler(passwords)]
    opener = urllib.request.build_opener(*handlers)

    def send(method: str, url: str, body: bytes, headers: dict[str, str]) -> int:
        request = urllib.request.Request(url, data=body, method=method,
                                         headers={"User-Agent": USER_AGENT, **headers})
        try:
            with opener.open(request, timeout=target.timeout) as response:
                response.read()
                return int(response.status)
        except urllib.error.HTTPError as err:
            raise PushError(_http_message(url, err)) from err
        except (TimeoutError, OSError) as err:
            reason = getattr(err, "reason", err)
            if isinstance(reason, TimeoutError) or isinstance(err, TimeoutError):
                raise PushError(f"{url}: no answer within {target.timeout:g} s") from err
            raise PushError(f"{url}: cannot reach the store: {reason}") from err
    return send


def _http_message(url: str, err: urllib.error.HTTPError) -> str:
    try:
        detail = err.read().decode("utf-8", "replace").strip().splitlines()
    except OSError:
        detail = []
    hint = ""
    if err.code in (401, 403):
        hint = " (give --user and --password, or KG_PUSH_USER and KG_PUSH_PASSWORD)"
    first = f": {detail[0][:300]}" if detail else ""
    return f"{url}: HTTP {err.code} {err.reason}{hint}{first}"
