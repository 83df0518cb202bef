"""The world gazetteer's costs: cold index build, warm open, lookups per second.

    python bench/gazetteer.py                  # build into a temporary folder, 1,000 lookups
    python bench/gazetteer.py --lookups 5000 --keep /tmp/gaz

Cold build: the index built from the packages' tables into an empty cache folder (what
the first `kg` run on a machine pays). Warm open: a fresh process importing kg.gazetteer
and calling `Gazetteer.open()` on the built index (what every later run pays). Lookups:
`resolve()` over distinct settlement names taken evenly from the index, each with its own
country as context (so every lookup reaches the disk index; none is served from the
in-process cache), then the same names again (served from that cache). CPU seconds
(process time) are reported beside wall seconds, since the machine may be shared.
Writes bench/results/gazetteer.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.gazetteer import Context, Gazetteer  # noqa: E402
from kg.gazetteer_index import build, index_path  # noqa: E402

_OPEN = ("import time; t = time.perf_counter(); c = time.process_time(); "
         "from kg.gazetteer import Gazetteer; g = Gazetteer.open(); "
         "print(time.perf_counter() - t, time.process_time() - c)")


def cold_build(folder: Path) -> dict[str, float | str]:
    wall, cpu = time.perf_counter(), time.process_time()
    meta = build(index_path(folder))
    return {"wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu,
            "size_mb": index_path(folder).stat().st_size / 1e6, **meta}


def warm_open(folder: Path, rounds: int = 5) -> dict[str, float]:
    """Best of `rounds` fresh processes: import + open."""
    env = {**os.environ, "KG_CACHE": str(folder), "PYTHONPATH": str(ROOT)}
    runs = [tuple(map(float, subprocess.run([sys.executable, "-c", _OPEN], env=env, check=True, text=True,
                                            capture_output=True).stdout.split())) for _ in range(rounds)]
    return {"wall_s": min(r[0] for r in runs), "cpu_s": min(r[1] for r in runs)}


def sample(gaz: Gazetteer, n: int) -> list[tuple[str, Context]]:
    """`n` distinct settlement names, taken evenly through the index, each with its country."""
    db = sqlite3.connect(gaz.path)
    rows = db.execute("SELECT name, cc3 FROM places WHERE feature = 'settlement' ORDER BY id").fetchall()
    step = max(len(rows) // (n * 2), 1)
    seen: dict[str, tuple[str, Context]] = {}
    for name, cc3 in rows[::step]:
        seen.setdefault(name, (name, Context(countries=frozenset({cc3}))))
    return list(seen.values())[:n]


def lookups(gaz: Gazetteer, queries: list[tuple[str, Context]]) -> dict[str, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    found = sum(gaz.resolve(name, ctx) is not None for name, ctx in queries)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"n": len(queries), "resolved": found, "wall_s": wall, "cpu_s": cpu, "per_s_wall": len(queries) / wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lookups", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="build into this folder and keep the index")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        result: dict[str, object] = {"cold_build": cold_build(folder), "warm_open": warm_open(folder)}
        gaz = Gazetteer.open(folder)
        queries = sample(gaz, args.lookups)
        result["lookups_first"] = lookups(gaz, queries)
        result["lookups_repeat"] = lookups(gaz, queries)
    out = ROOT / "bench" / "results" / "gazetteer.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
