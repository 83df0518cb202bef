"""The persistent store: where it is, single-transaction graph writes, syncing, export."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import store

G = ox.NamedNode("https://w3id.org/conflict-kg/report/a")
P = ox.NamedNode("https://example.org/p")


def quad(s: str, o: str, g: ox.NamedNode = G) -> ox.Quad:
    return ox.Quad(ox.NamedNode(f"https://example.org/{s}"), P, ox.Literal(o), g)


def nq(*quads: ox.Quad) -> bytes:
    return ox.serialize(list(quads), format=ox.RdfFormat.N_QUADS) or b""


@pytest.fixture()
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean environment: no KG_STORE, config and data folders under tmp_path."""
    monkeypatch.delenv(store.STORE_ENV, raising=False)
    monkeypatch.delenv(store.CONFIG_ENV, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path


@pytest.mark.parametrize(("flag", "env", "config", "expected", "origin"), [
    ("flag", "env", 'store = "conf"', "flag", "--store"),
    (None, "env", 'store = "conf"', "env", "$KG_STORE"),
    (None, None, 'store = "conf"', "config/conflict-kg/conf", "config.toml"),
    (None, None, 'store = "/abs/store"', "/abs/store", "config.toml"),
    (None, None, "other = 1", "data/conflict-kg/store", "default"),
    (None, None, None, "data/conflict-kg/store", "default"),
])
def test_store_location_precedence(places: Path, monkeypatch: pytest.MonkeyPatch, flag: str | None,
                                   env: str | None, config: str | None, expected: str, origin: str) -> None:
    if env:
        monkeypatch.setenv(store.STORE_ENV, str(places / env))
    if config is not None:
        (places / "config" / "conflict-kg").mkdir(parents=True)
        (places / "config" / "conflict-kg" / "config.toml").write_text(config)
    path, said = store.store_location(places / flag if flag else None)
    assert path == places / expected if not expected.startswith("/") else Path(expected)
    assert said.endswith(origin)


def test_config_file_named_by_env(places: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conf = places / "elsewhere.toml"
    conf.write_text('store = "~/kg-store"')
    monkeypatch.setenv(store.CONFIG_ENV, str(conf))
    assert store.store_location(None)[0] == Path.home() / "kg-store"


@pytest.mark.parametrize("text", ["store = 3", "store = [", 'store = ""'])
def test_bad_config_is_refused_naming_the_file(places: Path, text: str) -> None:
    (places / "config" / "conflict-kg").mkdir(parents=True)
    (places / "config" / "conflict-kg" / "config.toml").write_text(text)
    with pytest.raises(store.GraphError, match="config.toml"):
        store.store_location(None)


def test_open_missing_store_without_create_is_refused(tmp_path: Path) -> None:
    with pytest.raises(store.GraphError, match="no store here yet"):
        store.open_store(tmp_path / "none", create=False)


def test_write_graph_replaces_a_graph_whole(tmp_path: Path) -> None:
    db = ox.Store(str(tmp_path / "s"))
    store.write_graph(db, G, nq(quad("x", "old"), quad("y", "old")))
    store.write_graph(db, G, nq(quad("x", "new")), nq(quad("k", "kb", ox.NamedNode("https://e.org/kb"))))
    assert {q.object.value for q in db.quads_for_pattern(None, None, None, G)} == {"new"}
    assert len(db) == 2


def test_a_failed_replace_leaves_the_old_graph(tmp_path: Path) -> None:
    db = ox.Store(str(tmp_path / "s"))
    store.write_graph(db, G, nq(quad("x", "old")))
    with pytest.raises(SyntaxError):
        store.write_graph(db, G, nq(quad("x", "new")) + b"<broken")
    assert [q.object.value for q in db] == ["old"]


def test_new_graphs_are_added_together(tmp_path: Path) -> None:
    db = ox.Store(str(tmp_path / "s"))
    other = ox.NamedNode("https://w3id.org/conflict-kg/report/b")
    store.add_new_graphs(db, nq(quad("x", "1"), quad("y", "2"), quad("z", "3", other)), 3)
    assert len(db) == 3
    assert set(db.named_graphs()) == {G, other}


def test_new_graphs_with_a_bad_line_add_nothing(tmp_path: Path) -> None:
    db = ox.Store(str(tmp_path / "s"))
    store.add_new_graphs(db, nq(quad("kept", "0", ox.NamedNode("https://w3id.org/conflict-kg/report/k"))), 1)
    many = [quad(f"s{i}", str(i), ox.NamedNode(f"https://w3id.org/conflict-kg/report/r{i // 100}"))
            for i in range(5000)]
    with pytest.raises(SyntaxError):
        store.add_new_graphs(db, nq(*many) + b"<broken", 5001)
    assert [q.subject.value for q in db] == ["https://example.org/kept"]
    assert len(list(db.named_graphs())) == 1


def test_sync_graph_reports_changes_and_is_idempotent(tmp_path: Path) -> None:
    db = ox.Store(str(tmp_path / "s"))
    decimal = ox.Literal("35.70", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))
    wanted = [quad("a", "1"), ox.Quad(ox.NamedNode("https://example.org/b"), P, decimal, G)]
    db.add(quad("gone", "0"))
    assert store.sync_graph(db, G, wanted) == 3
    assert store.sync_graph(db, G, wanted) == 0
    assert len(db) == 2


def test_report_hash(tmp_path: Path) -> None:
    db = ox.Store(str(tmp_path / "s"))
    assert store.report_hash(db, G) is None
    db.add(ox.Quad(G, store.CONTENT_HASH, ox.Literal("abc"), G))
    assert store.report_hash(db, G) == "abc"


@pytest.mark.parametrize(("fmt", "lines"), [("nq", 3), ("trig", None), ("nt", 2), ("ttl", None)])
def test_dump_formats(fmt: str, lines: int | None) -> None:
    db = ox.Store()
    other = ox.NamedNode("https://w3id.org/conflict-kg/report/b")
    db.extend([quad("x", "1"), quad("x", "1", other), quad("y", "2", other)])
    out = io.BytesIO()
    store.dump(db, out, store.format_named(fmt))
    back = ox.Store()
    back.load(out.getvalue(), store.format_named(fmt))
    if store.format_named(fmt).supports_datasets:
        assert set(back) == set(db)
    else:  # triple formats merge the graphs, each triple once
        assert {q.triple for q in back} == {q.triple for q in db}
    if lines is not None:
        assert len(out.getvalue().splitlines()) == lines


def test_dump_one_named_graph_to_a_file(tmp_path: Path) -> None:
    db = ox.Store()
    other = ox.NamedNode("https://w3id.org/conflict-kg/report/b")
    db.extend([quad("x", "1"), quad("y", "2", other)])
    store.dump(db, tmp_path / "b.nt", graph=other)
    assert (tmp_path / "b.nt").read_text().count("\n") == 1
    with pytest.raises(store.GraphError, match="no graph"):
        store.dump(db, tmp_path / "c.nt", graph=ox.NamedNode("https://e.org/none"))


def test_unknown_format_name_is_refused() -> None:
    with pytest.raises(store.GraphError, match="unknown RDF format"):
        store.format_named("docx")


def test_reload_graph_replaces_one_graph_from_lines_in_chunks_and_leaves_the_others() -> None:
    import io

    g, other = ox.NamedNode("https://example.org/g"), ox.NamedNode("https://example.org/other")
    quad = lambda n, graph: ox.Quad(ox.NamedNode(f"https://example.org/s{n}"), ox.NamedNode("https://example.org/p"),  # noqa: E731
                                    ox.Literal(f"v{n}"), graph)
    db = ox.Store()
    db.extend([quad(0, g), quad(1, g), quad(9, other)])
    wanted = [quad(n, g) for n in range(1, 6)]
    store.reload_graph(db, g, io.BytesIO(ox.serialize(wanted, format=ox.RdfFormat.N_QUADS)), chunk=2)
    assert set(db.quads_for_pattern(None, None, None, g)) == set(wanted)
    assert list(db.quads_for_pattern(None, None, None, other)) == [quad(9, other)]
    assert sorted(store.graph_lines(db, g, batch=2)) == sorted(ox.serialize(wanted, format=ox.RdfFormat.N_QUADS).splitlines())
