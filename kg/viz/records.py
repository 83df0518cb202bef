"""What the pictures show: actors, ties and their support, events, places, reports, and the caps."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Limits:
    max_nodes: int = 150
    max_events: int = 2000
    max_ties: int = 800  # between the actors shown, those with the most supporting reports first
    evidence: int = 8  # sentences kept per tie (every supporting report is still counted)


@dataclass(frozen=True)
class Actor:
    iri: str
    label: str
    cls: str = "Actor"
    class_label: str = "actor"
    family: str = "Actor"
    wikidata: str = ""
    alt: tuple[str, ...] = ()
    mentions: int = 0
    reports: int = 0


@dataclass(frozen=True)
class Support:
    """One statement or event behind a tie."""
    item: str
    report: str = ""
    date: str = ""
    sentence: str = ""
    method: str = ""
    confidence: str = ""
    event_class: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tie:
    """All support for one (subject, relation, object); curated ties come from the knowledge base."""
    subject: str
    relation: str
    object: str
    curated: bool
    support: tuple[Support, ...] = ()

    @property
    def reports(self) -> int:
        return len({s.report for s in self.support if s.report})


@dataclass(frozen=True)
class Event:
    iri: str
    cls: str
    class_label: str
    date: str = ""
    precision: str = ""
    killed: int | None = None
    figures: str = ""
    report: str = ""
    sentence: str = ""
    agents: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    place: str = ""


@dataclass(frozen=True)
class Place:
    iri: str
    label: str
    lat: float
    long: float
    cls: str = ""
    country: str = ""


@dataclass(frozen=True)
class Report:
    iri: str
    identifier: str = ""
    date: str = ""
    title: str = ""
    publisher: str = ""
    url: str = ""


@dataclass(frozen=True)
class Picture:
    """What the page and the static picture show, capped and laid out."""
    actors: dict[str, Actor]
    nodes: tuple[str, ...]
    positions: tuple[tuple[float, float], ...]
    ties: tuple[Tie, ...]
    events: tuple[Event, ...]
    places: dict[str, Place]
    reports: dict[str, Report]
    notes: tuple[str, ...] = ()
    totals: dict[str, int] = field(default_factory=dict)
    evidence: int = Limits.evidence
