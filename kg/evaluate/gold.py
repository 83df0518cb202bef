"""The gold files, read into typed records, and the evaluation mapping (ontology/eval-mapping.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg import paths
from kg.errors import EvalError

GOLD_FILES = ("re3d-dev.jsonl", "plover-gsr.jsonl")


@dataclass(frozen=True)
class GoldEntity:
    """An annotated span; PLOVER actors also carry their country `code` and `sector`."""

    start: int
    end: int
    text: str
    type: str
    code: str | None = None
    sector: str | None = None


@dataclass(frozen=True)
class GoldRelation:
    """A typed relation between two entities, by their index in the document."""

    type: str
    head: int
    tail: int


@dataclass(frozen=True)
class GoldEvent:
    """A PLOVER event: its category and its source and target actors, by entity index."""

    type: str
    source: tuple[int, ...] = ()
    target: tuple[int, ...] = ()


@dataclass(frozen=True)
class GoldDoc:
    """One annotated text of a gold file."""

    id: str
    text: str
    title: str | None = None
    entities: tuple[GoldEntity, ...] = ()
    relations: tuple[GoldRelation, ...] = ()
    events: tuple[GoldEvent, ...] = ()


def gold_doc(record: dict[str, Any]) -> GoldDoc:
    """A gold record as read from JSON; raises KeyError or TypeError when a field is missing or wrong."""
    entities = tuple(GoldEntity(int(e["start"]), int(e["end"]), str(e["text"]), str(e["type"]),
                                e.get("code"), e.get("sector")) for e in record.get("entities", []))
    relations = tuple(GoldRelation(str(r["type"]), int(r["head"]), int(r["tail"]))
                      for r in record.get("relations", []))
    events = tuple(GoldEvent(str(ev["type"]), tuple(ev.get("source", [])), tuple(ev.get("target", [])))
                   for ev in record.get("events", []))
    return GoldDoc(str(record["id"]), str(record["text"]), record.get("title"), entities, relations, events)


def default_gold_dir() -> Path:
    """../shared/eval beside the project root (the source tree; else the working folder)."""
    root = Path(__file__).resolve().parents[2]
    if not (root / "pyproject.toml").is_file():
        root = Path.cwd()
    return root.parent / "shared" / "eval"


def load_jsonl(path: Path) -> list[GoldDoc]:
    if not path.is_file():
        raise EvalError(f"{path}: gold file not found (expected {', '.join(GOLD_FILES)} in "
                        f"{path.parent}; name another folder with --gold)")
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise EvalError(f"{path}:{n}: not JSON: {err}") from None
        if not isinstance(record, dict) or "text" not in record or "id" not in record:
            raise EvalError(f"{path}:{n}: a record needs `id` and `text`")
        try:
            out.append(gold_doc(record))
        except (KeyError, TypeError, ValueError) as err:
            raise EvalError(f"{path}:{n}: a malformed field: {type(err).__name__}: {err}") from None
    return out


def load_mapping(path: Path | None = None) -> dict[str, Any]:
    path = path or paths.data_root() / "ontology" / "eval-mapping.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise EvalError(f"{path}: cannot read the evaluation mapping: {err}") from None
    if not {"re3d", "plover"} <= set(data):
        raise EvalError(f"{path}: the mapping needs `re3d` and `plover` sections")
    return data


def mention_kind(text: str, cfg: dict[str, Any]) -> str:
    """pronoun, nominal (no capitalised word beyond determiners and titles) or name."""
    words = text.replace("\u2019", "'").split()
    lowered = [w.lower().strip(".,'") for w in words]
    if not words or (len(words) == 1 and lowered[0] in cfg["pronouns"]):
        return "pronoun"
    rest = [w for w, low in zip(words, lowered) if low not in cfg["determiners"]]
    capitals = [w for w in rest if any(c.isupper() or c.isdigit() for c in w)]
    if not capitals or all(w.lower().strip(".,") in cfg["title_words"] for w in capitals):
        return "nominal"
    return "name"

