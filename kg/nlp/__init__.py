"""The nlp stage: a report's text -> plain records (mentions, attributions, events, relations).

Only this package touches spaCy objects. The entry is `Extractor`; the modules, each a
concern of the rules, depend on each other in one direction:

    lexicon, pipeline          word lists; the spaCy pipeline (model + ruler + event triggers)
    syntax                     the `Context` of one parse and dependency-tree utilities
    clauses                    subjects, campaign owners, modality (shared by events, relations)
    roles -> mentions          mentions of actors and places, and where each stands
    attribution, casualties    who a sentence is attributed to; casualty figures
    events, relations          event candidates; relations between actors
    extractor                  `Extractor` and `extract`, the rules in order
"""

from kg.lexicon import Lexicon, load_lexicon
from kg.nlp.extractor import Extractor, extract
from kg.nlp.pipeline import (
    DEFAULT_MODEL,
    TRIGGER_KEY,
    ModelError,
    build_pipeline,
    load_model,
    ruler_patterns,
    trigger_patterns,
)

__all__ = [
    "DEFAULT_MODEL",
    "TRIGGER_KEY",
    "Extractor",
    "Lexicon",
    "ModelError",
    "build_pipeline",
    "extract",
    "load_lexicon",
    "load_model",
    "ruler_patterns",
    "trigger_patterns",
]
