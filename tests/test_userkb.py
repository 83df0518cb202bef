"""The user's own knowledge (`kg build --kb FILE`): CSV and Turtle files joined to the base, every
refusal with its file and line, the config-file form. Names and sentences written for these tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import kb as kb_module
from kg import userkb, vocab
from kg.errors import UserKbError
from tests.conftest import short

HEADER = "name,aliases,class,country,wikidata,acronym\n"
GOOD_CSV = HEADER + (
    "Brigade of the Ashen Ridge,Ashen Ridge Brigade;Ridge Brigade,ArmedGroup,SD,Q3766,BAR\n"
    "\n"
    "Tamsin Velloway,,Person,Chad,,\n"
    "Kelbo Crossing,Kelbo|Kelbo Ford,Settlement,TCD,,\n"
    "Mueda,,Settlement,Mozambique,,\n"
    "Rapid Support Forces,Ashen Support Army,ArmedGroup,SDN,,\n"
)
GOOD_TTL = """@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix actor: <https://w3id.org/conflict-kg/actor/> .
@prefix country: <https://w3id.org/conflict-kg/country/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

actor:harrow-vale-militia a ckg:Militia ;
    skos:prefLabel "Harrow Vale Militia"@en ;
    skos:altLabel "HVM"@en ;
    ckg:country country:chad .
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _triples(kb: kb_module.KnowledgeBase, iri: str) -> set[tuple[str, str]]:
    return {(t.predicate.value, t.object.value) for t in kb.descriptions[iri]}


@pytest.fixture(scope="module")
def user_kb(tmp_path_factory: pytest.TempPathFactory) -> kb_module.KnowledgeBase:
    folder = tmp_path_factory.mktemp("userkb")
    return userkb.load([_write(folder, "mine.csv", GOOD_CSV), _write(folder, "mine.ttl", GOOD_TTL)])


@pytest.mark.parametrize(("iri", "cls", "aliases"), [
    ("actor/brigade-of-the-ashen-ridge", "ArmedGroup", ["ashen ridge brigade", "ridge brigade", "bar"]),
    ("actor/tamsin-velloway", "Person", ["tamsin velloway"]),
    ("place/kelbo-crossing", "Settlement", ["kelbo", "kelbo ford"]),
    ("actor/harrow-vale-militia", "Militia", ["hvm"]),
])
def test_each_entry_joins_the_base_with_its_class_and_aliases(user_kb, iri: str, cls: str, aliases: list[str]) -> None:  # type: ignore[no-untyped-def]
    full = vocab.BASE + iri
    assert user_kb.entities[full].classes == (cls,)
    for key in aliases:
        assert full in {e.iri for e in user_kb.aliases[key]}, key


@pytest.mark.parametrize(("iri", "prop", "value"), [
    ("actor/brigade-of-the-ashen-ridge", vocab.OWL + "sameAs", vocab.WD + "Q3766"),
    ("actor/brigade-of-the-ashen-ridge", vocab.term("country"), vocab.COUNTRY + "sudan"),
    ("actor/tamsin-velloway", vocab.term("country"), vocab.COUNTRY + "chad"),
    ("place/kelbo-crossing", vocab.term("locatedIn"), vocab.COUNTRY + "chad"),
])
def test_a_row_links_its_country_and_wikidata(user_kb, iri: str, prop: str, value: str) -> None:  # type: ignore[no-untyped-def]
    assert (prop, value) in _triples(user_kb, vocab.BASE + iri)


@pytest.mark.parametrize(("iri", "suffix"), [
    ("actor/brigade-of-the-ashen-ridge", "mine.csv"),
    ("actor/harrow-vale-militia", "mine.ttl"),
])
def test_every_entry_says_which_file_it_came_from(user_kb, iri: str, suffix: str) -> None:  # type: ignore[no-untyped-def]
    sources = {o for p, o in _triples(user_kb, vocab.BASE + iri) if p == userkb.DERIVED_FROM}
    assert len(sources) == 1 and next(iter(sources)).startswith("file:") and next(iter(sources)).endswith(suffix)


@pytest.mark.parametrize(("iri", "located"), [("place/mueda", True), ("place/kelbo-crossing", False)])
def test_a_place_the_gazetteer_finds_in_its_country_gets_coordinates(user_kb, iri: str, located: bool) -> None:  # type: ignore[no-untyped-def]
    props = {p for p, _ in _triples(user_kb, vocab.BASE + iri)}
    assert ({vocab.GEO + "lat", vocab.GEO + "long"} <= props) is located


def test_a_row_naming_a_known_actor_adds_its_aliases_to_it(user_kb, kb) -> None:  # type: ignore[no-untyped-def]
    curated = kb
    rsf = vocab.ACTOR + "rapid-support-forces"
    assert [e.iri for e in user_kb.aliases["ashen support army"]] == [rsf]
    assert user_kb.entities[rsf] == curated.entities[rsf]
    assert _triples(curated, rsf) < _triples(user_kb, rsf)


BAD_ROWS = [
    ("name,aliases,class\nX,,ArmedGroup\n", "line 1: the header must be"),
    (HEADER + "Ridge Men,,ArmedGroup,SD,\n", "line 2: 5 values where the header has 6"),
    (HEADER + "Ridge Men,,ArmedGroup,SD,,\n ,,ArmedGroup,,,\n", "line 3: the name is empty"),
    (HEADER + "Ridge Men,,Warband,SD,,\n", "line 2: 'Warband' is not an actor or place class"),
    (HEADER + "Ridge Men,,AirStrike,SD,,\n", "line 2: 'AirStrike' is not an actor or place class"),
    (HEADER + "Ridge Men,,ArmedGroup,,,\n", None),
    (HEADER + "Ridge Men,,,SD,,\n", "line 2: the class is empty"),
    (HEADER + "Ridge Men,,ArmedGroup,Atlantis,,\n", "line 2: 'Atlantis' is neither an ISO 3166-1 code"),
    (HEADER + "Ridge Men,,ArmedGroup,SD,42,\n", "line 2: wikidata must be a Q-id"),
    (HEADER + "Ridge Men,,ArmedGroup,SD,,\n\"Hill, Men,,ArmedGroup,SD,,\n", "line "),
    (HEADER, "has a header but no entries"),
]


