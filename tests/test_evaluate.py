"""The scorer on hand-made gold/prediction pairs, and `kg eval` on a tiny gold folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg import evaluate
from kg.evaluate import Counts, Pair, Span, match_pairs, match_spans, mention_kind, table
from kg.evaluate.gold import GoldEntity

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "data" / "eval"
SHARED_EVAL = ROOT.parent / "shared" / "eval"


def S(start: int, end: int, type_: str = "Organisation", doc: str = "d") -> Span:
    return Span(doc, start, end, type_)


@pytest.mark.parametrize(("gold", "pred", "overlap", "tp", "fp", "fn"), [
    ([S(0, 5)], [S(0, 5)], False, 1, 0, 0),
    ([S(0, 5)], [S(0, 4)], False, 0, 1, 1),
    ([S(0, 5)], [S(0, 4)], True, 1, 0, 0),
    ([S(0, 5)], [S(5, 9)], True, 0, 1, 1),                       # touching is not overlapping
    ([S(0, 5)], [S(0, 5, "Location")], True, 0, 1, 1),           # wrong type
    ([S(0, 5)], [S(0, 5, doc="e")], True, 0, 1, 1),              # other document
    ([S(0, 5)], [S(0, 2), S(3, 5)], True, 1, 1, 0),              # one gold, matched once
    ([S(0, 5), S(6, 9)], [S(0, 9)], True, 1, 0, 1),              # one prediction, matched once
    ([S(0, 10), S(0, 4)], [S(0, 4), S(2, 10)], True, 2, 0, 0),   # exact first, then the rest
    ([], [S(0, 4)], True, 0, 1, 0),
])
def test_match_spans(gold: list[Span], pred: list[Span], overlap: bool, tp: int, fp: int, fn: int) -> None:
    got = match_spans(gold, pred, overlap=overlap)
    assert (len(got.tp), len(got.fp), len(got.fn)) == (tp, fp, fn)


@pytest.mark.parametrize(("gold", "pred", "tp", "fp", "fn", "nested"), [
    ([S(0, 40, "Person")], [S(4, 6), S(20, 40, "Person")], 1, 0, 0, 1),     # "UN" inside a matched Person
    ([S(0, 40, "Person")], [S(4, 6)], 0, 1, 1, 0),                           # nothing matched: still wrong
    ([S(0, 10)], [S(0, 10), S(8, 14)], 1, 1, 0, 0),                          # sticking out: still wrong
])
def test_nested_predictions_set_apart(gold: list[Span], pred: list[Span], tp: int, fp: int, fn: int,
                                      nested: int) -> None:
    got = match_spans(gold, pred, overlap=True, ignore_nested=True)
    assert (len(got.tp), len(got.fp), len(got.fn), len(got.nested)) == (tp, fp, fn, nested)


def P(head: tuple[int, int], tail: tuple[int, int], type_: str = "AlliesOf", sym: bool = True) -> Pair:
    return Pair("d", head, tail, type_, sym)


@pytest.mark.parametrize(("gold", "pred", "tp", "fp", "fn"), [
    ([P((0, 5), (10, 15))], [P((1, 4), (10, 12))], 1, 0, 0),
    ([P((0, 5), (10, 15))], [P((10, 15), (0, 5))], 1, 0, 0),                    # symmetric: either way
    ([P((0, 5), (10, 15), "InChargeOf", False)], [P((10, 15), (0, 5), "InChargeOf", False)], 0, 1, 1),
    ([P((0, 5), (10, 15))], [P((0, 5), (20, 25))], 0, 1, 1),
    ([P((0, 5), (10, 15)), P((10, 15), (0, 5))], [P((0, 5), (10, 15))], 1, 0, 0),  # gold both ways: one pair
    ([P((0, 5), (10, 15))], [P((0, 5), (10, 15)), P((0, 5), (10, 15))], 1, 0, 0),  # duplicate predictions
    ([P((0, 5), (10, 15), "BelongsTo", False)], [P((0, 5), (10, 15))], 0, 1, 1),  # type must agree
    # read through "they" at (20, 24), which stands for the name at (0, 5) in the same sentence
    ([P((0, 5), (10, 15))], [Pair("d", (20, 24), (10, 15), "AlliesOf", True, head_also=((0, 5),))], 1, 0, 0),
    ([P((10, 15), (0, 5))], [Pair("d", (20, 24), (10, 15), "AlliesOf", True, head_also=((0, 5),))], 1, 0, 0),
    ([P((0, 5), (10, 15), "InChargeOf", False)],
     [Pair("d", (10, 15), (20, 24), "InChargeOf", False, tail_also=((0, 5),))], 0, 1, 1),  # still directed
    ([P((0, 5), (10, 15)), P((20, 24), (10, 15))],
     [Pair("d", (20, 24), (10, 15), "AlliesOf", True, head_also=((0, 5),))], 1, 0, 1),  # one prediction, one gold
])
def test_match_pairs(gold: list[Pair], pred: list[Pair], tp: int, fp: int, fn: int) -> None:
    got = match_pairs(gold, pred)
    assert (len(got.tp), len(got.fp), len(got.fn)) == (tp, fp, fn)


@pytest.mark.parametrize(("counts", "p", "r", "f1"), [
    (Counts(8, 2, 8), 0.8, 0.5, 0.6154),
    (Counts(0, 0, 0), 0.0, 0.0, 0.0),
    (Counts(0, 3, 0), 0.0, 0.0, 0.0),
    (Counts(5, 0, 0), 1.0, 1.0, 1.0),
])
def test_counts(counts: Counts, p: float, r: float, f1: float) -> None:
    assert (round(counts.precision, 4), round(counts.recall, 4), round(counts.f1, 4)) == (p, r, f1)


def test_micro_and_macro_averages() -> None:
    got = table({"A": Counts(9, 1, 0), "B": Counts(0, 0, 10)}, ["A", "B", "C"])
    assert got["micro"] == Counts(9, 1, 10).as_dict()
    assert got["macro"]["precision"] == pytest.approx(0.3)   # (0.9 + 0 + 0) / 3
    assert got["types"]["C"]["tp"] == 0


@pytest.fixture(scope="module")
def cfg() -> dict:  # type: ignore[type-arg]
    return evaluate.load_mapping()


@pytest.mark.parametrize(("text", "kind"), [
    ("we", "pronoun"), ("He", "pronoun"), ("its", "pronoun"),
    ("the regime", "nominal"), ("The Prime Minister", "nominal"), ("the coalition", "nominal"),
    ("other residents", "nominal"),
    ("the Asad regime", "name"), ("Daesh", "name"), ("al-Qaida", "name"), ("the U.S.-led coalition", "name"),
    ("The Foreign Secretary Boris Johnson", "name"),
])
def test_mention_kind(text: str, kind: str, cfg: dict) -> None:  # type: ignore[type-arg]
    assert mention_kind(text, cfg["re3d"]) == kind


@pytest.mark.parametrize(("cls", "modality", "expected"), [
    ("AirStrike", "asserted", "FIGHT"), ("Shelling", "asserted", "FIGHT"), ("ArmedClash", "asserted", "FIGHT"),
    ("ExplosiveAttack", "asserted", "ASSAULT"), ("Bombing", "asserted", "ASSAULT"),
    ("Ceasefire", "asserted", "AGREE"), ("Shelling", "threatened", "THREATEN"),
    ("Restriction", "planned", "THREATEN"), ("AirStrike", "hypothetical", "THREATEN"),
    ("Agreement", "planned", "AGREE"), ("Ceasefire", "denied", "REJECT"), ("Arrest", "asserted", "COERCE"),
    ("Attack", "planned", "THREATEN"), ("Coercion", "hypothetical", "THREATEN"), ("Agreement", "denied", "REJECT"),
])
def test_plover_crosswalk(cfg, cls: str, modality: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert evaluate.plover_category(cls, modality, cfg["plover"]) == expected


@pytest.mark.parametrize(("iri", "code", "sector"), [
    ("https://w3id.org/conflict-kg/country/syria", "SYR", None),
    ("https://w3id.org/conflict-kg/actor/syrian-arab-army", "SYR", "MIL"),
    ("https://w3id.org/conflict-kg/actor/syrian-government", "SYR", "GOV"),
    ("https://w3id.org/conflict-kg/actor/vladimir-putin", "RUS", "GOV"),
    ("https://w3id.org/conflict-kg/actor/hayat-tahrir-al-sham", "SYR", "REB"),
    ("https://w3id.org/conflict-kg/actor/al-qaeda", None, "REB"),
])
def test_actor_country_and_sector(kb, cfg, iri: str, code: str | None, sector: str | None) -> None:  # type: ignore[no-untyped-def]
    assert evaluate.iso_code(kb, iri) == code
    assert evaluate.sector(kb, iri, cfg["plover"]) == sector


@pytest.mark.model
def test_evaluate_on_the_tiny_gold(kb, extractor, resolver) -> None:  # type: ignore[no-untyped-def]
    report = evaluate.evaluate(TINY, extractor, resolver, kb)
    mentions = report["re3d"]["mentions"]
    assert mentions["overlap"]["micro"]["tp"] == 5
    assert mentions["exact"]["types"]["Organisation"]["tp"] == 0   # gold spans keep their article
    assert report["re3d"]["relations"]["types"]["FightingAgainst"]["tp"] == 1
    assert report["plover"]["category_accuracy"] == 1.0
    assert set(report["targets"]) >= {"named mentions F1 (overlap)", "source country accuracy"}


def _kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT)


@pytest.mark.model
def test_kg_eval_smoke(tmp_path: Path) -> None:
    out = tmp_path / "q.json"
    done = _kg("eval", "--gold", str(TINY), "--json", str(out))
    assert done.returncode == 0, done.stderr
    assert "re3d named mentions, overlapping span" in done.stdout
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["plover"]["sentences"] == 2


def test_kg_eval_refuses_a_missing_gold_folder(tmp_path: Path) -> None:
    done = _kg("eval", "--gold", str(tmp_path))
    assert done.returncode == 1
    assert "re3d-dev.jsonl" in done.stderr and str(tmp_path) in done.stderr


@pytest.mark.parametrize(("lines", "message"), [
    ('{"id": 1, "text": "x"}\nnot json\n', r"re3d-dev.jsonl:2: not JSON"),
    ('{"id": "a", "text": "x", "entities": [{"end": 3, "text": "abc", "type": "Location"}]}\n',
     r"re3d-dev.jsonl:1: a malformed field: KeyError: 'start'"),
    ('{"id": "a", "text": "x", "relations": [{"type": "AlliesOf", "head": "one", "tail": 1}]}\n',
     r"re3d-dev.jsonl:1: a malformed field: ValueError"),
])
def test_malformed_gold_line_is_named(tmp_path: Path, lines: str, message: str) -> None:
    (tmp_path / "re3d-dev.jsonl").write_text(lines, encoding="utf-8")
    with pytest.raises(evaluate.EvalError, match=message):
        evaluate.load_jsonl(tmp_path / "re3d-dev.jsonl")


@pytest.mark.model
@pytest.mark.skipif(not (SHARED_EVAL / "re3d-dev.jsonl").is_file(), reason="shared gold files absent")
def test_shared_gold_is_scored_and_timed(kb, extractor, resolver) -> None:  # type: ignore[no-untyped-def]
    # how fast it runs is for the benchmarks under bench/ to measure, not for a timed test
    report = evaluate.evaluate(SHARED_EVAL, extractor, resolver, kb)
    assert report["seconds"] > 0
    assert report["re3d"]["documents"] > 0 and report["plover"]["sentences"] > 0


@pytest.mark.parametrize(("text", "surface", "expected"), [
    ("Turkish troops crossed the border.", "Turkish", "Organisation"),   # qualifies an actor noun: acting
    ("He praised Turkish coffee.", "Turkish", "Nationality"),
    ("Fighting continued in Syria.", "Syria", "Location"),
    ("Syria rejected the plan.", "Syria", "Organisation"),
])
def test_re3d_type_of_our_mentions(resolve_text, cfg, text: str, surface: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    spans = [s for s in evaluate.predicted_spans(resolve_text(text), cfg["re3d"]) if s.text == surface]
    assert spans and spans[0].type == expected


def test_an_attack_is_fought_against_the_people_it_kills(resolve_text, kb, cfg) -> None:  # type: ignore[no-untyped-def]
    text = "A car bomb claimed by the Islamic State killed 12 civilians in Manbij."
    res = resolve_text(text)
    fighting = {p.text for p in evaluate.predicted_pairs(res, kb, cfg["re3d"]) if p.type == "FightingAgainst"}
    assert "Islamic State -> civilians" in fighting
    only_targets = json.loads(json.dumps(cfg["re3d"]))
    only_targets["relations"]["FightingAgainst"]["events"]["Attack"] = "targets"  # a role may be one name
    assert not [p for p in evaluate.predicted_pairs(res, kb, only_targets) if p.type == "FightingAgainst"]


def test_relation_recall_is_split_by_what_the_ends_are(cfg) -> None:  # type: ignore[type-arg]
    doc = evaluate.GoldDoc("d", "", entities=(
        GoldEntity(0, 5, "Hamas", "Organisation"), GoldEntity(10, 14, "Gaza", "Location"),
        GoldEntity(20, 24, "they", "Organisation"), GoldEntity(30, 36, "rocket", "Weapon")))
    kinds = evaluate.end_kinds([doc], cfg["re3d"])
    gold = [Pair("d", (0, 5), (10, 14), "InChargeOf", False), Pair("d", (20, 24), (10, 14), "InChargeOf", False),
            Pair("d", (30, 36), (0, 5), "BelongsTo", False)]
    split = evaluate.recall_by_ends(match_pairs(gold, [Pair("d", (0, 5), (10, 14), "InChargeOf", False)]), kinds)
    assert split == {"a pronoun or nominal end": {"gold": 1, "found": 0, "recall": 0.0},
                     "an end of another type": {"gold": 1, "found": 0, "recall": 0.0},
                     "both named": {"gold": 1, "found": 1, "recall": 1.0}}


def test_a_role_read_through_a_description_reaches_the_name_it_stands_for(resolve_text, kb, cfg) -> None:  # type: ignore[no-untyped-def]
    text = "Boko Haram said the group had attacked the Nigerian army near Maiduguri."
    res = resolve_text(text)
    pairs = [p for p in evaluate.predicted_pairs(res, kb, cfg["re3d"]) if p.text == "the group -> Nigerian army"]
    name = (text.index("Boko Haram"), text.index("Boko Haram") + len("Boko Haram"))
    assert pairs and pairs[0].head_also == (name,)
    gold = Pair(res.extraction.report.meta.id, name, pairs[0].tail, "FightingAgainst", True)
    assert len(match_pairs([gold], pairs).tp) == 1
