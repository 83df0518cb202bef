"""Every IRI the package writes: namespaces, named graphs, outside prefixes and the ontology's terms.

The ontology's terms are a closed namespace (`CKG`): a misspelt term raises instead of
minting an IRI. Kept in sync with ontology/conflict-kg.ttl by tests/test_ontology.py. No other
module spells the project's namespace; they build IRIs with the functions below.
"""
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

HOME = "https://w3id.org/conflict-kg"
BASE = HOME + "/"
ONTOLOGY = BASE + "ontology#"
ACTOR = BASE + "actor/"
COUNTRY = BASE + "country/"
PLACE = BASE + "place/"
REPORT = BASE + "report/"
EVENT = BASE + "event/"
LINK = BASE + "link/"
GRAPH = BASE + "graph/"
CODES = BASE + "codes/"

KB_GRAPH = GRAPH + "kb"
ONTOLOGY_GRAPH = GRAPH + "ontology"
INFERRED_GRAPH = GRAPH + "inferred"
LINKS_GRAPH = GRAPH + "links"
WIKIDATA_GRAPH = GRAPH + "wikidata"
MERGED_GRAPH = GRAPH + "merged"
SUMMARY_GRAPH = GRAPH + "summary"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
SCHEMA_HTTP = "http://schema.org/"  # as Wikidata's sitelinks spell it
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
RDF_TYPE = RDF + "type"

#: prefixes for Turtle output and for SPARQL run by the package
PREFIXES = {
    "ckg": ONTOLOGY, "actor": ACTOR, "place": PLACE, "country": COUNTRY, "report": REPORT, "skos": SKOS,
    "rdfs": RDFS, "owl": OWL, "xsd": XSD, "prov": PROV, "dcterms": DCT, "wd": WD, "geo": GEO, "schema": SCHEMA,
}


def term(name: str) -> str:
    """The IRI of an ontology term by local name; raises AttributeError for a term the ontology lacks."""
    return str(getattr(CKG, name))


def sparql_prefix() -> str:
    """The `ckg:` prefix declaration for a SPARQL query."""
    return f"PREFIX ckg: <{ONTOLOGY}>"


def report_iri(slug: str) -> str:
    return REPORT + slug


def event_iri(key: str) -> str:
    return EVENT + key


def actor_iri(slug: str) -> str:
    return ACTOR + slug


def place_iri(slug: str) -> str:
    return PLACE + slug


def link_iri(iri: str, hashed: str) -> str:
    """The node of a found link about `iri`: under link/ by its path here, else by a hash."""
    return LINK + iri[len(BASE):] if iri.startswith(BASE) else LINK + "x/" + hashed


def code_iri(scheme: str, code: str) -> str:
    """A codebook concept of the crosswalk: `code_iri("plover", "ASSAULT")`, `code_iri("cameo", "195")`."""
    return f"{CODES}{scheme}/{code}"


def is_ours(iri: str) -> bool:
    return iri.startswith(BASE)


def short(iri: str) -> str:
    """An IRI of ours without the base (`actor/x`); any other IRI as it is."""
    return iri.removeprefix(BASE)


class CKG(DefinedNamespace):
    """conflict-kg ontology terms."""

    _fail = True
    _NS = Namespace(ONTOLOGY)

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
    aimedAt: URIRef
    attackCount: URIRef
    attribution: URIRef
    background: URIRef
    bareName: URIRef
    cameoCode: URIRef
    casualties: URIRef
    confidence: URIRef
    contentHash: URIRef
    controlledBy: URIRef
    coordinatesFrom: URIRef
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
    killedHigh: URIRef
    killedLow: URIRef
    leads: URIRef
    length: URIRef
    locatedIn: URIRef
    mainClass: URIRef
    memberOf: URIRef
    mention: URIRef
    mentionCount: URIRef
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
    reportCount: URIRef
    reportingVerb: URIRef
    role: URIRef
    sector: URIRef
    source: URIRef
    sourceKind: URIRef
    stale: URIRef
    start: URIRef
    status: URIRef
    successorOf: URIRef
    supports: URIRef
    target: URIRef
    text: URIRef
    threatCode: URIRef
    victimCategory: URIRef
