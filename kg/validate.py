"""Validate a graph against the SHACL shapes in ontology/shapes.ttl with pySHACL.

The data graph is the union of every named graph plus the ontology (so targets and
sh:class follow the class hierarchy). Each violation keeps the named graphs its focus
node is described in, so a problem can be traced to the report that produced it.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg import paths
from kg.errors import ValidationError
from kg.store import PREFIXES

SH = "http://www.w3.org/ns/shacl#"
DEFAULT_GRAPH = "(default graph)"


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    value: str
    severity: str
    shape: str
    component: str
    graphs: tuple[str, ...]


@dataclass(frozen=True)
class Validation:
    conforms: bool
    violations: tuple[Violation, ...]
    triples: int


def validate_store(db: ox.Store, shapes: Path | None = None) -> Validation:
    """Check every graph of the store (with the ontology added) against the shapes."""
    import pyshacl

    data = _data_graph(db)
    shapes_graph = _read_shapes(shapes or paths.shapes_file())
    try:
        conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph, inference="none",
                                               advanced=True, allow_warnings=True)
    except Exception as err:  # pySHACL raises its own errors for broken shapes and queries
        raise ValidationError(f"the validation could not run: {type(err).__name__}: {err}") from err
    found = _violations(report, _graphs_of(db))
    return Validation(bool(conforms), found, len(data))


def _data_graph(db: ox.Store):  # type: ignore[no-untyped-def]
    """The union of the store's graphs and the ontology, as an rdflib graph for pySHACL."""
    import rdflib

    out = io.BytesIO()
    triples = {q.triple for q in db.quads_for_pattern(None, None, None, None)}
    triples.update(ox.parse(path=str(paths.ontology_file()), format=ox.RdfFormat.TURTLE))
    ox.serialize(triples, out, ox.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=out.getvalue(), format="nt")


def _read_shapes(path: Path):  # type: ignore[no-untyped-def]
    import rdflib

    try:
        return rdflib.Graph().parse(path, format="turtle")
    except FileNotFoundError as err:
        raise ValidationError(f"{path}: no such shapes file") from err
    except Exception as err:  # rdflib raises several unrelated classes for bad Turtle
        raise ValidationError(f"{path}: the shapes file is not valid Turtle: {err}") from err


def _graphs_of(db: ox.Store) -> dict[str, set[str]]:
    """The named graphs each subject is described in."""
    where: dict[str, set[str]] = defaultdict(set)
    for q in db.quads_for_pattern(None, None, None, None):
        graph = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else DEFAULT_GRAPH
        where[str(q.subject.value)].add(graph)
    return where


def _violations(report, graphs: dict[str, set[str]]) -> tuple[Violation, ...]:  # type: ignore[no-untyped-def]
    import rdflib

    sh = rdflib.Namespace(SH)
    out = []
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        focus = _text(report.value(result, sh.focusNode))
        out.append(Violation(
            focus=focus,
            path=_path_text(report, report.value(result, sh.resultPath)),
            message="; ".join(sorted(str(m) for m in report.objects(result, sh.resultMessage))),
            value=_text(report.value(result, sh.value)),
            severity=_text(report.value(result, sh.resultSeverity)).removeprefix(SH),
            shape=_iri_text(report.value(result, sh.sourceShape)),
            component=_text(report.value(result, sh.sourceConstraintComponent)).removeprefix(SH),
            graphs=tuple(sorted(graphs.get(focus, ()))),
        ))
    return tuple(sorted(set(out), key=lambda v: (v.graphs, v.focus, v.path, v.message, v.value)))


def _text(term: object) -> str:
    return "" if term is None else str(term)


def _iri_text(term: object) -> str:
    """An IRI's text; empty for a blank node (an anonymous property shape has no useful name)."""
    import rdflib

    return str(term) if isinstance(term, rdflib.URIRef) else ""


def _path_text(report, path) -> str:  # type: ignore[no-untyped-def]
    """A result path as a short name; an inverse path as ^name."""
    import rdflib

    if path is None:
        return ""
    inverse = report.value(path, rdflib.URIRef(SH + "inversePath"))
    return "^" + short(str(inverse)) if inverse is not None else short(str(path))


def short(value: str) -> str:
    for prefix, ns in PREFIXES.items():
        if value.startswith(ns):
            return f"{prefix}:{value[len(ns):]}"
    return value


def render(result: Validation) -> str:
    """A readable report: one block per violation, grouped by the graph it came from."""
    if result.conforms:
        return f"conforms: {result.triples} triples checked against the shapes\n"
    lines = [f"does not conform: {len(result.violations)} violation(s) in {result.triples} triples"]
    for v in result.violations:
        lines.append("")
        lines.append(f"graph:   {', '.join(short(g) for g in v.graphs) or DEFAULT_GRAPH}")
        lines.append(f"focus:   {short(v.focus)}")
        if v.path:
            lines.append(f"path:    {v.path}")
        if v.value:
            lines.append(f"value:   {short(v.value)}")
        lines.append(f"message: {v.message}")
        lines.append(f"check:   {' '.join(x for x in (short(v.shape), v.component) if x)}")
    return "\n".join(lines) + "\n"
