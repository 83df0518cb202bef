"""Push throughput: generate a graph of N triples, start `oxigraph serve`, push it, print figures.

    .venv/bin/python bench/push.py                  # 1,000,000 triples, both protocols
    .venv/bin/python bench/push.py --triples 200000 --protocol gsp --batch 50000
    .venv/bin/python bench/push.py --protocol update --endpoint http://127.0.0.1:8890/sparql-auth \
        --query-endpoint http://127.0.0.1:8890/sparql --user dba --password dba   # a running store

The graph looks like ours (readable IRIs, English labels, typed literals) spread over
named graphs of 10,000 triples. Each protocol is pushed twice into a fresh server: the
second push replaces every graph, and the triple count on the server must not change.
"""

from __future__ import annotations

import argparse
import sys
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from servers import oxigraph_server  # noqa: E402

from kg import push, remote  # noqa: E402

BASE = "https://w3id.org/conflict-kg/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def generate(n: int, per_graph: int = 10_000) -> ox.Store:
    """A store of n triples over n / per_graph report graphs."""
    db = ox.Store()
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    start = ox.NamedNode(BASE + "ontology#start")
    kind = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    mention = ox.NamedNode(BASE + "ontology#Mention")
    quads = []
    for i in range(n):
        g = ox.NamedNode(f"{BASE}report/r{i // per_graph}")
        s = ox.NamedNode(f"{BASE}report/r{i // per_graph}/mention/{i // 3}")
        kind_of = i % 3
        if kind_of == 0:
            quads.append(ox.Quad(s, kind, mention, g))
        elif kind_of == 1:
            quads.append(ox.Quad(s, label, ox.Literal(f"mention \"{i}\" of a report", language="en"), g))
        else:
            quads.append(ox.Quad(s, start, ox.Literal(str(i), datatype=ox.NamedNode(XSD + "integer")), g))
    db.bulk_extend(quads)
    return db


def count(query_endpoint: str) -> int:
    query = f"""SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
               FILTER(STRSTARTS(STR(?g), "{BASE}report/")) }}"""
    rows = remote.sparqlwrapper_transport(query_endpoint, query, 600)["results"]["bindings"]
    return int(rows[0]["n"]["value"])


def measure(db: ox.Store, target: push.Target, query_endpoint: str) -> None:
    """Push twice and print the rates and the triple count after each push."""
    first = push.push(db, target)
    after_one = count(query_endpoint)
    second = push.push(db, target)
    after_two = count(query_endpoint)
    name = f"{target.protocol:6} batch {target.chunk():>7,}"
    print(f"{name}: first push {first.line()}")
    print(f"{name}: again      {second.line()}")
    print(f"{name}: triples on the server after one push {after_one:,}, after two {after_two:,}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--protocol", choices=["gsp", "update", "both"], default="both")
    parser.add_argument("--batch", type=int, default=None)
    parser.add_argument("--endpoint", help="push to this running store instead of a fresh oxigraph")
    parser.add_argument("--query-endpoint", help="its SPARQL query endpoint, to count the triples")
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()
    started = time.perf_counter()
    db = generate(args.triples)
    print(f"generated {len(db):,} triples in {time.perf_counter() - started:.1f} s", flush=True)
    for protocol in (["gsp", "update"] if args.protocol == "both" else [args.protocol]):
        if args.endpoint:
            target = push.Target(args.endpoint, protocol, args.user, args.password, 600, args.batch)
            measure(db, target, args.query_endpoint or args.endpoint)
            continue
        with oxigraph_server() as base:
            endpoint = base + ("/store" if protocol == "gsp" else "/update")
            measure(db, push.Target(endpoint, protocol, timeout=600, batch=args.batch), base + "/query")
        urllib.request.urlcleanup()


if __name__ == "__main__":
    main()
