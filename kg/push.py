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

A push never follows a redirect (the credentials and the body would go to wherever the
server points), and it is confirmed, not assumed: after each graph the store is asked
how many triples that graph holds (a GET of the graph for `gsp`, a COUNT query for
`update`), and a count that differs from what was sent is an error.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import PushError
from kg.remote import USER_AGENT

__all__ = ["PushError", "NotFound", "Target", "Summary", "push", "graphs_of", "urllib_sender", "Http"]

#: method, url, body, headers -> HTTP status (raises PushError on failure)
Sender = Callable[[str, str, bytes, dict[str, str]], int]
#: url, headers -> response body (raises PushError on failure)
Fetcher = Callable[[str, dict[str, str]], bytes]
DEFAULT_BATCH = {"gsp": 100_000, "update": 1_000}
NT = "application/n-triples"


class NotFound(PushError):
    """The store answered 404 (for a graph: it holds no such graph)."""


@dataclass(frozen=True)
class Target:
    endpoint: str
    protocol: str = "gsp"
    user: str | None = None
    password: str | None = None
    timeout: float = 300.0
    batch: int | None = None
    verify: bool = True
    query_endpoint: str | None = None

    def chunk(self) -> int:
        return self.batch or DEFAULT_BATCH[self.protocol]

    def counting_endpoint(self) -> str:
        """Where `update` pushes are counted: the given query endpoint, else .../query beside
        an .../update endpoint (Oxigraph, Fuseki), else the update endpoint itself (Virtuoso)."""
        if self.query_endpoint:
            return self.query_endpoint
        head, sep, tail = self.endpoint.rpartition("/update")
        return f"{head}/query{tail}" if sep and "/" not in tail else self.endpoint


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


def push(store: ox.Store, target: Target, only: Iterable[str] = (), send: Sender | None = None,
         fetch: Fetcher | None = None) -> Summary:
    """Push the graphs of a store to the target, each replacing the graph of the same name,
    and check that the store then holds as many triples in each as were sent."""
    if target.protocol not in DEFAULT_BATCH:
        raise PushError(f"unknown protocol {target.protocol!r}; use gsp or update")
    if send is None or fetch is None:
        http = Http(target)
        send, fetch = send or http.send, fetch or http.fetch
    started = time.perf_counter()
    summary = Summary()
    for graph in graphs_of(store, only):
        triples = (q.triple for q in store.quads_for_pattern(None, None, None, graph))
        step = _gsp if target.protocol == "gsp" else _update
        sent = 0
        for count in step(graph, _chunks(triples, target.chunk()), target, send):
            sent += count
            summary.requests += 1
        if target.verify:
            _confirm(graph, sent, target, fetch)
        summary.triples += sent
        summary.graphs += 1
    summary.seconds = time.perf_counter() - started
    return summary


def _confirm(graph: ox.NamedNode | ox.DefaultGraph, sent: int, target: Target, fetch: Fetcher) -> None:
    """Ask the store how many triples the graph holds now; refuse to report a push it does not show."""
    held = _held_gsp(graph, target, fetch) if target.protocol == "gsp" else _held_update(graph, target, fetch)
    if held != sent:
        name = graph.value if isinstance(graph, ox.NamedNode) else "the default graph"
        raise PushError(f"{target.endpoint}: sent {sent} triples of {name}, but the store holds {held} "
                        "after the push; the push is not confirmed")


