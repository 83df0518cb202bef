"""Plain records handed between the stages of the flow (nlp -> resolve -> mapping).

Offsets are character offsets into the report text, end exclusive. Mentions,
events and attributions refer to each other by index into the tuples of one
`Extraction`, so records stay flat and hashable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

#: the spaCy entity labels a mention carries
EntityLabel = Literal["ORG", "GPE", "LOC", "PERSON", "NORP", "FAC"]
MentionKind = Literal["name", "acronym", "nominal", "anaphor", "demonym"]
#: locative (after in/near/at...), agentive (subject, by-phrase, party) or other
Role = Literal["locative", "agentive", "other"]
#: the kind of place the words around a name ask for ("the province of X", "X town")
PlaceHint = Literal["division", "settlement"]
#: what a pronoun stands for: the speaker's side ("we"), a group ("they", "its"), a person ("he")
PronounKind = Literal["speaker", "group", "person"]
#: whether the text states that an event happened
Modality = Literal["asserted", "denied", "negated", "threatened", "planned", "hypothetical", "attempted"]
#: how exact a date is; "publication" is the report's date standing in for a missing one
Precision = Literal["day", "week", "month", "year", "publication"]
CasualtyKind = Literal["killed", "injured"]
#: relations the rules find between mentions
Predicate = Literal["affiliatedWith", "leads", "memberOf", "supports", "opposes", "controls", "successorOf",
                    "country"]
#: how a mention was resolved
ResolutionMethod = Literal[
    "alias", "alias-acronym", "alias-nominal", "alias-bare-name", "alias-division-context",
    "alias-settlement-context", "metonym", "demonym", "fuzzy", "fuzzy-division-context",
    "fuzzy-settlement-context", "anaphora", "pronoun", "acronym-definition", "new", "office-holder-state", "gazetteer",
    "same-name-place", "state-for-body"]
ParticipantRole = Literal["agent", "target", "representative"]
#: the most precise level among an event's places
PlacePrecision = Literal["settlement", "district", "governorate", "country", "area", "region", "place"]


@dataclass(frozen=True)
class ReportMeta:
    id: str
    date: date | None = None
    publisher: str | None = None
    url: str | None = None
    title: str | None = None
    path: str | None = None


@dataclass(frozen=True)
class Report:
    meta: ReportMeta
    text: str
    sha256: str


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A span naming or referring to an actor or place.

    alias: the knowledge-base alias key the ruler matched, if any
    place_hint: the kind of place the context asks for (never set on anaphors)
    refers_to: the ontology class a definite noun phrase points back to ("the group": ArmedGroup)
    pronoun: what a pronoun stands for
    same_as: the mention of the same name in its other form ("Long Name (LN)"); for a place anaphor, the
        place it points back to; for a pronoun in a reported clause, its speaker ("X said its fighters")
    name: the name a describing phrase gives its actor when the base does not know it ("the gang of
        X": "X gang"; "Y-linked fighters": "Y affiliate")
    affiliate_of: the mention of the group whose affiliate or branch this one is ("Y-linked fighters",
        "its local affiliate")
    known_as: the mention of another name the text gives this one's actor ("the insurgents, known
        locally as Z")
    bound_start: for a pronoun object, where the subject of its clause starts: it stands for none of
        the names from there on ("X and Y were fighting them")
    topic_start: for "it"/"they" opening a sentence, where the mention of the subject the sentence
        before was about starts ("X stormed the post, officials said. They killed five": X)
    """

    start: int
    end: int
    text: str
    label: EntityLabel
    sentence: int
    kind: MentionKind = "name"
    alias: str | None = None
    role: Role = "other"
    place_hint: PlaceHint | None = None
    refers_to: str | None = None  # a class name of the ontology, from the lexicon's `anaphors`
    pronoun: PronounKind | None = None
    same_as: int | None = None
    cue: str | None = None  # for a name the base does not know: the actor class its context or words give it
    name: str | None = None
    affiliate_of: int | None = None
    known_as: int | None = None
    bound_start: int | None = None
    topic_start: int | None = None


@dataclass(frozen=True)
class TimeValue:
    """A date with its precision: day, week, month, year or publication (report date only)."""

    value: date
    precision: Precision
    end: date | None = None


@dataclass(frozen=True)
class Attribution:
    """Who the report says a fact comes from, and the phrase that says so."""

    source: int | None
    verb: str
    start: int
    end: int
    same_source: bool = False


@dataclass(frozen=True)
class Casualty:
    """One casualty figure: how many of which category, killed or injured, per whom."""

    count: int
    kind: CasualtyKind
    category: str  # a word of the lexicon's `victim_categories` (data, so not a fixed set here), or "people"
    minimum: bool
    start: int
    end: int
    sentence: int
    attribution: int | None = None
    part: bool = False
    places: tuple[int, ...] = ()  # for a figure told without an event: the places its phrase names
    sides: tuple[int, ...] = ()  # the actors whose armed men the figure counts ("12 of its fighters")


