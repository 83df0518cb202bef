"""Build benchmark: a synthetic corpus through `kg build` into the store, side by side with its limits.

    python bench/build.py --reports 10000          # about 50 minutes on 2 cores
    python bench/build.py --reports 500 --quick    # a smoke run

Measures, in one run: (a) raw `nlp.pipe` of the same pipeline over the same texts
with 1 and 2 processes (the limit); (b) `kg build` into a fresh store with 1 and 2
workers, and spaCy's own n_process=2 with the rules in the main process, as reports/s,
words/s and the ratio to (a); (c) peak RSS of the build's process tree, sampled
through the run (flat RSS = the same at a quarter and at the end); (d) triples/s
written; (e) p50/p95 latency of every saved query without parameters or SERVICE;
(f) Turtle and N-Quads export from the store vs through rdflib; (g) the same build
again: its time against the first and the triples it adds. Prints a table and writes
bench/results/build-<reports>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from bench import corpus as synthetic  # noqa: E402

QUERY_BUDGET_S = 20.0
QUERY_MIN_RUNS = 5
SLOW_QUERY_S = 5.0  # a full listing slower than this runs QUERY_SLOW_RUNS times only
QUERY_SLOW_RUNS = 3
QUERY_LIMIT_S = 90.0  # a full listing still running after this is recorded as timed out
#: saved queries as an analyst runs them for one entity: the parameter their header
#: documents, bound to the busiest value of the built store (found by the SPARQL given)
BUSIEST = {
    "actor": "SELECT ?v WHERE { ?m ckg:refersTo ?v } GROUP BY ?v ORDER BY DESC(COUNT(?m)) LIMIT 1",
    "agent": "SELECT ?v WHERE { ?e ckg:agent ?v } GROUP BY ?v ORDER BY DESC(COUNT(?e)) LIMIT 1",
    "source": "SELECT ?v WHERE { ?c ckg:source ?v } GROUP BY ?v ORDER BY DESC(COUNT(?c)) LIMIT 1",
    "controller": "SELECT ?v WHERE { ?v ckg:controls ?p } GROUP BY ?v ORDER BY DESC(COUNT(?p)) LIMIT 1",
    "subject": "SELECT ?v WHERE { ?v ckg:opposes ?o } GROUP BY ?v ORDER BY DESC(COUNT(?o)) LIMIT 1",
    "event": "SELECT ?v WHERE { ?v ckg:casualties ?c } GROUP BY ?v ORDER BY DESC(COUNT(?c)) LIMIT 1",
}
BOUND = [("actor-profile", "actor", "actor"), ("affiliates", "actor", "actor"),
         ("who-attacked-whom", "agent", "agent"), ("territorial-control", "actor", "controller"),
         ("source-claims", "source", "source"), ("relations", "subject", "subject"),
         ("casualty-range", "event", "event"), ("events-all", "modality", "denied")]


class RssSampler(threading.Thread):
    """Samples the summed RSS of a process and all its descendants every `every` seconds."""

    def __init__(self, pid: int, every: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.samples = pid, every, []  # type: ignore[var-annotated]
        self.threads: dict[int, tuple[str, float]] = {}
        self.workers: dict[int, float] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        started = time.perf_counter()
        while not self.stop.is_set():
            try:
                proc = psutil.Process(self.pid)
                children = proc.children(recursive=True)
                total = sum(p.memory_info().rss for p in [proc, *children])
                self.samples.append((time.perf_counter() - started, total))
                self._cpu(proc, children)
            except psutil.Error:
                pass
            self.stop.wait(self.every)

    def _cpu(self, proc: Any, children: list[Any]) -> None:
        """The latest CPU seconds of the build's own threads (storage engine apart) and of each worker."""
        for thread in proc.threads():
            try:
                name = Path(f"/proc/{proc.pid}/task/{thread.id}/comm").read_text().strip()
            except OSError:
                continue
            self.threads[thread.id] = ("storage" if name.startswith("rocksdb") else "writer",
                                       thread.user_time + thread.system_time)
        for child in children:
            times = child.cpu_times()
            self.workers[child.pid] = times.user + times.system

    def cpu_split(self) -> dict[str, float]:
        """CPU seconds by part of the build, as last sampled (up to `every` seconds short of the end)."""
        split = {"writer_s": 0.0, "storage_engine_s": 0.0, "workers_s": sum(self.workers.values())}
        for kind, seconds in self.threads.values():
            split["storage_engine_s" if kind == "storage" else "writer_s"] += seconds
        return split

    def summary(self) -> dict[str, float]:
        if not self.samples:
            return {}
        end = self.samples[-1][0]
        at = lambda share: max((r for t, r in self.samples if t <= share * end), default=0)  # noqa: E731
        mb = 1024 * 1024
        return {"peak_mb": max(r for _, r in self.samples) / mb, "peak_mb_first_quarter": at(0.25) / mb,
                "peak_mb_first_half": at(0.5) / mb, "samples": len(self.samples)}


