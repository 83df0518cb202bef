"""kg push to a real oxigraph server (Graph Store Protocol and SPARQL Update)."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import urllib.parse
from pathlib import Path

import inprocess
import pyoxigraph as ox
import pytest
from servers import free_port, scripted_server

from kg import push, remote, store

DATA = Path(__file__).parent / "data"
INPUT = DATA / "link-input.trig"
COUNTS = """SELECT ?g (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }
            GROUP BY ?g ORDER BY ?g"""


def remote_counts(base: str) -> dict[str, int]:
    rows = remote.sparqlwrapper_transport(base + "/query", COUNTS, 30)["results"]["bindings"]
    return {r.get("g", {}).get("value", "default"): int(r["n"]["value"]) for r in rows}


def local_counts(db: ox.Store) -> dict[str, int]:
    out: dict[str, int] = {}
    for q in db.quads_for_pattern(None, None, None, None):
        key = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else "default"
        out[key] = out.get(key, 0) + 1
    return out


def target(base: str, protocol: str, batch: int | None = None) -> push.Target:
    endpoint = base + ("/store" if protocol == "gsp" else "/update")
    return push.Target(endpoint, protocol, batch=batch, timeout=30)


@pytest.mark.parametrize("protocol,batch", [("gsp", None), ("gsp", 3), ("update", None), ("update", 4)])
def test_push_then_query_back(empty_server, protocol: str, batch: int | None) -> None:  # type: ignore[no-untyped-def]
    db = store.load_graph(INPUT)
    summary = push.push(db, target(empty_server, protocol, batch))
    assert remote_counts(empty_server) == local_counts(db)
    assert summary.triples == len(db) and summary.graphs == 2
    if batch:
        assert summary.requests > summary.graphs


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_pushing_twice_is_pushing_once(empty_server, protocol: str) -> None:  # type: ignore[no-untyped-def]
    db = store.load_graph(INPUT)
    push.push(db, target(empty_server, protocol, 5))
    once = remote_counts(empty_server)
    push.push(db, target(empty_server, protocol, 5))
    assert remote_counts(empty_server) == once == local_counts(db)


def test_push_replaces_a_changed_graph(empty_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = store.load_graph(INPUT)
    push.push(db, target(empty_server, "gsp"))
    report = ox.NamedNode("https://w3id.org/conflict-kg/report/test")
    smaller = ox.Store()
    smaller.extend(list(db.quads_for_pattern(None, None, None, report))[:3])
    push.push(smaller, target(empty_server, "gsp"))
    counts = remote_counts(empty_server)
    assert counts[report.value] == 3
    assert counts["https://w3id.org/conflict-kg/graph/kb"] == local_counts(db)["https://w3id.org/conflict-kg/graph/kb"]


def test_push_selected_graphs_only(empty_server) -> None:  # type: ignore[no-untyped-def]
    db = store.load_graph(INPUT)
    kb = "https://w3id.org/conflict-kg/graph/kb"
    push.push(db, target(empty_server, "gsp"), only=[kb])
    assert list(remote_counts(empty_server)) == [kb]
    with pytest.raises(push.PushError, match="no graph named"):
        push.push(db, target(empty_server, "gsp"), only=["https://example.org/none"])


def test_a_triple_file_goes_to_the_default_graph(empty_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    flat = tmp_path / "g.nt"
    store.dump(store.load_graph(INPUT), flat)
    db = store.load_graph(flat)
    push.push(db, target(empty_server, "gsp"))
    assert remote_counts(empty_server) == {"default": len(db)}


def test_cli_push_and_errors(empty_server) -> None:  # type: ignore[no-untyped-def]
    """End to end, `kg push` as its own process; the refusal in this one."""
    cmd = [sys.executable, "-m", "kg", "push", empty_server + "/store", "--graph", str(INPUT)]
    ok = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert "2 graphs" in ok.stderr and "triples/s" in ok.stderr
    dead = f"http://127.0.0.1:{free_port()}/store"
    bad = inprocess.kg("push", dead, "--graph", str(INPUT))
    assert bad.returncode == 1 and "cannot reach the store" in bad.stderr


def _basic_only(user: str, password: str):  # type: ignore[no-untyped-def]
    expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def reply(handler, body):  # type: ignore[no-untyped-def]
        if handler.headers.get("Authorization") != expected:
            return 401, {"WWW-Authenticate": 'Basic realm="store"'}, b"who are you?\n"
        return 204, {}, b""
    return reply


def test_basic_authentication() -> None:
    db = store.load_graph(INPUT)
    with scripted_server(_basic_only("ana", "s3cret")) as (url, seen):
        with pytest.raises(push.PushError, match="HTTP 401.*--user"):
            push.push(db, push.Target(url, verify=False))
        summary = push.push(db, push.Target(url, user="ana", password="s3cret", verify=False))
    assert summary.graphs == 2
    puts = [s for s in seen if s[0] == "PUT" and "Authorization" in s[2]]
    assert len(puts) == 2 and all(b"<https://w3id.org/" in body for *_, body in puts)


def _digest_only(user: str, password: str, realm: str = "store", nonce: str = "abc123"):  # type: ignore[no-untyped-def]
    import hashlib
    import re

    def md5(text: str) -> str:
        return hashlib.md5(text.encode()).hexdigest()

    def reply(handler, body):  # type: ignore[no-untyped-def]
        header = handler.headers.get("Authorization") or ""
        fields = dict((k, v.strip('"')) for k, v in re.findall(r'(\w+)=("[^"]*"|[^,\s]*)', header))
        ha1, ha2 = md5(f"{user}:{realm}:{password}"), md5(f"{handler.command}:{fields.get('uri')}")
        expected = md5(f"{ha1}:{nonce}:{fields.get('nc')}:{fields.get('cnonce')}:auth:{ha2}")
        if not header.startswith("Digest ") or fields.get("response") != expected or fields.get("uri") != handler.path:
            challenge = f'Digest realm="{realm}", nonce="{nonce}", qop="auth", algorithm=MD5'
            return 401, {"WWW-Authenticate": challenge}, b"who are you?\n"
        return 204, {}, b""
    return reply


def test_digest_authentication_is_sent_up_front() -> None:
    db = store.load_graph(INPUT)
    with scripted_server(_digest_only("dba", "dba")) as (url, seen):
        with pytest.raises(push.PushError, match="HTTP 401"):
            push.push(db, push.Target(url, user="dba", password="wrong", verify=False))
        seen.clear()
        summary = push.push(db, push.Target(url, "update", user="dba", password="dba", batch=10, verify=False))
    assert summary.requests == len([s for s in seen if s[0] == "POST"])  # no body sent twice
    assert all(s[2].get("Authorization", "").startswith("Digest ") for s in seen if s[0] == "POST")


# ---------------------------------------------------------------- redirects and confirmation

def _challenge_then_redirect(elsewhere: str):  # type: ignore[no-untyped-def]
    """401 without credentials; with them, a 302 to another origin (as a hostile or broken proxy would)."""
    def reply(handler, body):  # type: ignore[no-untyped-def]
        if "Authorization" not in handler.headers:
            return 401, {"WWW-Authenticate": 'Basic realm="store"'}, b""
        return 302, {"Location": elsewhere + handler.path}, b""
    return reply


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_credentials_never_follow_a_redirect(protocol: str) -> None:
    db = store.load_graph(INPUT)
    with scripted_server(lambda h, b: (204, {}, b"")) as (other, landed):
        with scripted_server(_challenge_then_redirect(other.rsplit("/", 1)[0])) as (url, seen):
            with pytest.raises(push.PushError, match="redirect"):
                push.push(db, push.Target(url, protocol, user="ana", password="s3cret"))
    assert landed == []
    assert any("Authorization" in s[2] for s in seen)  # the credentials went to the given origin only


def test_cli_refuses_a_redirect_and_exits_1() -> None:
    with scripted_server(lambda h, b: (204, {}, b"")) as (other, landed):
        with scripted_server(_challenge_then_redirect(other.rsplit("/", 1)[0])) as (url, _):
            done = inprocess.kg("push", url, "--graph", str(INPUT), "--protocol", "update",
                                "--user", "U", "--password", "P")
    assert done.returncode == 1 and "redirect" in done.stderr and "pushed" not in done.stderr
    assert landed == []


def _accepts_and_forgets(handler, body):  # type: ignore[no-untyped-def]
    """Says yes to every write and keeps nothing."""
    if handler.command == "GET":
        if "query=" in handler.path:
            doc = {"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "0"}}]}}
            return 200, {"Content-Type": "application/sparql-results+json"}, json.dumps(doc).encode()
        return 200, {"Content-Type": "application/n-triples"}, b""
    return 204, {}, b""


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_a_push_the_store_does_not_show_is_an_error(protocol: str) -> None:
    db = store.load_graph(INPUT)
    with scripted_server(_accepts_and_forgets) as (url, _):
        with pytest.raises(push.PushError, match="but the store holds 0"):
            push.push(db, push.Target(url, protocol, query_endpoint=url))
        summary = push.push(db, push.Target(url, protocol, verify=False))
    assert summary.triples == len(db)


@pytest.mark.parametrize("endpoint,expected", [
    ("http://h:7878/update", "http://h:7878/query"),
    ("http://h/ds/update", "http://h/ds/query"),
    ("http://h/sparql-auth", "http://h/sparql-auth"),
    ("http://h/update/more", "http://h/update/more"),
])
def test_where_update_pushes_are_counted(endpoint: str, expected: str) -> None:
    assert push.Target(endpoint, "update").counting_endpoint() == expected


@pytest.mark.parametrize("url", ["not a url", "ftp://h/store", "http:///store"])
def test_a_push_url_that_is_no_url_exits_1(url: str) -> None:
    done = inprocess.kg("push", url, "--graph", str(INPUT))
    assert done.returncode == 1 and "not an http" in done.stderr


def _holds_in_turtle(db: ox.Store):  # type: ignore[no-untyped-def]
    """A store that answers a graph GET in Turtle (404 for a graph it does not hold)."""
    def reply(handler, body):  # type: ignore[no-untyped-def]
        if handler.command != "GET":
            return 204, {}, b""
        iri = urllib.parse.unquote(handler.path.split("graph=", 1)[1]) if "graph=" in handler.path else None
        graph = ox.NamedNode(iri) if iri else ox.DefaultGraph()
        triples = [q.triple for q in db.quads_for_pattern(None, None, None, graph)]
        if not triples:
            return 404, {}, b"no such graph"
        return 200, {"Content-Type": "text/turtle"}, ox.serialize(triples, format=ox.RdfFormat.TURTLE,
                                                                  prefixes={"ckg": "https://w3id.org/conflict-kg/"})
    return reply


def test_a_graph_answered_in_turtle_or_404_is_counted() -> None:
    db = store.load_graph(INPUT)
    with scripted_server(_holds_in_turtle(db)) as (url, _):
        summary = push.push(db, push.Target(url))
        empty = ox.Store()
        empty.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("o"),
                          ox.NamedNode("http://e/absent")))
        with pytest.raises(push.PushError, match="sent 1 triples.*holds 0"):
            push.push(empty, push.Target(url))
    assert summary.triples == len(db)
