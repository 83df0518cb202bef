"""kg push to a real Virtuoso 7 started by hand on loopback (Digest auth, both protocols)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from servers import free_port, wait_for

from kg import link, push, remote, store

pytestmark = [pytest.mark.virtuoso,
              pytest.mark.skipif(shutil.which("virtuoso-t") is None, reason="virtuoso-t is not installed")]
INPUT = Path(__file__).parent / "data" / "link-input.trig"
INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
ServerThreads = 10
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 10
MaxClientConnections = 10
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("virtuoso")
    http = free_port()
    (folder / "virtuoso.ini").write_text(INI.format(d=folder, sql=free_port(), http=http))
    proc = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(folder / "virtuoso.ini")],
                            cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http}"
    try:
        wait_for(base + "/sparql?query=ASK%7B%7D", seconds=60)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def remote_graph(base: str, graph: str) -> set[ox.Triple]:
    query = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    rows = remote.sparqlwrapper_transport(base + "/sparql", query, 60)["results"]["bindings"]
    return {ox.Triple(link._term(r["s"]), link._term(r["p"]), link._term(r["o"])) for r in rows}  # type: ignore[arg-type]


@pytest.mark.parametrize("protocol,path", [("update", "/sparql-auth"), ("gsp", "/sparql-graph-crud-auth")])
def test_push_to_virtuoso_twice(virtuoso: str, protocol: str, path: str) -> None:
    db = store.load_graph(INPUT)
    target = push.Target(virtuoso + path, protocol, "dba", "dba", 60, batch=5)
    for _ in range(2):
        push.push(db, target)
        for graph in push.graphs_of(db):
            local = {q.triple for q in db.quads_for_pattern(None, None, None, graph)}
            assert remote_graph(virtuoso, graph.value) == local  # type: ignore[union-attr]


def test_wrong_password_is_refused(virtuoso: str) -> None:
    target = push.Target(virtuoso + "/sparql-auth", "update", "dba", "not-the-password", 60)
    with pytest.raises(push.PushError, match="401"):
        push.push(store.load_graph(INPUT), target)
