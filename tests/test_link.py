"""kg link against a real oxigraph server holding a Wikidata-shaped fixture (tests/data)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC
from pathlib import Path

import inprocess
import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from servers import scripted_server

from kg import link, remote, store

DATA = Path(__file__).parent / "data"
INPUT = DATA / "link-input.trig"
B = "https://w3id.org/conflict-kg/"

# subject -> the item it must be linked to; None: no link (no fitting candidate);
# "ambiguous": two candidates too close to choose, refused.
EXPECTED = {
    "place/hama": "Q9000001",                    # the city, not the governorate, the person or the Turkish village
    "place/idlib": "Q9000050",                   # the city, not Idlib Governorate
    "country/jordan": "Q9000070",                # the country, not the person, the river or the disambiguation page
    "actor/free-syrian-army": "Q9000010",        # not the film, the SNA (alias only) or the Farm Service Agency
    "actor/liwa-al-quds": "Q9000031",            # the militia, not the person of the same name
    "actor/abu-mohammad-al-julani": "Q9000040",  # the person, by an alias
    "actor/syrian-observatory-for-human-rights": "Q9000060",
    "actor/jaysh-al-islam": "ambiguous",         # two homonymous groups in Syria
    "actor/brigade-of-the-unknown": None,
    "actor/hostile-1": None, "actor/hostile-2": None, "actor/hostile-3": None, "actor/hostile-4": None,
}
CURATED = ["country/syria", "country/turkey", "place/hama-governorate", "place/idlib-governorate",
           "actor/syrian-government"]


class Counting:
    """The real transport, counting the requests it sends."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, endpoint: str, query: str, timeout: float):  # type: ignore[no-untyped-def]
        self.calls += 1
        return remote.sparqlwrapper_transport(endpoint, query, timeout)


@pytest.fixture(scope="module")
def run(wikidata_server, tmp_path_factory):  # type: ignore[no-untyped-def]
    cache = tmp_path_factory.mktemp("cache")
    transport = Counting()
    client = remote.Client(wikidata_server + "/query", transport, cache_dir=cache)
    db = store.load_graph(INPUT)
    outcome, _ = link.link_store(db, client)
    return {"outcome": outcome, "store": db, "client": client, "cache": cache, "transport": transport}


def decisions(outcome: link.Outcome) -> dict[str, link.Decision]:
    return {d.subject.iri.removeprefix(B): d for d in outcome.decisions}


@pytest.mark.parametrize("subject,expected", sorted(EXPECTED.items(), key=lambda kv: kv[0]))
def test_link_decision(run, subject: str, expected: str | None) -> None:  # type: ignore[no-untyped-def]
    d = decisions(run["outcome"])[subject]
    if expected == "ambiguous":
        assert d.status == "ambiguous" and d.best is None and len(d.rivals) >= 2
    elif expected is None:
        assert d.status in ("none", "weak")
    else:
        assert d.status == "linked" and d.best is not None and d.best.qid == expected, d.line()


def test_precision_on_the_fixture(run, capsys) -> None:  # type: ignore[no-untyped-def]
    linked = {k: d.best.qid for k, d in decisions(run["outcome"]).items() if d.status == "linked" and d.best}
    correct = sum(EXPECTED.get(k) == q for k, q in linked.items())
    linkable = [k for k, v in EXPECTED.items() if v not in (None, "ambiguous")]
    precision, recall = correct / len(linked), correct / len(linkable)
    with capsys.disabled():
        print(f"\nlinking on the fixture: precision {precision:.2f} ({correct}/{len(linked)}), "
              f"recall {recall:.2f}, ambiguous refused: "
              f"{sum(d.status == 'ambiguous' for d in run['outcome'].decisions)}")
    assert precision == 1.0 and recall == 1.0


@pytest.mark.parametrize("subject", CURATED)
def test_curated_entities_are_not_relinked(run, subject: str) -> None:  # type: ignore[no-untyped-def]
    assert subject not in decisions(run["outcome"])
    links = run["store"].quads_for_pattern(ox.NamedNode(B + subject), None, None, link.LINKS_GRAPH)
    assert list(links) == []


