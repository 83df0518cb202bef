"""`kg export` and `kg viz`: a graph as RDF, ACLED CSV or PLOVER JSON Lines, and as pictures."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.commands.common import (
    GraphOpt,
    MinConfidenceOpt,
    StatusOpt,
    StoreOpt,
    actor_option,
    iri_option,
    open_for_query,
    open_graph,
    parse_date,
    trust_option,
)


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

    trust = trust_option(status, min_confidence)
    only = iri_option("--named-graph", named_graph)
    if fmt in codebooks.FORMATS:
        selection = codebooks.Selection(only.value if only else None, parse_date(since), parse_date(until),
                                        country, actor_option(actor), trust)
        text = codebooks.render(open_graph(graph, store_dir), fmt, selection)
        if output is None:
            sys.stdout.write(text)
        else:
            store.write_text(output, text)
        return
    if since or until or country or actor:
        raise typer.BadParameter("--since, --until, --country and --actor apply to --format acled or plover")
    rdf_format = store.format_named(fmt) if fmt else (store.format_for(output) if output else None)
    db = select.filtered(open_graph(graph, store_dir), trust)
    if output is None:
        store.dump(db, store.stdout_binary(), rdf_format or ox.RdfFormat.N_QUADS, only)
    else:
        store.dump(db, output, rdf_format, only)
        typer.echo(f"{output} ({output.stat().st_size / 1e6:.1f} MB)", err=True)


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
    trust = trust_option(status, min_confidence)
    picture = v.collect(select.filtered(open_for_query(graph, store_dir), trust), v.Limits(max_nodes=max_nodes, max_events=max_events, max_ties=max_ties))
    for note in picture.notes:
        typer.echo(f"kg: {note}", err=True)
    if output is not None:
        written = v.write_html(picture, output, title)
        typer.echo(f"{len(picture.nodes)} actors, {len(picture.ties)} ties, {len(picture.events)} events "
                   f"-> {output} ({written // 1024} KiB)", err=True)
    for path in (p for p in (png, svg) if p is not None):
        v.write_image(picture, path, (int(width), int(height)), title)
        typer.echo(f"network picture -> {path}", err=True)
