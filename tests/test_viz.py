"""`kg viz`: the data behind the pictures, the caps, the files written, and the page in a browser."""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import browser
import inprocess
import pytest
from conftest import ROOT, SEED, require_seed
from synthetic import synthetic_store

from kg import store, viz

ACTOR = "https://w3id.org/conflict-kg/actor/"
COUNTRY = "https://w3id.org/conflict-kg/country/"
EXPECTED_NODES = ["Hayat Tahrir al-Sham", "al-Qaeda", "Syrian government", "Russia", "Turkey"]
EXPECTED_TIES = [  # subject, relation, object, curated
    ("Hayat Tahrir al-Sham", "affiliatedWith", "al-Qaeda", False),
    ("Syrian government", "attacks", "Hayat Tahrir al-Sham", False),
    ("Russia", "agreement", "Turkey", False),
    ("Syrian government", "opposes", "Hayat Tahrir al-Sham", True),
    ("Russia", "supports", "Syrian government", True),
]


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return inprocess.kg(*args, cwd=ROOT)


@pytest.fixture(scope="session")
def seed_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_seed()
    out = tmp_path_factory.mktemp("viz") / "seed.trig"
    done = kg("build", str(SEED), "--date", "2021-06-10", "-o", str(out))
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="session")
def seed_picture(seed_graph: Path) -> viz.Picture:
    return viz.collect(store.load_graph(seed_graph))


@pytest.fixture(scope="session")
def seed_page(seed_graph: Path) -> Path:
    page = seed_graph.with_name("seed.html")
    done = kg("viz", "--graph", str(seed_graph), "-o", str(page), "--title", "Seed report")
    assert done.returncode == 0, done.stderr
    return page


def labelled_ties(picture: viz.Picture) -> set[tuple[str, str, str, bool]]:
    label = {iri: a.label for iri, a in picture.actors.items()}
    return {(label[t.subject], t.relation, label[t.object], t.curated) for t in picture.ties}


# ------------------------------------------------------------------ data

@pytest.mark.model
@pytest.mark.parametrize("name", EXPECTED_NODES)
def test_seed_actor_is_a_node(seed_picture: viz.Picture, name: str) -> None:
    assert name in {seed_picture.actors[n].label for n in seed_picture.nodes}


@pytest.mark.model
@pytest.mark.parametrize("tie", EXPECTED_TIES, ids=lambda t: f"{t[0]}-{t[1]}-{t[2]}")
def test_seed_tie(seed_picture: viz.Picture, tie: tuple[str, str, str, bool]) -> None:
    assert tie in labelled_ties(seed_picture)


@pytest.mark.model
def test_seed_tie_keeps_its_sentence_and_report(seed_picture: viz.Picture) -> None:
    tie = next(t for t in seed_picture.ties if t.relation == "affiliatedWith")
    assert tie.reports == 1
    assert "the Syrian arm of al Qaeda" in tie.support[0].sentence
    assert tie.support[0].date == "2021-06-10"


@pytest.mark.model
def test_seed_strike_is_on_the_timeline_and_map(seed_picture: viz.Picture) -> None:
    bombing = next(e for e in seed_picture.events if e.cls == "MissileStrike")
    assert (bombing.date, bombing.killed) == ("2021-06-10", 12)
    assert bombing.place == "https://w3id.org/conflict-kg/place/idlib-governorate"
    assert ACTOR + "syrian-government" in bombing.agents
    assert ACTOR + "syrian-observatory-for-human-rights" in bombing.sources


@pytest.mark.model
def test_seed_is_not_capped(seed_picture: viz.Picture) -> None:
    assert seed_picture.notes == ()
    assert len(seed_picture.nodes) == seed_picture.totals["actors"]


# ------------------------------------------------------------------ caps

@pytest.fixture(scope="module")
def crowd():  # type: ignore[no-untyped-def]
    return synthetic_store(reports=300, actors=200)


