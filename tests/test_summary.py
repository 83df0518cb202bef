"""The corpus figures of graph/summary: what they count, and that builds and removals keep them current."""

from __future__ import annotations

import io
import subprocess
from datetime import date
from pathlib import Path

import inprocess
import pyoxigraph as ox
import pytest

from kg import mapping, merge, paths, query, store, summary, vocab

ROOT = Path(__file__).resolve().parent.parent
A = "https://w3id.org/conflict-kg/actor/"
C = "https://w3id.org/conflict-kg/country/"

# Two reports of one air strike (merged into one event), a third strike elsewhere, and a
# denied attack, which is kept in the graph but is not counted as an attack.
TEXTS = {
    "one": ("Russian warplanes struck a market in Maarat al-Numan on Monday, killing 9 civilians, "
            "the Syrian Observatory for Human Rights said."),
    "two": ("At least 14 people died when Russian jets bombed the market of Maarat al-Numan in Idlib "
            "province on Monday, the White Helmets said."),
    "three": ("Russian warplanes struck a bakery in Saraqib on Monday, killing 5 civilians, "
              "the Syrian Observatory for Human Rights said."),
    "four": "Hayat Tahrir al-Sham denied that its fighters had shelled the town of Suqaylabiyah on Monday.",
}


def _store(kb, extractor, resolver, texts: dict[str, str]) -> ox.Store:  # type: ignore[no-untyped-def]
    from conftest import make_report

    db = ox.Store()
    for rid, text in texts.items():
        report = make_report(text, date(2019, 7, 22), rid)
        db.extend(mapping.report_quads(resolver.resolve(extractor.extract(report))))
    db.extend(mapping.kb_quads(kb, mapping.referenced(list(db))))
    db.extend(mapping.ontology_quads(str(paths.ontology_file()), str(paths.crosswalk_file())))
    merge.apply(db, kb)
    summary.refresh(db, kb)
    return db


def _figures(db: ox.Store, actor: str) -> dict[str, int | str]:
    out: dict[str, int | str] = {}
    for q in db.quads_for_pattern(ox.NamedNode(actor), None, None, summary.SUMMARY_GRAPH):
        name = q.predicate.value.rsplit("#", 1)[-1]
        out[name] = q.object.value.rsplit("#", 1)[-1] if name == "mainClass" else int(q.object.value)
    return out


@pytest.fixture(scope="module")
def corpus(kb, extractor, resolver) -> ox.Store:  # type: ignore[no-untyped-def]
    return _store(kb, extractor, resolver, TEXTS)


def test_a_strike_two_reports_describe_counts_once_with_its_lowest_and_highest_toll(corpus) -> None:  # type: ignore[no-untyped-def]
    russia = next(a for a in (f"{C}russia", f"{A}russian-armed-forces") if _figures(corpus, a).get("attackCount"))
    figures = _figures(corpus, russia)
    assert figures["attackCount"] == 2  # the merged Maarat al-Numan strike and the Saraqib one
    assert (figures["killedLow"], figures["killedHigh"]) == (9 + 5, 14 + 5)


def test_a_denied_attack_is_not_counted(corpus) -> None:  # type: ignore[no-untyped-def]
    hts = _figures(corpus, f"{A}hayat-tahrir-al-sham")
    assert hts["mentionCount"] >= 1 and hts["reportCount"] == 1
    assert hts["attackCount"] == 0 and hts["killedHigh"] == 0


def test_mentions_and_reports_are_counted_per_actor(corpus) -> None:  # type: ignore[no-untyped-def]
    sohr = _figures(corpus, f"{A}syrian-observatory-for-human-rights")
    assert sohr["mentionCount"] == 2 and sohr["reportCount"] == 2
    assert sohr["mainClass"] in {"NGO", "MonitoringGroup", "Organization"}


def test_each_actor_has_its_most_specific_class(corpus, kb) -> None:  # type: ignore[no-untyped-def]
    for q in corpus.quads_for_pattern(None, ox.NamedNode(vocab.term("mainClass")), None, summary.SUMMARY_GRAPH):
        cls = q.object.value.rsplit("#", 1)[-1]
        types = {t.object.value.rsplit("#", 1)[-1]
                 for t in corpus.quads_for_pattern(q.subject, summary.RDF_TYPE, None, None)}
        assert cls in types
        assert not any(cls in kb.ancestors.get(t, ()) for t in types), f"{q.subject}: {cls} is not the deepest of {types}"