def test_links_are_close_matches_with_score_and_method(run) -> None:  # type: ignore[no-untyped-def]
    db: ox.Store = run["store"]
    rows = list(db.query("""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?s ?o ?score ?method WHERE { GRAPH <https://w3id.org/conflict-kg/graph/links> {
          ?s skos:closeMatch ?o .
          ?st rdf:subject ?s ; rdf:predicate skos:closeMatch ; rdf:object ?o ;
              ckg:confidence ?score ; ckg:method ?method } }"""))
    wikidata = {r["s"].value.removeprefix(B): r["o"].value.rsplit("/", 1)[1] for r in rows
                if "wikidata.org" in r["o"].value}
    assert wikidata == {k: v for k, v in EXPECTED.items() if v not in (None, "ambiguous")}
    assert all(0 < float(r["score"].value) <= 1 and r["method"].value for r in rows)
    same_as = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
    assert list(db.quads_for_pattern(None, same_as, None, link.LINKS_GRAPH)) == []


def test_wikidata_facts_say_where_and_when(run, wikidata_server) -> None:  # type: ignore[no-untyped-def]
    db: ox.Store = run["store"]
    g = link.WIKIDATA_GRAPH
    p571 = ox.NamedNode(link.WDT + "P571")
    fsa = ox.NamedNode(link.WD + "Q9000010")
    assert [q.object.value for q in db.quads_for_pattern(fsa, p571, None, g)] == ["2011-07-29T00:00:00Z"]
    hama_point = list(db.quads_for_pattern(ox.NamedNode(link.WD + "Q9000001"), ox.NamedNode(link.WDT + "P625"), None, g))
    assert len(hama_point) == 1 and hama_point[0].object.value.startswith("Point(")
    derived = list(db.quads_for_pattern(g, ox.NamedNode(link.PROV + "wasDerivedFrom"), None, g))
    assert [q.object.value for q in derived] == [wikidata_server + "/query"]
    assert list(db.quads_for_pattern(g, ox.NamedNode(link.PROV + "generatedAtTime"), None, g))
    # facts only for linked items: the ambiguous candidates stay out
    assert list(db.quads_for_pattern(ox.NamedNode(link.WD + "Q9000020"), None, None, g)) == []


def test_dbpedia_iris_from_wikipedia_sitelinks(run) -> None:  # type: ignore[no-untyped-def]
    assert run["outcome"].dbpedia == {
        "Q9000001": "http://dbpedia.org/resource/Hama",
        "Q9000010": "http://dbpedia.org/resource/Free_Syrian_Army",
        "Q9000070": "http://dbpedia.org/resource/Jordan",
    }


