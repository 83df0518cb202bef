"""The link stage: Wikidata (and DBpedia) matches for actors and places with no curated link.

For each actor and place that has no `owl:sameAs` to Wikidata, candidates are looked up on
a SPARQL endpoint by English label and alias, kept only if they are instances of a
Wikidata class that fits the entity's ontology class (ontology/linking.json), and scored
with the context the graph gives: the country the entity lies or acts in, and the
entities it is related to or mentioned with. The best candidate is linked when it scores
high enough and no rival comes close; a close rival makes the case ambiguous, refused
and reported.

Automatic links are `skos:closeMatch` (never `owl:sameAs`), each reified as a
`ckg:Statement` with its score and method, in the named graph LINKS_GRAPH. A few facts
about the linked entities go to WIKIDATA_GRAPH, which says where and when they came from.

Modules: config (ontology/linking.json), records (subjects, candidates, decisions), entities
(what to link), candidates (queries and answers), scoring, writing (the quads), run (the whole).
"""

from __future__ import annotations

from kg.errors import LinkError
from kg.link.candidates import candidate_query, dbpedia_iri, dbpedia_query, facts_query, sitelink_query
from kg.link.config import Config, load_config
from kg.link.entities import subjects
from kg.link.records import Decision, Outcome, Scored, Subject
from kg.link.run import link, link_file, link_store
from kg.link.scoring import decide, score
from kg.link.writing import LINKS_GRAPH, WIKIDATA_GRAPH, quads
from kg.link.writing import _term as _term
from kg.vocab import PROV as PROV
from kg.vocab import WD as WD
from kg.vocab import WDT as WDT

__all__ = ["LINKS_GRAPH", "WIKIDATA_GRAPH", "Config", "Decision", "LinkError", "Outcome", "Scored",
           "Subject", "candidate_query", "dbpedia_iri", "dbpedia_query", "decide", "facts_query", "link",
           "link_file", "link_store", "load_config", "quads", "score", "sitelink_query", "subjects"]
