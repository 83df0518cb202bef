"""Measure extraction quality against gold annotations written by others.

Two gold files (see `kg eval --help`): re3d (named Organisation / Person / Location
mentions and four relation types) and the PLOVER gold-standard records (event
category, source and target actor country, actor sector). How our labels, predicates,
event classes and actor classes correspond to theirs is data: ontology/eval-mapping.json.

The scorer (`Counts`, `match_spans`, `match_pairs`, `table`) is plain Python over plain
records, so it is tested on hand-made pairs; `evaluate` runs the pipeline and feeds it.

Errors:
    EvalError (ValueError) — a gold file or the mapping is missing or malformed.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg import paths
from kg.kb import CKG, KnowledgeBase
from kg.records import Report, ReportMeta, Resolved

__all__ = ["EvalError", "Counts", "Span", "Pair", "match_spans", "match_pairs", "table",
           "mention_kind", "evaluate", "render", "default_gold_dir", "GOLD_FILES"]

GOLD_FILES = ("re3d-dev.jsonl", "plover-gsr.jsonl")
WORST = 15


class EvalError(ValueError):
    """A gold file or the evaluation mapping is missing or malformed."""


# ---------------------------------------------------------------- scorer

@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


Offsets = tuple[int, int]


@dataclass(frozen=True)
class Span:
    """A typed character span of one document; `sentence` is context for error lists."""

    doc: str
    start: int
    end: int
    type: str
    text: str = ""
    sentence: str = ""

    def overlaps(self, other: Span) -> bool:
        return self.doc == other.doc and self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Pair:
    """A typed relation between two spans of one document."""

    doc: str
    head: tuple[int, int]
    tail: tuple[int, int]
    type: str
    symmetric: bool = False
    text: str = ""
    sentence: str = ""


@dataclass
class Matched:
    """The outcome of matching gold items against predictions."""

    tp: list[tuple[Any, Any]] = field(default_factory=list)
    fn: list[Any] = field(default_factory=list)
    fp: list[Any] = field(default_factory=list)
    nested: list[Any] = field(default_factory=list)

    def counts(self) -> dict[str, Counts]:
        out: dict[str, Counts] = defaultdict(Counts)
        for g, _ in self.tp:
            out[g.type].tp += 1
        for g in self.fn:
            out[g.type].fn += 1
        for p in self.fp:
            out[p.type].fp += 1
        return dict(out)


def _span_score(g: Span, p: Span, overlap: bool, typed: bool) -> float:
    if typed and g.type != p.type:
        return 0.0
    if (g.doc, g.start, g.end) == (p.doc, p.start, p.end):
        return 2.0
    if overlap and g.overlaps(p):
        shared = min(g.end, p.end) - max(g.start, p.start)
        return shared / (max(g.end, p.end) - min(g.start, p.start))
    return 0.0


def match_spans(gold: Iterable[Span], pred: Iterable[Span], overlap: bool = False,
                typed: bool = True, ignore_nested: bool = False) -> Matched:
    """One-to-one matching; exact matches first, then the largest overlap (when `overlap`).

    With `ignore_nested`, an unmatched prediction lying inside a matched gold span ("UN" in
    "the UN Special Envoy Staffan de Mistura") is set apart, neither right nor wrong, since
    flat gold annotations cannot hold nested names.
    """
    gold, pred = list(gold), list(pred)
    scored = sorted(((s, gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)
                     if g.doc == p.doc and (s := _span_score(g, p, overlap, typed)) > 0),
                    key=lambda x: (-x[0], x[1], x[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = Matched()
    for _, gi, pi in scored:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.tp.append((gold[gi], pred[pi]))
    out.fn = [g for i, g in enumerate(gold) if i not in used_g]
    out.fp = [p for i, p in enumerate(pred) if i not in used_p]
    if ignore_nested:
        inside = [p for p in out.fp if any(_within(p, g) for g, _ in out.tp)]
        out.fp = [p for p in out.fp if p not in inside]
        out.nested = inside
    return out


def _within(p: Span, g: Span) -> bool:
    return p.doc == g.doc and g.start <= p.start and p.end <= g.end


def _touch(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _pair_fits(g: Pair, p: Pair) -> bool:
    if g.doc != p.doc or g.type != p.type:
        return False
    if _touch(g.head, p.head) and _touch(g.tail, p.tail):
        return True
    return g.symmetric and _touch(g.head, p.tail) and _touch(g.tail, p.head)


def dedupe_pairs(pairs: Iterable[Pair]) -> list[Pair]:
    """One pair per document, type and (for symmetric types, unordered) pair of spans."""
    seen: set[tuple[Any, ...]] = set()
    out: list[Pair] = []
    for p in pairs:
        ends = tuple(sorted((p.head, p.tail))) if p.symmetric else (p.head, p.tail)
        key = (p.doc, p.type, ends)
        if key not in seen and p.head != p.tail:
            seen.add(key)
            out.append(p)
    return out


def match_pairs(gold: Iterable[Pair], pred: Iterable[Pair]) -> Matched:
    """Gold and predicted pairs match when both ends overlap (either way round if symmetric)."""
    gold, pred = dedupe_pairs(gold), dedupe_pairs(pred)
    used: set[int] = set()
    out = Matched()
    for g in gold:
        hit = next((i for i, p in enumerate(pred) if i not in used and _pair_fits(g, p)), None)
        if hit is None:
            out.fn.append(g)
        else:
            used.add(hit)
            out.tp.append((g, pred[hit]))
    out.fp = [p for i, p in enumerate(pred) if i not in used]
    return out


def table(counts: dict[str, Counts], types: Iterable[str] | None = None) -> dict[str, Any]:
    """Per-type precision / recall / F1 with micro and macro averages."""
    names = list(types) if types is not None else sorted(counts)
    rows = {t: counts.get(t, Counts()) for t in names}
    micro = Counts(sum(c.tp for c in rows.values()), sum(c.fp for c in rows.values()),
                   sum(c.fn for c in rows.values()))
    n = len(rows) or 1
    macro = {k: round(sum(getattr(c, k) for c in rows.values()) / n, 4)
             for k in ("precision", "recall", "f1")}
    return {"types": {t: c.as_dict() for t, c in rows.items()}, "micro": micro.as_dict(),
            "macro": macro}


# ---------------------------------------------------------------- gold

def default_gold_dir() -> Path:
    """../shared/eval beside the project root (the source tree; else the working folder)."""
    root = Path(__file__).resolve().parent.parent
    if not (root / "pyproject.toml").is_file():
        root = Path.cwd()
    return root.parent / "shared" / "eval"


def load_jsonl(path: Path) -> list[dict[str, Any]]:
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
        out.append(record)
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


# ---------------------------------------------------------------- predictions

def _sentence_text(res: Resolved, start: int) -> str:
    text = res.extraction.report.text
    for s in res.extraction.sentences:
        if s.start <= start < s.end:
            return text[s.start:s.end].strip()
    return ""


def predicted_spans(res: Resolved, cfg: dict[str, Any]) -> list[Span]:
    """Our named mentions, labelled with re3d types."""
    out: list[Span] = []
    doc = res.extraction.report.meta.id
    for m in res.extraction.mentions:
        if m.kind in ("anaphor", "nominal"):
            continue
        kind = cfg["labels"].get(m.label, m.label)
        if m.label in cfg["acting_labels"] and m.role in cfg["acting_roles"]:
            kind = cfg["acting_type"]
        out.append(Span(doc, m.start, m.end, kind, m.text, _sentence_text(res, m.start)))
    return out


def gold_spans(doc: dict[str, Any], cfg: dict[str, Any],
               res: Resolved | None = None) -> tuple[list[Span], list[Span]]:
    """(named mentions, pronoun and nominal mentions) of the scored types."""
    named: list[Span] = []
    other: list[Span] = []
    for e in doc["entities"]:
        if e["type"] not in cfg["scored_types"] or not e["text"].strip():
            continue
        kind = mention_kind(e["text"], cfg)
        sentence = _sentence_text(res, e["start"]) if res is not None else ""
        span = Span(doc["id"], e["start"], e["end"], e["type"] if kind == "name" else kind, e["text"], sentence)
        (named if kind == "name" else other).append(span)
    return named, other


def gold_pairs(doc: dict[str, Any], cfg: dict[str, Any]) -> list[Pair]:
    out: list[Pair] = []
    ents = doc["entities"]
    for r in doc["relations"]:
        rule = cfg["relations"].get(r["type"])
        if rule is None:
            continue
        h, t = ents[r["head"]], ents[r["tail"]]
        out.append(Pair(doc["id"], (h["start"], h["end"]), (t["start"], t["end"]), r["type"],
                        rule["symmetric"], f"{h['text']} -> {t['text']}"))
    return out


def predicted_pairs(res: Resolved, kb: KnowledgeBase, cfg: dict[str, Any]) -> list[Pair]:
    """Our relations and attack participants, as pairs of mention spans typed by re3d relation."""
    ext = res.extraction
    doc = ext.report.meta.id
    by_pred: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for rtype, rule in cfg["relations"].items():
        for p in rule["predicates"]:
            by_pred[p].append((rtype, rule["symmetric"]))
    raw: list[tuple[int, int, str, bool]] = []
    kept = {(r.subject, r.predicate, r.object) for r in res.relations}
    for c in ext.relations:  # every sentence that states a kept relation, not only the first
        s_res, o_res = res.resolutions.get(c.subject), res.resolutions.get(c.object)
        if s_res and o_res and (s_res.entity.iri, c.predicate, o_res.entity.iri) in kept:
            raw += [(c.subject, c.object, t, s) for t, s in by_pred.get(c.predicate, [])]
    spans = [(m.start, m.end) for m in ext.mentions]
    linked = [(spans[a], spans[b], t, s) for a, b, t, s in raw]
    for cand in ext.events:
        if cand.modality != "asserted":
            continue
        for rtype, rule in cfg["relations"].items():
            for cls, roles in rule["events"].items():
                if not _is_a_class(kb, cand.cls, cls):
                    continue
                for role in [roles] if isinstance(roles, str) else roles:
                    linked += [(a, b, rtype, rule["symmetric"]) for a, b in _event_links(res, kb, cand, role, spans)]
    text = ext.report.text
    return [Pair(doc, a, b, rtype, sym, f"{text[a[0]:a[1]]} -> {text[b[0]:b[1]]}", _sentence_text(res, a[0]))
            for a, b, rtype, sym in linked]


def _is_a_class(kb: KnowledgeBase, cls: str, wanted: str) -> bool:
    return kb.subclass_of(cls, wanted)


def _event_links(res: Resolved, kb: KnowledgeBase, cand: Any, role: str,
                 spans: list[Offsets]) -> list[tuple[Offsets, Offsets]]:
    """Agent -> target, agent -> place, agent -> victims, or agent <-> agent spans of one trigger
    (`spans`: the offsets of the report's mentions, by index)."""
    agents = [i for i in cand.agents if _is_actor(res, kb, i)]
    if role == "agents":
        return [(spans[a], spans[b]) for a in agents for b in agents if a < b]
    if role == "victims":
        return [(spans[a], (c.start, c.end)) for a in agents for c in cand.casualties if not c.part]
    others = [i for i in getattr(cand, role) if i in res.resolutions]
    if role == "targets":
        others = [i for i in others if _is_actor(res, kb, i)]
    return [(spans[a], spans[o]) for a in agents for o in others if a != o]


def _is_actor(res: Resolved, kb: KnowledgeBase, idx: int) -> bool:
    r = res.resolutions.get(idx)
    if r is None:
        return False
    classes = r.entity.classes
    return "Actor" in classes or "Person" in classes or kb.is_a(r.entity.iri, "Actor")


# ---------------------------------------------------------------- re3d

def score_re3d(docs: list[dict[str, Any]], results: list[Resolved], kb: KnowledgeBase,
               cfg: dict[str, Any]) -> dict[str, Any]:
    named: list[Span] = []
    other: list[Span] = []
    pred: list[Span] = []
    gpairs: list[Pair] = []
    ppairs: list[Pair] = []
    for doc, res in zip(docs, results):
        n, o = gold_spans(doc, cfg, res)
        named += n
        other += o
        pred += predicted_spans(res, cfg)
        gpairs += gold_pairs(doc, cfg)
        ppairs += predicted_pairs(res, kb, cfg)
    types = cfg["scored_types"]
    scored = [p for p in pred if p.type in types and not _only_unscored(p, named, other)]
    nested = cfg.get("ignore_nested", False)
    exact = match_spans(named, scored, overlap=False, ignore_nested=nested)
    overlap = match_spans(named, scored, overlap=True, ignore_nested=nested)
    untyped = match_spans([_untyped(s) for s in named], [_untyped(s) for s in scored], overlap=True,
                          ignore_nested=nested)
    rels = match_pairs(gpairs, ppairs)
    return {
        "documents": len(docs),
        "mentions": {"exact": table(exact.counts(), types), "overlap": table(overlap.counts(), types),
                     "overlap_untyped": table(untyped.counts(), ["any"]),
                     "nested_ignored": len(overlap.nested)},
        "nominal_and_pronoun": _recall_of(other, pred_all=_all_mentions(results)),
        "relations": table(rels.counts(), list(cfg["relations"])),
        "relations_by_ends": _recall_by_ends(rels, _end_kinds(docs, cfg)),
        "worst": {"mention_fp": _worst_spans(overlap.fp), "mention_fn": _worst_spans(overlap.fn),
                  "relation_fp": _worst_pairs(rels.fp), "relation_fn": _worst_pairs(rels.fn, results)},
    }


def _end_kinds(docs: list[dict[str, Any]], cfg: dict[str, Any]) -> dict[tuple[str, int, int], str]:
    """Each gold entity span: `name`, `nominal` or `pronoun`, or `other` for an unscored type (a weapon)."""
    return {(d["id"], e["start"], e["end"]): mention_kind(e["text"], cfg) if e["type"] in cfg["scored_types"]
            else "other" for d in docs for e in d["entities"]}


def _recall_by_ends(rels: Matched, kinds: dict[tuple[str, int, int], str]) -> dict[str, dict[str, Any]]:
    """Gold pairs found, grouped by what their two ends are: both named, or not."""
    def ends(g: Pair) -> str:
        both = {kinds.get((g.doc, *end), "other") for end in (g.head, g.tail)}
        if both & {"pronoun", "nominal"}:
            return "a pronoun or nominal end"
        return "an end of another type" if "other" in both else "both named"
    out: dict[str, dict[str, Any]] = {}
    for found, items in ((1, [g for g, _ in rels.tp]), (0, rels.fn)):
        for g in items:
            row = out.setdefault(ends(g), {"gold": 0, "found": 0})
            row["gold"] += 1
            row["found"] += found
    for row in out.values():
        row["recall"] = round(row["found"] / row["gold"], 4)
    return dict(sorted(out.items()))


def _untyped(s: Span) -> Span:
    return Span(s.doc, s.start, s.end, "any", s.text, s.sentence)


def _only_unscored(p: Span, named: list[Span], other: list[Span]) -> bool:
    """A prediction that only covers a gold pronoun or nominal is neither right nor wrong here."""
    return any(p.overlaps(o) for o in other) and not any(p.overlaps(g) for g in named)


def _all_mentions(results: list[Resolved]) -> list[Span]:
    return [Span(r.extraction.report.meta.id, m.start, m.end, m.kind, m.text)
            for r in results for m in r.extraction.mentions]


def _recall_of(gold: list[Span], pred_all: list[Span]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind in ("nominal", "pronoun"):
        items = [g for g in gold if g.type == kind]
        found = sum(1 for g in items if any(g.overlaps(p) for p in pred_all))
        out[kind] = {"gold": len(items), "found": found,
                     "recall": round(found / len(items), 4) if items else 0.0}
    return out


def _worst_spans(items: list[Span]) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str], list[Span]] = defaultdict(list)
    for s in items:
        groups[(s.type, s.text.strip().lower())].append(s)
    ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:WORST]
    return [{"type": t, "text": v[0].text, "count": len(v), "doc": v[0].doc,
             "sentence": v[0].sentence} for (t, _), v in ranked]


