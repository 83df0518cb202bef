"""Where the project's data files live: ontology, knowledge base, patterns, queries."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_root() -> Path:
    """The folder holding `ontology/` and `queries/` (the installed copy, else the source tree)."""
    override = os.environ.get("KG_DATA")
    if override:
        return Path(override)
    installed = _PACKAGE / "_data"
    if (installed / "ontology").is_dir():
        return installed
    return _PACKAGE.parent


def ontology_file() -> Path:
    return data_root() / "ontology" / "conflict-kg.ttl"


def crosswalk_file() -> Path:
    return data_root() / "ontology" / "crosswalk.ttl"


def kb_files() -> list[Path]:
    """The curated knowledge base: every Turtle file under ontology/kb/."""
    return sorted((data_root() / "ontology" / "kb").glob("*.ttl"))


def patterns_dir() -> Path:
    return data_root() / "ontology" / "patterns"


def queries_dir() -> Path:
    return data_root() / "queries"


def shapes_file() -> Path:
    return data_root() / "ontology" / "shapes.ttl"


def rules_dir() -> Path:
    """The inference rules: one SPARQL CONSTRUCT per .rq file, applied in name order."""
    return data_root() / "ontology" / "rules"
