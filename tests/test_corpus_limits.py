"""Standard input and JSON Lines are read within the size limit; NUL and over-deep JSON are refused per report."""

from __future__ import annotations

import io
import json
import sys
import types
from pathlib import Path

import pytest

from kg import corpus, reader
from kg.records import Report

TEXT = "The army said that its troops took the bridge on the river after a long fight with the rebels."
LIMIT = 10_000


class Endless(io.RawIOBase):
    """A stream that never ends (like /dev/zero), failing the test once far more than the limit is read."""

    def __init__(self, fill: bytes = b"\0", ceiling: int = 50 * LIMIT) -> None:
        self.fill, self.ceiling, self.given = fill, ceiling, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        if self.given > self.ceiling:
            raise AssertionError(f"read {self.given} bytes from a stream limited to {LIMIT}")
        size = len(buffer)
        buffer[:size] = (self.fill * (size // len(self.fill) + 1))[:size]
        self.given += size
        return size


def from_stdin(monkeypatch: pytest.MonkeyPatch, stream: io.IOBase, jsonl: bool = False,
               limit: int = LIMIT) -> list[corpus.Item]:
    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=stream))
    return list(corpus.stream(["-"], corpus.Source(max_bytes=limit, jsonl=jsonl)))


@pytest.mark.parametrize("fill", [b"\0", b"a"])
def test_endless_stdin_is_read_only_to_the_limit(monkeypatch: pytest.MonkeyPatch, fill: bytes) -> None:
    stream = Endless(fill)
    items = from_stdin(monkeypatch, io.BufferedReader(stream))
    assert stream.given <= 2 * LIMIT + io.DEFAULT_BUFFER_SIZE
    assert [type(i) for i in items] == [reader.Skipped]
    assert "more than the limit of 10,000 bytes" in items[0].reason


def test_long_jsonl_line_is_never_held_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    import tracemalloc

    data = b"x" * (300 * LIMIT) + b"\n" + json.dumps({"id": "after", "text": TEXT}).encode() + b"\n"
    stream = io.BufferedReader(io.BytesIO(data))
    stream.peek(1)
    tracemalloc.start()
    items = from_stdin(monkeypatch, stream, jsonl=True)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 100 * LIMIT  # the line is 300 times the limit
    assert isinstance(items[0], reader.Skipped) and "over the limit" in items[0].reason
    assert isinstance(items[1], Report) and items[1].meta.id == "after"


def test_jsonl_line_over_the_limit_is_skipped_and_the_next_read(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [json.dumps({"id": "long", "text": TEXT * 500}), json.dumps({"id": "short", "text": TEXT})]
    items = from_stdin(monkeypatch, io.BytesIO("\n".join(lines).encode()), jsonl=True)
    assert isinstance(items[0], reader.Skipped) and "<stdin>:1" in items[0].reason
    assert "over the limit of 10,000 bytes" in items[0].reason
    assert isinstance(items[1], Report) and items[1].meta.id == "short"


@pytest.mark.parametrize(("data", "jsonl", "reason"), [
    ((TEXT + "\0" + TEXT).encode(), False, "NUL"),
    (json.dumps({"id": "a", "text": TEXT + "\u0000"}).encode(), True, "NUL"),
    (b"[" * 200_000, True, "nests too deeply"),
    (b'{"text": ' * 100_000, True, "nests too deeply"),
])
def test_bad_report_is_skipped_with_a_reason(monkeypatch: pytest.MonkeyPatch, data: bytes, jsonl: bool,
                                             reason: str) -> None:
    good = json.dumps({"id": "good", "text": TEXT}).encode()
    stream = io.BytesIO(data + b"\n" + good + b"\n" if jsonl else data)
    items = from_stdin(monkeypatch, stream, jsonl=jsonl, limit=1_000_000)
    assert isinstance(items[0], reader.Skipped) and reason in items[0].reason
    if jsonl:
        assert [i.meta.id for i in items[1:] if isinstance(i, Report)] == ["good"]


def test_jsonl_file_with_a_deep_line_keeps_the_good_lines(tmp_path: Path) -> None:
    path = tmp_path / "reports.jsonl"
    good = [json.dumps({"id": f"r{n}", "text": TEXT}) for n in range(3)]
    path.write_text("\n".join([good[0], "[" * 200_000, *good[1:]]) + "\n")
    items = list(corpus.stream([path], corpus.Source(max_bytes=1_000_000)))
    assert [type(i).__name__ for i in items] == ["Report", "Skipped", "Report", "Report"]
    assert f"{path}:2" in items[1].reason  # type: ignore[union-attr]


def test_nul_after_the_first_block_of_a_file(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(TEXT * 200 + "\0" + TEXT)
    with pytest.raises(reader.InputError, match="NUL"):
        reader.read_report(path)
