"""`kg link`: Wikidata (and DBpedia) links for a graph file or the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.commands.common import GraphOpt, StoreOpt

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"


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
