"""Actors the text names by what it calls them (see kg/nlp/groupnames.py), resolved.

- A described group ("the gang of X") is the base's actor of that name ("X gang") if there is one,
  else a new armed group of that name.
- An affiliate with no name ("its local affiliate", "Y-linked fighters") is a new armed group named
  after its group ("Y local affiliate"), one per group and country: its IRI ends in the name of the
  country most of the report's known places lie in, so the affiliates of one group in two countries
  stay two.
- "X, known locally as Z": Z names X's actor. When X is a name, Z takes X's actor (or X takes Z's,
  when only Z is known to the base and at home here). When X is a common noun ("the insurgents"),
  the actor is Z: the base's Z when the base places Z in a country the report is about, or has no
  country for it; else (a namesake active elsewhere) a new armed group "Z" with the IRI "z-<country>"
  (that same country; "z-local" when none leads), never the namesake's. The
  report's unnamed affiliates named before are that group, as are the other mentions of Z.
- A group described by its leader and one described by its place, in two sentences of one report,
  are one group, named after its place.
- A later name that opens with the group's name ("Y Lowland Province") names its affiliate too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from kg import vocab
from kg.kb import AliasEntry, KnowledgeBase, alias_key
from kg.records import Entity, Extraction, Mention, Resolution
from kg.resolve.classes import entity_is

NEW_CONFIDENCE = 0.6
NAMED_CONFIDENCE = 0.7


def described(kb: KnowledgeBase, m: Mention, seen: tuple[list[Entity], dict[int, Resolution], Extraction],
              scene: list[str], choose: Callable[[Mention, list[AliasEntry], list[str]], Resolution],
              slug: Callable[[str], str]) -> Resolution | None:
    """A described group: the base's actor of that name, else a new one; an affiliate needs its group's
    entity (for "its affiliate", the last actor named in `seen`, since pronouns are resolved later)."""
    history, done, ext = seen
    entries = kb.aliases.get(alias_key(m.name or ""), []) if m.affiliate_of is None else []
    if entries:
        return choose(m, entries, [])
    country = country_name(kb, scene)
    if m.name is None:
        return None
    if m.affiliate_of is None:
        label = m.name
        iri = vocab.actor_iri(slug(label))
    else:
        parent = done[m.affiliate_of].entity if m.affiliate_of in done else None
        if parent is None and ext.mentions[m.affiliate_of].pronoun is not None:
            parent = next((e for e in reversed(history) if entity_is(kb, e, "Actor")
                           and not any(entity_is(kb, e, c) for c in ("Person", "Country", "Place"))), None)
        if parent is None:
            return None
        label = f"{parent.label} {m.name}"
        iri = vocab.actor_iri(slug(f"{label} {country}" if country else label))
    return Resolution(Entity(iri, label, (m.cue or "ArmedGroup",), curated=False), "new", NEW_CONFIDENCE)


def country_name(kb: KnowledgeBase, scene: list[str]) -> str | None:
    """The name of the country most of the report's known places lie in (None on a tie)."""
    counts = Counter(c for p in scene for c in kb.chain(p) if kb.is_a(c, "Country"))
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    entity = kb.entities.get(ranked[0][0])
    return entity.label if entity is not None else None


def _far_away(kb: KnowledgeBase, iri: str, scene: list[str]) -> bool:
    """Does the base place an actor only in countries the report's places are not in?"""
    home = kb.linked(iri, "country") | kb.linked(iri, "activeIn")
    return bool(home) and bool(scene) and not any(c in home for p in scene for c in kb.chain(p))


def local_names(kb: KnowledgeBase, ext: Extraction, out: dict[int, Resolution], scene: list[str],
                slug: Callable[[str], str], led: frozenset[str]) -> dict[int, Resolution]:
    """"X, known locally as Z" and "Y Lowland Province" after "Y's affiliate": one actor each. The
    report's places are the known ones (`scene`) and those the gazetteer found."""
    wide = scene + [r.entity.geo.country for r in out.values()
                    if r.entity.geo is not None and r.entity.geo.country and r.entity.geo.coordinates_from is None]
    country = country_name(kb, wide)
    result = _led_and_owned(ext, out, led)
    for idx, m in enumerate(ext.mentions):
        if m.known_as is not None:
            result = _known_as(ext, result, idx, lambda iri: _far_away(kb, iri, wide), country, slug)
    return _named_branches(kb, ext, result)