def _worst_pairs(items: list[Pair], results: list[Resolved] | None = None) -> list[dict[str, Any]]:
    texts = {r.extraction.report.meta.id: r for r in results or []}
    out = []
    for p in items[:WORST]:
        sentence = p.sentence or (_sentence_text(texts[p.doc], p.head[0]) if p.doc in texts else "")
        out.append({"type": p.type, "pair": p.text, "doc": p.doc, "sentence": sentence})
    return out


# ---------------------------------------------------------------- PLOVER

def plover_category(kb: KnowledgeBase, cls: str, modality: str, cfg: dict[str, Any]) -> str | None:
    """Our event class (and modality) -> PLOVER category, by the nearest listed class."""
    for rule in cfg["modal_rules"]:
        classes = rule.get("classes")
        if modality in rule["modalities"] and (classes is None or any(_is_a_class(kb, cls, c) for c in classes)):
            return str(rule["category"])
    for c in [cls, *_ancestors_nearest(kb, cls)]:
        if c in cfg["events"]:
            return str(cfg["events"][c])
    return None


def _ancestors_nearest(kb: KnowledgeBase, cls: str) -> list[str]:
    return sorted(kb.ancestors.get(cls, ()), key=lambda a: -len(kb.ancestors.get(a, ())))


def iso_code(kb: KnowledgeBase, iri: str) -> str | None:
    """The ISO-3166 alpha-3 code of a country, or of an actor's home country."""
    for candidate in [iri, *sorted(kb.linked(iri, "country"))]:
        for t in kb.descriptions.get(candidate, []):
            if t.predicate.value == CKG + "isoCode":
                return t.object.value
    return next((c for c in (iso_code(kb, x) for x in _led(kb, iri)) if c), None)


