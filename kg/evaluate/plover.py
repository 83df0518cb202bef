"""PLOVER: the category of each sentence's first event, the source and target actors' countries,
the source's sector, and the events we find beyond the gold ones."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Literal

import pyoxigraph as ox

from kg import codebook, vocab
from kg.evaluate.gold import GoldDoc
from kg.evaluate.scoring import WORST, Counts, table
from kg.kb import KnowledgeBase
from kg.records import Resolved

_ISO_CODE = vocab.term("isoCode")
_LEADS = vocab.term("leads")


@dataclass(frozen=True)
class Answers:
    """The gold values of one question about a sentence (a country, a sector) and ours."""

    gold: list[str]
    ours: list[str]


@dataclass(frozen=True)
class PloverRow:
    """One gold sentence with an event, and what we found in it."""

    doc: str
    text: str
    gold: str
    pred: str
    n_gold: int
    n_pred: int
    source: Answers
    target: Answers
    sector: Answers


def plover_category(cls: str, modality: str, cfg: dict[str, Any]) -> str | None:
    """Our event class (and modality) -> PLOVER category: the codebook's modal rules, else the
    gold's label of the nearest listed class."""
    imposed = codebook.modal_category(cls, modality)
    if imposed is not None:
        return imposed
    for c in codebook.default().lineage(cls):
        if c in cfg["events"]:
            return str(cfg["events"][c])
    return None


def iso_code(kb: KnowledgeBase, iri: str) -> str | None:
    """The ISO-3166 alpha-3 code of a country, or of an actor's home country."""
    for candidate in [iri, *sorted(kb.linked(iri, "country"))]:
        for t in kb.descriptions.get(candidate, []):
            if t.predicate.value == _ISO_CODE and isinstance(t.object, ox.Literal):
                return t.object.value
    return next((c for c in (iso_code(kb, x) for x in _led(kb, iri)) if c), None)


def _led(kb: KnowledgeBase, iri: str) -> list[str]:
    return sorted(t.object.value for t in kb.descriptions.get(iri, [])
                  if t.predicate.value == _LEADS and isinstance(t.object, ox.NamedNode))


def sector(kb: KnowledgeBase, iri: str, cfg: dict[str, Any]) -> str | None:
    """Our actor's PLOVER sector: by its class; a person by what they lead."""
    entity = kb.entities.get(iri)
    if entity is None:
        return None
    if kb.is_a(iri, "Person"):
        for x in _led(kb, iri):
            if kb.is_a(x, "Country"):
                return codebook.sector(str(cfg["state_class"]))
            got = sector(kb, x, cfg)
            if got:
                return got
        return None
    return next((codebook.sector(cls) for cls in cfg["sectors"] if kb.is_a(iri, cls)), None)


def _gold_codes(doc: GoldDoc, role: Literal["source", "target"], cfg: dict[str, Any]) -> list[str]:
    ev = doc.events[0]
    ents = [doc.entities[i] for i in getattr(ev, role)]
    return [e.code for e in ents if e.code and e.code not in cfg["non_country_codes"]]


def _gold_sectors(doc: GoldDoc) -> list[str]:
    ev = doc.events[0]
    ents = [doc.entities[i] for i in ev.source]
    return [e.sector[:3].upper() for e in ents if e.sector and e.sector[:3].isalpha()]


def score_plover(docs: list[GoldDoc], results: list[Resolved], kb: KnowledgeBase,
                 cfg: dict[str, Any]) -> dict[str, Any]:
    rows = [_plover_row(doc, res, kb, cfg) for doc, res in zip(docs, results) if doc.events]
    focus = [r for r in rows if r.gold in cfg["focus"]]
    labels = sorted({r.gold for r in rows} | {r.pred for r in rows if r.pred != "NONE"})
    counts: dict[str, Counts] = {lab: Counts() for lab in labels}
    for r in rows:
        if r.pred == r.gold:
            counts[r.gold].tp += 1
        else:
            counts[r.gold].fn += 1
            if r.pred != "NONE":
                counts[r.pred].fp += 1
    gold_events = sum(len(d.events) for d in docs)
    extra = sum(max(0, r.n_pred - r.n_gold) for r in rows)
    return {
        "sentences": len(rows),
        "category_accuracy": _ratio(sum(r.pred == r.gold for r in rows), len(rows)),
        "category_accuracy_focus": _ratio(sum(r.pred == r.gold for r in focus), len(focus)),
        "focus_sentences": len(focus),
        "categories": table(counts, labels),
        "confusion": _confusion(rows),
        "source_country": _identity(rows, "source"),
        "source_country_focus": _identity(focus, "source"),
        "target_country": _identity(rows, "target"),
        "source_sector": _identity(rows, "sector"),
        "extra_events_per_100": round(100 * extra / gold_events, 2) if gold_events else 0.0,
        "extra_events": extra,
        "gold_events": gold_events,
        "worst": [{"gold": r.gold, "pred": r.pred, "doc": r.doc, "sentence": r.text}
                  for r in focus if r.pred != r.gold][:WORST * 2],
    }


def _plover_row(doc: GoldDoc, res: Resolved, kb: KnowledgeBase, cfg: dict[str, Any]) -> PloverRow:
    events = list(res.events)
    first = events[0] if events else None
    pred = plover_category(first.cls, first.modality, cfg) if first else None
    agents = list(first.agents) if first else []
    targets = list(first.targets) if first else []
    return PloverRow(
        doc=doc.id, text=doc.text, gold=doc.events[0].type, pred=pred or "NONE",
        n_gold=len(doc.events), n_pred=len(events),
        source=Answers(_gold_codes(doc, "source", cfg), [c for a in agents if (c := _code_in(res, kb, a))]),
        target=Answers(_gold_codes(doc, "target", cfg), [c for a in targets if (c := _code_in(res, kb, a))]),
        sector=Answers(_gold_sectors(doc), [s for a in agents if (s := sector(kb, a, cfg))]),
    )


def _code_in(res: Resolved, kb: KnowledgeBase, iri: str) -> str | None:
    """The actor's country code from the knowledge base, else from what the report says of it."""
    code = iso_code(kb, iri)
    if code:
        return code
    said = [r.object for r in res.relations if r.subject == iri and r.predicate in ("country", "leads")]
    return next((c for c in (iso_code(kb, x) for x in said) if c), None)


def _identity(rows: list[PloverRow], key: Literal["source", "target", "sector"]) -> dict[str, Any]:
    """Accuracy where we answered, coverage, and strict accuracy over all gold-coded rows."""
    answers = [(r, getattr(r, key)) for r in rows]
    coded = [(r, a) for r, a in answers if a.gold]
    answered = [(r, a) for r, a in coded if a.ours]
    right = [r for r, a in answered if set(a.gold) & set(a.ours)]
    return {"gold": len(coded), "answered": len(answered), "correct": len(right),
            "accuracy": _ratio(len(right), len(answered)), "coverage": _ratio(len(answered), len(coded)),
            "strict": _ratio(len(right), len(coded))}


def _confusion(rows: list[PloverRow]) -> dict[str, dict[str, int]]:
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        out[r.gold][r.pred] += 1
    return {g: dict(c.most_common()) for g, c in sorted(out.items())}


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0

