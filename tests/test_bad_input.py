"""Bad input: every kind of unusable file is refused with its reason; a batch goes on and loses nothing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import inprocess
import pyoxigraph as ox
import pytest

from kg import reader
from tests.conftest import ROOT, SEED, require_seed

FRENCH = ("Au moins douze personnes ont été tuées jeudi dans des bombardements du régime syrien "
          "dans la province d'Idleb, dernier bastion des jihadistes et des rebelles en Syrie, "
          "selon l'Observatoire syrien des droits de l'homme, qui dispose d'un vaste réseau de sources.")
ARABIC = ("قتل ما لا يقل عن اثني عشر شخصا يوم الخميس في قصف لقوات النظام السوري على محافظة إدلب "
          "آخر معقل للجهاديين والفصائل المعارضة في سوريا بحسب المرصد السوري لحقوق الإنسان")
ENGLISH = "Syrian government forces shelled the town of Saraqib in Idlib province on Thursday, the Observatory said."
HTML = ("<!DOCTYPE html><html><head><title>Page</title><style>p {color: red}</style>"
        "<script>var hidden = 'Russia bombed Aleppo';</script></head><body><nav>Home | World</nav>"
        f"<article><h1>Shelling</h1><p>{ENGLISH}</p></article><footer>Copyright</footer></body></html>")


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return inprocess.kg(*args, cwd=ROOT)


def process(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """`kg` as its own process: a query given up on by --timeout goes on running until the process ends."""
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout)


REFUSED: list[tuple[str, str, bytes, str]] = [
    ("empty file", "r.txt", b"", "the file is empty"),
    ("whitespace only", "r.txt", b"  \n\t\r\n " + "\u3000\u00a0\n".encode(), "no text"),
    ("PDF", "r.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "a PDF document"),
    ("PNG image", "r.txt", b"\x89PNG\r\n\x1a\n" + bytes(64), "a PNG image"),
    ("JPEG image", "r.txt", b"\xff\xd8\xff\xe0" + bytes(64), "a JPEG image"),
    ("gzip archive", "r.txt", b"\x1f\x8b\x08\x00" + bytes(32), "a gzip archive"),
    ("NUL bytes", "r.txt", b"Syrian forces shelled\x00\x00\x00 the town.", "contains NUL bytes"),
    ("invalid UTF-8", "r.txt", b"Syrian forces shelled Saraqib \xff\xfe\xfa today.", "not valid UTF-8 (bad byte at offset 30)"),
    ("Latin-1 text", "r.txt", "Caf\u00e9 owners in Idlib said the strike hit the market.".encode("latin-1"), "not valid UTF-8"),
    ("broken UTF-16", "r.txt", b"\xff\xfeS\x00y\x00\x00\xd8", "not valid UTF-16"),
    ("French text", "r.txt", FRENCH.encode(), "does not look like English; pass --any-language"),
    ("Arabic text", "r.txt", ARABIC.encode(), "does not look like English; pass --any-language"),
    ("HTML without text", "r.html", b"<html><head><script>var a = 1;</script></head><body></body></html>", "no text"),
]


@pytest.mark.parametrize(("case", "name", "data", "message"), REFUSED, ids=[c[0] for c in REFUSED])
def test_bad_files_are_refused_with_their_reason(tmp_path: Path, case: str, name: str, data: bytes,
                                                 message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(reader.InputError) as err:
        reader.read_report(path)
    assert str(err.value).startswith(str(path)), "the message names the file"
    assert message in str(err.value)


ACCEPTED: list[tuple[str, str, bytes, str]] = [
    ("UTF-16 LE with BOM", "r.txt", ENGLISH.encode("utf-16"), ENGLISH),
    ("UTF-16 BE with BOM", "r.txt", b"\xfe\xff" + ENGLISH.encode("utf-16-be"), ENGLISH),
    ("UTF-8 with BOM", "r.txt", b"\xef\xbb\xbf" + ENGLISH.encode(), ENGLISH),
    ("HTML file", "r.html", HTML.encode(), f"Shelling\n{ENGLISH}"),
    ("HTML in a .txt file", "r.txt", HTML.encode(), f"Shelling\n{ENGLISH}"),
    ("CRLF line ends", "r.txt", f"{ENGLISH}\r\n{ENGLISH}\r\n".encode(), f"{ENGLISH}\r\n{ENGLISH}\r\n"),
]


@pytest.mark.parametrize(("case", "name", "data", "text"), ACCEPTED, ids=[c[0] for c in ACCEPTED])
def test_usable_files_are_read(tmp_path: Path, case: str, name: str, data: bytes, text: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert reader.read_report(path).text == text


def test_html_scripts_and_chrome_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    text = reader.read_report(path).text
    assert "hidden" not in text and "Home" not in text and "Copyright" not in text and "color" not in text


@pytest.mark.parametrize("language", [FRENCH, ARABIC], ids=["French", "Arabic"])
def test_any_language_lets_other_languages_through(tmp_path: Path, language: str) -> None:
    path = tmp_path / "r.txt"
    path.write_text(language, encoding="utf-8")
    assert reader.read_report(path, any_language=True).text == language


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "nowhere" / "r.txt"


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "dir.txt").mkdir()
    return tmp_path / "dir.txt"


def _fifo(tmp_path: Path) -> Path:
    os.mkfifo(tmp_path / "pipe.txt")
    return tmp_path / "pipe.txt"


def _device(tmp_path: Path) -> Path:
    return Path("/dev/zero")


@pytest.mark.parametrize(("make", "message"), [
    (_missing, "no such file"),
    (_folder, "is a folder"),
    (_fifo, "not a regular file"),   # reading it would block forever
    (_device, "not a regular file"),  # reading it would never end
], ids=["missing", "folder", "named pipe", "device"])
def test_paths_that_are_not_report_files(tmp_path: Path, make: Callable[[Path], Path], message: str) -> None:
    with pytest.raises(reader.InputError, match=message):
        reader.read_report(make(tmp_path))


def test_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: a mode-000 file is still readable")
        with pytest.raises(reader.InputError, match="permission denied"):
            reader.read_report(path)
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize(("meta", "message"), [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "must hold a JSON object"),
    ('{"date": "yesterday"}', "is not a date"),
    (b"\xff\xfe{", "not valid JSON"),
    ("[" * 100_000, "nests too deeply"),
    ('{"id": "r", "pad": "' + "x" * (2 * 1024 * 1024) + '"}', "over 1024 KB"),
], ids=["malformed", "array", "bad date", "not UTF-8", "nesting bomb", "too large"])
def test_bad_metadata_is_refused(tmp_path: Path, meta: str | bytes, message: str) -> None:
    path = tmp_path / "r.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    side = tmp_path / "r.json"
    side.write_bytes(meta if isinstance(meta, bytes) else meta.encode())
    with pytest.raises(reader.InputError, match=message):
        reader.read_report(path)


@pytest.fixture()
def big_file(tmp_path: Path) -> Path:
    """50 MB of text (in French, so that once the size is allowed the language check answers)."""
    path = tmp_path / "big.txt"
    chunk = (FRENCH + "\n").encode() * 1000
    with path.open("wb") as out:
        while out.tell() < 50 * 1024 * 1024:
            out.write(chunk)
    return path


def test_a_50_mb_file_is_refused_until_max_size_allows_it(big_file: Path, tmp_path: Path) -> None:
    refused = kg("build", str(big_file), "-o", str(tmp_path / "out.trig"))
    assert refused.returncode == 1
    assert "over the limit of 10.5 MB (raise it with --max-size)" in refused.stderr
    allowed = kg("build", str(big_file), "--max-size", "60", "-o", str(tmp_path / "out.trig"))
    assert allowed.returncode == 1
    assert "over the limit" not in allowed.stderr and "does not look like English" in allowed.stderr
    assert not (tmp_path / "out.trig").exists()


# ---------------------------------------------------------------- graphs and queries


def test_a_text_too_long_for_the_language_model_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text((ENGLISH + "\n") * (reader.MAX_CHARS // len(ENGLISH) + 1), encoding="utf-8")
    with pytest.raises(reader.InputError, match="over the 1,000,000 that one report may have"):
        reader.read_report(path)


def test_malformed_turtle_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:d ex:e "unterminated .\n', encoding="utf-8")
    done = kg("query", "actors", "--graph", str(bad))
    assert done.returncode == 1
    assert str(bad) in done.stderr and "not valid Turtle" in done.stderr and "line 3" in done.stderr


def test_malformed_trig_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.trig"
    bad.write_text("<http://e/g> {\n <http://e/a> <http://e/b> <http://e/c> .\n <http://e/a> <http://e/b>\n}\n",
                   encoding="utf-8")
    done = kg("query", "actors", "--graph", str(bad))
    assert done.returncode == 1
    assert "not valid TriG" in done.stderr and "line 4" in done.stderr


@pytest.fixture()
def small_graph(tmp_path: Path) -> Path:
    path = tmp_path / "g.nt"
    path.write_text("".join(f"<http://e/s{i}> <http://e/p> \"{i}\" .\n" for i in range(2000)), encoding="utf-8")
    return path


def test_malformed_sparql_names_the_position(tmp_path: Path, small_graph: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE {\n  ?x ?y\n  FILTER(\n}\n", encoding="utf-8")
    done = kg("query", str(bad), "--graph", str(small_graph))
    assert done.returncode == 1
    assert "not valid SPARQL: line 3, column 9" in done.stderr and "FILTER" not in done.stderr


def test_a_query_that_would_run_forever_times_out(tmp_path: Path, small_graph: Path) -> None:
    endless = tmp_path / "cross.rq"
    endless.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?p ?y . ?c ?p ?z . ?d ?p ?w }",
                       encoding="utf-8")
    started = time.perf_counter()
    done = process("query", str(endless), "--graph", str(small_graph), "--timeout", "1", timeout=60)
    assert done.returncode == 1
    assert "did not finish within 1 s (--timeout)" in done.stderr
    assert time.perf_counter() - started < 20


def test_a_quick_query_finishes_within_the_timeout(tmp_path: Path, small_graph: Path) -> None:
    count = tmp_path / "count.rq"
    count.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", encoding="utf-8")
    done = kg("query", str(count), "--graph", str(small_graph), "--timeout", "30", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["n", "2000"]


# ---------------------------------------------------------------- a batch with bad files


def _graph(store_dir: Path, name: str) -> set[ox.Quad]:
    db = ox.Store.read_only(str(store_dir))
    graph = ox.NamedNode(f"https://w3id.org/conflict-kg/report/{name}")
    return set(db.quads_for_pattern(None, None, None, graph))


@pytest.mark.model
def test_a_batch_skips_bad_files_and_loses_nothing(tmp_path: Path) -> None:
    require_seed()
    store_dir = tmp_path / "store"
    first = kg("build", str(SEED), "--date", "2021-06-10", "--store", str(store_dir))
    assert first.returncode == 0, first.stderr
    before = _graph(store_dir, "000-226ad4745657d494")
    assert before

    batch = tmp_path / "batch"
    batch.mkdir()
    for name, data in (("empty.txt", b""), ("doc.txt", b"%PDF-1.4\n"), ("latin.txt", b"caf\xe9 \xe9t\xe9"),
                       ("french.txt", FRENCH.encode()), ("nul.txt", b"a\x00b")):
        (batch / name).write_bytes(data)
    shutil.copy(ROOT / "seeds" / "002_manbij-clashes.txt", batch / "002_manbij-clashes.txt")
    shutil.copy(ROOT / "seeds" / "002_manbij-clashes.json", batch / "002_manbij-clashes.json")
    second = kg("build", str(batch), str(tmp_path / "missing.txt"), "--store", str(store_dir))

    assert second.returncode == 1, "some reports were skipped"
    skipped = [line for line in second.stderr.splitlines() if line.startswith("kg: skipped")]
    assert len(skipped) == 6, second.stderr
    for name in ("empty.txt", "doc.txt", "latin.txt", "french.txt", "nul.txt", "missing.txt"):
        assert any(name in line for line in skipped), name
    assert "1 report(s) built" in second.stderr and "6 skipped" in second.stderr
    assert _graph(store_dir, "000-226ad4745657d494") == before
    assert _graph(store_dir, "002-manbij-clashes")
    checked = kg("validate", "--store", str(store_dir))
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_batch_of_only_bad_files_leaves_the_output_file_alone(tmp_path: Path) -> None:
    out = tmp_path / "out.trig"
    out.write_text("<http://e/a> <http://e/b> <http://e/c> .\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    done = kg("build", str(empty), "-o", str(out))
    assert done.returncode == 1
    assert "skipped" in done.stderr and "the file is empty" in done.stderr
    assert out.read_text(encoding="utf-8") == "<http://e/a> <http://e/b> <http://e/c> .\n"


def test_metadata_json_is_read_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "r.json").write_text(json.dumps({"id": "r", "title": "Saraqib \u2014 shelling"}), encoding="utf-8")
    assert reader.read_report(path).meta.title == "Saraqib \u2014 shelling"


@pytest.mark.parametrize(("make", "message"), [
    (lambda tmp: tmp / "folder.trig", "is a folder"),
    (lambda tmp: tmp / "plain" / "g.trig", "is a file, not a folder"),
    (lambda tmp: tmp / "g.docx", "unknown RDF format '.docx'"),
], ids=["output is a folder", "parent is a file", "unknown format"])
@pytest.mark.parametrize("command", ["build", "reason"])
def test_an_unusable_output_is_refused_before_any_work(tmp_path: Path, make: Callable[[Path], Path],
                                                       message: str, command: str) -> None:
    (tmp_path / "folder.trig").mkdir()
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    graph = tmp_path / "in.nt"
    graph.write_text("<http://e/a> <http://e/b> <http://e/c> .\n", encoding="utf-8")
    args = [str(SEED), "--date", "2021-06-10"] if command == "build" else ["--graph", str(graph), "--no-hermit"]
    done = kg(command, *args, "-o", str(make(tmp_path)))
    assert done.returncode == 1
    assert message in done.stderr and "internal error" not in done.stderr


@pytest.mark.model
def test_two_reports_with_the_same_id_are_not_mixed(tmp_path: Path) -> None:
    from kg import pipeline, store, validate

    for folder, seed in (("a", "001_idlib-market-strike.txt"), ("b", "002_manbij-clashes.txt")):
        (tmp_path / folder).mkdir()
        shutil.copy(ROOT / "seeds" / seed, tmp_path / folder / "report.txt")
    out = tmp_path / "g.trig"
    options = pipeline.Options()
    summary = pipeline.build_file([tmp_path / "a", tmp_path / "b"], out, options, inprocess.shared_engine(options))
    assert summary.reports + len(summary.skipped) == 2
    assert validate.validate_store(store.load_graph(out)).conforms