@pytest.mark.parametrize(("text", "message"), BAD_ROWS)
def test_a_bad_csv_is_refused_naming_the_file_and_line(kb, tmp_path: Path, text: str, message: str | None) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path, "bad.csv", text)
    if message is None:
        assert userkb.read(path, kb)
        return
    with pytest.raises(UserKbError) as err:
        userkb.read(path, kb)
    assert str(err.value).startswith(f"{path}: ") and message in str(err.value)


BAD_FILES = [
    ("bad.ttl", GOOD_TTL.replace('"HVM"@en ;', '"HVM"@en "x" ;'), "line 8: not valid Turtle"),
    ("bad.ttl", GOOD_TTL.replace("ckg:Militia", "ckg:Warband"), "'Warband' is not an actor or place class"),
    ("bad.ttl", "@prefix s: <http://www.w3.org/2004/02/skos/core#> .\n<http://example.org/x> s:prefLabel \"X\" .\n",
     "describes no entity"),
    ("bad.json", "{}", "unknown knowledge-base file type '.json'"),
    ("bad.csv", "\udcff", None),
]


@pytest.mark.parametrize(("name", "text", "message"), BAD_FILES)
def test_a_bad_file_is_refused_naming_it(kb, tmp_path: Path, name: str, text: str, message: str | None) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(UserKbError) as err:
        userkb.read(path, kb)
    assert str(err.value).startswith(f"{path}: ") and (message is None or message in str(err.value))


def test_one_bad_file_refuses_the_whole_load(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = _write(tmp_path, "good.csv", GOOD_CSV)
    bad = _write(tmp_path, "bad.csv", HEADER + "Ridge Men,,Warband,SD,,\n")
    with pytest.raises(UserKbError, match="bad.csv: line 2"):
        userkb.read_all([good, bad], kb)


def test_the_config_file_lists_files_relative_to_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, "mine.csv", GOOD_CSV)
    extra = _write(tmp_path, "extra.ttl", GOOD_TTL)
    monkeypatch.setenv("KG_CONFIG", str(_write(tmp_path, "config.toml", 'kb = ["mine.csv"]\n')))
    assert userkb.files([extra, tmp_path / "mine.csv"]) == (tmp_path / "mine.csv", extra)


@pytest.mark.parametrize(("config", "message"), [
    ("kb = 3\n", "'kb' must be a list of file paths"),
    ('kb = ["absent.csv"]\n', "absent.csv: no such knowledge-base file"),
    ("kb = [\n", "cannot read the config file"),
])
def test_a_bad_config_entry_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str, message: str) -> None:
    monkeypatch.setenv("KG_CONFIG", str(_write(tmp_path, "config.toml", config)))
    with pytest.raises(Exception, match=message) as err:
        userkb.files([])
    assert getattr(err.value, "__module__", "") == "kg.errors"


SENTENCE = "The BAR shelled the market of Kelbo on Monday, killing four people."


@pytest.mark.model
def test_without_the_users_file_the_acronym_is_no_agent(resolve_text) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_text(SENTENCE)
    assert "brigade-of-the-ashen-ridge" not in {short(a) for e in resolved.events for a in e.agents}


@pytest.mark.model
def test_build_with_the_users_files_from_the_config_and_the_option(tmp_path: Path) -> None:
    _write(tmp_path, "report.txt", SENTENCE)
    _write(tmp_path, "mine.csv", GOOD_CSV)
    _write(tmp_path, "config.toml", 'kb = ["mine.csv"]\n')
    ttl = _write(tmp_path, "mine.ttl", GOOD_TTL)
    proc = _kg("build", "report.txt", "--kb", str(ttl), "-o", "out.nt", cwd=tmp_path, config="config.toml")
    assert proc.returncode == 0, proc.stderr
    graph = {(t.subject.value, t.predicate.value, t.object.value)
             for t in ox.parse(path=str(tmp_path / "out.nt"), format=ox.RdfFormat.N_TRIPLES)}
    brigade = vocab.ACTOR + "brigade-of-the-ashen-ridge"
    assert any(p == vocab.term("agent") and o == brigade for _, p, o in graph)
    assert (brigade, userkb.DERIVED_FROM, (tmp_path / "mine.csv").resolve().as_uri()) in graph
    assert any(p == vocab.term("place") and o == vocab.PLACE + "kelbo-crossing" for _, p, o in graph)


def _kg(*args: str, cwd: Path, config: str = "none.toml") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KG_CONFIG": str(cwd / config)}
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd, timeout=300,
                          env=env)


def test_build_refuses_a_bad_kb_file_with_exit_1_and_writes_nothing(tmp_path: Path) -> None:
    _write(tmp_path, "report.txt", "Gunmen raided a market on Monday.")
    bad = _write(tmp_path, "bad.csv", HEADER + "Ridge Men,,ArmedGroup,Atlantis,,\n")
    proc = _kg("build", "report.txt", "--kb", str(bad), "-o", "out.ttl", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert f"{bad}: line 2: 'Atlantis'" in proc.stderr and "internal error" not in proc.stderr
    assert not (tmp_path / "out.ttl").exists()
