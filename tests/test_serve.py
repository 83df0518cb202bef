"""kg serve: the SPARQL 1.1 Protocol over a graph, used by SPARQLWrapper, urllib and curl."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import link, mapping, paths, remote, serve, store

DATA = Path(__file__).parent / "data"
INPUT = DATA / "link-input.trig"
LABELS = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?e ?label WHERE { ?e skos:prefLabel ?label } ORDER BY ?label"""


@pytest.fixture(scope="module")
def linked(wikidata_server, tmp_path_factory) -> ox.Store:  # type: ignore[no-untyped-def]
    """The test graph, linked against the fixture server, with the ontology."""
    db = store.load_graph(INPUT)
    client = remote.Client(wikidata_server + "/query", cache_dir=tmp_path_factory.mktemp("cache"))
    link.link_store(db, client)
    db.extend(list(mapping.ontology_quads(str(paths.ontology_file()))))
    return db


@pytest.fixture(scope="module")
def endpoint(linked):  # type: ignore[no-untyped-def]
    server, url = serve.background(linked, serve.Options(port=0))
    yield url
    server.shutdown()
    server.server_close()


def http(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def get(url: str, query: str, accept: str = "") -> tuple[int, dict, bytes]:
    return http(f"{url}?{urllib.parse.urlencode({'query': query})}", headers={"Accept": accept} if accept else {})


def test_sparqlwrapper_json_and_csv(endpoint) -> None:  # type: ignore[no-untyped-def]
    from SPARQLWrapper import CSV, JSON, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery(LABELS)
    client.setReturnFormat(JSON)
    rows = client.queryAndConvert()["results"]["bindings"]
    labels = [r["label"]["value"] for r in rows]
    assert "Free Syrian Army" in labels and labels == sorted(labels)
    client.setReturnFormat(CSV)
    table = list(csv.DictReader(io.StringIO(client.queryAndConvert().decode("utf-8"))))
    assert [r["label"] for r in table] == labels


@pytest.mark.parametrize("accept,kind", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/html;q=0.9, text/csv;q=0.5", "text/csv"),
    ("*/*", "application/sparql-results+json"),
])
def test_select_formats_by_accept(endpoint, accept: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    status, headers, body = get(endpoint, LABELS, accept)
    assert status == 200 and headers["Content-Type"].startswith(kind)
    if kind == "text/csv":  # lossy: pyoxigraph does not read it back
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    else:
        fmt = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
               "application/sparql-results+xml": ox.QueryResultsFormat.XML,
               "text/tab-separated-values": ox.QueryResultsFormat.TSV}[kind]
        rows = list(ox.parse_query_results(body, format=fmt))
    assert len(rows) == 13


@pytest.mark.parametrize("accept,fmt", [("text/turtle", ox.RdfFormat.TURTLE),
                                        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
                                        ("application/rdf+xml", ox.RdfFormat.RDF_XML)])
def test_construct_and_describe_as_rdf(endpoint, accept: str, fmt: ox.RdfFormat) -> None:  # type: ignore[no-untyped-def]
    for query in ("CONSTRUCT { ?e <http://www.w3.org/2004/02/skos/core#closeMatch> ?w } "
                  "WHERE { ?e <http://www.w3.org/2004/02/skos/core#closeMatch> ?w }",
                  "DESCRIBE <https://w3id.org/conflict-kg/actor/free-syrian-army>"):
        status, headers, body = get(endpoint, query, accept)
        assert status == 200 and headers["Content-Type"].startswith(accept)
        assert len(list(ox.parse(body, format=fmt))) >= 3