def test_dbpedia_endpoint_keeps_only_resources_it_has(wikidata_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    client = remote.Client(wikidata_server + "/query", cache_dir=tmp_path)
    dbpedia = remote.Client(wikidata_server + "/query", cache_dir=tmp_path)
    outcome = link.link(store.load_graph(INPUT), client, dbpedia=dbpedia)
    assert sorted(outcome.dbpedia) == ["Q9000001", "Q9000010"]  # the fixture has no dbr:Jordan


def test_second_run_is_served_from_the_cache(run) -> None:  # type: ignore[no-untyped-def]
    assert run["transport"].calls > 0
    again = Counting()
    client = remote.Client(run["client"].endpoint, again, cache_dir=run["cache"])
    outcome = link.link(store.load_graph(INPUT), client)
    assert again.calls == 0
    assert [d.line() for d in outcome.decisions] == [d.line() for d in run["outcome"].decisions]
    assert sorted(map(str, link.quads(outcome, client))) == sorted(map(str, link.quads(run["outcome"], run["client"])))


def test_offline_without_cache_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    client = remote.Client("http://127.0.0.1:9/sparql", cache_dir=tmp_path, offline=True)
    with pytest.raises(remote.CacheMiss, match="offline"):
        link.link(store.load_graph(INPUT), client)


# ---------------------------------------------------------------- escaping

HOSTILE = [
    'Brigade"@en } ?item ?p ?o . } #',
    'Brigade\\"@en }\n } ; DROP ALL ; #',
    '} UNION { ?item rdfs:label "Brigade"@en . BIND("label" AS ?via) } #',
    "Brigade\\u0022@en } ?item ?p ?o . } #",
    "Brigade'''\"\"\" {{ }} \\\\ \r\n\t",
    "\\U00000022 }",
]


def _roundtrip(base: str, text: str) -> list[str]:
    query = f"SELECT ?x WHERE {{ VALUES ?x {{ {remote.literal(text)} }} }}"
    rows = remote.sparqlwrapper_transport(base + "/query", query, 10)["results"]["bindings"]
    return [r["x"]["value"] for r in rows]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_label_stays_one_literal(wikidata_server, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _roundtrip(wikidata_server, text) == [text]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_label_matches_nothing(wikidata_server, text: str) -> None:  # type: ignore[no-untyped-def]
    subject = link.Subject(B + "actor/x", "ArmedGroup", (text,), ())
    query = link.candidate_query(subject, link.load_config())
    assert remote.sparqlwrapper_transport(wikidata_server + "/query", query, 10)["results"]["bindings"] == []


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40))
def test_any_text_round_trips_as_a_literal(wikidata_server, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _roundtrip(wikidata_server, text) == [text]


@pytest.mark.parametrize("iri", ["http://dbpedia.org/resource/A>B", "http://x/{a}|b c\\d\"e"])
def test_iri_refs_cannot_be_closed(iri: str) -> None:
    ref = remote.iri_ref(iri)
    assert ref.count("<") == 1 and ref.count(">") == 1 and " " not in ref


# ---------------------------------------------------------------- retries and errors

EMPTY = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": []}}).encode()


def _script(statuses: list[tuple[int, dict[str, str]]]):  # type: ignore[no-untyped-def]
    def reply(handler, body):  # type: ignore[no-untyped-def]
        status, headers = statuses.pop(0) if statuses else (200, {})
        if status == 200:
            return 200, {"Content-Type": "application/sparql-results+json"}, EMPTY
        return status, {"Content-Type": "text/plain", **headers}, b"slow down\n"
    return reply


@pytest.mark.parametrize("statuses,waits", [
    ([(429, {"Retry-After": "1"})], [1.0]),
    ([(503, {}), (502, {})], [0.5, 1.0]),
    ([(429, {"Retry-After": "3600"})], [5.0]),
    ([(500, {})], [0.5]),
])
def test_transient_failures_are_retried(statuses, waits) -> None:  # type: ignore[no-untyped-def]
    slept: list[float] = []
    with scripted_server(_script(list(statuses))) as (url, seen):
        client = remote.Client(url, backoff=0.5, max_wait=5.0, sleep=slept.append)
        assert client.select("SELECT ?x WHERE { ?x ?p ?o }") == json.loads(EMPTY)
    assert slept == waits
    assert len(seen) == len(statuses) + 1
    assert all("conflict-kg/" in h.get("User-Agent", "") for _, _, h, _ in seen)


def test_retry_after_is_honoured_in_real_time() -> None:
    import time

    with scripted_server(_script([(429, {"Retry-After": "1"})])) as (url, seen):
        started = time.monotonic()
        remote.Client(url).select("ASK { ?s ?p ?o }")
        assert time.monotonic() - started >= 1.0 and len(seen) == 2


def test_retries_are_bounded() -> None:
    with scripted_server(_script([(429, {"Retry-After": "0"})] * 10)) as (url, seen):
        with pytest.raises(remote.EndpointError, match="after 3 attempts"):
            remote.Client(url, attempts=3, sleep=lambda s: None).select("ASK { ?s ?p ?o }")
    assert len(seen) == 3


def test_a_refused_query_is_not_retried() -> None:
    with scripted_server(_script([(403, {})])) as (url, seen):
        with pytest.raises(remote.EndpointError, match="403"):
            remote.Client(url, sleep=lambda s: None).select("ASK { ?s ?p ?o }")
    assert len(seen) == 1


def test_fake_transport_is_injected() -> None:
    asked: list[str] = []

    def fake(endpoint: str, query: str, timeout: float):  # type: ignore[no-untyped-def]
        asked.append(query)
        return {"head": {"vars": []}, "results": {"bindings": []}}

    outcome = link.link(store.load_graph(INPUT), remote.Client("http://example.invalid/sparql", fake))
    assert outcome.count("linked") == 0 and len(asked) == len(outcome.decisions)


def test_a_linked_file_reports_the_statements_it_added(tmp_path) -> None:  # type: ignore[no-untyped-def]
    def nothing_found(endpoint: str, query: str, timeout: float):  # type: ignore[no-untyped-def]
        return {"head": {"vars": []}, "results": {"bindings": []}}

    client = remote.Client("http://example.invalid/sparql", nothing_found, cache_dir=tmp_path / "c")
    outcome, count = link.link_file(INPUT, tmp_path / "o.nq", client)
    written = store.load_graph(tmp_path / "o.nq")
    added = sum(1 for q in written if q.graph_name in (link.LINKS_GRAPH, link.WIKIDATA_GRAPH))
    assert isinstance(count, int) and count == added > 0


def test_dead_endpoint_exits_1(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from servers import free_port

    url = f"http://127.0.0.1:{free_port()}/sparql"
    proc = inprocess.kg("link", "--graph", str(INPUT), "-o", str(tmp_path / "o.trig"),
                        "--endpoint", url, "--cache", str(tmp_path / "c"))
    assert proc.returncode == 1
    assert f"{url}: cannot reach the endpoint" in proc.stderr
    assert not (tmp_path / "o.trig").exists()


def test_cli_links_then_relinks_offline(wikidata_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """End to end, `kg link` as its own process."""
    base = [sys.executable, "-m", "kg", "link", "--graph", str(INPUT), "--endpoint", wikidata_server + "/query",
            "--cache", str(tmp_path / "c")]
    first = subprocess.run(base + ["-o", str(tmp_path / "a.trig")], capture_output=True, text=True, timeout=120)
    second = subprocess.run(base + ["-o", str(tmp_path / "b.trig"), "--offline"], capture_output=True, text=True, timeout=120)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert "ambiguous actor/jaysh-al-islam" in first.stderr and "0 requests sent" in second.stderr
    assert (tmp_path / "a.trig").read_bytes() == (tmp_path / "b.trig").read_bytes()


# ---------------------------------------------------------------- small pieces

@pytest.mark.parametrize("article,expected", [
    ("https://en.wikipedia.org/wiki/Free_Syrian_Army", "http://dbpedia.org/resource/Free_Syrian_Army"),
    ("https://en.wikipedia.org/wiki/T%C3%BCrkiye", "http://dbpedia.org/resource/Türkiye"),
    ("https://en.wikipedia.org/wiki/Who%3F_(film)", "http://dbpedia.org/resource/Who%3F_(film)"),
    ("https://en.wikipedia.org/wiki/A%20B%22C", "http://dbpedia.org/resource/A_B%22C"),
    ("https://fr.wikipedia.org/wiki/Hama", None),
])
def test_dbpedia_iri(article: str, expected: str | None) -> None:
    assert link.dbpedia_iri(article, link.load_config()) == expected


@pytest.mark.parametrize("header,seconds", [
    ("7", 7.0), (" 0 ", 0.0), (None, None), ("soon", None),
    ("Wed, 25 Nov 2026 03:00:30 GMT", 30.0),
])
def test_retry_after(header: str | None, seconds: float | None) -> None:
    from datetime import datetime

    now = datetime(2026, 11, 25, 3, 0, 0, tzinfo=UTC).timestamp()
    assert remote.retry_after(header, now) == seconds


@pytest.mark.parametrize("scored,status", [
    ([], "none"),
    ([link.Scored("Q1", 0.5, "alias")], "weak"),
    ([link.Scored("Q1", 0.8, "label"), link.Scored("Q2", 0.75, "label")], "ambiguous"),
    ([link.Scored("Q1", 0.8, "label"), link.Scored("Q2", 0.7, "alias")], "linked"),
    ([link.Scored("Q2", 0.9, "label"), link.Scored("Q1", 0.9, "label"), link.Scored("Q3", 0.1, "x")], "ambiguous"),
])
def test_decide(scored: list[link.Scored], status: str) -> None:
    d = link.decide(link.Subject(B + "actor/x", "ArmedGroup", ("X",), ()), scored, link.load_config())
    assert d.status == status
    if status == "ambiguous":
        assert {s.qid for s in d.rivals} >= {"Q1", "Q2"} and "Q3" not in {s.qid for s in d.rivals}


def test_store_is_linked_in_place_then_served(wikidata_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "store"
    db = ox.Store(str(folder))
    db.bulk_load(path=str(INPUT), format=ox.RdfFormat.TRIG)
    db.flush()
    del db
    args = ["link", "--store", str(folder), "--endpoint", wikidata_server + "/query", "--cache", str(tmp_path / "cache")]
    for _ in range(2):  # linking again replaces the links graph: same result
        done = inprocess.kg(*args)
        assert done.returncode == 0, done.stderr
    db = ox.Store.read_only(str(folder))
    close = ox.NamedNode("http://www.w3.org/2004/02/skos/core#closeMatch")
    links = list(db.quads_for_pattern(None, close, None, link.LINKS_GRAPH))
    assert len(links) == 7 + 3  # seven Wikidata links, three DBpedia ones


def test_linking_a_file_counts_the_statements_it_adds(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    client = remote.Client(run["client"].endpoint, cache_dir=run["cache"], offline=True)
    out = tmp_path / "linked.trig"
    _, count = link.link_file(INPUT, out, client)
    assert isinstance(count, int) and count > 0
    assert len(store.load_graph(out)) == len(store.load_graph(INPUT)) + count
