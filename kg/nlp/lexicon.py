"""The word lists of the rules (ontology/patterns/lexicon.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from kg import paths


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
    return Lexicon(json.loads(path.read_text(encoding="utf-8")))
