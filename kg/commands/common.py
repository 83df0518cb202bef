"""What the commands share: the store and graph options, opening a graph, checking arguments."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.errors import BROKEN, REFUSED

ERROR = BROKEN
INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl-C


def fail(message: str, code: int = REFUSED) -> typer.Exit:
    typer.echo(f"kg: {message}", err=True)
    return typer.Exit(code)


def parse_date(value: Optional[str]) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


StoreOpt = Annotated[Optional[Path], typer.Option("--store", help="Store folder (default: $KG_STORE, else store= in ~/.config/conflict-kg/config.toml, else ~/.local/share/conflict-kg/store).")]
GraphOpt = Annotated[Optional[Path], typer.Option("--graph", "-g", help="Read this RDF file instead of the store.")]


def check_output(path: Path) -> None:
    """Refuse an output path that cannot be written before any work is done."""
    import os

    from kg.store import format_for

    format_for(path)
    if path.is_dir():
        raise fail(f"{path}: is a folder; name the file to write, e.g. {path / 'graph.trig'}")
    parent = next((p for p in (path.parent, *path.parent.parents) if p.exists()), Path("."))
    if not parent.is_dir():
        raise fail(f"{path}: {parent} is a file, not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise fail(f"{path}: cannot write in {parent} (permission denied)")


def open_graph(graph: Optional[Path], store_dir: Optional[Path], write: bool = False):  # type: ignore[no-untyped-def]
    """A graph file in memory, or the store: read-only unless the command writes to it."""
    from kg import store

    if graph is not None:
        return store.load_graph(graph)
    return store.open_store(store_dir, create=False, read_only=not write)


def open_for_query(graph: Optional[Path], store_dir: Optional[Path]):  # type: ignore[no-untyped-def]
    """As `open_graph`; a graph file without corpus figures gets them in memory, as a build gives a store."""
    from kg import summary as figures

    db = open_graph(graph, store_dir)
    return figures.complete(db) if graph is not None else db


StatusOpt = Annotated[Optional[list[str]], typer.Option("--status", help="Keep only events and relations of this status (repeatable or comma-separated): asserted, claimed, alleged, denied, threatened, planned, attempted, hypothetical.")]
MinConfidenceOpt = Annotated[Optional[float], typer.Option("--min-confidence", help="Keep only events and relations at least this sure (0-1).")]


def trust_option(status: Optional[list[str]], min_confidence: Optional[float]):  # type: ignore[no-untyped-def]
    from kg import select

    try:
        return select.Trust.parse(status or [], min_confidence)
    except select.SelectError as err:
        raise typer.BadParameter(str(err)) from None


def iri_option(option: str, value: Optional[str]):  # type: ignore[no-untyped-def]
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


def actor_option(value: Optional[str]) -> Optional[str]:
    """An actor as an IRI when it is one (prefixed names expanded), else the label as given."""
    if value is None or (":" not in value):
        return value
    return iri_option("--actor", value).value
