"""OWL reasoning with HermiT through owlready2: is the ontology (with the knowledge base) consistent?

owlready2 reads RDF/XML and N-Triples but not Turtle, so the Turtle sources are
converted to N-Triples in a temporary folder first. HermiT needs a Java runtime; when
there is none, `ReasonerUnavailable` says so instead of a traceback.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg import paths


class ReasonerUnavailable(RuntimeError):
    """HermiT cannot run here (no Java, or owlready2 missing)."""


@dataclass(frozen=True)
class Consistency:
    consistent: bool
    inconsistent_classes: tuple[str, ...]
    message: str


def java_path() -> str | None:
    return shutil.which("java")


def to_ntriples(sources: list[Path], target: Path) -> Path:
    """Merge Turtle files into one N-Triples file that owlready2 can read."""
    triples = [q.triple for src in sources for q in ox.parse(path=str(src), format=ox.RdfFormat.TURTLE)]
    with target.open("wb") as out:
        ox.serialize(triples, out, ox.RdfFormat.N_TRIPLES)
    return target


def check(sources: list[Path] | None = None) -> Consistency:
    """Run HermiT over the ontology (and the given knowledge-base files)."""
    sources = sources or [paths.ontology_file(), *paths.kb_files()]
    if java_path() is None:
        raise ReasonerUnavailable("HermiT needs a Java runtime (java on PATH); install Java 11+ "
                                  "(e.g. apt-get install default-jre-headless)")
    try:
        import owlready2
    except ImportError as err:
        raise ReasonerUnavailable("owlready2 is not installed: pip install owlready2") from err
    with tempfile.TemporaryDirectory() as tmp:
        nt = to_ntriples(sources, Path(tmp) / "merged.nt")
        world = owlready2.World()
        onto = world.get_ontology(nt.as_uri()).load(format="ntriples")
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as err:
            return Consistency(False, (), f"inconsistent: {err}")
        bad = tuple(sorted(str(c.iri) for c in world.inconsistent_classes()))
    return Consistency(not bad, bad, "consistent" if not bad else f"unsatisfiable classes: {', '.join(bad)}")
