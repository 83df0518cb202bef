"""Streaming inputs: folders, globs, JSON Lines with configurable fields; bad items skipped with reasons."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kg import corpus, reader
from kg.records import Report

TEXT = ("Syrian government warplanes struck the town of Ariha on Thursday, killing four civilians, "
        "the Syrian Observatory for Human Rights said.")


def lines(path: Path, *records: object) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n")
    return path


def test_jsonl_reports_with_metadata_and_hash_ids(tmp_path: Path) -> None:
    src = lines(tmp_path / "a.jsonl", {"id": "r1", "text": TEXT, "date": "2021-06-10", "publisher": "AFP"},
                "", {"text": TEXT + " More."})
    items = list(corpus.stream([src], corpus.Source()))
    assert [type(i) for i in items] == [Report, Report]
    first, second = items
    assert (first.meta.id, first.meta.date, first.meta.publisher, first.meta.path) == \
        ("r1", date(2021, 6, 10), "AFP", f"{src}:1")
    assert second.meta.id == f"sha256-{second.sha256[:16]}" and second.meta.path == f"{src}:3"


def test_jsonl_field_names_are_configurable(tmp_path: Path) -> None:
    src = lines(tmp_path / "a.ndjson", {"doc": "x9", "body": TEXT, "published": "2020-01-02"})
    fields = corpus.Fields.parse(["text=body", "id=doc", "date=published"])
    (report,) = corpus.stream([src], corpus.Source(fields=fields))
    assert isinstance(report, Report)
    assert (report.meta.id, report.meta.date, report.text) == ("x9", date(2020, 1, 2), TEXT)


@pytest.mark.parametrize(("line", "reason"), [
    ("{not json", "not a JSON object"),
    ("[1, 2]", "must hold a JSON object"),
    ({"body": TEXT}, "no text in field 'text'"),
    ({"text": "   "}, "no text"),
    ({"text": TEXT, "date": "June"}, "is not a date"),
    ({"text": "Der Angriff auf die Stadt wurde von der Regierung und den Truppen des Landes " * 3},
     "does not look like English"),
])
def test_bad_jsonl_lines_are_skipped_with_their_line(tmp_path: Path, line: object, reason: str) -> None:
    src = lines(tmp_path / "a.jsonl", {"text": TEXT}, line, {"text": TEXT + " Two."})
    items = list(corpus.stream([src], corpus.Source()))
    assert [type(i).__name__ for i in items] == ["Report", "Skipped", "Report"]
    assert items[1].path == f"{src}:2" and reason in items[1].reason


def test_jsonl_flag_reads_any_file_as_json_lines(tmp_path: Path) -> None:
    src = lines(tmp_path / "feed.txt", {"text": TEXT})
    (as_text,) = corpus.stream([src], corpus.Source())
    (as_jsonl,) = corpus.stream([src], corpus.Source(jsonl=True))
    assert isinstance(as_text, Report) and as_text.text.startswith("{")
    assert isinstance(as_jsonl, Report) and as_jsonl.text == TEXT


def test_html_text_in_jsonl_is_reduced_to_text(tmp_path: Path) -> None:
    src = lines(tmp_path / "a.jsonl", {"text": f"<html><body><p>{TEXT}</p></body></html>"})
    (report,) = corpus.stream([src], corpus.Source())
    assert report.text == TEXT


def test_folders_globs_and_order(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(TEXT)
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "README.md").write_text("about")
    (tmp_path / "skip.csv").write_text("x")
    lines(tmp_path / "c.jsonl", {"text": TEXT})
    assert [Path(p).name for p in corpus.expand([tmp_path])] == ["a.txt", "b.txt", "c.jsonl"]
    assert [Path(p).name for p in corpus.expand([str(tmp_path / "*.txt"), "-"])] == ["a.txt", "b.txt", "-"]
    assert corpus.count([tmp_path], corpus.Source()) == 3
    assert corpus.count([tmp_path, "-"], corpus.Source()) is None


def test_a_missing_file_is_skipped_not_raised(tmp_path: Path) -> None:
    (item,) = corpus.stream([tmp_path / "nope.txt"], corpus.Source())
    assert isinstance(item, reader.Skipped) and "no such file" in item.reason


@pytest.mark.parametrize("pair", ["text", "colour=x", "text="])
def test_bad_field_option_is_refused(pair: str) -> None:
    with pytest.raises(reader.InputError, match="--field"):
        corpus.Fields.parse([pair])


def test_batches_keep_order() -> None:
    assert list(corpus.batches(range(5), 2)) == [[0, 1], [2, 3], [4]]  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "listed"), [
    ("notes.pdf", True), ("LICENSE", True), ("scan.PNG", True), ("report.txt", False), ("report.json", False),
    ("lines.jsonl", False), ("README.md", False), (".hidden", False), ("orphan.json", True),
])
def test_files_a_build_does_not_read_are_listed_with_the_reason(tmp_path: Path, name: str, listed: bool) -> None:
    (tmp_path / "report.txt").write_text("Rebels shelled the town.", encoding="utf-8")
    (tmp_path / name).write_text("x", encoding="utf-8")
    found = {p.name: reason for p, reason in corpus.ignored([tmp_path])}
    assert (name in found) is listed
    if listed:
        assert "not read" in found[name] and ".txt" in found[name]
