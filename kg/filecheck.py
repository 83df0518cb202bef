"""Graph files checked before parsing: nothing that would exhaust memory or the parser's stack.

RDF/XML may declare only plain quoted internal entities (the usual namespace
abbreviations), and their references may not expand past MAX_ENTITY_EXPANSION bytes;
JSON-LD may not nest deeper than MAX_JSON_DEPTH (the parser recurses, and a deeper file
overflowed its stack and killed the process). The other formats are parsed without
recursion and need no check.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

#: deepest nesting of JSON arrays and objects accepted (the parser recurses, and overflows its stack)
MAX_JSON_DEPTH = 200
#: largest text that an RDF/XML file's entity references may expand to, in bytes
MAX_ENTITY_EXPANSION = 10_000_000
_PROLOG = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
_DOCTYPE = re.compile(rb"<!DOCTYPE\s+[^\s\[>]+(?:\s+(?:SYSTEM|PUBLIC)(?:\s+(?:\"[^\"]*\"|'[^']*'))+)?\s*(\[)?")
_DECLARATION = re.compile(rb"\s+|<!--.*?-->|<\?.*?\?>"
                          rb"|<!(ENTITY|ELEMENT|ATTLIST|NOTATION)\s((?:[^\"'>]|\"[^\"]*\"|'[^']*')*)>", re.DOTALL)
_PLAIN_ENTITY = re.compile(rb"\s*([^\s%]+)\s+(\"[^\"]*\"|'[^']*')\s*$")
_REFERENCE = re.compile(rb"[&%][^\s;&%]+;")
_JSON_TOKENS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
READ_CHUNK = 1 << 20


class Unsafe(ValueError):
    """What makes a graph file unsafe to parse (the message says what, not where)."""


def problem(path: Path, fmt: ox.RdfFormat) -> str | None:
    """Why the file must not be parsed, or None: XML entity expansion (a "billion laughs"
    file) and JSON nested deeper than MAX_JSON_DEPTH exhaust memory or the parser's stack."""
    try:
        if fmt == ox.RdfFormat.RDF_XML:
            _check_entities(path)
        elif fmt == ox.RdfFormat.JSON_LD:
            _check_json_depth(path)
    except Unsafe as err:
        return str(err)
    return None


def _check_entities(path: Path) -> None:
    """Allow only plain internal entities (namespace abbreviations), with a bounded expansion."""
    with path.open("rb") as fh:
        head = fh.read(READ_CHUNK)
    if b"\x00" in head[:4]:
        raise Unsafe("RDF/XML is read in UTF-8 only (this looks like UTF-16)")
    entities = _declared_entities(head)
    if entities and _expansion(path, entities) > MAX_ENTITY_EXPANSION:
        raise Unsafe(f"its XML entities expand past {MAX_ENTITY_EXPANSION // 1_000_000} MB "
                      "(an entity expansion attack?)")


def _declared_entities(head: bytes) -> dict[bytes, int]:
    """The internal entities the document type declares, with the length of each value."""
    pos = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    while (blank := _PROLOG.match(head, pos)) is not None:
        pos = blank.end()
    doctype = _DOCTYPE.match(head, pos)
    if doctype is None or doctype.group(1) is None:
        return {}
    start = pos = doctype.end()
    entities: dict[bytes, int] = {}
    while (decl := _DECLARATION.match(head, pos)) is not None:
        pos = decl.end()
        plain = _PLAIN_ENTITY.match(decl.group(2)) if decl.group(1) == b"ENTITY" else None
        if decl.group(1) == b"ENTITY" and plain is None:
            raise Unsafe("an XML entity that is not plain quoted text "
                          "(external and parameter entities are not read)")
        if plain is not None:
            entities[plain.group(1)] = len(plain.group(2)) - 2
    if head[pos:pos + 1] != b"]" or _REFERENCE.search(head, start, pos):
        raise Unsafe("its XML document type declaration holds entity references "
                      "or what cannot be checked (only plain quoted entities are read)")
    return entities


def _expansion(path: Path, entities: dict[bytes, int]) -> int:
    """How many bytes the references to `entities` add, counted chunk by chunk."""
    refs = re.compile(b"&(" + b"|".join(re.escape(n) for n in entities) + b");")
    total, tail = 0, b""
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(READ_CHUNK), b""):
            text = tail + chunk
            cut = text.rfind(b"&")  # a reference never holds '&': all before the last one is whole
            if cut < len(text) - 4096:
                cut = len(text)
            total += sum(entities[m.group(1)] for m in refs.finditer(text[:cut]))
            tail = text[cut:]
    return total + sum(entities[m.group(1)] for m in refs.finditer(tail))


def _check_json_depth(path: Path) -> None:
    """Count the nesting of arrays and objects, brackets inside strings left out."""
    depth = 0
    with path.open("rb") as fh:
        data = fh.read()
    for token in _JSON_TOKENS.finditer(data):
        mark = token.group()
        if mark in (b"[", b"{"):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise Unsafe(f"JSON nested more than {MAX_JSON_DEPTH} levels deep")
        elif mark in (b"]", b"}"):
            depth -= 1