def test_saved_queries_read_the_summary(corpus) -> None:  # type: ignore[no-untyped-def]
    text, _ = query.find("casualties-by-actor")
    rows = [{k: s[k].value for k in ("agent", "attacks", "killedLow", "killedHigh")}
            for s in query.run(corpus, text)]
    assert rows and rows[0]["attacks"] == "2" and rows[0]["killedHigh"] == "19"
    text, _ = query.find("actors")
    actors = {s["actor"].value: int(s["mentions"].value) for s in query.run(corpus, text)}
    assert actors[f"{A}syrian-observatory-for-human-rights"] == 2


def test_refresh_is_idempotent(corpus, kb) -> None:  # type: ignore[no-untyped-def]
    assert summary.refresh(corpus, kb) == 0


def _kg(*args: str) -> subprocess.CompletedProcess[str]:
    return inprocess.kg(*args, cwd=ROOT)


@pytest.mark.model  # runs kg build on reports
def test_build_and_remove_keep_the_figures_current(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for rid in ("one", "three"):
        (folder / f"{rid}.txt").write_text(TEXTS[rid], encoding="utf-8")
    target = tmp_path / "store"
    built = _kg("build", str(folder), "--store", str(target), "--date", "2019-07-22")
    assert built.returncode == 0, built.stderr

    def sohr_mentions() -> int:
        db = store.open_store(target, create=False)
        try:
            return int(_figures(db, f"{A}syrian-observatory-for-human-rights").get("mentionCount", 0))
        finally:
            del db

    assert sohr_mentions() == 2
    removed = _kg("remove", "one", "--store", str(target))
    assert removed.returncode == 0, removed.stderr
    assert sohr_mentions() == 1


def test_a_graph_file_without_figures_gets_them_for_queries(tmp_path: Path, graph_of) -> None:  # type: ignore[no-untyped-def]
    db = graph_of(TEXTS["three"])
    db.remove_graph(summary.SUMMARY_GRAPH)
    path = tmp_path / "bare.trig"
    store.dump(db, path)
    done = _kg("query", "casualties-by-actor", "--graph", str(path), "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.strip().splitlines()) == 2 and ",1,5,5" in done.stdout


def test_parallel_nquads_export_holds_exactly_the_store(corpus) -> None:  # type: ignore[no-untyped-def]
    db = ox.Store()
    db.extend(corpus)
    db.add(ox.Quad(ox.BlankNode("b1"), summary.RDF_TYPE, ox.Literal("line .\nbreak", language="en"),
                   ox.BlankNode("g1")))
    db.add(ox.Quad(ox.NamedNode("http://example.org/s"), summary.RDF_TYPE, ox.Literal("default graph")))
    out = io.BytesIO()
    store.dump_nquads(db, out, threads=3, per_task=2)
    ours = out.getvalue().splitlines()
    assert len(ours) == len(db)
    assert sorted(ours) == sorted(db.dump(format=ox.RdfFormat.N_QUADS).splitlines())


def test_merge_groups_compare_only_events_sharing_an_actor_and_find_the_same_groups() -> None:
    import random
    from datetime import date

    from kg import kb as kb_module
    from kg import merge

    kb = kb_module.load()
    rng = random.Random(3)
    places = sorted(i for i in kb.entities if "/place/" in i)[:6]
    actors = [f"https://example.org/actor/{n}" for n in range(8)]
    cands = [merge.Candidate(f"https://example.org/r{n % 9}/event/{n}", "AirStrike", f"r{n % 9}", "asserted",
                             date(2020, 1, 1 + n % 5), date(2020, 1, 3 + n % 5),
                             tuple(sorted(rng.sample(actors, 2))), (rng.choice(places),)) for n in range(120)]
    found = {tuple(c.iri for c in g) for g in merge.groups(cands, kb)}
    parent = {c.iri: c.iri for c in cands}  # every pair compared, as the rule states it

    def root(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x
    for i, a in enumerate(cands):
        for b in cands[i + 1:]:
            if merge.same_event(a, b, kb) and root(a.iri) != root(b.iri):
                parent[root(a.iri)] = root(b.iri)
    expected: dict[str, list[str]] = {}
    for c in cands:
        expected.setdefault(root(c.iri), []).append(c.iri)
    assert found == {tuple(sorted(g)) for g in expected.values() if len(g) > 1}
    assert found, "the sample should hold some merged events"


def test_merge_candidates_are_the_dated_placed_events_with_an_actor_read_from_their_own_report() -> None:
    from kg import kb as kb_module

    kb = kb_module.load()
    ckg = lambda name: ox.NamedNode(f"https://w3id.org/conflict-kg/ontology#{name}")  # noqa: E731
    place = ox.NamedNode(sorted(i for i in kb.entities if "/place/" in i)[0])
    actor = ox.NamedNode(A + "someone")
    db = ox.Store()

    def event(n: int, graph: ox.NamedNode, *, cls: tuple[str, ...] = ("AirStrike",), dated: bool = True,
              with_actor: bool = True) -> ox.NamedNode:
        node = ox.NamedNode(f"{graph.value}/event/{n}")
        facts = [(merge.RDF_TYPE, ckg(c)) for c in cls] + [(ckg("modality"), ox.Literal("asserted")),
                                                           (ckg("place"), place)]
        facts += [(ckg("date"), ox.Literal("2020-03-04")), (ckg("datePrecision"), ox.Literal("week"))] if dated else []
        facts += [(ckg("agent"), actor)] if with_actor else []
        db.extend(ox.Quad(node, p, o, graph) for p, o in facts)
        return node

    report = ox.NamedNode("https://w3id.org/conflict-kg/report/r1")
    both = event(1, report, cls=("Attack", "AirStrike"))
    event(2, report, dated=False)
    event(3, report, with_actor=False)
    event(4, merge.MERGED_GRAPH)  # not a report's own event
    elsewhere = event(5, ox.NamedNode("https://w3id.org/conflict-kg/report/r2"))
    db.remove(ox.Quad(elsewhere, ckg("modality"), ox.Literal("asserted"), ox.NamedNode(elsewhere.value.rsplit("/event", 1)[0])))
    db.add(ox.Quad(elsewhere, ckg("modality"), ox.Literal("asserted"), report))  # said in another report's graph

    [cand] = merge.candidates(db, kb)
    assert (cand.iri, cand.cls, cand.report, cand.modality) == (both.value, "AirStrike", report.value, "asserted")
    assert (cand.start, cand.end) == (date(2020, 3, 4), date(2020, 3, 11))
    assert (cand.actors, cand.places) == ((actor.value,), (place.value,))


def test_an_attack_stated_in_two_graphs_is_counted_once_and_a_claimed_one_not_at_all() -> None:
    from kg import kb as kb_module

    kb = kb_module.load()
    ckg = lambda name: ox.NamedNode(f"https://w3id.org/conflict-kg/ontology#{name}")  # noqa: E731
    actor, db = ox.NamedNode(A + "someone"), ox.Store()
    db.add(ox.Quad(actor, merge.RDF_TYPE, ckg("ArmedGroup"), ox.NamedNode("https://example.org/shared")))
    for n, modality, killed in ((1, "asserted", ("3", "7")), (2, "claimed", ("40",))):
        event = ox.NamedNode(f"https://example.org/event/{n}")
        for graph in (ox.NamedNode("https://example.org/g1"), ox.NamedNode("https://example.org/g2")):
            db.extend([ox.Quad(event, merge.RDF_TYPE, ckg("AirStrike"), graph), ox.Quad(event, ckg("agent"), actor, graph),
                       ox.Quad(event, ckg("modality"), ox.Literal(modality), graph)]
                      + [ox.Quad(event, ckg("killed"), ox.Literal(k), graph) for k in killed])
    figures = summary.actors(db, kb)
    summary.count_attacks(db, kb, figures)
    got = figures[actor.value]
    assert (got.cls, got.attacks, got.killed_low, got.killed_high) == ("ArmedGroup", 1, 3, 7)
