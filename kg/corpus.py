"""Stream reports from many inputs: files, folders, globs, JSON Lines and standard input.

Nothing is held in memory beyond the current report: `stream` yields one `Report`
(or one `Skipped` with its reason) at a time, in input order. A JSON Lines file holds
one report per line, an object with the text and metadata fields (names configurable
with `Fields`); a report without an id is named by its content hash.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO, TypeVar

from kg import reader
from kg.kb import invisible_removed
from kg.records import Report, ReportMeta

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
STDIN = "-"
READ_CHUNK = 1 << 16
_GLOB_CHARS = re.compile(r"[*?\[]")
_HTML = re.compile(r"</(p|div|body|html|span)>", re.IGNORECASE)


@dataclass(frozen=True)
class Fields:
    """Which JSON Lines keys hold the text and each metadata value."""

    text: str = "text"
    id: str = "id"
    date: str = "date"
    publisher: str = "publisher"
    url: str = "url"
    title: str = "title"

    @classmethod
    def parse(cls, pairs: Iterable[str]) -> Fields:
        """From `NAME=KEY` pairs, e.g. `text=body`, `id=doc_id`."""
        values: dict[str, str] = {}
        for pair in pairs:
            name, sep, key = pair.partition("=")
            if not sep or not key or name not in cls.__dataclass_fields__:
                raise reader.InputError(f"--field {pair!r}: use NAME=KEY with NAME one of "
                                        + ", ".join(cls.__dataclass_fields__))
            values[name] = key
        return cls(**values)


@dataclass(frozen=True)
class Source:
    """How to read the inputs."""

    default_date: date | None = None
    max_bytes: int = reader.DEFAULT_MAX_BYTES
    any_language: bool = False
    jsonl: bool = False
    fields: Fields = field(default_factory=Fields)


Item = Report | reader.Skipped


def expand(inputs: Iterable[str | Path]) -> Iterator[str | reader.Skipped]:
    """Every input path: folders walked in sorted order (a folder that cannot be read is a
    `Skipped`), globs expanded, '-' kept for stdin."""
    for raw in inputs:
        item = str(raw)
        path = Path(item)
        if item == STDIN:
            yield item
        elif path.is_dir():
            yield from (p if isinstance(p, reader.Skipped) else str(p) for p in _walk(path))
        elif not path.exists() and _GLOB_CHARS.search(item):
            matches = sorted(glob.glob(item, recursive=True))
            yield from (m for m in matches if Path(m).is_file()) if matches else [item]
        else:
            yield item


def _walk(folder: Path) -> Iterator[Path | reader.Skipped]:
    unreadable: list[OSError] = []
    found = [Path(root, name) for root, _, names in os.walk(folder, onerror=unreadable.append) for name in names]
    for child in sorted(found):
        if child.is_file() and _is_report_file(child):
            yield child
    for err in unreadable:
        where = err.filename or folder
        yield reader.Skipped(str(where), f"{where}: the folder cannot be read ({err.strerror or err}); "
                             "the reports in it were not read")


def _is_report_file(path: Path) -> bool:
    suffix = path.suffix.lower()
    return path.name.lower() != "readme.md" and (suffix in reader.TEXT_SUFFIXES or suffix in JSONL_SUFFIXES)


def ignored(inputs: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """The files of the input folders a build does not read, each with the reason: a folder may hold a
    PDF or a file without an extension that the user expects to be read. Hidden files, README.md and
    the .json metadata beside a report are not listed."""
    out = []
    for raw in inputs:
        folder = Path(str(raw))
        if str(raw) == STDIN or not folder.is_dir():
            continue
        for child in sorted(folder.rglob("*")):
            if not child.is_file() or child.name.startswith(".") or child.name.lower() == "readme.md" \
                    or _is_report_file(child) or _is_metadata(child):
                continue
            kind = f"{child.suffix} files are" if child.suffix else "a file without an extension is"
            out.append((child, f"{kind} not read; reports are {', '.join(sorted(reader.TEXT_SUFFIXES))} "
                               f"files or {', '.join(sorted(JSONL_SUFFIXES))} lines"))
    return out


def _is_metadata(path: Path) -> bool:
    """A .json file beside a report of the same name (its metadata)."""
    return path.suffix.lower() == ".json" and any(
        path.with_suffix(s).is_file() for s in (*reader.TEXT_SUFFIXES, *(x.upper() for x in reader.TEXT_SUFFIXES)))


def is_jsonl(item: str, source: Source) -> bool:
    return source.jsonl or Path(item).suffix.lower() in JSONL_SUFFIXES


def stream(inputs: Iterable[str | Path], source: Source) -> Iterator[Item]:
    """Each report of the inputs in order, or a `Skipped` naming where it was and why."""
    for item in expand(inputs):
        if isinstance(item, reader.Skipped):
            yield item
        elif item == STDIN:
            yield from _stdin(source)
        elif is_jsonl(item, source):
            yield from _jsonl_file(Path(item), source)
        else:
            yield _file(Path(item), source)


def count(inputs: Iterable[str | Path], source: Source) -> int | None:
    """How many reports the inputs hold (None when reading standard input)."""
    total = 0
    for item in expand(inputs):
        if isinstance(item, reader.Skipped):
            total += 1
        elif item == STDIN:
            return None
        elif is_jsonl(item, source):
            total += _count_lines(Path(item))
        else:
            total += 1
    return total


def _count_lines(path: Path) -> int:
    try:
        with path.open("rb") as fh:
            return sum(1 for line in fh if line.strip())
    except OSError:
        return 1


def _file(path: Path, source: Source) -> Item:
    try:
        return reader.read_report(path, source.default_date, source.max_bytes, source.any_language)
    except reader.InputError as err:
        return reader.Skipped(str(path), str(err))


def _stdin(source: Source) -> Iterator[Item]:
    data: BinaryIO = sys.stdin.buffer
    if source.jsonl:
        yield from _jsonl_lines(bounded_lines(data, source.max_bytes), "<stdin>", source)
        return
    raw = data.read(source.max_bytes + 1)  # never more than the limit, whatever is piped in
    if len(raw) > source.max_bytes:
        yield reader.Skipped("<stdin>", f"<stdin>: more than the limit of {_size(source.max_bytes)} "
                             "(raise it with --max-size)")
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        yield reader.Skipped("<stdin>", f"<stdin>: is not valid UTF-8 (bad byte at offset {err.start})")
        return
    yield _text_report("<stdin>", text, {}, source)


def _jsonl_file(path: Path, source: Source) -> Iterator[Item]:
    try:
        with path.open("rb") as fh:
            yield from _jsonl_lines(bounded_lines(fh, source.max_bytes), str(path), source)
    except OSError as err:
        yield reader.Skipped(str(path), f"{path}: cannot be read: {err.strerror or err}")


def bounded_lines(stream: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """The stream's lines, each read up to `limit` bytes; None for a longer line (its rest is skipped)."""
    while line := stream.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while (rest := stream.readline(READ_CHUNK)) and not rest.endswith(b"\n"):
            pass
        yield None