def _led(kb: KnowledgeBase, iri: str) -> list[str]:
    return sorted(t.object.value for t in kb.descriptions.get(iri, []) if t.predicate.value == CKG + "leads")


def sector(kb: KnowledgeBase, iri: str, cfg: dict[str, Any]) -> str | None:
    """Our actor's PLOVER sector: by its class; a person by what they lead."""
    entity = kb.entities.get(iri)
    if entity is None:
        return None
    if kb.is_a(iri, "Person"):
        for x in _led(kb, iri):
            if kb.is_a(x, "Country"):
                return str(cfg["state_sector"])
            got = sector(kb, x, cfg)
            if got:
                return got
        return None
    for cls, code in cfg["sectors"].items():
        if kb.is_a(iri, cls):
            return str(code)
    return None


def _gold_codes(doc: dict[str, Any], role: str, cfg: dict[str, Any]) -> list[str]:
    ev = doc["events"][0]
    ents = [doc["entities"][i] for i in ev.get(role, [])]
    return [e["code"] for e in ents if e.get("code") and e["code"] not in cfg["non_country_codes"]]


def _gold_sectors(doc: dict[str, Any]) -> list[str]:
    ev = doc["events"][0]
    ents = [doc["entities"][i] for i in ev.get("source", [])]
    return [e["sector"][:3].upper() for e in ents if e.get("sector") and e["sector"][:3].isalpha()]