@dataclass(frozen=True)
class EventCandidate:
    """One event trigger with its arguments, before same-event mentions are merged."""

    cls: str
    start: int
    end: int
    text: str
    sentence: int
    agents: tuple[int, ...] = ()
    targets: tuple[int, ...] = ()
    places: tuple[int, ...] = ()
    time: TimeValue | None = None
    casualties: tuple[Casualty, ...] = ()
    attribution: int | None = None
    modality: Modality = "asserted"
    anaphoric: bool = False
    novel: bool = False
    aimed_at: tuple[int, ...] = ()  # places among `places` the event was aimed at: attacked, or taken
    context: bool = False  # told as context of the news ("a year after the fall of X"): background


@dataclass(frozen=True)
class RelationCandidate:
    subject: int
    predicate: Predicate
    object: int
    sentence: int
    start: int
    end: int
    method: str
    confidence: float
    attribution: int | None = None
    own_state: bool = False  # the object is the state the subject serves ("President X"), found on resolving
    object_state: bool = False  # the object is the state its person heads ("P's government"), found on resolving


@dataclass(frozen=True)
class Extraction:
    """Everything the nlp stage found in one report."""

    report: Report
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    attributions: tuple[Attribution, ...]
    events: tuple[EventCandidate, ...]
    relations: tuple[RelationCandidate, ...]
    orphan_casualties: tuple[Casualty, ...] = ()
    dateline: tuple[str, ...] = ()  # the place names of its datelines: context for reading it, not content


@dataclass(frozen=True)
class Geo:
    """Where a place found in the world gazetteer lies."""

    name: str  # the gazetteer's name of the place
    lat: float | None
    lon: float | None
    located_in: tuple[str, ...]  # IRIs of its division and country, innermost first
    same_as: str | None  # its GeoNames IRI
    division: tuple[str, str] | None = None  # the IRI and name of its first-level division
    country: str | None = None  # its country's IRI
    division_at: tuple[float, float] | None = None  # the division's coordinates (lat, lon)
    #: the IRI of the containing place whose coordinates these are, for a place the gazetteer does
    #: not know: drawn where it lies at the precision the text gives, never guessed finer
    coordinates_from: str | None = None


@dataclass(frozen=True)
class Entity:
    """A knowledge-base actor or place, or one minted for a name the base does not know."""

    iri: str
    label: str
    classes: tuple[str, ...]
    curated: bool = True
    wikidata: str | None = None
    geo: Geo | None = None  # for a place found in the world gazetteer


@dataclass(frozen=True)
class Resolution:
    """What a mention was resolved to, how, and how sure we are."""

    entity: Entity
    basis: ResolutionMethod
    confidence: float
    unsupported_acronym: bool = False  # an acronym the report never defines: trusted less

    @property
    def method(self) -> str:
        """The method as the graph writes it: the basis, marked when the acronym is unsupported."""
        return f"{self.basis}+unsupported-acronym" if self.unsupported_acronym else self.basis


@dataclass(frozen=True)
class Participant:
    """An actor in an event as the codebooks see it: role, sector, country, ACLED inter code."""

    iri: str
    role: ParticipantRole
    sector: str | None = None
    country: str | None = None
    inter: int | None = None
    confidence: float | None = None  # lowered when the base says the actor is active only elsewhere


@dataclass(frozen=True)
class Event:
    """A resolved event: all the mentions of one happening in one report, merged."""

    key: str
    cls: str
    triggers: tuple[EventCandidate, ...]
    agents: tuple[str, ...]
    targets: tuple[str, ...]
    places: tuple[str, ...]
    time: TimeValue | None
    casualties: tuple[Casualty, ...]
    sources: tuple[int, ...]
    modality: Modality
    background: bool
    codes: tuple[tuple[str, str], ...] = ()
    participants: tuple[Participant, ...] = ()
    interaction: str | None = None
    place_precision: PlacePrecision | None = None
    geo_precision: int | None = None
    aimed_at: tuple[str, ...] = ()  # places among `places` the event was directed at
    representatives: tuple[str, ...] = ()  # office holders who acted for the agents ("Putin agreed")


@dataclass(frozen=True)
class Relation:
    subject: str
    predicate: str
    object: str
    candidate: RelationCandidate


@dataclass(frozen=True)
class Resolved:
    """The resolve stage's output for one report."""

    extraction: Extraction
    resolutions: dict[int, Resolution] = field(default_factory=dict)
    events: tuple[Event, ...] = ()
    relations: tuple[Relation, ...] = ()
    sources: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportGraph:
    """The map stage's output for one report: its named graph as N-Quads."""

    nquads: bytes
    quads: int
    iris: frozenset[str]  # every IRI of this project's namespace used as a subject or an object
