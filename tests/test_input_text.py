"""Invisible characters never make a new name, and a folder that cannot be read is reported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg import corpus, kb, reader
from kg.records import Report

TEXT = ("Fighters of the Varnok Liberation Front attacked a checkpoint of the Dorvan army near Kelmir "
        "on Monday, the front said in a statement.")
HIDDEN = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff", "\u200e", "\u202e", "\u2066", "\u2069"]


@pytest.mark.parametrize("char", HIDDEN)
def test_alias_key_ignores_invisible_characters(char: str) -> None:
    assert kb.alias_key(f"Var{char}nok Liberation{char} Front") == kb.alias_key("Varnok Liberation Front")


@pytest.mark.parametrize("char", HIDDEN)
def test_report_text_is_read_without_invisible_characters(tmp_path: Path, char: str) -> None:
    path = tmp_path / "report.txt"
    path.write_text(TEXT.replace("Varnok", f"Var{char}nok").replace("Kelmir", f"{char}Kelmir{char}"))
    assert reader.read_report(path).text == TEXT


def test_jsonl_text_is_read_without_invisible_characters(tmp_path: Path) -> None:
    path = tmp_path / "reports.jsonl"
    path.write_text('{"id": "a", "text": "' + TEXT.replace("Front", "Fr\\u200bont\\u202e") + '"}\n')
    (item,) = corpus.stream([path], corpus.Source())
    assert isinstance(item, Report) and item.text == TEXT


@pytest.mark.model
def test_hidden_characters_give_the_same_entities(tmp_path: Path, extractor, resolver) -> None:  # type: ignore[no-untyped-def]
    def iris(text: str) -> set[str]:
        path = tmp_path / "report.txt"
        path.write_text(text)
        resolved = resolver.resolve(extractor.extract(reader.read_report(path)))
        return {r.entity.iri for r in resolved.resolutions.values()}

    plain = iris(TEXT)
    assert any("varnok" in i for i in plain)
    assert iris(TEXT.replace("Varnok", "Var\u200bnok").replace("Dorvan", "Dor\u202evan")) == plain


def test_unreadable_subfolder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "a.txt").write_text(TEXT)
    (tmp_path / "closed").mkdir()
    (tmp_path / "closed" / "b.txt").write_text(TEXT)
    real = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if Path(path).name == "closed":  # as for a folder without read permission (the tests may run as root)
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(corpus.stream([tmp_path], corpus.Source()))
    assert [type(i).__name__ for i in items] == ["Report", "Skipped"]
    skipped = items[1]
    assert isinstance(skipped, reader.Skipped) and str(tmp_path / "closed") in skipped.reason
    assert "cannot be read" in skipped.reason and "Permission denied" in skipped.reason
    assert corpus.count([tmp_path], corpus.Source()) == 2