def test_caps_keep_the_most_reported_actors_and_deadliest_events(crowd) -> None:  # type: ignore[no-untyped-def]
    everything = viz.collect(crowd, viz.Limits(max_nodes=1000, max_events=10_000))
    capped = viz.collect(crowd, viz.Limits(max_nodes=25, max_events=40))
    assert len(capped.nodes) == 25 and len(capped.events) == 40
    assert capped.nodes == everything.nodes[:25]
    assert all(t.subject in capped.nodes and t.object in capped.nodes for t in capped.ties)
    dropped = set(everything.events) - set(capped.events)
    assert min(e.killed or 0 for e in capped.events) >= max(e.killed or 0 for e in dropped)
    assert capped.notes == (
        "Network capped: showing the 25 most reported of 200 actors (--max-nodes).",
        "Events capped: showing 40 of 600 events, those with the most people killed (--max-events).")


def test_ties_are_aggregated_per_pair_and_relation(crowd) -> None:  # type: ignore[no-untyped-def]
    picture = viz.collect(crowd, viz.Limits(max_nodes=1000))
    keys = [(t.subject, t.relation, t.object) for t in picture.ties]
    assert len(keys) == len(set(keys))
    assert max(t.reports for t in picture.ties) > 1


def test_ties_cap_keeps_the_best_supported(crowd) -> None:  # type: ignore[no-untyped-def]
    everything = viz.collect(crowd, viz.Limits(max_nodes=50))
    capped = viz.collect(crowd, viz.Limits(max_nodes=50, max_ties=10))
    assert len(capped.ties) == 10 < len(everything.ties)
    dropped = set(everything.ties) - set(capped.ties)
    assert min(t.reports for t in capped.ties) >= max(t.reports for t in dropped)
    assert any(n.startswith("Ties capped: showing the 10 best supported") for n in capped.notes)


@pytest.mark.parametrize("limits", [viz.Limits(max_nodes=0), viz.Limits(max_events=-1), viz.Limits(max_ties=-1)])
def test_bad_limits_are_refused(crowd, limits: viz.Limits) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(viz.VizError):
        viz.collect(crowd, limits)


def test_layout_is_deterministic(crowd) -> None:  # type: ignore[no-untyped-def]
    picture = viz.collect(crowd, viz.Limits(max_nodes=60))
    again = viz.layout(list(picture.nodes), picture.ties)
    assert again == picture.positions
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in again)


def test_components_are_laid_out_apart() -> None:
    ring = [f"a{i}" for i in range(6)]
    pair = ["b0", "b1"]
    ties = [viz.Tie(ring[i], "supports", ring[(i + 1) % 6], False) for i in range(6)]
    ties.append(viz.Tie("b0", "opposes", "b1", False))
    nodes = ring + pair + ["c0"]
    assert viz.components(nodes, ties) == [ring, pair, ["c0"]]
    pos = dict(zip(nodes, viz.layout(nodes, ties)))
    ring_xs = [pos[n][0] for n in ring]
    assert max(ring_xs) - min(ring_xs) > 0.8  # the one big group spans the width
    assert pos["b0"][1] == pos["b1"][1] > max(pos[n][1] for n in ring)
    assert pos["c0"][1] > max(pos[n][1] for n in ring)


# ------------------------------------------------------------------ files

@pytest.mark.model
def test_page_loads_nothing_from_outside(seed_page: Path) -> None:
    text = seed_page.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    for pattern in (r"<script[^>]+src=", r"<link\b", r"<img\b", r"<iframe\b", r"url\((?!#)", r"@import"):
        assert not re.search(pattern, text, re.IGNORECASE), pattern
    data = json.loads(re.search(r'<script type="application/json" id="kg-data">(.*?)</script>',
                                text, re.DOTALL).group(1))
    assert data["title"] == "Seed report"
    assert any(c["name"] == "Syria" for c in data["basemap"]["countries"])


def test_markup_in_data_cannot_close_the_script() -> None:
    evil = "</script><script>alert(1)</script>"
    actor = viz.Actor("https://example.org/a", evil)
    picture = viz.Picture({actor.iri: actor}, (actor.iri,), ((0.5, 0.5),), (), (), {}, {})
    page = viz.render_html(picture, title=evil)
    assert page.count("</script>") == 2  # the data block's and the script's own
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', page, re.DOTALL).group(1))
    assert data["actors"][0]["label"] == evil


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
    return struct.unpack(">II", head[16:24])


