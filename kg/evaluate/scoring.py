"""The scorer: plain Python over plain records (`Span`, `Pair`), tested on hand-made pairs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

WORST = 15  # error examples kept per list


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
    """A typed relation between two spans of one document.

    `head_also` / `tail_also`: other spans of the sentence that name the same actor as an end read
    through a pronoun or a description ("the group", "they"); the pair matches through any of them.
    """

    doc: str
    head: tuple[int, int]
    tail: tuple[int, int]
    type: str
    symmetric: bool = False
    text: str = ""
    sentence: str = ""
    head_also: tuple[tuple[int, int], ...] = ()
    tail_also: tuple[tuple[int, int], ...] = ()


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


def _reaches(gold_end: Offsets, end: Offsets, also: tuple[Offsets, ...]) -> bool:
    return any(_touch(gold_end, e) for e in (end, *also))


def _pair_fits(g: Pair, p: Pair) -> bool:
    if g.doc != p.doc or g.type != p.type:
        return False
    if _reaches(g.head, p.head, p.head_also) and _reaches(g.tail, p.tail, p.tail_also):
        return True
    return g.symmetric and _reaches(g.head, p.tail, p.tail_also) and _reaches(g.tail, p.head, p.head_also)


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

