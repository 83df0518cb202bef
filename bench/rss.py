"""Memory of a large build: peak RSS of `kg build` over a synthetic corpus, sampled through the run.

    python bench/rss.py --reports 100000 --workers 2    # the 1.5 GB target; over an hour on 2 cores
    python bench/rss.py --reports 2000                  # a smoke run

Generates the same deterministic corpus as `bench/build.py` (`bench/corpus.py`, seed 7),
builds it into a fresh store and samples the summed RSS of the build's process tree
every half second (`bench.build.run_build`). Memory is flat when the peak over the first
quarter and the first half of the run is the peak of the whole run. Prints the figures
and writes bench/results/rss-<reports>.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import corpus as synthetic  # noqa: E402
from bench.build import run_build  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="kg-rss-"))
    corpus_file = synthetic.write(work / "corpus.jsonl", args.reports, args.seed)
    res = {"reports": args.reports, "workers": args.workers,
           **run_build([str(corpus_file), "--store", str(work / "store"), "--workers", str(args.workers)])}
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"rss-{args.reports}.json"
    target.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    rss = res["rss"]
    print(f"{args.reports} reports, {args.workers} worker(s): {res['seconds']:.0f} s, {res['summary']}")
    print(f"peak RSS of the process tree {rss.get('peak_mb', 0):.0f} MB (first quarter "
          f"{rss.get('peak_mb_first_quarter', 0):.0f}, first half {rss.get('peak_mb_first_half', 0):.0f}); "
          f"largest process {res['maxrss_largest_process_mb']:.0f} MB")
    print(f"-> {target}  (work files in {work})")


if __name__ == "__main__":
    main()
