"""Saved-query latency on a built store, against the same queries at another revision.

    python bench/queries.py --store DIR                    # this tree's queries only
    python bench/queries.py --store DIR --baseline REV     # and REV's queries, side by side

The store is one `kg build` wrote, e.g. by `bench/build.py` (its work folder is printed
at the end) or `kg build corpus.jsonl --store DIR`. Each saved query runs as
`bench/build.py` runs it: over the whole store, then bound to the busiest entity where
its header names a parameter; p50 and p95 of up to --repeat runs. With --baseline, the
text of each query at git revision REV runs on the same store in the same process,
alternating with this tree's, and the rows of the two are compared (as multisets).
Prints a table and writes bench/results/queries-<reports>.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import build  # noqa: E402
from kg import query  # noqa: E402


def texts_at(revision: str | None) -> dict[str, str]:
    """The saved queries of this tree, or of a git revision."""
    if revision is None:
        return {p.stem: p.read_text(encoding="utf-8") for p in sorted((ROOT / "queries").glob("*.rq"))}
    names = subprocess.run(["git", "-C", str(ROOT), "ls-tree", "--name-only", revision, "queries/"],
                           check=True, capture_output=True, text=True).stdout.split()
    return {Path(n).stem: subprocess.run(["git", "-C", str(ROOT), "show", f"{revision}:{n}"], check=True,
                                         capture_output=True, text=True).stdout
            for n in names if n.endswith(".rq")}


def cases(db: ox.Store) -> list[tuple[str, str, dict[str, Any]]]:
    """(label, query name, bindings) for every query `bench/build.py` times."""
    out = [(name, name, {}) for name, _ in build.saved_queries()]
    for name, var, busiest in build.BOUND:
        value = ox.Literal(busiest) if busiest not in build.BUSIEST else next(
            iter(query.run(db, build.BUSIEST[busiest])))["v"]
        out.append((f"{name} ?{var}", name, {var: value}))
    return out


def rows(db: ox.Store, text: str, bindings: dict[str, Any]) -> Counter[tuple[str, ...]]:
    result = query.run(db, text, "bench", bindings)
    names = [v.value for v in result.variables]
    return Counter(tuple(str(s[n]) if s[n] is not None else "" for n in names) for s in result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="a store kg build wrote")
    parser.add_argument("--baseline", help="git revision whose queries run side by side")
    parser.add_argument("--repeat", type=int, default=30, help="runs of each query at most")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()

    db = ox.Store.read_only(str(args.store))
    reports = sum(1 for _ in query.run(db, "SELECT ?r WHERE { ?r a ckg:Report }"))
    now, then = texts_at(None), texts_at(args.baseline) if args.baseline else {}
    res: dict[str, Any] = {"reports": reports, "store": str(args.store), "baseline": args.baseline, "queries": {}}
    for label, name, bindings in cases(db):
        entry: dict[str, Any] = {"bound": str(next(iter(bindings.values()))) if bindings else None}
        entry["now"] = build._latency(db, now[name], name, bindings, args.repeat)
        if name in then:
            entry["baseline"] = build._latency(db, then[name], name, bindings, args.repeat)
            if then[name] != now[name]:
                entry["same_rows"] = rows(db, then[name], bindings) == rows(db, now[name], bindings)
        res["queries"][label] = entry
        print(line(label, entry), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"queries-{reports}.json"
    target.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print(f"-> {target}")


def _ms(d: dict[str, Any] | None, key: str) -> str:
    value = (d or {}).get(key)
    return "-" if value is None else f"{value:.0f}"


def line(label: str, entry: dict[str, Any]) -> str:
    now, base = entry["now"], entry.get("baseline")
    ratio = (f"{base['p50_ms'] / now['p50_ms']:.1f}x" if base and base.get("p50_ms") and now.get("p50_ms")
             else "-")
    same = {True: "same rows", False: "ROWS DIFFER", None: ""}[entry.get("same_rows")]
    return (f"{label:28} rows {now.get('rows') or '-':>7}  p50 {_ms(now, 'p50_ms'):>6} ms  "
            f"p95 {_ms(now, 'p95_ms'):>6} ms  | baseline p50 {_ms(base, 'p50_ms'):>6} ms  {ratio:>6}  {same}")


if __name__ == "__main__":
    main()
