"""The word lists of the rules: ontology/patterns/lexicon.json, and the topic files beside it
(`lexicon-*.json`, one topic each), read as one table; a list named in two files is refused."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from kg import paths
from kg.errors import KnowledgeBaseError


@dataclass(frozen=True)
class Lexicon:
    """The word lists of ontology/patterns/lexicon.json."""

    data: dict[str, Any]

    def table(self, name: str) -> dict[str, Any]:
        return dict(self.data.get(name, {}))

    @cached_property
    def sets(self) -> dict[str, frozenset[str]]:
        return {k: frozenset(v) for k, v in self.data.items() if isinstance(v, list)}


def load_lexicon(path: Path | None = None) -> Lexicon:
    path = path or paths.patterns_dir() / "lexicon.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for topic in sorted(path.parent.glob(f"{path.stem}-*.json")):
        extra: dict[str, Any] = json.loads(topic.read_text(encoding="utf-8"))
        twice = sorted(k for k in extra if k in data and not k.startswith("_"))
        if twice:
            raise KnowledgeBaseError(f"{topic}: {', '.join(twice)} already named in another lexicon file")
        data.update(extra)
    return Lexicon(data)
