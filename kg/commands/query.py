"""`kg query` and `kg stats`: saved or given SPARQL queries, and the figures of a graph."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer
from typer.core import TyperCommand

from kg.commands.common import GraphOpt, StoreOpt, open_for_query
from kg.errors import Refused


class QueryCommand(TyperCommand):
    """`kg query --help` ends with the saved queries and what each answers, read when help is asked."""

    def format_help(self, ctx, formatter):  # type: ignore[no-untyped-def]
        from kg import query as q

        self.epilog = "Saved queries (queries/NAME.rq):\n\n" + "\n\n".join(
            f"{n}: {q.purpose(q.find(n)[0])}" for n in q.available())
        return super().format_help(ctx, formatter)


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
    db = open_for_query(graph, store_dir)
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
    figures = kg_stats.collect(open_for_query(graph, store_dir), top)
    if fmt == "summary":
        where = f"--graph {graph}" if graph is not None else (f"--store {store_dir}" if store_dir else "")
        sys.stdout.write(figures.as_summary(where))
        return
    sys.stdout.write(figures.as_json() + "\n" if fmt == "json" else figures.as_text())
