"""Build time against report length: is every stage linear in the length of one report?

    python bench/length.py                          # 5k to 200k characters
    python bench/length.py --sizes 5000 50000 --rounds 1

One long report per size is made of the example reports of seeds/ (or, with --source
synthetic, of synthetic ones: `bench/corpus.py`, seed 7) put end to end, cut at a
sentence end near the size. Each is processed as a build's worker
does (parse with the build's pipeline, then the rules, resolution and the report's
graph), timed in CPU seconds, best of the rounds. Prints seconds per 10,000 characters
for each stage and in total: flat figures mean linear time. The last line compares the
largest per-10k figure with the smallest ("flat within 2x" is the target). Writes
bench/results/length-<source>.json.
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
from kg import mapping, pipeline, rules  # noqa: E402
from kg.records import Report, ReportMeta  # noqa: E402

SIZES = (5_000, 10_000, 25_000, 50_000, 100_000, 200_000)
STAGES = ("parse", "rules", "resolve", "graph")


def long_text(size: int, seed: int, source: str) -> str:
    """Reports end to end, cut at the last sentence end before `size` characters: synthetic
    ones, or the example reports of seeds/ over and over."""
    parts: list[str] = []
    length, batch = 0, 0
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    while length < size:
        texts = seeds if source == "seeds" else [r["text"] for r in synthetic.generate(50, seed + batch)]
        parts += texts
        length += sum(len(t) + 2 for t in texts)
        batch += 1
    text = "\n\n".join(parts)[:size]
    return text[: text.rfind(".") + 1]


def timed(processor: pipeline.Processor, report: Report) -> dict[str, float]:
    """CPU seconds of each stage for one report."""
    kb, lexicon = processor.kb, processor.extractor.lexicon
    marks = [time.process_time()]
    doc = processor.extractor.nlp(report.text)
    marks.append(time.process_time())
    extraction = rules.extract(doc, report, kb, lexicon)
    marks.append(time.process_time())
    resolved = processor.resolver.resolve(extraction)
    marks.append(time.process_time())
    mapping.report_graph(resolved)
    marks.append(time.process_time())
    return {name: b - a for name, a, b in zip(STAGES, marks, marks[1:])}


def measure(processor: pipeline.Processor, size: int, seed: int, rounds: int, source: str) -> dict[str, Any]:
    text = long_text(size, seed, source)
    report = Report(ReportMeta(id=f"length-{size}"), text, str(size))
    best: dict[str, float] | None = None
    for _ in range(rounds):
        spent = timed(processor, report)
        best = spent if best is None else {k: min(v, spent[k]) for k, v in best.items()}
    assert best is not None
    total = sum(best.values())
    per10k = {k: v * 10_000 / len(text) for k, v in {**best, "total": total}.items()}
    return {"characters": len(text), "seconds": best, "total": total, "per_10k": per10k}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--source", choices=("synthetic", "seeds"), default="seeds",
                        help="what the long report is made of (default: the example reports of seeds/)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()

    processor = pipeline.Processor(pipeline.Options())
    processor.extractor.nlp("A warm-up sentence for the pipeline.")
    rows = []
    print(f"{'chars':>8} {'total s':>8}  per 10k chars: " + " ".join(f"{s:>8}" for s in (*STAGES, "total")))
    for size in args.sizes:
        row = measure(processor, size, args.seed, args.rounds, args.source)
        rows.append(row)
        per = row["per_10k"]
        print(f"{row['characters']:>8} {row['total']:>8.2f}  {'':>14} "
              + " ".join(f"{per[s]:>8.3f}" for s in (*STAGES, "total")), flush=True)
    figures = [r["per_10k"]["total"] for r in rows]
    spread = max(figures) / min(figures)
    print(f"largest / smallest total per 10k characters: {spread:.2f}x (target: within 2x)")
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"length-{args.source}.json"
    target.write_text(json.dumps({"source": args.source, "rounds": args.rounds, "rows": rows, "spread": spread},
                                 indent=2) + "\n",
                      encoding="utf-8")
    print(f"-> {target}")


if __name__ == "__main__":
    main()
