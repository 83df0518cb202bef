"""Real servers on loopback for the tests: `oxigraph serve` and small scripted HTTP servers."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def oxigraph_binary() -> str:
    local = Path(sys.executable).parent / "oxigraph"
    found = str(local) if local.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the oxigraph server is not installed: pip install oxigraph")
    return found


def wait_for(url: str, seconds: float = 20.0) -> None:
    """Poll until the URL answers (any HTTP status)."""
    end = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.05)


@contextmanager
def oxigraph_server() -> Iterator[str]:
    """An in-memory `oxigraph serve` on a free port; yields its base URL (…/query, …/store)."""
    port = free_port()
    proc = subprocess.Popen([oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def load(base: str, path: Path, graph: str | None = None) -> None:
    """Load a Turtle/TriG file into a running oxigraph server."""
    kind = "application/trig" if path.suffix == ".trig" else "text/turtle"
    target = f"{base}/store" + (f"?graph={graph}" if graph else ("" if kind == "application/trig" else "?default"))
    req = urllib.request.Request(target, data=path.read_bytes(), method="POST", headers={"Content-Type": kind})
    urllib.request.urlopen(req, timeout=30).close()


Reply = tuple[int, dict[str, str], bytes]


@contextmanager
def scripted_server(replies: Callable[[BaseHTTPRequestHandler, bytes], Reply]) -> Iterator[tuple[str, list]]:
    """A local HTTP server whose answers come from `replies`; yields its URL and the requests seen."""
    seen: list[tuple[str, str, dict[str, str], bytes]] = []

    class Handler(BaseHTTPRequestHandler):
        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            seen.append((self.command, self.path, dict(self.headers), body))
            status, headers, payload = replies(self, body)
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_HEAD = _any

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", seen
    finally:
        server.shutdown()
        server.server_close()