def cpu_children() -> float:
    """CPU seconds (user + system) used so far by waited-for child processes and theirs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_build(args: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """`kg build ...` in a subprocess: wall and CPU time, its summary line, the RSS of its process tree."""
    cpu = cpu_children()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", *args], stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    sampler = RssSampler(proc.pid)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    sampler.stop.set()
    sampler.join()
    line = err.strip().splitlines()[-1] if err.strip() else ""
    triples = re.search(r"(\d+) triples written", line)
    built = re.search(r"(\d+) report\(s\) built", line)
    return {"seconds": seconds, "cpu_seconds": cpu_children() - cpu, "exit": proc.returncode, "summary": line,
            "maxrss_largest_process_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            "reports_built": int(built.group(1)) if built else 0,
            "triples_written": int(triples.group(1)) if triples else 0, "rss": sampler.summary(),
            "cpu_split": sampler.cpu_split()}


def raw_pipe(texts: list[str], processes: int, model: str | None) -> tuple[float, float]:
    """Seconds (wall, and CPU of the whole run) for nlp.pipe of the build's own pipeline (the limit)."""
    code = (
        "import sys, json, time\n"
        "from kg import kb, nlp\n"
        "texts = [json.loads(l)['text'] for l in open(sys.argv[1], encoding='utf-8')]\n"
        "e = nlp.Extractor(kb.load(), sys.argv[3]) if sys.argv[3] != '-' else nlp.Extractor(kb.load())\n"
        "t = time.perf_counter()\n"
        "for _ in e.parse(((x, None) for x in texts), 16, int(sys.argv[2])): pass\n"
        "print(time.perf_counter() - t)\n")
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        for text in texts:
            fh.write(json.dumps({"text": text}) + "\n")
    cpu = cpu_children()
    out = subprocess.run([sys.executable, "-c", code, fh.name, str(processes), model or "-"],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    os.unlink(fh.name)
    return float(out.stdout.strip().splitlines()[-1]), cpu_children() - cpu


def spacy_n_process(corpus: Path, store_dir: Path, processes: int) -> float:
    """Seconds to build with spaCy's n_process (statistical pipeline in parallel, rules in the parent)."""
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from kg import pipeline\n"
        "def engine(batches):\n"
        "    proc = pipeline.Processor(pipeline.Options())\n"
        "    reports = (r for b in batches for r in b)\n"
        "    stream = ((r.text, r) for r in reports)\n"
        "    for doc, r in proc.extractor.parse(stream, 16, int(sys.argv[3])):\n"
        "        yield [proc._one(r, doc)]\n"
        "t = time.perf_counter()\n"
        "s = pipeline.build_store([sys.argv[1]], Path(sys.argv[2]), pipeline.Options(progress=False), engine)\n"
        "print(time.perf_counter() - t, s.reports)\n")
    out = subprocess.run([sys.executable, "-c", code, str(corpus), str(store_dir), str(processes)],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    return float(out.stdout.split()[0])


def saved_queries() -> list[tuple[str, str]]:
    """Every saved query that needs no parameter and reaches no remote SERVICE."""
    out = []
    for path in sorted((ROOT / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
        params = re.search(r"#\s*Parameters?:\s*(.*)", header, re.IGNORECASE)
        if "SERVICE" in text.upper() or (params and not params.group(1).strip().lower().startswith("none")):
            continue
        out.append((path.stem, text))
    return out


def query_latency(store_dir: Path, repeat: int) -> dict[str, dict[str, float]]:
    """p50/p95 of every saved query over the whole store, then bound to one entity as BOUND says."""
    from kg import query

    db = ox.Store.read_only(str(store_dir))  # an earlier handle in this process may hold the lock
    results = {name: _latency(db, text, name, {}, repeat) for name, text in saved_queries()}
    for name, var, busiest in BOUND:
        text, _ = query.find(name)
        value = ox.Literal(busiest) if busiest not in BUSIEST else next(
            iter(query.run(db, BUSIEST[busiest])))["v"]
        results[f"{name} ?{var}"] = {**_latency(db, text, name, {var: value}, repeat), "bound": str(value)}
    del db
    return results


def _latency(db: ox.Store, text: str, name: str, bindings: dict[str, Any], repeat: int) -> dict[str, Any]:
    from kg import query

    times: list[float] = []
    rows, budget = 0, time.perf_counter() + QUERY_BUDGET_S
    while len(times) < repeat and (len(times) < QUERY_MIN_RUNS or time.perf_counter() < budget):
        t = time.perf_counter()
        try:
            rows = query.bounded(lambda: sum(1 for _ in query.run(db, text, name, bindings)), QUERY_LIMIT_S)
        except query.QueryError:
            return {"runs": len(times) + 1, "p50_ms": None, "p95_ms": None, "rows": None,
                    "timed_out_s": QUERY_LIMIT_S}
        times.append((time.perf_counter() - t) * 1000)
        if len(times) >= QUERY_SLOW_RUNS and min(times) > SLOW_QUERY_S * 1000:
            break
    times.sort()
    return {"runs": len(times), "p50_ms": statistics.median(times),
            "p95_ms": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], "rows": rows}


def exports(store_dir: Path, rdflib_limit: int) -> dict[str, Any]:
    """Export times from the store (Oxigraph) and through rdflib (on a slice, as triples/s)."""
    import rdflib

    from kg import store

    db = ox.Store.read_only(str(store_dir))
    quads = len(db)
    out: dict[str, Any] = {"quads": quads}
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, suffix in (("nq", ".nq"), ("ttl", ".ttl")):
            t, cpu = time.perf_counter(), time.process_time()
            store.dump(db, Path(tmp) / f"all{suffix}", store.format_named(fmt))
            seconds = time.perf_counter() - t
            out[f"oxigraph_{fmt}_cpu_s"] = time.process_time() - cpu
            out[f"oxigraph_{fmt}_s"] = seconds
            out[f"oxigraph_{fmt}_per_million_s"] = seconds * 1e6 / quads
        sliced = ox.serialize(list(_first(db, rdflib_limit)), format=ox.RdfFormat.N_QUADS)
        ds = rdflib.Dataset()
        t = time.perf_counter()
        ds.parse(data=sliced, format="nquads")
        out["rdflib_parse_per_million_s"] = (time.perf_counter() - t) * 1e6 / rdflib_limit
        for fmt, name in (("nq", "nquads"), ("ttl", "turtle")):
            t = time.perf_counter()
            target = ds if fmt == "nq" else _union(ds)
            target.serialize(destination=str(Path(tmp) / f"rdflib.{fmt}"), format=name)
            out[f"rdflib_{fmt}_per_million_s"] = (time.perf_counter() - t) * 1e6 / rdflib_limit
        out["rdflib_slice_quads"] = rdflib_limit
    del db
    return out


def _first(db: ox.Store, limit: int):  # type: ignore[no-untyped-def]
    for n, quad in enumerate(db):
        if n >= limit:
            return
        yield quad


def _union(ds):  # type: ignore[no-untyped-def]
    import rdflib

    g = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=30, help="runs of each saved query")
    parser.add_argument("--rdflib-slice", type=int, default=200_000, help="quads exported through rdflib")
    parser.add_argument("--quick", action="store_true", help="skip the spaCy n_process variant")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    corpus_file = synthetic.write(work / "corpus.jsonl", args.reports, args.seed)
    texts = [json.loads(line)["text"] for line in corpus_file.open(encoding="utf-8")]
    words = sum(len(t.split()) for t in texts)
    res: dict[str, Any] = {"reports": args.reports, "words": words, "seed": args.seed,
                           "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                       "load_average_at_start": os.getloadavg()}}
    res["machine"]["load_average_at_end"] = None
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"build-{args.reports}.json"
    save = lambda: target.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")  # noqa: E731
    print(f"corpus: {args.reports} reports, {words} words in {corpus_file}", flush=True)
    for n in args.workers:
        seconds, cpu = raw_pipe(texts, n, None)
        res[f"raw_pipe_{n}"] = {"seconds": seconds, "cpu_seconds_whole_run": cpu,
                                "reports_per_s": args.reports / seconds, "words_per_s": words / seconds}
        print(f"raw nlp.pipe n_process={n}: {seconds:.1f} s", flush=True)
        save()
        build = run_build([str(corpus_file), "--store", str(work / f"store-{n}"), "--workers", str(n)])
        build.update(reports_per_s=args.reports / build["seconds"], words_per_s=words / build["seconds"],
                     cpu_ratio_to_raw=cpu / build["cpu_seconds"],
                     triples_per_s=build["triples_written"] / build["seconds"],
                     ratio_to_raw=seconds / build["seconds"])
        res[f"build_{n}"] = build
        print(f"kg build --workers {n}: {build['seconds']:.1f} s  {build['summary']}", flush=True)
        save()
    if not args.quick:
        seconds = spacy_n_process(corpus_file, work / "store-spacy", 2)
        res["build_spacy_n_process_2"] = {"seconds": seconds, "reports_per_s": args.reports / seconds}
        print(f"spaCy n_process=2 with rules in the parent: {seconds:.1f} s", flush=True)
    main_store = work / f"store-{args.workers[-1]}"
    again = run_build([str(corpus_file), "--store", str(main_store), "--workers", str(args.workers[-1])])
    first = res[f"build_{args.workers[-1]}"]["seconds"]
    res["rebuild"] = {**again, "share_of_first": again["seconds"] / first}
    print(f"same build again: {again['seconds']:.1f} s ({again['summary']})", flush=True)
    save()
    res["queries"] = query_latency(main_store, args.repeat)
    save()
    res["export"] = exports(main_store, args.rdflib_slice)
    if 1 in args.workers and 2 in args.workers:
        res["speedup_1_to_2"] = res["build_1"]["seconds"] / res["build_2"]["seconds"]
        res["raw_speedup_1_to_2"] = res["raw_pipe_1"]["seconds"] / res["raw_pipe_2"]["seconds"]
    res["machine"]["load_average_at_end"] = os.getloadavg()
    save()
    print(table(res))
    print(f"-> {target}  (work files in {work})")


def table(res: dict[str, Any]) -> str:
    rows = [("what", "value")]
    for key in sorted(k for k in res if k.startswith(("raw_pipe_", "build_"))):
        r = res[key]
        extra = f"  ratio {r['ratio_to_raw']:.2f} (CPU {r['cpu_ratio_to_raw']:.2f})" if "ratio_to_raw" in r else ""
        rss = f"  peak RSS {r['rss']['peak_mb']:.0f} MB (at 1/4: {r['rss']['peak_mb_first_quarter']:.0f})" \
            if r.get("rss") else ""
        rows.append((key, f"{r['seconds']:.1f} s  {r['reports_per_s']:.1f} reports/s{extra}{rss}"))
        if r.get("cpu_split"):
            c = r["cpu_split"]
            rows.append((f"{key} CPU", f"workers {c['workers_s']:.0f} s, writer {c['writer_s']:.0f} s, "
                                       f"storage engine {c['storage_engine_s']:.0f} s"))
    for key in ("speedup_1_to_2", "raw_speedup_1_to_2"):
        if key in res:
            rows.append((key, f"{res[key]:.2f}x"))
    rb = res["rebuild"]
    rows.append(("rebuild", f"{rb['seconds']:.1f} s = {rb['share_of_first']:.1%} of first, "
                            f"{rb['triples_written']} triples written"))
    for name, q in res["queries"].items():
        shown = (f"p50 {q['p50_ms']:.1f} ms  p95 {q['p95_ms']:.1f} ms  ({q['rows']} rows)" if q["p50_ms"] is not None
                 else f"not finished within {q['timed_out_s']:g} s")
        rows.append((f"query {name}", shown))
    ex = res["export"]
    rows.append(("export", f"{ex['quads']} quads; N-Quads {ex['oxigraph_nq_s']:.1f} s "
                           f"({ex['oxigraph_nq_per_million_s']:.2f} s/M), Turtle {ex['oxigraph_ttl_s']:.1f} s "
                           f"({ex['oxigraph_ttl_per_million_s']:.2f} s/M); rdflib s/M: "
                           f"nq {ex['rdflib_nq_per_million_s']:.1f}, ttl {ex['rdflib_ttl_per_million_s']:.1f}"))
    width = max(len(a) for a, _ in rows)
    return "\n".join(f"{a:<{width}}  {b}" for a, b in rows)


if __name__ == "__main__":
    main()
