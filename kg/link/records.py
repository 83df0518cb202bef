"""What linking finds: the entities to link, their scored candidates, and the decisions taken."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg import vocab


@dataclass(frozen=True)
class Subject:
    """An actor or place to link, with the context the graph gives about it."""

    iri: str
    kind: str
    labels: tuple[str, ...]
    aliases: tuple[str, ...]
    countries: frozenset[str] = frozenset()
    context: frozenset[str] = frozenset()
    is_place: bool = False


@dataclass(frozen=True)
class Scored:
    qid: str
    score: float
    method: str


@dataclass(frozen=True)
class Decision:
    subject: Subject
    status: str  # linked, ambiguous, weak, none
    best: Scored | None = None
    rivals: tuple[Scored, ...] = ()

    def line(self) -> str:
        name = vocab.short(self.subject.iri)
        if self.status == "linked" and self.best:
            return f"linked {name} -> wd:{self.best.qid} ({self.best.score:.2f}, {self.best.method})"
        if self.status == "ambiguous":
            shown = ", ".join(f"wd:{c.qid} ({c.score:.2f})" for c in self.rivals)
            return f"ambiguous {name}: {shown}; no link written"
        if self.status == "weak" and self.best:
            return f"no link for {name}: best wd:{self.best.qid} scores {self.best.score:.2f} only"
        return f"no candidate for {name}"


@dataclass
class Outcome:
    decisions: list[Decision] = field(default_factory=list)
    facts: dict[str, list[tuple[str, dict[str, str]]]] = field(default_factory=dict)
    articles: dict[str, str] = field(default_factory=dict)
    dbpedia: dict[str, str] = field(default_factory=dict)

    def count(self, status: str) -> int:
        return sum(d.status == status for d in self.decisions)