def _size(limit: int) -> str:
    return f"{limit / 1e6:.1f} MB" if limit >= 100_000 else f"{limit:,} bytes"


def _jsonl_lines(lines: Iterable[bytes | None], name: str, source: Source) -> Iterator[Item]:
    for number, raw in enumerate(lines, start=1):
        origin = f"{name}:{number}"
        if raw is None:
            yield reader.Skipped(origin, f"{origin}: the line is over the limit of "
                                 f"{_size(source.max_bytes)} (raise it with --max-size)")
            continue
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            yield reader.Skipped(origin, f"{origin}: not a JSON object: {err}")
            continue
        except RecursionError:
            yield reader.Skipped(origin, f"{origin}: the JSON nests too deeply to be a report")
            continue
        if not isinstance(record, dict):
            yield reader.Skipped(origin, f"{origin}: a line must hold a JSON object")
            continue
        text = record.get(source.fields.text)
        if not isinstance(text, str):
            yield reader.Skipped(origin, f"{origin}: no text in field {source.fields.text!r} "
                                 "(name another with --field text=KEY)")
            continue
        yield _text_report(origin, text, record, source)


def _text_report(origin: str, text: str, record: dict[str, object], source: Source) -> Item:
    """A report from text and a metadata record, checked like a report file."""
    try:
        text = _checked(origin, text, source)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        meta = _meta(origin, record, source, digest)
    except reader.InputError as err:
        return reader.Skipped(origin, str(err))
    return Report(meta, text, digest)


def _checked(origin: str, text: str, source: Source) -> str:
    size = len(text.encode("utf-8"))
    if size > source.max_bytes:
        raise reader.InputError(f"{origin}: the text is {size / 1e6:.1f} MB, over the limit of "
                                f"{source.max_bytes / 1e6:.1f} MB (raise it with --max-size)")
    text = invisible_removed(text)
    if "\x00" in text:
        raise reader.InputError(f"{origin}: contains NUL characters, which a text report never holds")
    if text.lstrip().startswith("<") and _HTML.search(text[:5000]):
        text = reader.html_to_text(text)
    if not text.strip():
        raise reader.InputError(f"{origin}: the report has no text (empty or whitespace only)")
    if not source.any_language and not reader.looks_english(text):
        raise reader.InputError(f"{origin}: the text does not look like English; "
                                "pass --any-language to process it anyway")
    return text


def _meta(origin: str, record: dict[str, object], source: Source, digest: str) -> ReportMeta:
    f = source.fields
    given = record.get(f.id)
    return ReportMeta(
        id=str(given) if given not in (None, "") else f"sha256-{digest[:16]}",
        date=_date(origin, record.get(f.date)) or source.default_date,
        publisher=_opt(record.get(f.publisher)), url=_opt(record.get(f.url)),
        title=_opt(record.get(f.title)), path=origin,
    )


def _date(origin: str, value: object) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as err:
        raise reader.InputError(f"{origin}: date {value!r} is not a date (use YYYY-MM-DD)") from err


def _opt(value: object) -> str | None:
    return None if value in (None, "") else str(value)


T = TypeVar("T")


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Items in lists of at most `size`, keeping order."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
