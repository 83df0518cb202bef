"""Check that a change leaves the graphs alone: build report folders with a git revision and with the
working tree, sort the N-Quads, and compare.

    python bench/same_graphs.py [--base HEAD] [FOLDER ...]

Default folders: seeds/, ../shared/seeds/ and ../shared/eval/reports/ (those that exist). Prints
the lines only one side has (at most --show of them per folder); exits 1 if any folder differs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDERS = (ROOT / "seeds", ROOT.parent / "shared" / "seeds", ROOT.parent / "shared" / "eval" / "reports")


def export(revision: str, into: Path) -> Path:
    """The files of a git revision, unpacked into a folder."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def build(source: Path, folder: Path, out: Path) -> list[str]:
    """The sorted N-Quads lines of `folder` built by the package in `source`."""
    env = {**os.environ, "PYTHONPATH": str(source), "KG_DATA": str(source)}
    subprocess.run([sys.executable, "-m", "kg", "build", str(folder), "-o", str(out)], cwd=source, env=env,
                   check=True, capture_output=True)
    return sorted(out.read_text(encoding="utf-8").splitlines())


def compare(base: Path, folder: Path, scratch: Path, show: int) -> bool:
    before = build(base, folder, scratch / "before.nq")
    after = build(ROOT, folder, scratch / "after.nq")
    gone, new = sorted(set(before) - set(after)), sorted(set(after) - set(before))
    print(f"{folder}: {len(before)} quads before, {len(after)} after, {len(gone)} gone, {len(new)} new")
    for line in gone[:show]:
        print(f"  - {line}")
    for line in new[:show]:
        print(f"  + {line}")
    return before == after


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--base", default="HEAD", help="git revision to compare the working tree with")
    parser.add_argument("--show", type=int, default=10, help="differing lines shown per folder")
    args = parser.parse_args()
    folders = args.folders or [f for f in DEFAULT_FOLDERS if f.is_dir()]
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        base.mkdir()
        export(args.base, base)
        same = [compare(base, folder.resolve(), Path(tmp), args.show) for folder in folders]
    return 0 if all(same) else 1


if __name__ == "__main__":
    raise SystemExit(main())