def test_ask_and_post_forms(endpoint) -> None:  # type: ignore[no-untyped-def]
    ask = "ASK { <https://w3id.org/conflict-kg/place/hama> ?p ?o }"
    status, _, body = http(endpoint, urllib.parse.urlencode({"query": ask}).encode(),
                           {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    assert status == 200 and json.loads(body)["boolean"] is True
    status, _, body = http(endpoint, LABELS.encode(), {"Content-Type": "application/sparql-query",
                                                       "Accept": "text/csv"})
    assert status == 200 and body.startswith(b"e,label")


@pytest.mark.parametrize("data,headers", [
    (b"update=" + urllib.parse.quote_plus("DROP ALL").encode(), {"Content-Type": "application/x-www-form-urlencoded"}),
    (b"INSERT DATA { <http://a> <http://b> <http://c> }", {"Content-Type": "application/sparql-update"}),
])
def test_updates_are_refused(endpoint, linked, data: bytes, headers: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    before = len(linked)
    status, _, body = http(endpoint, data, headers)
    assert status == 403 and b"read-only" in body
    assert len(linked) == before


def test_an_update_sent_as_a_query_is_a_bad_request(endpoint) -> None:  # type: ignore[no-untyped-def]
    status, _, _ = get(endpoint, "DELETE WHERE { ?s ?p ?o }")
    assert status == 400


@pytest.mark.parametrize("query,refused", [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", True),
    ("select * where { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", True),
    ('SELECT * WHERE { ?s ?p "SERVICE" } # SERVICE in a comment', False),
    ("SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }", False),
])
def test_federation_is_off_by_default(endpoint, query: str, refused: bool) -> None:  # type: ignore[no-untyped-def]
    status, _, body = get(endpoint, query)
    assert (status == 403) == refused, body
    assert serve.uses_service(query) == refused


def test_results_are_capped(linked) -> None:  # type: ignore[no-untyped-def]
    server, url = serve.background(linked, serve.Options(port=0, max_rows=2))
    try:
        status, headers, body = get(url, LABELS, "application/sparql-results+json")
    finally:
        server.shutdown()
        server.server_close()
    assert status == 200 and headers.get("X-Result-Truncated") == "true"
    assert len(json.loads(body)["results"]["bindings"]) == 2


def test_slow_queries_time_out() -> None:
    db = ox.Store()
    db.extend([ox.Quad(ox.NamedNode(f"http://s/{i}"), ox.NamedNode("http://p"), ox.Literal(str(i))) for i in range(200)])
    server, url = serve.background(db, serve.Options(port=0, timeout=0.2, workers=1))
    try:
        status, _, body = get(url, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    finally:
        server.shutdown()
        server.server_close()
    assert status == 503 and b"time limit" in body


def test_dataset_from_the_request(endpoint, linked) -> None:  # type: ignore[no-untyped-def]
    report = "https://w3id.org/conflict-kg/report/test"
    expected = len(list(linked.quads_for_pattern(None, None, None, ox.NamedNode(report))))
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    params = urllib.parse.urlencode({"query": query, "default-graph-uri": report})
    status, _, body = http(f"{endpoint}?{params}", headers={"Accept": "application/sparql-results+json"})
    assert status == 200
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == str(expected)


def test_federated_query_through_the_served_endpoint(linked, wikidata_server) -> None:  # type: ignore[no-untyped-def]
    text = (paths.queries_dir() / "wikidata-armed-groups.rq").read_text(encoding="utf-8")
    local = text.replace("<https://query.wikidata.org/sparql>", f"<{wikidata_server}/query>")
    assert local != text
    server, url = serve.background(linked, serve.Options(port=0, allow_federation=True))
    try:
        status, _, body = get(url, local, "application/sparql-results+json")
    finally:
        server.shutdown()
        server.server_close()
    assert status == 200, body
    rows = {(r["label"]["value"], r["link"]["value"], r.get("inception", {}).get("value"),
             r.get("countryLabel", {}).get("value")) for r in json.loads(body)["results"]["bindings"]}
    assert rows == {("Free Syrian Army", "automatic", "2011-07-29T00:00:00Z", "Syria"),
                    ("Liwa al-Quds", "automatic", "2013-01-01T00:00:00Z", "Syria")}


@pytest.fixture()
def cli_server(tmp_path):  # type: ignore[no-untyped-def]
    graph = tmp_path / "g.trig"
    store.dump(store.load_graph(INPUT), graph)
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--graph", str(graph), "--port", "0"],
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline() if proc.stderr else ""
        match = re.search(r"serving (http://\S+)", line)
        assert match, line
        yield match.group(1)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_against_the_cli_server(cli_server: str) -> None:
    got = subprocess.run(["curl", "-sS", "-G", cli_server, "--data-urlencode", f"query={LABELS}",
                          "-H", "Accept: text/csv"], capture_output=True, text=True, timeout=30)
    assert got.returncode == 0 and got.stdout.splitlines()[0] == "e,label"
    assert "Free Syrian Army" in got.stdout
    posted = subprocess.run(["curl", "-sS", "-X", "POST", cli_server, "-H", "Content-Type: application/sparql-query",
                             "-H", "Accept: application/sparql-results+json", "--data-binary", LABELS],
                            capture_output=True, text=True, timeout=30)
    assert len(json.loads(posted.stdout)["results"]["bindings"]) == 13
    refused = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", cli_server,
                              "--data-urlencode", "update=DROP ALL"], capture_output=True, text=True, timeout=30)
    assert refused.stdout == "403"


@pytest.mark.parametrize("accept,mime", [
    ("", "application/sparql-results+json"),
    ("text/csv", "text/csv"),
    ("application/xml;q=0.2, text/tab-separated-values;q=0.8", "text/tab-separated-values"),
    ("text/html, */*;q=0.1", "application/sparql-results+json"),
    ("application/json", "application/json"),
])
def test_negotiate(accept: str, mime: str) -> None:
    assert serve.negotiate(accept, serve.RESULTS, "application/sparql-results+json")[0] == mime


def test_negotiate_refuses_what_it_cannot_write() -> None:
    with pytest.raises(serve.Refusal, match="cannot answer"):
        serve.negotiate("image/png", serve.RESULTS, "application/sparql-results+json")


def test_cli_serves_the_store_read_only(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from SPARQLWrapper import JSON, SPARQLWrapper

    folder = tmp_path / "store"
    db = ox.Store(str(folder))
    db.bulk_load(path=str(INPUT), format=ox.RdfFormat.TRIG)
    db.flush()
    del db
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(folder), "--port", "0"],
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline() if proc.stderr else ""
        match = re.search(r"serving (http://\S+)", line)
        assert match, line
        client = SPARQLWrapper(match.group(1))
        client.setQuery(LABELS)
        client.setReturnFormat(JSON)
        assert len(client.queryAndConvert()["results"]["bindings"]) == 13
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_cli_serve_without_a_store_exits_1(tmp_path) -> None:  # type: ignore[no-untyped-def]
    done = subprocess.run([sys.executable, "-m", "kg", "serve", "--store", str(tmp_path / "none"), "--port", "0"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "no store here yet" in done.stderr


def test_survives_200_concurrent_clients(endpoint) -> None:  # type: ignore[no-untyped-def]
    """200 clients at once: every one is answered (the backlog queues them), and the server
    still answers afterwards."""
    import threading
    import time

    results: list[int] = []
    lock = threading.Lock()

    def client() -> None:
        try:
            status, _, body = get(endpoint, LABELS, "application/sparql-results+json")
            if status == 200:
                json.loads(body)
        except OSError:
            status = -1
        with lock:
            results.append(status)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(200)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    elapsed = time.perf_counter() - started
    assert len(results) == 200
    assert set(results) == {200}, sorted(set(results))  # queued by the listen backlog, not refused
    status, _, _ = get(endpoint, LABELS)
    assert status == 200
    print(f"200 concurrent clients: {results.count(200)} answered, {results.count(503)} busy, {elapsed:.2f} s")


# ---------------------------------------------------------------- hardening

def _many(n: int) -> ox.Store:
    db = ox.Store()
    db.extend([ox.Quad(ox.NamedNode(f"http://s/{i}"), ox.NamedNode("http://p"), ox.Literal(f"value {i}"),
                       ox.NamedNode("http://g")) for i in range(n)])
    return db


@pytest.fixture(scope="module")
def tight():  # type: ignore[no-untyped-def]
    """An endpoint with small limits over 2,000 triples."""
    server, url = serve.background(_many(2000), serve.Options(
        port=0, workers=1, timeout=4, memory_mb=150, max_request_bytes=10_000, idle_timeout=1,
        max_response_bytes=50_000, allowed_hosts=("kg.example.org",), allowed_origins=("https://ok.example",)))
    yield server, url
    server.close()


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def test_a_hidden_service_never_leaves_the_endpoint(endpoint) -> None:  # type: ignore[no-untyped-def]
    from test_guard import HIDDEN, probe

    with probe() as (target, seen):
        statuses = {text: get(endpoint, text.replace("{probe}", target))[0] for text in HIDDEN}
    assert seen == []
    assert set(statuses.values()) <= {400, 403}, statuses


@pytest.mark.parametrize("headers,status", [
    ({}, 200),
    ({"Host": "localhost"}, 200),
    ({"Host": "kg.example.org:8080"}, 200),
    ({"Host": "attacker.example:7878"}, 421),
    ({"Host": "127.0.0.1.attacker.example"}, 421),
    ({"Origin": "https://evil.example"}, 403),
    ({"Origin": "null"}, 403),
    ({"Origin": "https://ok.example"}, 200),
])
def test_host_and_origin_are_checked(tight, headers: dict[str, str], status: int) -> None:  # type: ignore[no-untyped-def]
    _, url = tight
    got, answer_headers, _ = http(f"{url}?{urllib.parse.urlencode({'query': COUNT})}", headers=headers)
    assert got == status
    if headers.get("Origin") == "https://ok.example":
        assert answer_headers.get("Access-Control-Allow-Origin") == "https://ok.example"


def test_the_same_origin_is_answered(tight) -> None:  # type: ignore[no-untyped-def]
    server, url = tight
    host = f"127.0.0.1:{server.port}"
    status, _, _ = http(f"{url}?{urllib.parse.urlencode({'query': COUNT})}", headers={"Origin": f"http://{host}"})
    assert status == 200


def test_public_binding_warns() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--graph", str(INPUT), "--host", "0.0.0.0",
                             "--port", "0", "--workers", "1"], stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stderr.readline() if proc.stderr else ""
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert "warning" in first and "0.0.0.0" in first


@pytest.mark.parametrize("host,public", [("127.0.0.1", False), ("localhost", False), ("::1", False),
                                         ("0.0.0.0", True), ("::", True), ("192.0.2.1", True)])
def test_which_bindings_are_public(host: str, public: bool) -> None:
    assert serve.is_public(host) == public


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_timed_out_query_is_killed_and_the_endpoint_keeps_answering() -> None:
    import time

    server, url = serve.background(_many(2000), serve.Options(port=0, workers=1, timeout=1.5))
    try:
        for _ in range(4):
            pid = server.pool.pids()[0] if server.pool.pids() else None
            started = time.perf_counter()
            status, _, body = get(url, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d")
            assert status == 503 and (b"time limit" in body or b"memory cap" in body)  # whichever comes first
            assert time.perf_counter() - started < 10
            if pid is not None:
                deadline = time.monotonic() + 10
                while _alive(pid) and time.monotonic() < deadline:
                    time.sleep(0.05)
                assert not _alive(pid)
        status, _, body = get(url, COUNT, "application/sparql-results+json")
        assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "2000"
        assert server.pool.replaced == 4
    finally:
        server.close()


def test_a_query_over_its_memory_cap_is_stopped() -> None:
    server, url = serve.background(_many(3000), serve.Options(port=0, workers=1, timeout=60, memory_mb=100))
    try:
        status, _, body = get(url, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d")
        assert status == 503 and b"memory" in body, body
        status, _, _ = get(url, COUNT)
        assert status == 200
    finally:
        server.close()


def test_a_large_body_is_refused(tight) -> None:  # type: ignore[no-untyped-def]
    _, url = tight
    big = ("SELECT * WHERE { ?s ?p ?o } #" + "x" * 50_000).encode()
    try:
        status, _, _ = http(url, big, {"Content-Type": "application/sparql-query"})
    except (ConnectionResetError, BrokenPipeError):  # the server may close before the whole body is sent
        status = 413
    assert status == 413


def _raw(url: str, request: bytes, wait: float = 10.0) -> bytes:
    import socket

    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=wait) as conn:
        conn.sendall(request)
        out = b""
        while True:
            try:
                chunk = conn.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            out += chunk
    return out


@pytest.mark.parametrize("request_text", [
    "POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\nContent-Length: abc\r\n\r\nASK {}",
    "POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\nContent-Length: -5\r\n\r\nASK {}",
    "GET /sparql?query=ASK%20%7B%7D&default-graph-uri=not%20an%20iri HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    "GET /sparql?query=ASK%20%7B%7D&named-graph-uri=%3E HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
])
def test_bad_requests_get_a_clean_400(tight, request_text: str) -> None:  # type: ignore[no-untyped-def]
    _, url = tight
    answer = _raw(url, request_text.encode())
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
    status, _, _ = get(url, COUNT)
    assert status == 200


def test_idle_connections_are_closed(tight) -> None:  # type: ignore[no-untyped-def]
    import socket
    import time

    _, url = tight
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=15) as conn:
        started = time.perf_counter()
        assert conn.recv(1024) == b""  # closed by the server, nothing sent
    assert time.perf_counter() - started < 10


def test_one_huge_row_is_capped_by_size(tight) -> None:  # type: ignore[no-untyped-def]
    _, url = tight
    status, headers, body = get(url, "SELECT (GROUP_CONCAT(?o) AS ?all) WHERE { ?s ?p ?o VALUES ?k { 1 2 3 4 5 6 7 8 9 10 } }",
                                "application/sparql-results+json")
    assert status == 200 and headers.get("X-Result-Truncated") == "true"
    assert len(body) < 60_000 and json.loads(body)["results"]["bindings"] == []


def test_a_terminated_server_ends_its_workers_and_removes_its_copy(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os
    import time

    import psutil

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--graph", str(INPUT), "--port", "0",
                             "--workers", "2"], stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "TMPDIR": str(scratch)})
    try:
        line = proc.stderr.readline() if proc.stderr else ""
        assert "serving" in line, line
        workers = psutil.Process(proc.pid).children()
        assert len(workers) == 2 and list(scratch.iterdir())
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(w.is_running() and w.status() != psutil.STATUS_ZOMBIE for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(w.is_running() and w.status() != psutil.STATUS_ZOMBIE for w in workers)
    assert list(scratch.iterdir()) == []
