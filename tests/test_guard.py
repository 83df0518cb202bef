"""The SERVICE guard decides on the parsed query, and query files are read only as files."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import inprocess
import pytest

from kg import guard, query

# Each hides a SERVICE clause from a reading of the text; {probe} is a listening loopback URL.
HIDDEN = [
    r"PREFIX ex: <http://ex/> SELECT * WHERE { VALUES ?x { ex:a\# } SERVICE <{probe}> { ?s ?p ?o } }",
    "PREFIX ex: <http://ex/> SELECT * WHERE { VALUES ?x { ex:a\\# } \n SERVICE <{probe}> { ?s ?p ?o } }",
    r"PREFIX ex: <http://ex/> SELECT * WHERE { VALUES ?x { ex:a\' } SERVICE <{probe}> { ?s ?p ?o } }",
    r'PREFIX ex: <http://ex/> SELECT * WHERE { VALUES ?x { ex:a\" } SERVICE <{probe}> { ?s ?p ?o } }',
    r"SELECT * WHERE { \u0053ERVICE <{probe}> { ?s ?p ?o } }",
    r"SELECT * WHERE { SERVIC\u0045 <{probe}> { ?s ?p ?o } }",
    "select * where { sErViCe silent <{probe}> { ?s ?p ?o } }",
    "SELECT * WHERE { ?a ?b ?c FILTER EXISTS { SERVICE <{probe}> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE <{probe}> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?a ?b ?c MINUS { SERVICE <{probe}> { ?s ?p ?o } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <{probe}> { ?s ?p ?o } } } }",
    "ASK { GRAPH ?g { SERVICE <{probe}> { ?s ?p ?o } } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{probe}> { ?s ?p ?o } }",
    'SELECT * WHERE { BIND("a\\"#" AS ?x) SERVICE <{probe}> { ?s ?p ?o } }',
    "SELECT * WHERE { BIND('''x\n#''' AS ?x) SERVICE <{probe}> { ?s ?p ?o } }",
    "SELECT * WHERE {\n?s ?p ?o # SERVICE in a comment \n SERVICE <{probe}> { ?s ?p ?o } }",
]
LOCAL = [
    'SELECT * WHERE { ?s ?p "SERVICE" } # SERVICE in a comment',
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:SERVICE ?o }",
    "SELECT ?service WHERE { ?service ?p ?o }",
]


@contextmanager
def probe() -> Iterator[tuple[str, list[bytes]]]:
    """A loopback socket that records whatever connects to it (and answers nothing useful)."""
    seen: list[bytes] = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    seen.append(conn.recv(4096))
                    conn.sendall(b"HTTP/1.1 500 no\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                except OSError:
                    seen.append(b"")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/sparql", seen
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()


@pytest.mark.parametrize("text", HIDDEN)
def test_service_is_found_in_the_parsed_query(text: str) -> None:
    with pytest.raises(guard.GuardError):
        guard.check(text.replace("{probe}", "http://127.0.0.1:9/sparql"))


@pytest.mark.parametrize("text", LOCAL)
def test_local_queries_pass(text: str) -> None:
    guard.check(text)


def test_federation_allowed_skips_the_check() -> None:
    guard.check(HIDDEN[0], allow_federation=True)


def test_a_hidden_service_in_a_library_run_is_refused_before_the_engine() -> None:
    import pyoxigraph as ox

    with probe() as (url, seen):
        for text in HIDDEN:
            with pytest.raises(query.QueryError):
                query.run(ox.Store(), text.replace("{probe}", url), "test")
    assert seen == []


@pytest.fixture()
def graph(tmp_path: Path) -> Path:
    path = tmp_path / "g.nt"
    path.write_text('<http://e/s> <http://e/p> "o" .\n', encoding="utf-8")
    return path


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    """`kg` as its own process: that of `kg query` forbids itself the network (a seccomp filter)."""
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("index", [0, 1, 4, 7])
def test_kg_query_makes_no_outbound_call(tmp_path: Path, graph: Path, index: int) -> None:
    rq = tmp_path / "hidden.rq"
    with probe() as (url, seen):
        rq.write_text(HIDDEN[index].replace("{probe}", url), encoding="utf-8")
        done = kg("query", str(rq), "--graph", str(graph))
    assert done.returncode == 1, done.stderr
    assert seen == []
    assert "internal error" not in done.stderr


def test_kg_query_federates_only_when_allowed(tmp_path: Path, graph: Path) -> None:
    rq = tmp_path / "fed.rq"
    with probe() as (url, seen):
        rq.write_text(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", encoding="utf-8")
        refused = kg("query", str(rq), "--graph", str(graph))
        kg("query", str(rq), "--graph", str(graph), "--allow-federation")
    assert refused.returncode == 1 and "SERVICE" in refused.stderr and "--allow-federation" in refused.stderr
    assert len(seen) >= 1  # the allowed call went out


def test_forbid_network_in_a_child() -> None:
    code = ("import socket, kg.guard as g\n"
            "assert g.forbid_network()\n"
            "a, b = socket.socketpair()\n"
            "try:\n    socket.socket()\nexcept OSError:\n    print('refused')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    if "AssertionError" in done.stderr:
        pytest.skip("seccomp filters are not available here")
    assert done.stdout.strip() == "refused", done.stderr


# ---------------------------------------------------------------- query files

SECRET = "TOP-SECRET-LINE the password is hunter2"


@pytest.mark.parametrize("name,content,message", [
    ("secret", SECRET, "not a query file"),
    ("secret.txt", SECRET, "not a query file"),
    ("secret.rq", SECRET, "not valid SPARQL"),
    ("secret.rq", "SELECT * WHERE {\n" + SECRET + "\n}", "not valid SPARQL"),
    ("binary.rq", None, "not UTF-8"),
])
def test_query_files_never_echo_their_content(tmp_path: Path, graph: Path, name: str,
                                              content: str | None, message: str) -> None:
    path = tmp_path / name
    if content is None:
        path.write_bytes(b"\xff\xfe" + SECRET.encode())
    else:
        path.write_text(content, encoding="utf-8")
    done = inprocess.kg("query", str(path), "--graph", str(graph))
    assert done.returncode == 1, done.stderr
    assert message in done.stderr and str(path) in done.stderr
    assert "hunter2" not in done.stderr and "TOP-SECRET" not in done.stdout


@pytest.mark.parametrize("name", ["../queries/actors", "../../etc/passwd", "/etc/passwd", ".hidden", "a b"])
def test_a_saved_name_resolves_only_inside_queries(name: str) -> None:
    with pytest.raises(query.QueryError):
        query.find(name)


@pytest.mark.parametrize("name", ["actors", "actors.rq"])
def test_saved_names_still_work(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text, path = query.find(name)
    assert path.parent.name == "queries" and "SELECT" in text


def test_a_local_file_named_like_a_saved_query_is_read_as_a_path(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "actors.rq").write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    assert query.find("actors.rq") == ("ASK { ?s ?p ?o }", Path("actors.rq"))
    assert query.find("actors")[1].parent.name == "queries"


def test_a_folder_or_device_is_not_a_query(tmp_path: Path) -> None:
    (tmp_path / "d.rq").mkdir()
    with pytest.raises(query.QueryError, match="not a regular file"):
        query.find(str(tmp_path / "d.rq"))
