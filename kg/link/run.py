"""The run: find, score and decide the links of a graph, then write them into the store or a file."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.link.candidates import check_dbpedia, fetch_articles, fetch_candidates, fetch_facts
from kg.link.config import Config, load_config
from kg.link.entities import subjects
from kg.link.records import Outcome
from kg.link.scoring import decide, score
from kg.link.writing import LINKS_GRAPH, WIKIDATA_GRAPH, quads
from kg.remote import Client


def link(store: ox.Store, client: Client, config: Config | None = None,
         dbpedia: Client | None = None) -> Outcome:
    """Find, score and decide the links of every unlinked actor and place of a graph."""
    config = config or load_config()
    outcome = Outcome()
    todo = subjects(store, config)
    candidates = {s.iri: fetch_candidates(client, s, config) for s in todo}
    qids = sorted({q for rows in candidates.values() for q in rows})
    outcome.facts = fetch_facts(client, qids, config)
    for s in todo:
        scored = [score(s, rows, outcome.facts.get(q, []), config) for q, rows in candidates[s.iri].items()]
        outcome.decisions.append(decide(s, scored, config))
    linked = sorted({d.best.qid for d in outcome.decisions if d.status == "linked" and d.best})
    outcome.articles = fetch_articles(client, linked, config)
    outcome.dbpedia = check_dbpedia(outcome.articles, config, dbpedia)
    return outcome


def link_store(store: ox.Store, client: Client, dbpedia: Client | None = None) -> tuple[Outcome, int]:
    """Link a store in place: its links and Wikidata graphs are replaced whole."""
    config = load_config()
    outcome = link(store, client, config, dbpedia)
    new = quads(outcome, client, config)
    for g in (LINKS_GRAPH, WIKIDATA_GRAPH):
        if g in store.named_graphs():
            store.remove_graph(g)
    store.extend(new)
    return outcome, len(new)


def link_file(graph: Path, output: Path, client: Client, dbpedia: Client | None = None) -> tuple[Outcome, int]:
    """Link a graph file and write it, with its links and Wikidata graphs, to `output`; returns the statements added."""
    from kg import store as store_module

    store_module.format_for(output)
    db = store_module.load_graph(graph)
    outcome, count = link_store(db, client, dbpedia)
    store_module.dump(db, output)
    return outcome, count