def score_plover(docs: list[dict[str, Any]], results: list[Resolved], kb: KnowledgeBase,
                 cfg: dict[str, Any]) -> dict[str, Any]:
    rows = [_plover_row(doc, res, kb, cfg) for doc, res in zip(docs, results) if doc.get("events")]
    focus = [r for r in rows if r["gold"] in cfg["focus"]]
    labels = sorted({r["gold"] for r in rows} | {r["pred"] for r in rows if r["pred"] != "NONE"})
    counts: dict[str, Counts] = {lab: Counts() for lab in labels}
    for r in rows:
        if r["pred"] == r["gold"]:
            counts[r["gold"]].tp += 1
        else:
            counts[r["gold"]].fn += 1
            if r["pred"] != "NONE":
                counts[r["pred"]].fp += 1
    gold_events = sum(len(d["events"]) for d in docs)
    extra = sum(max(0, r["n_pred"] - r["n_gold"]) for r in rows)
    return {
        "sentences": len(rows),
        "category_accuracy": _ratio(sum(r["pred"] == r["gold"] for r in rows), len(rows)),
        "category_accuracy_focus": _ratio(sum(r["pred"] == r["gold"] for r in focus), len(focus)),
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
        "worst": [{"gold": r["gold"], "pred": r["pred"], "doc": r["doc"], "sentence": r["text"]}
                  for r in focus if r["pred"] != r["gold"]][:WORST * 2],
    }


