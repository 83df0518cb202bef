"""Where a worker's time goes: each stage of one report's processing, timed in one process.

    python bench/stages.py                   # 600 synthetic reports, best of 5 rounds
    python bench/stages.py --reports 2000 --rounds 3

Parses the synthetic corpus (`bench/corpus.py`, seed 7) once with `nlp.pipe` of the
build's own pipeline, timed, then runs the worker's later stages over the same parsed
documents: the rules, resolution against the knowledge base, and the report's graph as
N-Quads with the entities it uses. Each stage is timed in CPU time and the best of the
rounds is kept, so other load on the machine disturbs the figures little. "worker vs
raw" is what one worker can reach against raw `nlp.pipe` if nothing else costs it time
(the store's writer, compactions, start-up). Prints a table and writes
bench/results/stages-<reports>.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import corpus as synthetic  # noqa: E402
from kg import mapping, pipeline  # noqa: E402
from kg.records import Report, ReportMeta  # noqa: E402

STAGES = ("rules", "resolve", "graph")


def parse(processor: pipeline.Processor, texts: list[str]) -> tuple[list[Any], float]:
    """The parsed documents and the CPU seconds `nlp.pipe` took over them."""
    start = time.process_time()
    docs = [doc for doc, _ in processor.extractor.parse(((t, None) for t in texts), processor.options.batch_size)]
    return docs, time.process_time() - start


def one_round(processor: pipeline.Processor, reports: list[Report], docs: list[Any]) -> dict[str, float]:
    """CPU seconds of each later stage over every report."""
    spent = dict.fromkeys(STAGES, 0.0)
    kb = processor.kb
    for report, doc in zip(reports, docs):
        t0 = time.process_time()
        extraction = processor.extractor.records(doc, report)
        t1 = time.process_time()
        resolved = processor.resolver.resolve(extraction)
        t2 = time.process_time()
        graph = mapping.report_graph(resolved)
        frozenset(i for i in graph.iris if i in kb.entities)
        t3 = time.process_time()
        for name, a, b in zip(STAGES, (t0, t1, t2), (t1, t2, t3)):
            spent[name] += b - a
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=600)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()

    records = synthetic.generate(args.reports, args.seed)
    reports = [Report(ReportMeta(id=r["id"]), r["text"], str(n)) for n, r in enumerate(records)]
    processor = pipeline.Processor(pipeline.Options())
    texts = [r.text for r in reports]
    parse(processor, texts[:50])  # warm up
    docs, best_parse = parse(processor, texts)
    for _ in range(args.rounds - 1):
        best_parse = min(best_parse, parse(processor, texts)[1])
    best = one_round(processor, reports, docs)
    for _ in range(args.rounds - 1):
        best = {k: min(v, w) for (k, v), w in zip(best.items(), one_round(processor, reports, docs).values())}
    per = {k: 1000 * v / len(reports) for k, v in {"nlp.pipe": best_parse, **best}.items()}
    extra = sum(per[k] for k in STAGES)
    res = {"reports": len(reports), "rounds": args.rounds, "ms_per_report": per,
           "after_parsing_ms": extra, "worker_vs_raw": per["nlp.pipe"] / (per["nlp.pipe"] + extra)}
    for name, ms in per.items():
        print(f"{name:<10} {ms:7.2f} ms a report")
    print(f"{'after':<10} {extra:7.2f} ms a report on top of parsing; worker vs raw nlp.pipe "
          f"{res['worker_vs_raw']:.2f}x")
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"stages-{len(reports)}.json"
    target.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print(f"-> {target}")


if __name__ == "__main__":
    main()
