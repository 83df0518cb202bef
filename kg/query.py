"""Saved SPARQL queries: find them, run them over a store, print their results."""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from kg import guard, paths
from kg.errors import QueryError
from kg.store import PREFIXES

T = TypeVar("T")
Results = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_UNION = re.compile(r"\bUNION\b", re.IGNORECASE)
_SELECT = re.compile(r"\bSELECT\b", re.IGNORECASE)
_OPTIONAL = re.compile(r"\bOPTIONAL\s*\{", re.IGNORECASE)
_SUBSELECT_ONLY = re.compile(r"\s*(?:#[^\n]*\n\s*)*SELECT\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:MINUS|EXISTS)\s*\{", re.IGNORECASE)
_GROUP_BY = re.compile(r"\bGROUP\s+BY\b(.*?)(?=\bHAVING\b|\bORDER\b|\bLIMIT\b|\bOFFSET\b|$)", re.I | re.S)
_SLICE = re.compile(r"\b(LIMIT|OFFSET)\b", re.IGNORECASE)
_PARENS = re.compile(r"\([^()]*\)")
_BRACES = re.compile(r'"(?:[^"\\\n]|\\.)*"|<[^<>"{}\s]*>|#[^\n]*|[{}]')
_POSITION = re.compile(r"^error at (\d+):(\d+): ?(.*)$", re.S)
_PREFIXED = re.compile(r"^([A-Za-z][\w.-]*)?:([^\s<>\"{}|^`\\]*)$")
ELLIPSIS = "\u2026"
MIN_COLUMN = 8  # a table column is cut no narrower than this, or its header
RESULT_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                  "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}


def available() -> list[str]:
    return sorted(p.stem for p in paths.queries_dir().glob("*.rq"))


_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
QUERY_SUFFIXES = (".rq", ".sparql")
MAX_QUERY_BYTES = 1_000_000


def purpose(text: str) -> str:
    """The first sentence of a saved query's comment header: what it answers."""
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line.lstrip("# ").strip())
    first = " ".join(header).split(" Parameters:")[0].split(". ")[0].rstrip(".")
    if len(first) <= 100:
        return first
    cut = first.rfind(",", 0, 100)
    return first[:cut if cut > 40 else 99] + ELLIPSIS


def listing() -> str:
    """Every saved query with its purpose, one a line, for `kg query --help`."""
    return "\n".join(f"{name}: {purpose(find(name)[0])}" for name in available())


def term(value: str) -> ox.NamedNode | ox.Literal:
    """A --bind value: a full IRI, a prefixed name as the tables print it (actor:..., country:...), or text.

    A value whose prefix looks like one (letters, then ':' and no space) but is not known is
    refused, so a misspelt prefix never silently matches nothing.
    """
    if "://" in value or value.startswith("urn:"):
        try:
            return ox.NamedNode(value)
        except ValueError as err:
            raise QueryError(f"{value!r} is not a valid IRI ({err})") from None
    found = _PREFIXED.match(value)
    if found is None or " " in value:
        return ox.Literal(value)
    prefix = found.group(1) or ""
    if prefix not in PREFIXES:
        raise QueryError(f"{value!r}: unknown prefix {prefix + ':'!r}; use a full IRI or one of "
                         + ", ".join(f"{p}:" for p in sorted(PREFIXES)))
    return ox.NamedNode(PREFIXES[prefix] + found.group(2))


def paged(text: str, limit: int | None, offset: int | None) -> str:
    """The query with LIMIT / OFFSET added at its end (refused when it already has its own)."""
    if limit is None and offset is None:
        return text
    tail = text[text.rfind("}") + 1:]
    if _SLICE.search(re.sub(r"#[^\n]*", "", tail)):
        raise QueryError("the query has its own LIMIT or OFFSET; drop --limit / --offset or edit the query")
    extra = (f" LIMIT {limit}" if limit is not None else "") + (f" OFFSET {offset}" if offset else "")
    return text.rstrip() + "\n" + extra.strip() + "\n"


