"""Measure extraction quality against gold annotations written by others.

Two gold files (see `kg eval --help`): re3d (named Organisation / Person / Location
mentions and four relation types) and the PLOVER gold-standard records (event
category, source and target actor country, actor sector). How our labels, predicates,
event classes and actor classes correspond to theirs is data: ontology/eval-mapping.json.

    gold       the gold files read into typed records (`GoldDoc`), the mapping
    scoring    the scorer (`Counts`, `match_spans`, `match_pairs`, `table`): plain Python over
               plain records, tested on hand-made pairs
    re3d       our mentions and relations against re3d's spans and pairs
    plover     our first event and its actors against the PLOVER records
    report     `evaluate` runs the pipeline and feeds the scorers; `render` prints the figures

Errors:
    EvalError (kg.errors: Refused, ValueError) — a gold file or the mapping is missing or malformed.
"""

from kg.evaluate.gold import (
    GOLD_FILES,
    EvalError,
    GoldDoc,
    default_gold_dir,
    load_jsonl,
    load_mapping,
    mention_kind,
)
from kg.evaluate.plover import iso_code, plover_category, sector
from kg.evaluate.re3d import end_kinds, predicted_pairs, predicted_spans, recall_by_ends
from kg.evaluate.report import evaluate, render, run
from kg.evaluate.scoring import Counts, Pair, Span, match_pairs, match_spans, table

__all__ = ["EvalError", "Counts", "Span", "Pair", "match_spans", "match_pairs", "table",
           "mention_kind", "evaluate", "render", "run", "default_gold_dir", "GOLD_FILES", "GoldDoc",
           "load_jsonl", "load_mapping", "plover_category", "iso_code", "sector", "predicted_spans",
           "predicted_pairs", "end_kinds", "recall_by_ends"]
