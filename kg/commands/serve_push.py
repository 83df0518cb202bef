"""`kg push` and `kg serve`: graphs to a SPARQL store, and a read-only SPARQL endpoint."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.commands.common import GraphOpt, StoreOpt, open_for_query, open_graph
from kg.errors import Refused


def push(
    endpoint: Annotated[str, typer.Argument(help="Graph Store endpoint (e.g. http://host:7878/store) or, with --protocol update, the SPARQL Update endpoint.")],
    graph: GraphOpt = None,
    store_dir: StoreOpt = None,
    graph_iri: Annotated[Optional[list[str]], typer.Option("--graph-iri", help="Push only this named graph (repeatable).")] = None,
    protocol: Annotated[str, typer.Option(help="gsp (Graph Store HTTP Protocol, PUT per graph) or update (DROP + INSERT DATA).")] = "gsp",
    user: Annotated[Optional[str], typer.Option(envvar="KG_PUSH_USER", help="User for Basic or Digest authentication.")] = None,
    password: Annotated[Optional[str], typer.Option(envvar="KG_PUSH_PASSWORD", help="Password (better: $KG_PUSH_PASSWORD).")] = None,
    batch: Annotated[Optional[int], typer.Option(help="Triples per request (default 100000 for gsp, 1000 for update).")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for each request.")] = 300.0,
    verify: Annotated[bool, typer.Option("--verify/--no-verify", help="Count each graph on the store after pushing it.")] = True,
    query_endpoint: Annotated[Optional[str], typer.Option("--query-endpoint", help="With --protocol update: the query endpoint to count on (default: .../query beside .../update, else ENDPOINT).")] = None,
) -> None:
    """Send graphs to a SPARQL 1.1 store, replacing each graph whole (pushing twice = once)."""
    from urllib.parse import urlsplit

    from kg import push as pushing

    if protocol not in pushing.DEFAULT_BATCH:
        raise typer.BadParameter(f"--protocol {protocol!r}: use gsp or update")
    if batch is not None and batch < 1:
        raise typer.BadParameter("--batch must be at least 1")
    for url in (endpoint, query_endpoint or endpoint):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise Refused(f"{url!r} is not an http:// or https:// URL of a store")
    target = pushing.Target(endpoint, protocol, user, password, timeout, batch, verify, query_endpoint)
    summary = pushing.push(open_graph(graph, store_dir), target, graph_iri or [])
    checked = "; the store holds them all" if verify else " (not checked: --no-verify)"
    typer.echo(f"kg: pushed {summary.line()} -> {endpoint}{checked}", err=True)


def serve(
    graph: GraphOpt = None,
    store_dir: StoreOpt = None,
    host: Annotated[str, typer.Option(help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port (0 picks a free one).")] = 7878,
    timeout: Annotated[float, typer.Option(help="Time limit per query, in seconds (the query is then stopped).")] = 30.0,
    max_rows: Annotated[int, typer.Option("--max-rows", help="Largest number of results or triples per answer.")] = 10_000,
    max_response_mb: Annotated[float, typer.Option("--max-response-mb", help="Largest answer, in MB (rows past it are left out).")] = 10.0,
    memory_mb: Annotated[int, typer.Option("--memory-mb", help="Memory a query may use beyond the loaded data, in MB.")] = 1024,
    max_request_kb: Annotated[int, typer.Option("--max-request-kb", help="Largest request body, in KB.")] = 1000,
    idle_timeout: Annotated[float, typer.Option("--idle-timeout", help="Close a connection idle this many seconds.")] = 30.0,
    allow_federation: Annotated[bool, typer.Option("--allow-federation", help="Allow SERVICE (federated queries).")] = False,
    allowed_host: Annotated[Optional[list[str]], typer.Option("--allowed-host", help="Also answer requests for this host name (repeatable); loopback names are always answered.")] = None,
    allowed_origin: Annotated[Optional[list[str]], typer.Option("--allowed-origin", help="Let web pages from this origin (https://site) query the endpoint (repeatable).")] = None,
    workers: Annotated[int, typer.Option(help="Query worker processes (queries run at once).")] = 4,
) -> None:
    """Serve the store (or a graph file) as a read-only SPARQL 1.1 endpoint at /sparql."""
    from kg import serve as serving

    if min(timeout, max_rows, workers, max_response_mb, memory_mb, max_request_kb, idle_timeout) <= 0:
        raise typer.BadParameter("--timeout, --max-rows, --workers and the other limits must be positive")
    source = open_for_query(graph, None) if graph is not None else _store_folder(store_dir)
    options = serving.Options(host=host, port=port, timeout=timeout, max_rows=max_rows,
                              allow_federation=allow_federation, workers=workers, memory_mb=memory_mb,
                              max_response_bytes=int(max_response_mb * 1_000_000),
                              max_request_bytes=max_request_kb * 1000, idle_timeout=idle_timeout,
                              allowed_hosts=tuple(allowed_host or ()), allowed_origins=tuple(allowed_origin or ()))
    if serving.is_public(host):
        typer.echo(f"kg: warning: listening on {host}, reachable from other machines: anyone who can reach "
                   "this port can query the graph; only loopback names and --allowed-host names are "
                   "answered in the Host header", err=True)

    def ready(url: str) -> None:
        typer.echo(f"kg: serving {url} (read-only{', federation allowed' if allow_federation else ''}); "
                   "Ctrl-C stops", err=True)

    try:
        serving.serve(source, options, ready)
    except serving.PoolError as err:
        raise Refused(str(err)) from err
    except OSError as err:
        raise Refused(f"cannot listen on {host}:{port}: {err}") from err


def _store_folder(store_dir: Optional[Path]) -> Path:
    """The store folder to serve, checked by opening it read-only once here."""
    import pyoxigraph as ox

    from kg import store

    path = store_dir or store.default_store_dir()
    if not path.is_dir():
        raise Refused(f"{path}: no store here yet; build one with 'kg build INPUT' or serve a file with --graph")
    try:
        ox.Store.read_only(str(path))
    except OSError as err:
        raise Refused(f"{path}: cannot open the store: {err}") from err
    return path