def _plover_row(doc: dict[str, Any], res: Resolved, kb: KnowledgeBase, cfg: dict[str, Any]) -> dict[str, Any]:
    events = list(res.events)
    first = events[0] if events else None
    pred = plover_category(kb, first.cls, first.modality, cfg) if first else None
    agents = list(first.agents) if first else []
    targets = list(first.targets) if first else []
    return {
        "doc": doc["id"], "text": doc["text"], "gold": doc["events"][0]["type"], "pred": pred or "NONE",
        "n_gold": len(doc["events"]), "n_pred": len(events),
        "source": (_gold_codes(doc, "source", cfg), [c for a in agents if (c := _code_in(res, kb, a))]),
        "target": (_gold_codes(doc, "target", cfg), [c for a in targets if (c := _code_in(res, kb, a))]),
        "sector": (_gold_sectors(doc), [s for a in agents if (s := sector(kb, a, cfg))]),
    }


def _code_in(res: Resolved, kb: KnowledgeBase, iri: str) -> str | None:
    """The actor's country code from the knowledge base, else from what the report says of it."""
    code = iso_code(kb, iri)
    if code:
        return code
    said = [r.object for r in res.relations if r.subject == iri and r.predicate in ("country", "leads")]
    return next((c for c in (iso_code(kb, x) for x in said) if c), None)