def find(name_or_file: str) -> tuple[str, Path]:
    """The text of a saved query by name (queries/NAME.rq only) or of a query file given as a path.

    An argument with a folder in it, or a NAME.rq that exists here, is a path and nothing
    else; any other argument is a saved query's name and is looked up in queries/ alone.
    Errors name the file, never its content.
    """
    given = Path(name_or_file)
    as_path = "/" in name_or_file or "\\" in name_or_file or (
        given.suffix in QUERY_SUFFIXES and given.exists())
    return _read_file(given) if as_path else _read_saved(name_or_file)


def _read_saved(name: str) -> tuple[str, Path]:
    stem = name.removesuffix(".rq")
    path = paths.queries_dir() / f"{stem}.rq"
    if not _NAME.fullmatch(stem) or ".." in stem or not path.is_file():
        raise QueryError(f"no query named {name!r} in queries/; saved queries: {', '.join(available())} "
                         "(to run a file, give its path, e.g. ./my-query.rq)")
    return path.read_text(encoding="utf-8"), path


def _read_file(path: Path) -> tuple[str, Path]:
    if path.suffix not in QUERY_SUFFIXES:
        raise QueryError(f"{path}: not a query file; a query file's name ends in .rq or .sparql")
    try:
        if not path.is_file():
            raise QueryError(f"{path}: no such query file" if not path.exists() else f"{path}: not a regular file")
        if path.stat().st_size > MAX_QUERY_BYTES:
            raise QueryError(f"{path}: larger than {MAX_QUERY_BYTES // 1000} KB; not a query file")
        return path.read_bytes().decode("utf-8"), path
    except UnicodeDecodeError as err:
        raise QueryError(f"{path}: not UTF-8 text (byte {err.start}); not a query file") from None
    except OSError as err:
        raise QueryError(f"{path}: cannot read the query: {err.strerror or type(err).__name__}") from None


def run(store: ox.Store, text: str, origin: str = "query",
        bindings: dict[str, ox.NamedNode | ox.Literal] | None = None,
        allow_federation: bool = False) -> Results:
    """Run a query over the union of all graphs; `bindings` fill variables (terms pyoxigraph writes, never raw text).

    SERVICE is refused unless `allow_federation` (see kg.guard). Syntax errors give the
    position and the parser's words, never the query's own text.
    """
    try:
        guard.check(text, allow_federation)
    except guard.GuardError as err:
        raise QueryError(f"{origin}: {err}") from None
    subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(k): v for k, v in (bindings or {}).items()}
    text = narrowed(text, bindings or {})
    try:
        return store.query(text, use_default_graph_as_union=True, prefixes=PREFIXES,
                           substitutions=subs or None)
    except SyntaxError as err:
        raise QueryError(f"{origin}: not valid SPARQL: {syntax_message(str(err), text)}") from err
    except (OSError, RuntimeError) as err:
        raise QueryError(f"{origin}: {failure(err)}") from err


def failure(err: Exception) -> str:
    """What to say of an engine error; a refused socket means the query tried to call out."""
    if isinstance(err, PermissionError) and guard.network_forbidden():
        return "the query tried to reach another host (SERVICE), and federation is off (--allow-federation)"
    hint = " (an endpoint the query calls through SERVICE may be out of reach: it needs the network)" \
        if isinstance(err, OSError) else ""
    return f"the query failed: {err}{hint}"


