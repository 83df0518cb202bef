"""Candidates on the endpoint: the SPARQL sent to Wikidata (and DBpedia) and the answers read back."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import quote, unquote

from kg.link.config import QID, Config
from kg.link.records import Subject
from kg.remote import Client, iri_ref, literal
from kg.vocab import RDFS, SKOS, WD, WDT
from kg.vocab import SCHEMA_HTTP as SCHEMA

BATCH = 50
_UNSAFE_IN_PATH = set('<>"{}|^`\\?#%') | {chr(c) for c in range(0x21)}


def candidate_query(subject: Subject, config: Config) -> str:
    """Items whose English label or alias is one of the subject's names, of a fitting class.

    The names are matched in a subquery, which engines evaluate first (Blazegraph, behind
    the Wikidata Query Service, would otherwise start from the class closure).
    """
    best, loose = config.types[subject.kind]
    names = " ".join(literal(n) for n in dict.fromkeys(subject.labels + subject.aliases))
    types = " ".join(f"wd:{q}" for q in best + loose)
    return f"""PREFIX wd: <{WD}>
PREFIX wdt: <{WDT}>
PREFIX rdfs: <{RDFS}>
PREFIX skos: <{SKOS}>
SELECT DISTINCT ?item ?name ?via ?type WHERE {{
  {{
    SELECT ?item ?name ?via WHERE {{
      VALUES ?name {{ {names} }}
      {{ ?item rdfs:label ?name . BIND("label" AS ?via) }}
      UNION {{ ?item skos:altLabel ?name . BIND("alias" AS ?via) }}
    }}
    LIMIT 500
  }}
  VALUES ?type {{ {types} }}
  ?item wdt:P31/wdt:P279* ?type .
}}"""


def facts_query(qids: Iterable[str], props: Iterable[str]) -> str:
    items = " ".join(f"wd:{q}" for q in qids)
    wanted = " ".join(f"wdt:{p}" for p in props)
    return f"""PREFIX wd: <{WD}>
PREFIX wdt: <{WDT}>
PREFIX rdfs: <{RDFS}>
SELECT ?item ?p ?value WHERE {{
  VALUES ?item {{ {items} }}
  VALUES ?p {{ {wanted} rdfs:label }}
  ?item ?p ?value .
  FILTER(!isLiteral(?value) || LANG(?value) = "" || LANG(?value) = "en")
}}"""


def sitelink_query(qids: Iterable[str], wikipedia: str) -> str:
    items = " ".join(f"wd:{q}" for q in qids)
    return f"""PREFIX wd: <{WD}>
PREFIX schema: <{SCHEMA}>
SELECT ?item ?article WHERE {{
  VALUES ?item {{ {items} }}
  ?article schema:about ?item ; schema:isPartOf <{wikipedia}> .
}}"""


def dbpedia_query(iris: Iterable[str]) -> str:
    values = " ".join(iri_ref(i) for i in iris)
    return f"SELECT DISTINCT ?r WHERE {{ VALUES ?r {{ {values} }} ?r ?p ?o }}"


def fetch_candidates(client: Client, subject: Subject, config: Config) -> dict[str, list[dict[str, str]]]:
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    for b in client.bindings(candidate_query(subject, config)):
        item = b.get("item", {}).get("value", "")
        if not item.startswith(WD) or not QID.match(item.removeprefix(WD)):
            continue
        qid = item.removeprefix(WD)
        rows[qid].append({"item": qid, "name": b["name"]["value"], "via": b["via"]["value"],
                          "type": b["type"]["value"].removeprefix(WD)})
    return dict(rows)


def fetch_facts(client: Client, qids: list[str], config: Config) -> dict[str, list[tuple[str, dict[str, str]]]]:
    props = tuple(dict.fromkeys(config.facts + config.context_properties))
    out: dict[str, list[tuple[str, dict[str, str]]]] = defaultdict(list)
    for i in range(0, len(qids), BATCH):
        for b in client.bindings(facts_query(qids[i:i + BATCH], props)):
            qid = b["item"]["value"].removeprefix(WD)
            prop = b["p"]["value"]
            key = "label" if prop == RDFS + "label" else prop.removeprefix(WDT)
            out[qid].append((key, b["value"]))
    return dict(out)


def fetch_articles(client: Client, qids: list[str], config: Config) -> dict[str, str]:
    out = {}
    for i in range(0, len(qids), BATCH):
        for b in client.bindings(sitelink_query(qids[i:i + BATCH], config.wikipedia)):
            out[b["item"]["value"].removeprefix(WD)] = b["article"]["value"]
    return out


def dbpedia_iri(article: str, config: Config) -> str | None:
    """The DBpedia resource of an English Wikipedia article (same title, underscores)."""
    prefix = config.wikipedia + "wiki/"
    if not article.startswith(prefix):
        return None
    title = unquote(article[len(prefix):]).replace(" ", "_")
    return config.dbpedia + "".join(quote(ch, safe="") if ch in _UNSAFE_IN_PATH else ch for ch in title)


def check_dbpedia(articles: dict[str, str], config: Config, client: Client | None) -> dict[str, str]:
    derived = {q: d for q, a in sorted(articles.items()) if (d := dbpedia_iri(a, config))}
    if client is None or not derived:
        return derived
    found: set[str] = set()
    values = sorted(derived.values())
    for i in range(0, len(values), BATCH):
        found |= {b["r"]["value"] for b in client.bindings(dbpedia_query(values[i:i + BATCH]))}
    return {q: d for q, d in derived.items() if d in found}