def _led_and_owned(ext: Extraction, res: dict[int, Resolution], led: frozenset[str]) -> dict[int, Resolution]:
    """A report that describes one group by its leader ("the armed band of X") and, in another sentence,
    one by its place ("the gang of Y") speaks of one group: the one named after its place, a name that
    outlives its leaders."""
    described = [k for k, m in enumerate(ext.mentions) if m.name is not None and m.affiliate_of is None
                 and k in res and not res[k].entity.curated]
    by_leader = {res[k].entity.iri: k for k in described if (ext.mentions[k].name or "").split()[-1] in led}
    by_place = {res[k].entity.iri: k for k in described if res[k].entity.iri not in by_leader}
    if len(by_leader) != 1 or len(by_place) != 1:
        return res
    (lead_iri, lead_k), place_k = next(iter(by_leader.items())), next(iter(by_place.values()))
    if ext.mentions[lead_k].sentence == ext.mentions[place_k].sentence:
        return res  # "the band of X fought the gang of Y": two groups
    return _merged(ext, res, {lead_iri}, res[place_k], set())


def _known_as(ext: Extraction, res: dict[int, Resolution], idx: int, far_away: Callable[[str], bool],
              country: str | None, slug: Callable[[str], str]) -> dict[int, Resolution]:
    m = ext.mentions[idx]
    j = m.known_as
    assert j is not None
    other, x, y = ext.mentions[j], res.get(idx), res.get(j)
    if m.kind != "anaphor" and m.name is None:  # a name (or "the army"): Z is another name of its actor
        if x is None:
            return res
        if y is not None and y.entity.curated and not x.entity.curated and not far_away(y.entity.iri):
            return _merged(ext, res, {x.entity.iri}, y, set(), idx)
        return _merged(ext, res, set(), x, {_key(other)}, j)
    if y is not None and y.entity.curated and not far_away(y.entity.iri):
        target = y
    else:
        cls = next((c for c in x.entity.classes), "ArmedGroup") if x is not None and not x.entity.curated \
            else "ArmedGroup"
        iri = vocab.actor_iri(slug(f"{other.text} {country or 'local'}"))  # never the namesake's IRI
        target = Resolution(Entity(iri, other.text, (cls,), curated=False), "new", NAMED_CONFIDENCE)
    unnamed = {r.entity.iri for k, r in res.items() if k < idx and ext.mentions[k].affiliate_of is not None}
    if x is not None and not x.entity.curated:
        unnamed.add(x.entity.iri)
    return _merged(ext, res, unnamed, target, {_key(other)}, idx, j)


def _named_branches(kb: KnowledgeBase, ext: Extraction, res: dict[int, Resolution]) -> dict[int, Resolution]:
    """An affiliate named after its group ("Y local affiliate") is the group the text names with
    Y's name and more words ("Y Lowland Province")."""
    out = dict(res)
    for idx, m in enumerate(ext.mentions):
        parent = res.get(m.affiliate_of) if m.affiliate_of is not None else None
        own = out.get(idx)
        if parent is None or own is None or own.entity.curated:
            continue
        prefix = alias_key(parent.entity.label) + " "
        branch = next((r for k, r in out.items() if ext.mentions[k].kind == "name" and ext.mentions[k].name is None
                       and alias_key(ext.mentions[k].text).startswith(prefix)
                       and r.entity.iri != parent.entity.iri and entity_is(kb, r.entity, "ArmedGroup")), None)
        if branch is not None:
            out = _merged(ext, out, {own.entity.iri}, branch, set(), idx)
    return out


def _merged(ext: Extraction, res: dict[int, Resolution], iris: set[str], target: Resolution, keys: set[str],
            *indices: int) -> dict[int, Resolution]:
    """Every mention of the given entities or names, and the given mentions, resolved to `target`."""
    out = dict(res)
    for k, m in enumerate(ext.mentions):
        r = res.get(k)
        hit = k in indices or (r is not None and r.entity.iri in iris) or (m.kind == "name" and _key(m) in keys)
        if hit:
            out[k] = target
    return out


def _key(m: Mention) -> str:
    return m.alias or alias_key(m.text)
