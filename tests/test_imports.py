"""The package's shape: no import cycle among the modules of kg/ and no module over 500 lines.

Imports are read with `ast` (nothing is imported), everywhere in a module: at the top, inside
functions and under `if TYPE_CHECKING:`, since an import hidden in a function is a cycle all
the same.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parent.parent / "kg"
MAX_LINES = 500


def module_name(path: Path, root: Path) -> str:
    """The dotted name of a module file under `root`'s parent ("kg/nlp/__init__.py" -> "kg.nlp")."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(root: Path) -> dict[str, Path]:
    return {module_name(p, root): p for p in sorted(root.rglob("*.py"))}


def _absolute(node: ast.ImportFrom, name: str, is_package: bool) -> str:
    """The module an ImportFrom names, relative imports resolved against the importing module."""
    if node.level == 0:
        return node.module or ""
    base = name.split(".")
    base = base if is_package else base[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imported(path: Path, name: str, known: set[str]) -> set[str]:
    """The modules of `known` that a module imports, anywhere in its body."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(node, name, path.name == "__init__.py")
            submodules = {f"{target}.{a.name}" for a in node.names} & known  # "from kg import nlp": kg.nlp
            whole = len(submodules) < len(node.names)  # a name defined in the package itself
            found |= submodules | ({target} if whole else set())
    return {m for m in found if m in known and m != name}


def import_graph(root: Path) -> dict[str, set[str]]:
    found = modules(root)
    return {name: imported(path, name, set(found)) for name, path in found.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (as a path that returns to its start) per strongly connected group of modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_path(graph, group) for group in groups]


def _path(graph: dict[str, set[str]], group: list[str]) -> list[str]:
    """A readable cycle through a strongly connected group: from its first module back to it."""
    start, members = group[0], set(group)
    paths = {start: [start]}
    todo = [start]
    while todo:
        node = todo.pop(0)
        for nxt in sorted(graph[node] & members):
            if nxt == start:
                return paths[node] + [start]
            if nxt not in paths:
                paths[nxt] = paths[node] + [nxt]
                todo.append(nxt)
    return group


def test_no_module_of_kg_imports_itself_back() -> None:
    found = cycles(import_graph(KG))
    assert not found, "import cycles: " + "; ".join(" -> ".join(c) for c in found)


@pytest.mark.parametrize(("files", "expected"), [
    ({"a.py": "from pkg import b", "b.py": "x = 1"}, []),
    ({"a.py": "from pkg import b", "b.py": "def f():\n    from pkg import a\n"}, [["pkg.a", "pkg.b", "pkg.a"]]),
    ({"a.py": "import pkg.b", "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.a import X\n"},
     [["pkg.a", "pkg.b", "pkg.a"]]),
    ({"sub/__init__.py": "from pkg.sub.c import X", "sub/c.py": "from pkg.sub import Y"},
     [["pkg.sub", "pkg.sub.c", "pkg.sub"]]),
    ({"sub/__init__.py": "from .c import X", "sub/c.py": "from .d import Y", "sub/d.py": "from . import c"},
     [["pkg.sub.c", "pkg.sub.d", "pkg.sub.c"]]),
    ({"sub/__init__.py": "from pkg.sub.c import X", "sub/c.py": "from pkg.sub.d import Y", "sub/d.py": "z = 1"}, []),
])
def test_the_cycle_finder_sees_hidden_and_relative_imports(
        tmp_path: Path, files: dict[str, str], expected: list[list[str]]) -> None:
    root = tmp_path / "pkg"
    for name, text in {"__init__.py": "", **files}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text + "\n", encoding="utf-8")
    assert cycles(import_graph(root)) == expected


@pytest.mark.parametrize("path", sorted(str(f.relative_to(KG.parent)) for f in KG.rglob("*.py")))
def test_no_module_is_over_500_lines(path: str) -> None:
    lines = (KG.parent / path).read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{path} has {lines} lines (at most {MAX_LINES})"
