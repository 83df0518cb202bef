"""Graph files that would exhaust memory or the parser's stack are refused before parsing."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from kg import store

RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/"'


def rdfxml(doctype: str, value: str) -> str:
    return (f'<?xml version="1.0"?>\n<!-- a note -->\n{doctype}\n<rdf:RDF {RDF}>'
            f'<rdf:Description rdf:about="http://example.org/a"><ex:p>{value}</ex:p></rdf:Description></rdf:RDF>\n')


def laughs(levels: int = 9) -> str:
    entities = ['<!ENTITY ha "ha">'] + [
        f'<!ENTITY ha{i} "{("&ha" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, levels + 1)]
    return rdfxml("<!DOCTYPE rdf:RDF [\n" + "\n".join(entities) + "\n]>", f"&ha{levels};")


def nested_jsonld(depth: int) -> str:
    inner = '{"http://example.org/p": ' * depth + '"x"' + "}" * depth
    return '{"@id": "http://example.org/a", "http://example.org/p": ' + inner + "}"


REFUSED = [
    ("laughs.rdf", laughs(), "entity references"),
    ("external.rdf", rdfxml('<!DOCTYPE rdf:RDF [ <!ENTITY x SYSTEM "file:///etc/hostname"> ]>', "&x;"),
     "not plain quoted text"),
    ("parameter.rdf", rdfxml('<!DOCTYPE rdf:RDF [ <!ENTITY % p "x"> ]>', "y"), "not plain quoted text"),
    ("quadratic.rdf", rdfxml(f'<!DOCTYPE rdf:RDF [ <!ENTITY big "{"x" * 100_000}"> ]>', "&big;" * 200),
     "expand past"),
    ("attlist.rdf", rdfxml('<!DOCTYPE rdf:RDF [ <!ENTITY a "x"> <!ATTLIST ex:p v CDATA "&a;&a;"> ]>', "y"),
     "entity references"),
    ("deep.jsonld", nested_jsonld(4000), "nested more than"),
    ("deep-array.jsonld", '{"@id": "http://example.org/a", "http://example.org/p": ' + "[" * 300 + "]" * 300 + "}",
     "nested more than"),
]
ACCEPTED = [
    ("namespaces.rdf", rdfxml('<!DOCTYPE rdf:RDF [\n  <!ENTITY ex "http://example.org/" >\n]>', "&ex;b"), 1),
    ("no-doctype.rdf", rdfxml("", "plain &amp; simple"), 1),
    ("shallow.jsonld", nested_jsonld(150), 151),
    ("brackets-in-strings.jsonld",
     '{"@id": "http://example.org/a", "http://example.org/p": "' + "[{" * 500 + '\\" ]"}', 1),
]


@pytest.mark.parametrize(("name", "text", "message"), [r for r in REFUSED if "laughs" not in r[0]
                                                        and "deep.jsonld" != r[0]])
def test_refused_before_parsing(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(store.GraphError, match=message) as caught:
        store.load_graph(path)
    assert str(caught.value).startswith(f"{path}: refused")


@pytest.mark.parametrize(("name", "text", "triples"), ACCEPTED)
def test_ordinary_files_still_load(tmp_path: Path, name: str, text: str, triples: int) -> None:
    path = tmp_path / name
    path.write_text(text)
    assert len(store.load_graph(path)) == triples


def _limited() -> None:
    limit = 3 * 1024 ** 3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.mark.parametrize(("name", "text", "message"), [r for r in REFUSED if r[0] in ("laughs.rdf", "deep.jsonld")])
@pytest.mark.parametrize("command", [["export", "-f", "nq"], ["validate"], ["query", "actors"]])
def test_commands_refuse_hostile_graph_files(tmp_path: Path, name: str, text: str, message: str,
                                             command: list[str]) -> None:
    """In a child process with bounded memory and time: an expansion or a stack overflow cannot take the test down."""
    path = tmp_path / name
    path.write_text(text)
    run = subprocess.run([sys.executable, "-m", "kg", *command, "--graph", str(path)], capture_output=True,
                         text=True, timeout=60, preexec_fn=_limited, check=False)
    assert run.returncode in (1, 2), run.stderr[-500:]
    assert message in run.stderr and "internal error" not in run.stderr
    assert len(run.stdout) < 1000