def _identity(rows: list[dict[str, Any]], key: str) -> dict[str, Any]:
    """Accuracy where we answered, coverage, and strict accuracy over all gold-coded rows."""
    coded = [r for r in rows if r[key][0]]
    answered = [r for r in coded if r[key][1]]
    right = [r for r in answered if set(r[key][0]) & set(r[key][1])]
    return {"gold": len(coded), "answered": len(answered), "correct": len(right),
            "accuracy": _ratio(len(right), len(answered)), "coverage": _ratio(len(answered), len(coded)),
            "strict": _ratio(len(right), len(coded))}


def _confusion(rows: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        out[r["gold"]][r["pred"]] += 1
    return {g: dict(c.most_common()) for g, c in sorted(out.items())}


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


# ---------------------------------------------------------------- run

def _reports(docs: list[dict[str, Any]]) -> list[Report]:
    return [Report(ReportMeta(id=str(d["id"]), title=d.get("title")), d["text"], "") for d in docs]


def evaluate(gold_dir: Path, extractor: Any, resolver: Any, kb: KnowledgeBase,
             mapping: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run the pipeline over both gold files and score it; returns a JSON-ready report."""
    started = time.perf_counter()
    cfg = mapping or load_mapping()
    re3d = load_jsonl(gold_dir / GOLD_FILES[0])
    plover = load_jsonl(gold_dir / GOLD_FILES[1])
    results = [resolver.resolve(e) for e in extractor.extract_many(_reports(re3d + plover))]
    out = {
        "gold": str(gold_dir),
        "re3d": score_re3d(re3d, results[:len(re3d)], kb, cfg["re3d"]),
        "plover": score_plover(plover, results[len(re3d):], kb, cfg["plover"]),
    }
    out["targets"] = targets(out)
    out["seconds"] = round(time.perf_counter() - started, 2)
    return out


def run(gold_dir: Path, model: str | None = None) -> dict[str, Any]:
    """Load the knowledge base and the pipeline once, then `evaluate`."""
    from kg import kb as kb_module
    from kg.nlp import DEFAULT_MODEL, Extractor
    from kg.resolve import Resolver

    for name in GOLD_FILES:
        if not (gold_dir / name).is_file():
            load_jsonl(gold_dir / name)  # raises EvalError before the model is loaded
    kb = kb_module.load()
    return evaluate(gold_dir, Extractor(kb, model or DEFAULT_MODEL), Resolver(kb), kb)


TARGETS = (
    ("named mentions F1 (overlap)", ("re3d", "mentions", "overlap", "micro", "f1"), 0.80, "min"),
    ("re3d relations F1", ("re3d", "relations", "micro", "f1"), 0.50, "min"),
    ("PLOVER category accuracy (focus)", ("plover", "category_accuracy_focus"), 0.60, "min"),
    ("source country accuracy", ("plover", "source_country", "accuracy"), 0.80, "min"),
    ("extra events per 100 gold", ("plover", "extra_events_per_100"), 15.0, "max"),
)


def targets(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for name, path, goal, kind in TARGETS:
        value: Any = report
        for key in path:
            value = value[key]
        met = value >= goal if kind == "min" else value < goal
        out[name] = {"value": value, "target": goal, "kind": kind, "met": bool(met)}
    return out


# ---------------------------------------------------------------- text output

def _fmt_table(title: str, t: dict[str, Any]) -> list[str]:
    lines = [title, f"  {'type':<16} {'tp':>5} {'fp':>5} {'fn':>5} {'P':>6} {'R':>6} {'F1':>6}"]
    for name, c in [*t["types"].items(), ("micro", t["micro"])]:
        lines.append(f"  {name:<16} {c.get('tp', ''):>5} {c.get('fp', ''):>5} {c.get('fn', ''):>5} "
                     f"{c['precision']:>6.3f} {c['recall']:>6.3f} {c['f1']:>6.3f}")
    m = t["macro"]
    lines.append(f"  {'macro':<16} {'':>5} {'':>5} {'':>5} {m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f}")
    return lines


def _fmt_identity(name: str, d: dict[str, Any]) -> str:
    return (f"  {name:<22} accuracy {d['accuracy']:.3f} ({d['correct']}/{d['answered']}), "
            f"coverage {d['coverage']:.3f}, strict {d['strict']:.3f} of {d['gold']}")


def render(report: dict[str, Any]) -> str:
    """A plain-text summary: tables, targets, and the worst errors with their sentences."""
    r, p = report["re3d"], report["plover"]
    lines = [f"gold: {report['gold']}  ({report['seconds']} s)", ""]
    lines += _fmt_table("re3d named mentions, exact span", r["mentions"]["exact"]) + [""]
    lines += _fmt_table("re3d named mentions, overlapping span", r["mentions"]["overlap"]) + [""]
    lines += _fmt_table("re3d named mentions, overlapping span, any type", r["mentions"]["overlap_untyped"]) + [""]
    lines.append(f"re3d predictions nested inside a matched gold name, set apart: {r['mentions']['nested_ignored']}")
    for kind, d in r["nominal_and_pronoun"].items():
        lines.append(f"re3d {kind} mentions (not in the named score): {d['found']}/{d['gold']} found")
    lines += [""] + _fmt_table("re3d relations (pairs of spans)", r["relations"])
    for ends, d in r.get("relations_by_ends", {}).items():
        lines.append(f"  gold pairs with {ends}: {d['found']}/{d['gold']} found")
    lines.append("")
    lines.append(f"PLOVER category accuracy {p['category_accuracy']:.3f} over {p['sentences']} sentences; "
                 f"{p['category_accuracy_focus']:.3f} over the {p['focus_sentences']} "
                 "ASSAULT/FIGHT/COERCE/AGREE/THREATEN sentences")
    lines += _fmt_table("PLOVER categories", p["categories"])
    lines += [_fmt_identity("source country", p["source_country"]),
              _fmt_identity("  (focus sentences)", p["source_country_focus"]),
              _fmt_identity("target country", p["target_country"]),
              _fmt_identity("source sector", p["source_sector"]),
              f"  extra events: {p['extra_events']} ({p['extra_events_per_100']} per 100 gold events)", ""]
    lines.append("targets")
    for name, t in report["targets"].items():
        sign = ">=" if t["kind"] == "min" else "<"
        lines.append(f"  {'ok  ' if t['met'] else 'MISS'} {name}: {t['value']} (target {sign} {t['target']})")
    lines += [""] + _fmt_worst(r["worst"], p["worst"])
    return "\n".join(lines) + "\n"


def _fmt_worst(re3d: dict[str, list[dict[str, Any]]], plover: list[dict[str, Any]]) -> list[str]:
    lines: list[str] = []
    for key, title in (("mention_fp", "worst false-positive mentions"), ("mention_fn", "worst missed mentions")):
        lines.append(title)
        lines += [f"  {w['count']:>3} x {w['type']:<12} {w['text']!r}  | {w['sentence'][:140]}" for w in re3d[key]]
    for key, title in (("relation_fp", "false relations"), ("relation_fn", "missed relations")):
        lines.append(title)
        lines += [f"  {w['type']:<15} {w['pair']}  | {w['sentence'][:140]}" for w in re3d[key]]
    lines.append("PLOVER sentences miscategorised")
    lines += [f"  {w['gold']:<9} as {w['pred']:<9} | {w['sentence'][:140]}" for w in plover]
    return lines
