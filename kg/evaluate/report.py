"""`kg eval`: run the pipeline over both gold files, score it, and print the figures."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.evaluate.gold import GOLD_FILES, GoldDoc, load_jsonl, load_mapping
from kg.evaluate.plover import score_plover
from kg.evaluate.re3d import score_re3d
from kg.kb import KnowledgeBase
from kg.records import Report, ReportMeta

if TYPE_CHECKING:
    from kg.nlp import Extractor
    from kg.resolve import Resolver


def _reports(docs: list[GoldDoc]) -> list[Report]:
    return [Report(ReportMeta(id=d.id, title=d.title), d.text, "") for d in docs]


def evaluate(gold_dir: Path, extractor: Extractor, resolver: Resolver, kb: KnowledgeBase,
             mapping: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run the pipeline over both gold files and score it; returns a JSON-ready report."""
    started = time.perf_counter()
    cfg = mapping or load_mapping()
    re3d = load_jsonl(gold_dir / GOLD_FILES[0])
    plover = load_jsonl(gold_dir / GOLD_FILES[1])
    results = [resolver.resolve(e) for e in extractor.extract_many(_reports(re3d + plover))]
    out: dict[str, Any] = {
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
