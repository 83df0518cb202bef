"""The bodies of a state ("the army", "the defence ministry", "the police") and the state each belongs to.

A generic body is the one of the state the text ties it to: the state of the place it is "of" ("the
police of X province"), else the state last named as owning such a body
before it ("X's army", "the Xian military"), else the first named so. With no such tie, the knowledge
base's choice by the report's places stands, and a mention left unresolved is the body of the state most
of the report's places lie in. A state the base knows no such body of stands for it, as "X's army"
does (resolution method "state-for-body": who leads such a body serves the state, and does not lead it).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from kg.kb import AliasEntry, KnowledgeBase, alias_key
from kg.records import Entity, Extraction, Mention, Resolution
from kg.resolve.classes import entity_is

OWNED_CONFIDENCE = 0.9   # the base's body of the state the text names as its owner
STATE_CONFIDENCE = 0.7   # the owning state itself, the base knowing no such body of it
HELD_CONFIDENCE = 0.6    # the state most of the report's places lie in
OF_PLACE = re.compile(r"\s+of\s+(?:the\s+)?", re.IGNORECASE)  # "the police of X", "the army of the X region"


def home_states(kb: KnowledgeBase, ext: Extraction, out: dict[int, Resolution], words: re.Pattern[str],
                country_of: Callable[[Entity], str | None]) -> dict[int, Resolution]:
    """The resolutions, with each generic body given to its state as the module says; `words` is
    `body_words(kb)`, made once by the caller."""
    found = [i for i, m in enumerate(ext.mentions) if m.kind == "nominal" and institutions(kb, m)]
    if not found:
        return out
    placed = [(ext.mentions[i].start, st) for i in found
              if (st := _state_of_place_after(kb, ext, out, i, country_of)) is not None]
    owners = sorted(_owners(kb, ext, out, words) + placed, key=lambda p: p[0])
    home = None if owners else _most_held(kb, out, country_of)
    changed = dict(out)
    for i in found:
        m = ext.mentions[i]
        before = [e for start, e in owners if start <= m.start]
        state = before[-1] if before else owners[0][1] if owners else None
        if state is not None:
            changed[i] = _body_of(kb, state, institutions(kb, m))
        elif i not in out and home is not None:
            changed[i] = Resolution(home, "state-for-body", HELD_CONFIDENCE)
    return changed


def _state_of_place_after(kb: KnowledgeBase, ext: Extraction, out: dict[int, Resolution], i: int,
                          country_of: Callable[[Entity], str | None]) -> Entity | None:
    """"the police of X province": the state of the place a body is said to be "of"."""
    m = ext.mentions[i]
    nxt = ext.mentions[i + 1] if i + 1 < len(ext.mentions) else None
    r = out.get(i + 1)
    if nxt is None or r is None or not OF_PLACE.fullmatch(ext.report.text[m.end:nxt.start]) \
            or not entity_is(kb, r.entity, "Place") or entity_is(kb, r.entity, "Country"):
        return None
    country = country_of(r.entity)
    return kb.entities.get(country) if country is not None else None


def is_institution(kb: KnowledgeBase, iri: str) -> bool:
    """A state's body: an actor of the class State that belongs to a country."""
    return bool(kb.linked(iri, "country")) and kb.is_a(iri, "State")


def institutions(kb: KnowledgeBase, m: Mention) -> list[AliasEntry]:
    """The bodies a generic mention may name, if every entity of its alias is one."""
    entries = kb.aliases.get(m.alias or alias_key(m.text), [])
    return entries if entries and all(is_institution(kb, e.iri) for e in entries) else []


def _body_of(kb: KnowledgeBase, state: Entity, entries: list[AliasEntry]) -> Resolution:
    own = [e for e in entries if state.iri in kb.linked(e.iri, "country")]
    if own:
        return Resolution(kb.entities[own[0].iri], "alias-nominal", OWNED_CONFIDENCE)
    return Resolution(state, "state-for-body", STATE_CONFIDENCE)


def _owners(kb: KnowledgeBase, ext: Extraction, out: dict[int, Resolution],
            words: re.Pattern[str]) -> list[tuple[int, Entity]]:
    """The states the text names as owning a body ("X's army", "Xian police"), by offset."""
    text = ext.report.text
    return [(m.start, r.entity) for i, m in enumerate(ext.mentions)
            if (r := out.get(i)) is not None and entity_is(kb, r.entity, "Country")
            and words.match(text, m.end) is not None]


def body_words(kb: KnowledgeBase) -> re.Pattern[str]:
    """The words of a state's bodies the base knows ("army", "defence ministry"), right after an owner."""
    words = sorted({s for k, es in kb.aliases.items() if es and es[0].kind == "nominal"
                    and all(is_institution(kb, e.iri) for e in es) for s in kb.surfaces[k]}, key=len, reverse=True)
    return re.compile(r"(?:['’]s?)?\s+(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


def _most_held(kb: KnowledgeBase, out: dict[int, Resolution],
               country_of: Callable[[Entity], str | None]) -> Entity | None:
    """The state most of the report's places lie in, if one leads."""
    held = Counter(c for r in out.values() if entity_is(kb, r.entity, "Place") or entity_is(kb, r.entity, "Country")
                   for c in [country_of(r.entity)] if c is not None).most_common(2)
    if not held or (len(held) > 1 and held[0][1] == held[1][1]):
        return None
    named = {r.entity.iri: r.entity for r in out.values()}
    return named.get(held[0][0]) or kb.entities.get(held[0][0])
