"""Extraction quality against the gold files in ../shared/eval, tracked over time.

Runs `kg eval` (kg.evaluate) once and writes its figures to
bench/results/quality-<YYYY-MM-DD>.json, with the git commit they were measured at.

    .venv/bin/python bench/quality.py                # default gold folder
    .venv/bin/python bench/quality.py --gold DIR     # another folder with the same two files

Exit codes: 0 ok, 1 a gold file is missing or malformed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from kg import evaluate

RESULTS = Path(__file__).resolve().parent / "results"


def _commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                             cwd=RESULTS.parent, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip() or None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=None, help="folder with the gold files")
    parser.add_argument("--out", type=Path, default=None, help="JSON file to write")
    args = parser.parse_args(argv)
    try:
        report = evaluate.run(args.gold or evaluate.default_gold_dir())
    except evaluate.EvalError as err:
        print(f"quality: {err}", file=sys.stderr)
        return 1
    report["commit"] = _commit()
    report["date"] = date.today().isoformat()
    out = args.out or RESULTS / f"quality-{report['date']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    sys.stdout.write(evaluate.render(report))
    print(f"-> {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