def _held_gsp(graph: ox.NamedNode | ox.DefaultGraph, target: Target, fetch: Fetcher) -> int:
    url = graph_url(target.endpoint, graph)
    try:
        body = fetch(url, {"Accept": f"{NT}, text/turtle;q=0.5"})
    except NotFound:
        return 0
    try:  # Turtle reads N-Triples too, and some stores answer in Turtle whatever is asked
        return sum(1 for _ in ox.parse(body, format=ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError) as err:
        raise PushError(f"{url}: the store's copy of the graph is neither N-Triples nor Turtle ({err}); "
                        "cannot confirm the push (--no-verify skips the check)") from None


def _held_update(graph: ox.NamedNode | ox.DefaultGraph, target: Target, fetch: Fetcher) -> int:
    pattern = f"GRAPH <{graph.value}> {{ ?s ?p ?o }}" if isinstance(graph, ox.NamedNode) else "?s ?p ?o"
    text = f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"
    endpoint = target.counting_endpoint()
    sep = "&" if "?" in endpoint else "?"
    url = f"{endpoint}{sep}{urllib.parse.urlencode({'query': text})}"
    body = fetch(url, {"Accept": "application/sparql-results+json"})
    try:
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    except (ValueError, KeyError, IndexError, TypeError):
        raise PushError(f"{endpoint}: the answer to a COUNT query is not SPARQL JSON results; cannot "
                        "confirm the push (give --query-endpoint, or --no-verify)") from None


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
    """The real network's `send` (see Http)."""
    return Http(target).send


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Turn every redirect into an error: a push goes to the URL it was given, or nowhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        return None


class Http:
    """The real network: urllib, a timeout, no redirects, and Basic or Digest authentication sent up front.

    The credentials go with every request once the server's challenge is known (a probe
    without a body learns it), because a server that refuses a large unauthenticated body
    may close the connection before the body is sent, and the request would fail. They go
    only to the origin they were given for: a redirect is refused, never followed.
    """

    def __init__(self, target: Target) -> None:
        self.target = target
        self.opener = urllib.request.build_opener(_NoRedirect())
        self.auth = Authenticator(target.user, target.password or "") if target.user is not None else None

    def _once(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> tuple[int, bytes]:
        auth = self.auth
        extra = {"Authorization": auth.header(method, url)} if auth and auth.scheme else {}
        request = urllib.request.Request(url, data=body, method=method,
                                         headers={"User-Agent": USER_AGENT, **headers, **extra})
        with self.opener.open(request, timeout=self.target.timeout) as response:
            return int(response.status), response.read()

    def send(self, method: str, url: str, body: bytes, headers: dict[str, str]) -> int:
        return self._call(method, url, body, headers)[0]

    def fetch(self, url: str, headers: dict[str, str]) -> bytes:
        return self._call("GET", url, None, headers)[1]

    def _call(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> tuple[int, bytes]:
        auth, timeout = self.auth, self.target.timeout
        for attempt in range(3):
            try:
                if auth and not auth.known:
                    _probe(lambda *a: self._once(*a)[0], url, auth)
                return self._once(method, url, body, headers)
            except urllib.error.HTTPError as err:
                if 300 <= err.code < 400:
                    raise PushError(_redirect_message(url, err)) from None
                if err.code == 404:
                    raise NotFound(_http_message(url, err)) from err
                if err.code != 401 or auth is None or attempt == 2 or not auth.learn(err.headers):
                    raise PushError(_http_message(url, err)) from err
            except (BrokenPipeError, ConnectionResetError) as err:
                if auth is None or attempt == 2:
                    raise PushError(f"{url}: the store closed the connection: {err}") from err
                auth.forget()
            except (TimeoutError, OSError) as err:
                reason = getattr(err, "reason", err)
                if isinstance(reason, TimeoutError) or isinstance(err, TimeoutError):
                    raise PushError(f"{url}: no answer within {timeout:g} s") from err
                raise PushError(f"{url}: cannot reach the store: {reason}") from err
        raise AssertionError("unreachable")


def _redirect_message(url: str, err: urllib.error.HTTPError) -> str:
    where = err.headers.get("Location") or "(no Location)"
    return (f"{url}: HTTP {err.code}: the store redirects to {where[:300]}; a push never follows a "
            "redirect (credentials and data would go there): push to the final URL if you trust it")


def _probe(once: Callable[[str, str, bytes | None, dict[str, str]], int], url: str,
           auth: Authenticator) -> None:
    """Learn the server's challenge with a HEAD request (no body, changes nothing)."""
    try:
        once("HEAD", url, None, {})
    except urllib.error.HTTPError as err:
        if err.code == 401:
            auth.learn(err.headers)
    auth.probed = True


class Authenticator:
    """HTTP Basic or Digest (RFC 7616, MD5, qop=auth) credentials for a learnt challenge."""

    def __init__(self, user: str, password: str) -> None:
        self.user, self.password = user, password
        self.scheme: str | None = None
        self.params: dict[str, str] = {}
        self.count = 0
        self.probed = False

    @property
    def known(self) -> bool:
        return self.scheme is not None or self.probed

    def forget(self) -> None:
        self.scheme, self.params, self.probed = None, {}, False

    def learn(self, headers) -> bool:  # type: ignore[no-untyped-def]
        """Take the first Digest or Basic challenge of a 401; False if there is none."""
        for value in headers.get_all("WWW-Authenticate") or []:
            scheme, _, rest = value.strip().partition(" ")
            if scheme.lower() in ("digest", "basic"):
                self.scheme = scheme.lower()
                self.params = {k.lower(): v.strip('"') for k, v in _PARAM.findall(rest)}
                self.count = 0
                return True
        return False

    def header(self, method: str, url: str) -> str:
        if self.scheme == "basic":
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
            return f"Basic {token}"
        return self._digest(method, url)

    def _digest(self, method: str, url: str) -> str:
        p = self.params
        parts = urllib.parse.urlsplit(url)
        uri = parts.path + (f"?{parts.query}" if parts.query else "")
        self.count += 1
        nc, cnonce = f"{self.count:08x}", secrets.token_hex(8)
        ha1 = _md5(f"{self.user}:{p.get('realm', '')}:{self.password}")
        ha2 = _md5(f"{method}:{uri}")
        qop = "auth" if "auth" in p.get("qop", "").split(",") else ""
        answer = _md5(f"{ha1}:{p.get('nonce', '')}:{nc}:{cnonce}:{qop}:{ha2}" if qop
                      else f"{ha1}:{p.get('nonce', '')}:{ha2}")
        fields = [f'username="{self.user}"', f'realm="{p.get("realm", "")}"', f'nonce="{p.get("nonce", "")}"',
                  f'uri="{uri}"', f'response="{answer}"', "algorithm=MD5"]
        if qop:
            fields += [f"qop={qop}", f"nc={nc}", f'cnonce="{cnonce}"']
        if "opaque" in p:
            fields.append(f'opaque="{p["opaque"]}"')
        return "Digest " + ", ".join(fields)


_PARAM = re.compile(r'(\w+)=("[^"]*"|[^,\s]*)')


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()  # noqa: S324 - required by HTTP Digest


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