@pytest.mark.model
@pytest.mark.parametrize("size", ["1600x1000", "800x600"])
def test_png_has_the_asked_size(seed_graph: Path, tmp_path: Path, size: str) -> None:
    out = tmp_path / "network.png"
    done = kg("viz", "--graph", str(seed_graph), "--png", str(out), "--size", size)
    assert done.returncode == 0, done.stderr
    assert png_size(out) == tuple(int(n) for n in size.split("x"))
    assert out.stat().st_size > 20_000  # a drawing, not a blank canvas


@pytest.mark.model
def test_svg_names_the_actors(seed_graph: Path, tmp_path: Path) -> None:
    out = tmp_path / "network.svg"
    done = kg("viz", "--graph", str(seed_graph), "--svg", str(out))
    assert done.returncode == 0, done.stderr
    assert ET.parse(out).getroot().tag == "{http://www.w3.org/2000/svg}svg"
    assert "Hayat Tahrir al-Sham" in out.read_text(encoding="utf-8")


def test_static_picture_without_matplotlib_says_what_to_install(monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    picture = viz.Picture({}, (), (), (), (), {}, {})
    with pytest.raises(viz.RendererMissing, match=r"conflict-kg\[viz\]"):
        viz.write_image(picture, tmp_path / "x.png")


@pytest.mark.model
@pytest.mark.parametrize("args, code, message", [
    ([], 2, "name at least one output"),
    (["-o", "{tmp}/x.html", "--size", "big"], 2, "--size"),
    (["-o", "{tmp}/x.txt"], 1, "ending in .html"),
    (["--png", "{tmp}/x.gif"], 1, "unknown picture format"),
    (["--max-nodes", "0", "-o", "{tmp}/x.html"], 2, "max-nodes"),
])
def test_cli_refusals(seed_graph: Path, tmp_path: Path, args: list[str], code: int, message: str) -> None:
    done = kg("viz", "--graph", str(seed_graph), *[a.format(tmp=tmp_path) for a in args])
    assert done.returncode == code, done.stderr
    assert message in done.stderr


def test_cli_refuses_a_missing_graph(tmp_path: Path) -> None:
    done = kg("viz", "--graph", str(tmp_path / "none.trig"), "-o", str(tmp_path / "x.html"))
    assert done.returncode == 1
    assert "none.trig" in done.stderr


@pytest.mark.model
def test_viz_reads_the_store(tmp_path: Path) -> None:
    require_seed()
    db = tmp_path / "store"
    assert kg("build", str(SEED), "--date", "2021-06-10", "--store", str(db)).returncode == 0
    done = kg("viz", "--store", str(db), "-o", str(tmp_path / "s.html"), "--max-nodes", "3")
    assert done.returncode == 0, done.stderr
    assert "showing the 3 most reported of 12 actors" in done.stderr
    assert "Network capped" in (tmp_path / "s.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------ in a browser

needs_browser = pytest.mark.skipif(browser.why_not() is not None, reason=str(browser.why_not()))


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    d = browser.chromium(tmp_path_factory.mktemp("chromium-profile"))
    yield d
    d.quit()


def open_page(driver, page: Path) -> None:  # type: ignore[no-untyped-def]
    driver.get(page.resolve().as_uri())
    browser.wait_ready(driver)


def visible_ties(driver) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {tuple(x) for x in driver.execute_script(
        "return [...document.querySelectorAll('#network path.edge')]"
        ".map(e => [e.dataset.s, e.dataset.rel, e.dataset.o])")}


@needs_browser
@pytest.mark.model
def test_browser_shows_the_seed_network(driver, seed_page: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    open_page(driver, seed_page)
    labels = {n.get_attribute("data-label") for n in driver.find_elements(By.CSS_SELECTOR, "#network .node")}
    assert set(EXPECTED_NODES) <= labels
    assert {(s, r, o) for s, r, o, _ in EXPECTED_TIES} <= visible_ties(driver)
    assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    driver.find_element(By.CSS_SELECTOR, "#node-" + node_index(driver, "Hayat Tahrir al-Sham") + " circle").click()
    details = driver.find_element(By.ID, "details").text
    assert details.startswith("Hayat Tahrir al-Sham")
    assert "The HTS, the Syrian arm of al Qaeda" in details
    assert "Syrian Observatory for Human Rights" in details and "according to" in details
    assert len(driver.find_elements(By.CSS_SELECTOR, "#timeline circle.event")) == 5
    assert driver.find_elements(By.CSS_SELECTOR, "#map .place[data-id$='idlib-governorate']")
    shot = tmp_path / "page.png"
    assert driver.save_screenshot(str(shot))
    assert png_size(shot)[0] > 0


@needs_browser
@pytest.mark.model
@pytest.mark.parametrize("selector, expected", [
    ("#network .node[data-label='Russia'] circle", ["Russia", "Wikidata Q159", "↔ agreement (events) with Turkey"]),
    ("#network path.edge[data-rel='attacks']", ["Syrian government attacks (events) Hayat Tahrir al-Sham",
                                                "At least 12 people, mostly fighters"]),
    ("#timeline circle.event[data-id$='/event/1']", ["missile strike · 2021-06-10", "Killed: 12",
                                                     "Against: Hayat Tahrir al-Sham"]),
    ("#map .place[data-id$='idlib-governorate'] circle", ["Idlib Governorate", "missile strike on 2021-06-10"]),
])
def test_browser_click_shows_details(driver, seed_page: Path, selector: str,  # type: ignore[no-untyped-def]
                                     expected: list[str]) -> None:
    from selenium.webdriver.common.by import By

    open_page(driver, seed_page)
    driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))",
                          driver.find_element(By.CSS_SELECTOR, selector))
    details = driver.find_element(By.ID, "details").text
    for text in expected:
        assert text in details
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#details a.wikidata")]
    assert links == (["http://www.wikidata.org/entity/Q159"] if "Russia" in expected else [])


