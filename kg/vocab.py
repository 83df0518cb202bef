"""The ontology's terms as a closed namespace: a misspelt term raises instead of minting an IRI.

Kept in sync with ontology/conflict-kg.ttl by tests/test_vocab.py.
"""
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

class CKG(DefinedNamespace):
    """conflict-kg ontology terms."""

    _fail = True
    _NS = Namespace("https://w3id.org/conflict-kg/ontology#")

    Actor: URIRef
    Agreement: URIRef
    AirStrike: URIRef
    Area: URIRef
    ArmedClash: URIRef
    ArmedGroup: URIRef
    Attack: URIRef
    Bombing: URIRef
    CasualtyClaim: URIRef
    Ceasefire: URIRef
    Country: URIRef
    Displacement: URIRef
    District: URIRef
    Event: URIRef
    ExplosiveAttack: URIRef
    ExtractionRun: URIRef
    FirstLevelDivision: URIRef
    Government: URIRef
    IntergovernmentalOrganization: URIRef
    JihadistGroup: URIRef
    MediaOrganization: URIRef
    Mention: URIRef
    Militia: URIRef
    MissileStrike: URIRef
    NGO: URIRef
    Organization: URIRef
    Person: URIRef
    Place: URIRef
    PoliticalOrganization: URIRef
    RebelGroup: URIRef
    Report: URIRef
    Sentence: URIRef
    Settlement: URIRef
    Shelling: URIRef
    State: URIRef
    StateForces: URIRef
    Statement: URIRef
    Takeover: URIRef
    activeIn: URIRef
    adminLevel: URIRef
    affiliatedWith: URIRef
    agent: URIRef
    background: URIRef
    bareName: URIRef
    casualties: URIRef
    confidence: URIRef
    contentHash: URIRef
    controlledBy: URIRef
    controls: URIRef
    count: URIRef
    country: URIRef
    date: URIRef
    datePrecision: URIRef
    demonym: URIRef
    end: URIRef
    inReport: URIRef
    inSentence: URIRef
    injured: URIRef
    killed: URIRef
    leads: URIRef
    length: URIRef
    locatedIn: URIRef
    memberOf: URIRef
    mention: URIRef
    method: URIRef
    metonym: URIRef
    minimum: URIRef
    modality: URIRef
    noParticipantReason: URIRef
    nominal: URIRef
    opposes: URIRef
    partOfTotal: URIRef
    place: URIRef
    refersTo: URIRef
    reportingVerb: URIRef
    source: URIRef
    start: URIRef
    successorOf: URIRef
    supports: URIRef
    target: URIRef
    text: URIRef
    victimCategory: URIRef
