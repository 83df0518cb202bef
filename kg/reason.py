"""Reasoning: consistency with HermiT (through owlready2) and materialised inferences.

Two tools for two scales:
- `check` / `check_triples` run HermiT, a complete OWL 2 reasoner, over the ontology,
  the knowledge base and optionally a graph. It needs Java and grows fast with the
  number of individuals (over a minute at a few thousand), so it runs in a child
  process that is killed at the time limit, and refuses graphs over a size limit.
- `materialise` applies OWL 2 RL rules written as SPARQL CONSTRUCT queries
  (ontology/rules/*.rq) until nothing new follows, on Oxigraph, at any size: class and
  property hierarchies, domains and ranges, transitive, symmetric and inverse
  properties, and the project's affiliation rule. Its clash check (an individual in
  two disjoint classes) is the RL rule cax-dw.

owlready2 reads RDF/XML and N-Triples but not Turtle, so sources are converted to
N-Triples in a temporary folder first.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg import paths, vocab
from kg.errors import ReasonError, ReasonerUnavailable

INFERRED_GRAPH = ox.NamedNode(vocab.INFERRED_GRAPH)
ONTOLOGY_GRAPH = ox.NamedNode(vocab.ONTOLOGY_GRAPH)
KB_GRAPH = ox.NamedNode(vocab.KB_GRAPH)
RDF_TYPE = ox.NamedNode(vocab.RDF_TYPE)
_SCHEMA_NS = (vocab.OWL, vocab.RDFS, vocab.RDF)
DEFAULT_MAX_INDIVIDUALS = 5000
DEFAULT_TIMEOUT = 300.0
MAX_ROUNDS = 20
CLASHES = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT DISTINCT ?x ?a ?b WHERE {
  { ?a owl:disjointWith ?b } UNION { ?b owl:disjointWith ?a }
  ?x a ?a, ?b .
  FILTER (STR(?a) < STR(?b))
} ORDER BY ?x ?a ?b
"""


@dataclass(frozen=True)
class Consistency:
    consistent: bool
    inconsistent_classes: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class Clash:
    """An individual typed with two classes the ontology declares disjoint."""

    individual: str
    first: str
    second: str


@dataclass
class Inference:
    quads: list[ox.Quad] = field(default_factory=list)
    per_rule: dict[str, int] = field(default_factory=dict)
    rounds: int = 0
    clashes: tuple[Clash, ...] = ()


def java_path() -> str | None:
    return shutil.which("java")


# ---------------------------------------------------------------- HermiT

def to_ntriples(sources: list[Path], target: Path) -> Path:
    """Merge Turtle files into one N-Triples file that owlready2 can read."""
    triples = [q.triple for src in sources for q in ox.parse(path=str(src), format=ox.RdfFormat.TURTLE)]
    return write_ntriples(triples, target)


def write_ntriples(triples: Iterable[ox.Triple], target: Path) -> Path:
    with target.open("wb") as out:
        ox.serialize(list(dict.fromkeys(triples)), out, ox.RdfFormat.N_TRIPLES)
    return target


def check(sources: list[Path] | None = None, timeout: float = DEFAULT_TIMEOUT) -> Consistency:
    """Run HermiT over the ontology (and the given knowledge-base files)."""
    sources = sources or [paths.ontology_file(), *paths.kb_files()]
    triples = [q.triple for src in sources for q in ox.parse(path=str(src), format=ox.RdfFormat.TURTLE)]
    return check_triples(triples, timeout)


