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
    Arrest: URIRef
    Assassination: URIRef
    Attack: URIRef
    Attribution: URIRef
    Bombing: URIRef
    CasualtyClaim: URIRef
    Ceasefire: URIRef
    Coercion: URIRef
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
    Offensive: URIRef
    Organization: URIRef
    Participation: URIRef
    Person: URIRef
    Place: URIRef
    Pledge: URIRef
    PoliticalOrganization: URIRef
    PropertyDestruction: URIRef
    RebelGroup: URIRef
    Report: URIRef
    Restriction: URIRef
    Sentence: URIRef
    Settlement: URIRef
    Shelling: URIRef
    Shooting: URIRef
    State: URIRef
    StateForces: URIRef
    Statement: URIRef
    Takeover: URIRef
    Threat: URIRef
    acledEventType: URIRef
    acledInter: URIRef
    acledSubEventType: URIRef
    activeIn: URIRef
    actor: URIRef
    adminLevel: URIRef
    affiliatedWith: URIRef
    agent: URIRef
    attribution: URIRef
    background: URIRef
    bareName: URIRef
    cameoCode: URIRef
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
    geoPrecision: URIRef
    inReport: URIRef
    inSentence: URIRef
    injured: URIRef
    interaction: URIRef
    isoCode: URIRef
    killed: URIRef
    leads: URIRef
    length: URIRef
    locatedIn: URIRef
    memberOf: URIRef
    mention: URIRef
    mergedFrom: URIRef
    method: URIRef
    metonym: URIRef
    minimum: URIRef
    modality: URIRef
    noParticipantReason: URIRef
    nominal: URIRef
    opposes: URIRef
    partOfTotal: URIRef
    participant: URIRef
    place: URIRef
    placePrecision: URIRef
    ploverCategory: URIRef
    ploverMode: URIRef
    refersTo: URIRef
    reportingVerb: URIRef
    role: URIRef
    sector: URIRef
    source: URIRef
    sourceKind: URIRef
    start: URIRef
    successorOf: URIRef
    supports: URIRef
    target: URIRef
    text: URIRef
    threatCode: URIRef
    victimCategory: URIRef
