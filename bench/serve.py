"""Serving throughput: requests/s for a small SELECT, `kg serve` against `oxigraph serve-read-only`.

    .venv/bin/python bench/serve.py                 # 2,000 requests each, one client
    .venv/bin/python bench/serve.py --requests 5000 --triples 100000
    .venv/bin/python bench/serve.py --hostile       # cross products against `kg serve --timeout 2`

Both servers run as their own process on loopback over the same generated graph; the
client is a plain loop of urllib GETs (a new connection per request, as SPARQLWrapper does).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from push import generate  # noqa: E402  (bench/push.py)
from servers import free_port, oxigraph_binary, wait_for  # noqa: E402

from kg import store  # noqa: E402

QUERY = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } LIMIT 10"
BUDGET = 30.0  # seconds per server at most: a slow server is measured on fewer requests


def loop(url: str, n: int) -> tuple[int, float]:
    """Requests done and requests per second for up to n GETs of QUERY (JSON results)."""
    target = f"{url}?{urllib.parse.urlencode({'query': QUERY})}"
    headers = {"Accept": "application/sparql-results+json"}
    for _ in range(5):  # warm up
        urllib.request.urlopen(urllib.request.Request(target, headers=headers)).read()
    started = time.perf_counter()
    done = 0
    while done < n and time.perf_counter() - started < BUDGET:
        with urllib.request.urlopen(urllib.request.Request(target, headers=headers)) as resp:
            resp.read()
        done += 1
    return done, done / (time.perf_counter() - started)


CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d"


def hostile(url: str, pid: int, rounds: int = 4) -> None:
    """Send cross products one after the other; print each answer's status and time, the time
    until a small query is answered again, and the most memory the server's processes held."""
    import threading

    import psutil

    peak, stop = [0], threading.Event()

    def sample() -> None:
        server = psutil.Process(pid)
        while not stop.is_set():
            try:
                peak[0] = max(peak[0], sum(p.memory_info().rss for p in [server, *server.children(recursive=True)]))
            except psutil.Error:
                pass
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    for i in range(rounds):
        started = time.perf_counter()
        status = _status(f"{url}?{urllib.parse.urlencode({'query': CROSS})}")
        print(f"cross product {i + 1}: HTTP {status} after {time.perf_counter() - started:.2f} s", flush=True)
    started = time.perf_counter()
    status = _status(f"{url}?{urllib.parse.urlencode({'query': QUERY})}")
    print(f"next small query: HTTP {status} after {time.perf_counter() - started:.2f} s", flush=True)
    stop.set()
    sampler.join()
    print(f"most memory held by the server and its workers: {peak[0] / 1e6:,.0f} MB", flush=True)


def _status(target: str) -> int:
    try:
        with urllib.request.urlopen(target, timeout=120) as resp:
            resp.read()
            return int(resp.status)
    except urllib.error.HTTPError as err:
        return int(err.code)


def kg_serve(graph: Path, *extra: str) -> tuple[subprocess.Popen, str]:  # type: ignore[type-arg]
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--graph", str(graph), "--port", "0", *extra],
                            stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline() if proc.stderr else ""
    match = re.search(r"serving (http://\S+)", line)
    if not match:
        proc.kill()
        raise RuntimeError(f"kg serve did not start: {line}")
    return proc, match.group(1)


def oxigraph_read_only(graph: Path, folder: Path) -> tuple[subprocess.Popen, str]:  # type: ignore[type-arg]
    subprocess.run([oxigraph_binary(), "load", "--location", str(folder), "--file", str(graph)],
                   check=True, capture_output=True)
    port = free_port()
    proc = subprocess.Popen([oxigraph_binary(), "serve-read-only", "--location", str(folder),
                             "--bind", f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", "30"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(f"http://127.0.0.1:{port}/")
    return proc, f"http://127.0.0.1:{port}/query"


def oxigraph_read_write(graph: Path, folder: Path) -> tuple[subprocess.Popen, str]:  # type: ignore[type-arg]
    subprocess.run([oxigraph_binary(), "load", "--location", str(folder), "--file", str(graph)],
                   check=True, capture_output=True)
    port = free_port()
    proc = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(folder),
                             "--bind", f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", "30"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(f"http://127.0.0.1:{port}/")
    return proc, f"http://127.0.0.1:{port}/query"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--triples", type=int, default=30_000)
    parser.add_argument("--order-by", action="store_true", help="sort the labels (ORDER BY ?s) before LIMIT")
    parser.add_argument("--hostile", action="store_true", help="measure cross products against --timeout 2 instead")
    args = parser.parse_args()
    global QUERY
    if args.order_by:
        QUERY = QUERY.replace(" LIMIT", " ORDER BY ?s LIMIT")
    with tempfile.TemporaryDirectory() as tmp:
        graph = Path(tmp) / "graph.nq"
        store.dump(generate(args.triples), graph)
        if args.hostile:
            proc, url = kg_serve(graph, "--timeout", "2", "--workers", "1")
            try:
                hostile(url, proc.pid)
            finally:
                proc.terminate()
                proc.wait(timeout=10)
            return
        for name, start in (("kg serve", lambda: kg_serve(graph)),
                            ("oxigraph serve-read-only", lambda: oxigraph_read_only(graph, Path(tmp) / "ro")),
                            ("oxigraph serve", lambda: oxigraph_read_write(graph, Path(tmp) / "rw"))):
            proc, url = start()
            try:
                done, rate = loop(url, args.requests)
            finally:
                proc.terminate()
                proc.wait(timeout=10)
            print(f"{name:26} {done:>5} requests: {rate:8,.1f} requests/s ({args.triples:,} triples)", flush=True)


if __name__ == "__main__":
    main()