def check_triples(triples: Iterable[ox.Triple], timeout: float = DEFAULT_TIMEOUT) -> Consistency:
    """Run HermiT over triples in a child process, killed (with Java) at the time limit."""
    _require_hermit()
    with tempfile.TemporaryDirectory() as tmp:
        nt = write_ntriples(triples, Path(tmp) / "merged.nt")
        proc = subprocess.Popen([sys.executable, "-m", "kg.reason", str(nt)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise ReasonError(f"HermiT did not finish within the limit of {timeout:g} s (--timeout); "
                              "raise it, or check a smaller graph") from None
    if proc.returncode != 0:
        raise ReasonerUnavailable(f"HermiT failed: {(err or out).strip()[-2000:]}")
    data = json.loads(out)
    return Consistency(data["consistent"], tuple(data["classes"]), data["message"])


def _require_hermit() -> None:
    if java_path() is None:
        raise ReasonerUnavailable("HermiT needs a Java runtime (java on PATH); install Java 11+ "
                                  "(e.g. apt-get install default-jre-headless), or pass --no-hermit")
    try:
        import owlready2  # noqa: F401
    except ImportError as err:
        raise ReasonerUnavailable("owlready2 is not installed: pip install owlready2") from err


def _kill_group(proc: subprocess.Popen[str]) -> None:
    """Kill the child and the Java process it started (they share a session)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def _hermit(nt: Path) -> Consistency:
    """HermiT over one N-Triples file, in this process (the child's side of check_triples)."""
    import owlready2

    world = owlready2.World()
    onto = world.get_ontology(nt.as_uri()).load(format="ntriples")
    try:
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                           ignore_unsupported_datatypes=True)
    except owlready2.OwlReadyInconsistentOntologyError as err:
        return Consistency(False, (), f"inconsistent: {err or 'HermiT found no model of the ontology'}")
    bad = tuple(sorted(str(c.iri) for c in world.inconsistent_classes()))
    return Consistency(not bad, bad, "consistent" if not bad else f"unsatisfiable classes: {', '.join(bad)}")


def individuals(triples: Iterable[ox.Triple]) -> int:
    """How many named individuals the triples type (a measure of HermiT's work)."""
    return len({t.subject for t in triples if t.predicate == RDF_TYPE and isinstance(t.subject, ox.NamedNode)
                and isinstance(t.object, ox.NamedNode) and not t.object.value.startswith(_SCHEMA_NS)})


def check_graph(db: ox.Store, max_individuals: int = DEFAULT_MAX_INDIVIDUALS,
                timeout: float = DEFAULT_TIMEOUT) -> Consistency:
    """HermiT over the ontology, the whole knowledge base and a graph, within the limits."""
    triples = {q.triple for q in db.quads_for_pattern(None, None, None, None)
               if q.graph_name != INFERRED_GRAPH}
    for src in (paths.ontology_file(), *paths.kb_files()):
        triples.update(ox.parse(path=str(src), format=ox.RdfFormat.TURTLE))
    count = individuals(triples)
    if count > max_individuals:
        raise ReasonError(f"the graph has {count} individuals, over the limit of {max_individuals} for "
                          "HermiT, whose time grows fast with their number; raise --max-individuals, or pass "
                          "--no-hermit to use the OWL 2 RL rules alone")
    _require_hermit()
    return check_triples(triples, timeout)


# ---------------------------------------------------------------- OWL 2 RL rules

def knowledge_base() -> ox.Store:
    """The whole curated knowledge base in its named graph, as the store keeps it."""
    db = ox.Store()
    for path in paths.kb_files():
        db.extend(ox.Quad(t.subject, t.predicate, t.object, KB_GRAPH)
                  for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    return db


def rules() -> list[tuple[str, str]]:
    """The rule files, (name, SPARQL CONSTRUCT), in application order."""
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(paths.rules_dir().glob("*.rq"))]


def materialise(db: ox.Store, timeout: float = DEFAULT_TIMEOUT) -> Inference:
    """Every triple the rules derive that the store does not assert, in the inferred graph."""
    deadline = time.monotonic() + timeout
    work = _working_copy(db)
    result = Inference(per_rule={name: 0 for name, _ in rules()})
    while result.rounds < MAX_ROUNDS:
        result.rounds += 1
        fresh = 0
        for name, text in rules():
            new = [ox.Quad(t.subject, t.predicate, t.object, INFERRED_GRAPH)
                   for t in work.query(text, use_default_graph_as_union=True) if not _known(work, t)]
            work.extend(new)
            result.quads.extend(new)
            result.per_rule[name] += len(new)
            fresh += len(new)
            _check_deadline(deadline, timeout)
        if not fresh:
            break
    result.clashes = clashes(work)
    return result


def _working_copy(db: ox.Store) -> ox.Store:
    """An in-memory copy without old inferences, with the ontology added when missing."""
    work = ox.Store()
    work.extend(q for q in db.quads_for_pattern(None, None, None, None) if q.graph_name != INFERRED_GRAPH)
    if not work.contains_named_graph(ONTOLOGY_GRAPH):
        work.extend(ox.Quad(t.subject, t.predicate, t.object, ONTOLOGY_GRAPH)
                    for t in ox.parse(path=str(paths.ontology_file()), format=ox.RdfFormat.TURTLE))
    return work


def _known(work: ox.Store, t: ox.Triple) -> bool:
    return next(iter(work.quads_for_pattern(t.subject, t.predicate, t.object, None)), None) is not None


def _check_deadline(deadline: float, timeout: float) -> None:
    if time.monotonic() > deadline:
        raise ReasonError(f"the inference rules did not finish within the limit of {timeout:g} s "
                          "(--timeout); raise it")


def clashes(db: ox.Store) -> tuple[Clash, ...]:
    """Individuals typed with two disjoint classes (after the subclass rule has run)."""
    return tuple(Clash(r["x"].value, r["a"].value, r["b"].value)
                 for r in db.query(CLASHES, use_default_graph_as_union=True))


if __name__ == "__main__":
    found = _hermit(Path(sys.argv[1]))
    print(json.dumps({"consistent": found.consistent, "classes": found.inconsistent_classes,
                      "message": found.message}))
