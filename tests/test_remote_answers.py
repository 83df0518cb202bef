"""A linking endpoint that answers what is not SPARQL JSON results gets a clear refusal."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kg import remote

ANSWERS = {
    "/broken": b'{"head": {"vars": ["x"]}, "results": {"bindings": [',
    "/deep": b"[" * 100_000,
    "/list": b'{"head": {}, "results": []}',
    "/strings": b'{"head": {}, "results": {"bindings": ["x"]}}',
    "/html": b"<html><body>Service unavailable</body></html>",
    "/good": b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "1"}}]}}',
    "/ask": b'{"head": {}, "boolean": true}',
}


class Answer(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        body = ANSWERS[self.path]
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path", ["/broken", "/deep", "/list", "/strings", "/html"])
def test_garbage_is_refused_naming_the_endpoint(base: str, path: str) -> None:
    with pytest.raises(remote.RemoteError, match=f"{base}{path}: the answer is not SPARQL JSON results"):
        remote.sparqlwrapper_transport(base + path, "SELECT ?x WHERE { ?x ?p ?o }", 5)


@pytest.mark.parametrize(("path", "query"), [("/good", "SELECT ?x WHERE { ?x ?p ?o }"),
                                             ("/ask", "ASK { ?x ?p ?o }")])
def test_well_formed_answers_pass(base: str, path: str, query: str) -> None:
    assert "head" in remote.sparqlwrapper_transport(base + path, query, 5)
