"""Read report files (and their metadata) into `Report` records, refusing bad input clearly.

A report is a text file (UTF-8, UTF-16 with a BOM, or HTML whose text is taken) with
an optional metadata file beside it: `<name>.json` with id, date, publisher, url,
title. Each refusal names the file and the problem; the caller skips it and goes on.
"""

from __future__ import annotations

import hashlib
import json
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from kg.errors import InputError
from kg.kb import invisible_removed
from kg.records import Report, ReportMeta

TEXT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm"}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_CHARS = 1_000_000
MAX_META_BYTES = 1024 * 1024
MAGIC = {b"%PDF": "a PDF document", b"\x89PNG": "a PNG image", b"GIF8": "a GIF image",
         b"\xff\xd8\xff": "a JPEG image", b"PK\x03\x04": "a ZIP archive (or DOCX/XLSX)",
         b"\x1f\x8b": "a gzip archive", b"\x7fELF": "an executable"}
ENGLISH_WORDS = frozenset(
    "the of and to in a is was were that for on with by at as from it are have has had "
    "said been be this which an their its after they he she not or but who".split())


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


def iter_paths(inputs: list[Path]) -> Iterator[Path]:
    """The report files named by the inputs: files as given, folders walked in sorted order."""
    for item in inputs:
        if item.is_dir():
            for child in sorted(item.rglob("*")):
                if child.is_file() and child.suffix.lower() in TEXT_SUFFIXES \
                        and child.name.lower() != "readme.md":
                    yield child
        else:
            yield item


def read_report(path: Path, default_date: date | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                any_language: bool = False) -> Report:
    """One report with its metadata; raises InputError naming the file and the problem."""
    data = _read_bytes(path, max_bytes)
    text = _decode(path, data)
    if path.suffix.lower() in {".html", ".htm"} or _looks_like_html(text):
        text = html_to_text(text)
    text = invisible_removed(text)
    if "\x00" in text:
        raise InputError(f"{path}: contains NUL characters, which a text report never holds")
    if not text.strip():
        raise InputError(f"{path}: the report has no text (empty or whitespace only)")
    if not any_language and not looks_english(text):
        raise InputError(f"{path}: the text does not look like English; "
                         "pass --any-language to process it anyway")
    if len(text) > MAX_CHARS:
        raise InputError(f"{path}: the text has {len(text):,} characters, over the {MAX_CHARS:,} that one "
                         "report may have (the language model's limit); split it into several reports")
    meta = read_meta(path, default_date)
    return Report(meta, text, hashlib.sha256(text.encode("utf-8")).hexdigest())


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path}: is a folder, not a report file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path}: is not a regular file (a device, pipe or socket), not a report file")
        if info.st_size > max_bytes:
            raise InputError(f"{path}: the file is {info.st_size / 1e6:.1f} MB, over the limit of "
                             f"{max_bytes / 1e6:.1f} MB (raise it with --max-size)")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError as err:
        raise InputError(f"{path}: no such file") from err
    except IsADirectoryError as err:
        raise InputError(f"{path}: is a folder, not a report file") from err
    except PermissionError as err:
        raise InputError(f"{path}: cannot be read (permission denied)") from err
    except OSError as err:
        raise InputError(f"{path}: cannot be read: {err.strerror or err}") from err
    if len(data) > max_bytes:
        raise InputError(f"{path}: the file grew past the limit of {max_bytes / 1e6:.1f} MB while being "
                         "read (raise it with --max-size)")
    if not data:
        raise InputError(f"{path}: the file is empty")
    return data


def _decode(path: Path, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise InputError(f"{path}: has a UTF-16 byte-order mark but is not valid UTF-16") from err
    for magic, what in MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{path}: is {what}, not a text report")
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: is a binary file (contains NUL bytes), not a text report")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: is not valid UTF-8 (bad byte at offset {err.start}); "
                         "convert it to UTF-8 first") from err


def _looks_like_html(text: str) -> bool:
    head = text[:1000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or len(re.findall(r"</?(p|div|span|body)\b", head)) >= 3


class _TextOfHtml(HTMLParser):
    SKIP = {"script", "style", "noscript", "head", "nav", "footer"}
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "article", "section"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The readable text of an HTML page, one block per line."""
    parser = _TextOfHtml()
    parser.feed(html)
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def looks_english(text: str) -> bool:
    """A cheap check: English prose has many function words; short texts get the benefit of doubt."""
    words = re.findall(r"[^\W\d_]+", text[:20000].lower())
    if len(words) < 12:
        return True
    hits = sum(1 for w in words if w in ENGLISH_WORDS)
    return hits / len(words) >= 0.08


def read_meta(path: Path, default_date: date | None) -> ReportMeta:
    """Metadata from `<name>.json` beside the report, falling back to the file name and --date."""
    side = path.with_suffix(".json")
    raw = _read_json(side) if side.is_file() else {}
    return ReportMeta(
        id=str(raw.get("id") or path.stem),
        date=_meta_date(side, raw.get("date")) or default_date,
        publisher=_opt(raw.get("publisher")), url=_opt(raw.get("url")),
        title=_opt(raw.get("title")), path=path.name,
    )


def _read_json(side: Path) -> dict[str, object]:
    try:
        if side.stat().st_size > MAX_META_BYTES:
            raise InputError(f"{side}: the metadata file is over {MAX_META_BYTES // 1024} KB")
        raw = json.loads(side.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise InputError(f"{side}: the metadata file is not valid JSON: {err}") from err
    except RecursionError as err:
        raise InputError(f"{side}: the metadata file nests too deeply to be metadata") from err
    except OSError as err:
        raise InputError(f"{side}: the metadata file cannot be read: {err.strerror or err}") from err
    if not isinstance(raw, dict):
        raise InputError(f"{side}: the metadata file must hold a JSON object")
    return raw


def _meta_date(side: Path, value: object) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as err:
        raise InputError(f"{side}: date {value!r} is not a date (use YYYY-MM-DD)") from err


def _opt(value: object) -> str | None:
    return None if value in (None, "") else str(value)
