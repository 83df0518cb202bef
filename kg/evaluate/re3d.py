"""re3d: our named mentions and relations against the gold spans and pairs, and the error lists."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from kg.evaluate.gold import GoldDoc, mention_kind
from kg.evaluate.scoring import WORST, Matched, Offsets, Pair, Span, match_pairs, match_spans, table
from kg.kb import KnowledgeBase
from kg.records import EventCandidate, Resolved


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


def gold_spans(doc: GoldDoc, cfg: dict[str, Any],
               res: Resolved | None = None) -> tuple[list[Span], list[Span]]:
    """(named mentions, pronoun and nominal mentions) of the scored types."""
    named: list[Span] = []
    other: list[Span] = []
    for e in doc.entities:
        if e.type not in cfg["scored_types"] or not e.text.strip():
            continue
        kind = mention_kind(e.text, cfg)
        sentence = _sentence_text(res, e.start) if res is not None else ""
        span = Span(doc.id, e.start, e.end, e.type if kind == "name" else kind, e.text, sentence)
        (named if kind == "name" else other).append(span)
    return named, other


def gold_pairs(doc: GoldDoc, cfg: dict[str, Any]) -> list[Pair]:
    out: list[Pair] = []
    ents = doc.entities
    for r in doc.relations:
        rule = cfg["relations"].get(r.type)
        if rule is None:
            continue
        h, t = ents[r.head], ents[r.tail]
        out.append(Pair(doc.id, (h.start, h.end), (t.start, t.end), r.type,
                        rule["symmetric"], f"{h.text} -> {t.text}"))
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
    also = _coreferent_spans(res)
    text = ext.report.text
    return [Pair(doc, a, b, rtype, sym, f"{text[a[0]:a[1]]} -> {text[b[0]:b[1]]}", _sentence_text(res, a[0]),
                 also.get(a, ()), also.get(b, ()))
            for a, b, rtype, sym in linked]


def _coreferent_spans(res: Resolved) -> dict[Offsets, tuple[Offsets, ...]]:
    """For each mention resolved to an actor or a place, the other mentions of its sentence resolved
    to the same: re3d annotates a relation on one mention, and a relation read through "they" (or
    through one of two names of the same actor) stands between the others as well."""
    mentions = res.extraction.mentions
    by_sentence: dict[tuple[int, str], list[Offsets]] = defaultdict(list)
    for i, m in enumerate(mentions):
        if i in res.resolutions:
            by_sentence[(m.sentence, res.resolutions[i].entity.iri)].append((m.start, m.end))
    return {own: tuple(o for o in same if o != own) for same in by_sentence.values() for own in same
            if len(same) > 1}


def _is_a_class(kb: KnowledgeBase, cls: str, wanted: str) -> bool:
    return kb.subclass_of(cls, wanted)


def _event_links(res: Resolved, kb: KnowledgeBase, cand: EventCandidate, role: str,
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



def score_re3d(docs: list[GoldDoc], results: list[Resolved], kb: KnowledgeBase,
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
        "relations_by_ends": recall_by_ends(rels, end_kinds(docs, cfg)),
        "worst": {"mention_fp": _worst_spans(overlap.fp), "mention_fn": _worst_spans(overlap.fn),
                  "relation_fp": _worst_pairs(rels.fp), "relation_fn": _worst_pairs(rels.fn, results)},
    }


def end_kinds(docs: list[GoldDoc], cfg: dict[str, Any]) -> dict[tuple[str, int, int], str]:
    """Each gold entity span: `name`, `nominal` or `pronoun`, or `other` for an unscored type (a weapon)."""
    return {(d.id, e.start, e.end): mention_kind(e.text, cfg) if e.type in cfg["scored_types"]
            else "other" for d in docs for e in d.entities}


def recall_by_ends(rels: Matched, kinds: dict[tuple[str, int, int], str]) -> dict[str, dict[str, Any]]:
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