def narrowed(text: str, bindings: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """The query with `VALUES ?var { term }` opening its outer WHERE clause, each UNION branch
    and OPTIONAL group that uses the variable, and each sub-SELECT that hands it out unchanged.

    The bindings are also passed as substitutions, which fix the variables' values
    in the outer query, so these VALUES clauses add nothing to its meaning; they let
    the planner start each group from the bound value (an index lookup) instead of
    evaluating the whole group and filtering at the end. In an OPTIONAL group the
    value keeps only the rows that can join the outer ones, which all carry it. A
    sub-SELECT gets one only where that cannot change the answer: it projects the
    variable as is, groups by it if it groups at all, and has no LIMIT or OFFSET, so its
    rows for other values are exactly those the outer join drops. Nothing within MINUS
    or (NOT) EXISTS is touched: there an unbound variable matters. Terms are written by
    pyoxigraph, so a value can never change the query's text otherwise.
    """
    if not bindings:
        return text
    where = next((m for m in _WHERE.finditer(text) if not _in_comment(text, m.start())), None)
    if where is None:
        return text
    clause = lambda names: " ".join(f"VALUES ?{n} {{ {bindings[n]} }}" for n in names)  # noqa: E731
    pairs = _brace_pairs(text)
    negated = [(m.end() - 1, pairs.get(m.end() - 1, -1)) for m in _NEGATION.finditer(text)]
    free = lambda at: not any(o < at < c for o, c in negated)  # noqa: E731
    inserts = {where.end(): clause(sorted(bindings))}
    for opening in _union_branches(text, pairs) | _optional_groups(text, pairs):
        branch = text[opening:pairs[opening] + 1]
        used = sorted(n for n in bindings if re.search(rf"[?$]{re.escape(n)}\b", branch))
        if used and opening > where.end() and free(opening):  # a group without it is joined afterwards
            inserts[opening + 1] = clause(used)
    for opening, names in _subqueries(text, pairs):
        used = sorted(n for n in bindings if n in names)
        if used and free(opening):
            inserts[opening + 1] = clause(used)
    out, last = [], 0
    for at in sorted(inserts):
        out += [text[last:at], f" {inserts[at]} "]
        last = at
    return "".join(out) + text[last:]


def _brace_pairs(text: str) -> dict[int, int]:
    """Each opening brace's position mapped to its closing brace's (strings, IRIs, comments skipped)."""
    pairs, stack = {}, []
    for found in _BRACES.finditer(text):
        if found.group(0) == "{":
            stack.append(found.start())
        elif found.group(0) == "}" and stack:
            pairs[stack.pop()] = found.start()
    return pairs


def _subqueries(text: str, pairs: dict[int, int]) -> list[tuple[int, set[str]]]:
    """Each sub-SELECT's WHERE group (opening brace) and the variables it may be narrowed by."""
    out = []
    for found in _SELECT.finditer(text):
        around = [o for o, c in pairs.items() if o < found.start() < c]
        if _in_comment(text, found.start()) or not around:
            continue  # the query's own SELECT
        opening = min((o for o in pairs if o > found.end()), default=None)
        if opening is None or pairs[opening] > pairs[max(around)]:
            continue
        projection = text[found.end():opening]
        while _PARENS.search(projection):  # drop "(expr AS ?v)": a computed ?v is not the bound one
            projection = _PARENS.sub(" ", projection)
        modifiers = text[pairs[opening] + 1:pairs[max(around)]]
        if _SLICE.search(modifiers):
            continue
        names = set(re.findall(r"[?$](\w+)", projection))
        if "*" in projection:
            names |= set(re.findall(r"[?$](\w+)", text[opening:pairs[opening]]))
        grouped = _GROUP_BY.search(modifiers)
        if grouped:
            names &= set(re.findall(r"[?$](\w+)", grouped.group(1)))
        out.append((opening, names))
    return out


def _optional_groups(text: str, pairs: dict[int, int]) -> set[int]:
    """The opening braces of the OPTIONAL groups, but those that only wrap a sub-SELECT (a VALUES
    clause cannot go beside it; the sub-SELECT is narrowed on its own)."""
    return {found.end() - 1 for found in _OPTIONAL.finditer(text)
            if not _in_comment(text, found.start()) and found.end() - 1 in pairs
            and not _SUBSELECT_ONLY.match(_uncommented(text[found.end():pairs[found.end() - 1]]))}


def _uncommented(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def _union_branches(text: str, pairs: dict[int, int]) -> set[int]:
    """The opening braces of the groups on either side of each UNION."""
    closes = {close: opening for opening, close in pairs.items()}
    out = set()
    for found in _UNION.finditer(text):
        if _in_comment(text, found.start()):
            continue
        before = len(text[:found.start()].rstrip()) - 1
        after = found.end() + len(text[found.end():]) - len(text[found.end():].lstrip())
        if before in closes:
            out.add(closes[before])
        if after in pairs:
            out.add(after)
    return out


def _in_comment(text: str, at: int) -> bool:
    return text[text.rfind("\n", 0, at) + 1:at].lstrip().startswith("#")


def syntax_message(message: str, text: str) -> str:
    """The parser's message with the line and the column; the query's own text is never shown."""
    found = _POSITION.match(message)
    if not found:
        return message
    line, column, rest = int(found[1]), int(found[2]), " ".join(found[3].split())
    rest = rest if len(rest) <= 160 else rest[:157] + "..."
    return f"line {line}, column {column}: {rest}"


def bounded(work: Callable[[], T], timeout: float | None) -> T:
    """Run `work` in a worker thread and give up after `timeout` seconds.

    Oxigraph evaluates without holding the GIL, so the caller regains control on time;
    the abandoned thread ends with the process (the CLI exits right after).
    """
    if timeout is None:
        return work()
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as err:  # handed to the caller's thread below
            box["error"] = err

    worker = threading.Thread(target=target, name="kg-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryError(f"the query did not finish within {timeout:g} s (--timeout); "
                         "narrow it or raise the limit")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


def render(result, fmt: str) -> str:  # type: ignore[no-untyped-def]
    """Results as csv, tsv, json (W3C SPARQL 1.1 JSON), xml, or a plain text table."""
    try:
        return _render(result, fmt)
    except (OSError, RuntimeError) as err:
        raise QueryError(failure(err)) from err


def _render(result, fmt: str) -> str:  # type: ignore[no-untyped-def]
    if isinstance(result, ox.QueryBoolean):
        return json.dumps({"head": {}, "boolean": bool(result)}) if fmt == "json" else str(bool(result)).lower()
    if isinstance(result, ox.QueryTriples):
        out = io.BytesIO()
        ox.serialize(list(result), out, ox.RdfFormat.N_TRIPLES if fmt != "turtle" else ox.RdfFormat.TURTLE)
        return out.getvalue().decode("utf-8")
    if fmt == "table":
        return _table(result)
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"unknown result format {fmt!r}; use table, csv, tsv, json or xml")
    return result.serialize(format=RESULT_FORMATS[fmt]).decode("utf-8")


def rows(result) -> tuple[list[str], list[dict[str, str]]]:  # type: ignore[no-untyped-def]
    """Plain rows of a SELECT result: variable names and one dict per solution."""
    names = [v.value for v in result.variables]
    out = []
    for sol in result:
        out.append({n: sol[n].value for n in names if sol[n] is not None})
    return names, out


def _table(result) -> str:  # type: ignore[no-untyped-def]
    names, data = rows(result)
    cells = [names] + [[_short(row.get(n, "")) for n in names] for row in data]
    text, shown = table(cells, shutil.get_terminal_size((160, 24)).columns)
    if shown < len(names):
        sys.stderr.write(f"kg: {len(names) - shown} more column(s) left out to fit the terminal "
                         f"({', '.join(names[shown:])}): use --format csv or json for every column\n")
    return text


def table(cells: list[list[str]], width: int) -> tuple[str, int]:
    """Aligned columns that fit `width` characters, and how many columns are shown.

    The widest columns are cut first, each down to its header's width at most (with an
    ellipsis); columns that still do not fit are left out from the right.
    """
    cells = [[" ".join(c.split()) for c in row] for row in cells]
    if not cells or not cells[0]:
        return "", 0
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    floors = [min(w, max(len(cells[0][i]), MIN_COLUMN)) for i, w in enumerate(widths)]
    shown = len(widths)
    while shown > 1 and sum(floors[:shown]) + 2 * (shown - 1) > width:
        shown -= 1
    widths, floors = widths[:shown], floors[:shown]
    budget = width - 2 * (shown - 1)
    while sum(widths) > budget:
        widest = max(range(shown), key=lambda i: widths[i] - floors[i])
        if widths[widest] <= floors[widest]:
            break
        widths[widest] -= 1
    text = "".join("  ".join(_fit(c, w) for c, w in zip(row, widths)).rstrip() + "\n" for row in cells)
    return text, shown


def _fit(cell: str, width: int) -> str:
    return cell.ljust(width) if len(cell) <= width else cell[:width - 1] + ELLIPSIS


def _short(value: str) -> str:
    for prefix, ns in PREFIXES.items():
        if value.startswith(ns):
            return f"{prefix}:{value[len(ns):]}"
    return value