def node_index(driver, label: str) -> str:  # type: ignore[no-untyped-def]
    return str(driver.execute_script(
        "return [...document.querySelectorAll('#network .node')].find(n => n.dataset.label === arguments[0])"
        ".id.slice(5)", label))


def set_filter(driver, field: str, value: str) -> None:  # type: ignore[no-untyped-def]
    driver.execute_script(
        "const el = document.getElementById(arguments[0]);"
        "if (el.tagName === 'SELECT') el.value = [...el.options].find(o => o.text === arguments[1]).value;"
        "else el.value = arguments[1];"
        "el.dispatchEvent(new Event('change', {bubbles: true}));", field, value)


@needs_browser
@pytest.mark.model
@pytest.mark.parametrize("field, value, ties, events", [
    ("f-actor", "Turkey", {("Russia", "agreement", "Turkey")}, 1),
    ("f-from", "2021-06-01", {("Syrian government", "attacks", "Hayat Tahrir al-Sham"),
                              ("Hayat Tahrir al-Sham", "affiliatedWith", "al-Qaeda")}, 4),
    ("f-class", "missile strike", {("Syrian government", "attacks", "Hayat Tahrir al-Sham")}, 1),
    ("f-source", "Syrian Observatory for Human Rights", {("Syrian government", "attacks", "Hayat Tahrir al-Sham")}, 2),
])
def test_browser_filters(driver, seed_page: Path, field: str, value: str,  # type: ignore[no-untyped-def]
                         ties: set[tuple[str, str, str]], events: int) -> None:
    from selenium.webdriver.common.by import By

    open_page(driver, seed_page)
    set_filter(driver, field, value)
    assert visible_ties(driver) == ties
    assert len(driver.find_elements(By.CSS_SELECTOR, "#timeline circle.event")) == events


@needs_browser
def test_browser_stays_responsive_on_a_large_graph(driver, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    picture = viz.collect(synthetic_store(reports=1500, actors=800), viz.Limits(max_nodes=120, max_events=1000))
    page = tmp_path / "large.html"
    viz.write_html(picture, page)
    started = time.monotonic()
    open_page(driver, page)
    assert time.monotonic() - started < 20
    assert len(driver.find_elements(By.CSS_SELECTOR, "#network .node")) == 120
    assert "Network capped" in driver.find_element(By.ID, "notes").text
    took = driver.execute_script(
        "const t = performance.now(); const el = document.getElementById('f-from');"
        "el.value = '2021-01-01'; el.dispatchEvent(new Event('change', {bubbles: true}));"
        "return performance.now() - t;")
    assert took < 3000
