"""Check that a change leaves the built graphs as they were.

Builds each report folder to N-Quads with the CLI (`kg build FOLDER -o X.nq`), sorts the
lines and either saves them as a baseline or compares them with a saved one:

    python bench/same_graphs.py --save /tmp/baseline        # before the change
    python bench/same_graphs.py --check /tmp/baseline       # after it

The folders are `seeds/`, `../shared/seeds/` and `../shared/eval/reports/` by default
(`--folder` names others, repeatable); a folder that does not exist is skipped with a
warning. `--check` prints the first differing lines of each folder that changed.

Exit codes: 0 saved or identical, 1 a graph differs, a baseline is missing or a build failed.
"""

from __future__ import annotations

import argparse
import difflib
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDERS = (ROOT / "seeds", ROOT.parent / "shared" / "seeds", ROOT.parent / "shared" / "eval" / "reports")
SHOWN_LINES = 20


@dataclass(frozen=True)
class Folder:
    """A report folder and the name of its baseline file."""

    path: Path
    name: str


def baseline_name(path: Path) -> str:
    """A file name for the folder's baseline that does not depend on where the project lives."""
    full = path.resolve()
    parts = ("project", *full.relative_to(ROOT).parts) if full.is_relative_to(ROOT) else full.parts[-2:]
    return "-".join(parts) + ".nq"


def folders(paths: list[Path]) -> list[Folder]:
    """Each folder with its baseline file name."""
    return [Folder(p, baseline_name(p)) for p in paths]


def kg_command() -> list[str]:
    """The CLI of the interpreter running this script."""
    return [sys.executable, "-m", "kg"]


def sorted_quads(folder: Path) -> list[str]:
    """The folder built to N-Quads, lines sorted; raises RuntimeError when the build fails."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "graph.nq"
        done = subprocess.run([*kg_command(), "build", str(folder), "-o", str(out)],
                              capture_output=True, text=True, cwd=ROOT)
        if done.returncode != 0:
            raise RuntimeError(f"kg build {folder} exited {done.returncode}: {done.stderr.strip()[-2000:]}")
        return sorted(line for line in out.read_text(encoding="utf-8").splitlines() if line.strip())


def difference(before: list[str], after: list[str]) -> list[str]:
    """The first differing lines of two sorted quad lists, as a unified diff."""
    diff = difflib.unified_diff(before, after, "baseline", "now", lineterm="", n=0)
    return list(diff)[:SHOWN_LINES]


def save(items: list[Folder], baseline: Path) -> int:
    """Write each folder's sorted quads into the baseline folder."""
    baseline.mkdir(parents=True, exist_ok=True)
    for item in items:
        lines = sorted_quads(item.path)
        (baseline / item.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"saved {item.path}: {len(lines)} quads -> {baseline / item.name}")
    return 0


def check(items: list[Folder], baseline: Path) -> int:
    """Compare each folder's sorted quads with the baseline; 1 when any differs."""
    status = 0
    for item in items:
        saved = baseline / item.name
        if not saved.is_file():
            print(f"{saved}: no baseline for {item.path}", file=sys.stderr)
            status = 1
            continue
        before = saved.read_text(encoding="utf-8").splitlines()
        after = sorted_quads(item.path)
        if before == after:
            print(f"identical {item.path}: {len(after)} quads")
            continue
        status = 1
        print(f"DIFFERENT {item.path}: {len(before)} quads before, {len(after)} now")
        print("\n".join(difference(before, after)))
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--save", type=Path, metavar="DIR", help="write the baseline into DIR")
    mode.add_argument("--check", type=Path, metavar="DIR", help="compare with the baseline in DIR")
    parser.add_argument("--folder", type=Path, action="append", help="a report folder (repeatable)")
    args = parser.parse_args(argv)
    paths = args.folder or list(DEFAULT_FOLDERS)
    present = [p for p in paths if p.is_dir()]
    for missing in sorted(set(paths) - set(present)):
        print(f"warning: {missing} is not a folder; skipped", file=sys.stderr)
    try:
        if args.save:
            return save(folders(present), args.save)
        return check(folders(present), args.check)
    except RuntimeError as err:
        print(f"same_graphs: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
