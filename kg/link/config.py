"""The linking configuration: ontology/linking.json (Wikidata classes per ontology class, scores, facts)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from kg import paths
from kg.errors import LinkError

QID = re.compile(r"^Q[1-9][0-9]*$")
_PID = re.compile(r"^P[1-9][0-9]*$")


@dataclass(frozen=True)
class Config:
    types: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
    scores: dict[str, float]
    facts: tuple[str, ...]
    context_properties: tuple[str, ...]
    dbpedia: str
    wikipedia: str


def load_config(path: Path | None = None) -> Config:
    """Read ontology/linking.json (types, scores, facts), checking every Wikidata ID."""
    path = path or paths.data_root() / "ontology" / "linking.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        types = {k: (tuple(v[0]), tuple(v[1])) for k, v in data["types"].items()}
        config = Config(types, {k: float(v) for k, v in data["scores"].items()},
                        tuple(data["facts"]), tuple(data["context_properties"]),
                        data["dbpedia"], data["wikipedia"])
    except (OSError, ValueError, KeyError, IndexError, TypeError) as err:
        raise LinkError(f"{path}: not a valid linking configuration: {err}") from err
    bad = [q for best, loose in types.values() for q in best + loose if not QID.match(q)]
    bad += [p for p in config.facts + config.context_properties if not _PID.match(p)]
    if bad:
        raise LinkError(f"{path}: not Wikidata IDs: {', '.join(bad)}")
    return config
