"""The resolve stage: mentions -> canonical actors and places; event candidates -> events.

Every resolution keeps its method (alias, metonym, demonym, fuzzy, anaphora, acronym,
new) and a confidence, so a reader can tell a curated match from a guess.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import re
import unicodedata
from dataclasses import replace
from datetime import timedelta

from kg.kb import BASE, AliasEntry, KnowledgeBase, alias_key
from kg.records import (
    Casualty,
    Entity,
    Event,
    EventCandidate,
    Extraction,
    Mention,
    Participant,
    Relation,
    Resolution,
    Resolved,
)

PLACE_CLASSES = ("Place",)
ACTOR_ROLES = ("agents", "targets")
FUZZY_MIN = 0.86
PARTICIPANT_MIN = 0.5
UNSUPPORTED_KNOWN = 0.6   # an undefined but unambiguous curated acronym may still take part
UNSUPPORTED_OTHER = 0.4   # a short or ambiguous undefined acronym may not
ATTACK = "Attack"
AGREEMENT = "Agreement"
RELATION_RANGES = {"controls": "Place", "locatedIn": "Place"}
#: classes a later, more specific trigger of the same event replaces ("bombings" then "a rocket")
VAGUE_CLASSES = ("Attack", "Agreement", "Bombing")
PRONOUN = "pronoun:"        # hint of a pronoun mention: pronoun:speaker | pronoun:group | pronoun:person
PRONOUN_CONFIDENCE = 0.5
SIDE_PREDICATES = ("leads", "memberOf", "affiliatedWith")  # what a quoted person's "we" speaks for


def slug(text: str) -> str:
    """A readable IRI segment: ASCII, lower case, words joined by '-'.

    A name with no Latin letters or digits, or one cut at 80 characters, ends in a
    digest of the full text, so that two such names never share an IRI.
    """
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    readable = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    if readable and len(readable) <= 80:
        return readable
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{readable[:69].rstrip('-')}-{digest}" if readable else f"x-{digest}"


class Resolver:
    """Resolves mentions against one knowledge base, with a fuzzy index built once."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._keys = sorted(kb.aliases)
        self._near: dict[tuple[str, str], tuple[str, float] | None] = {}

    # ------------------------------------------------------------ mentions

    def mentions(self, ext: Extraction) -> dict[int, Resolution]:
        out: dict[int, Resolution] = {}
        history: list[Entity] = []
        scene = self._scene(ext)
        for idx, m in enumerate(ext.mentions):
            res = self._one(m, history, out, ext, scene)
            if res is None:
                continue
            out[idx] = res
            history.append(res.entity)
        return self._pronouns(ext, self._acronyms(ext, out))

    def _scene(self, ext: Extraction) -> list[str]:
        """The known places and countries the report names ("Idlib", "Sudanese"), for judging its
        generic nouns ("the army")."""
        keys = [m.alias or alias_key(m.text) for m in ext.mentions if m.kind in ("name", "acronym", "demonym")]
        return [e.iri for k in keys for e in self.kb.aliases.get(k, [])
                if self.kb.is_a(e.iri, "Place") or self.kb.is_a(e.iri, "Country")]

    def _in_scene(self, iri: str, scene: list[str]) -> bool:
        """Does a state's institution (one with a `ckg:country`) belong to a country the report names?"""
        countries = self.kb.linked(iri, "country")
        if not countries or not scene:
            return True
        return any(c in self.kb.chain(p) for p in scene for c in countries)

    def _one(self, m: Mention, history: list[Entity], done: dict[int, Resolution],
             ext: Extraction, scene: list[str]) -> Resolution | None:
        if m.kind == "anaphor" and (m.hint or "").startswith(PRONOUN):
            return None  # resolved once every name is known, by `_pronouns`
        if m.kind == "anaphor":
            return self._anaphor(m, history)
        key = m.alias or alias_key(m.text)
        entries = self.kb.aliases.get(key, [])
        if m.hint in ("division", "settlement"):
            chosen = self._place_by_hint(key, m.hint)
            if chosen is not None:
                return chosen
        if entries and m.kind == "nominal":
            entries = [e for e in entries if self._in_scene(e.iri, scene)]
            if not entries:
                return None  # "the army" of a report from elsewhere is not the base's default army
        if entries:
            return self._choose(m, entries)
        if m.label == "NORP":
            return None
        fuzzy = self._fuzzy(key, m)
        return fuzzy or self._mint(m)

    def _choose(self, m: Mention, entries: list[AliasEntry]) -> Resolution:
        """Pick among the entities an alias names, by the mention's role in the sentence."""
        kinds = {e.kind: e for e in reversed(entries)}
        if m.role != "locative" and "metonym" in kinds:
            return self._res(kinds["metonym"].iri, "metonym", 0.85)
        if m.label == "NORP" and "demonym" in kinds:
            return self._res(kinds["demonym"].iri, "demonym", 0.8)
        if "bare" in kinds:
            return self._res(kinds["bare"].iri, "alias-bare-name", 0.8)
        named = [e for e in entries if e.kind in ("name", "nominal")] or entries
        if m.role == "locative":
            places = [e for e in named if self.kb.is_a(e.iri, "Place")]
            named = places or named
        method = "alias-acronym" if m.kind == "acronym" else "alias-nominal" if m.kind == "nominal" else "alias"
        confidence = 0.95 if len(named) == 1 else 0.7
        return self._res(named[0].iri, method, confidence)

    def _place_by_hint(self, key: str, hint: str) -> Resolution | None:
        """"provinces of Hamas and Latakia": the context asks for a division, so look among divisions."""
        cls = "FirstLevelDivision" if hint == "division" else "Settlement"
        for entry in self.kb.aliases.get(key, []):
            if self.kb.is_a(entry.iri, cls):
                return self._res(entry.iri, f"alias-{hint}-context", 0.9)
        best = self._closest(key, cls, lambda iri: self.kb.is_a(iri, cls))
        if best is None:
            return None
        iri, score = best
        return self._res(iri, f"fuzzy-{hint}-context", round(score * 0.9, 3))

    def _fuzzy(self, key: str, m: Mention) -> Resolution | None:
        if len(key) < 5:
            return None
        wants_place = m.label in ("GPE", "LOC", "FAC")
        if m.label == "PERSON":  # "Hollande" is no near miss of "Holland": a person is near only persons
            best = self._closest(key, "person", lambda iri: self.kb.is_a(iri, "Person"))
        else:
            best = self._closest(key, "place" if wants_place else "actor",
                                 lambda iri: self.kb.is_a(iri, "Place") == wants_place or self.kb.is_a(iri, "Country"))
        if best is None:
            return None
        iri, score = best
        return self._res(iri, "fuzzy", round(score * 0.9, 3))

    def _closest(self, key: str, kind: str, accept) -> tuple[str, float] | None:  # type: ignore[no-untyped-def]
        """The best near-miss alias of the wanted kind; remembered, since names recur across reports."""
        memo = (key, kind)
        if memo not in self._near:
            self._near[memo] = self._search(key, accept)
        return self._near[memo]

    def _search(self, key: str, accept) -> tuple[str, float] | None:  # type: ignore[no-untyped-def]
        best: tuple[str, float] | None = None
        for cand in self._keys:
            if abs(len(cand) - len(key)) > max(2, len(key) // 5) or cand[:1] != key[:1]:
                continue
            matcher = difflib.SequenceMatcher(None, key, cand)
            if matcher.real_quick_ratio() < FUZZY_MIN or matcher.quick_ratio() < FUZZY_MIN:
                continue
            score = matcher.ratio()
            if score < FUZZY_MIN or (best and score <= best[1]):
                continue
            iris = [e.iri for e in self.kb.aliases[cand] if e.kind in ("name", "bare") and accept(e.iri)]
            if iris:
                best = (iris[0], score)
        return best

    def _anaphor(self, m: Mention, history: list[Entity]) -> Resolution | None:
        for entity in reversed(history):
            iri = entity.iri
            if not entity.curated:  # "the group" for a group the base does not know, named just before
                if m.hint == "Actor" and "Actor" in entity.classes:
                    return Resolution(entity, "anaphora", 0.6)
                continue
            if m.hint and self.kb.is_a(iri, m.hint) and not self.kb.is_a(iri, "Person") \
                    and (m.hint != "Actor" or not self.kb.is_a(iri, "Country")):
                return self._res(iri, "anaphora", 0.6)
            if m.hint and iri in self.kb.entities and not self.kb.is_a(iri, "Actor"):
                continue
        return None

    def _pronouns(self, ext: Extraction, res: dict[int, Resolution]) -> dict[int, Resolution]:
        """"we" -> the speaker's side; "they", "its" -> the last actor named; "he" -> the last person."""
        out = dict(res)
        said_in: list[int] | None = None  # the sentence of each attribution, found once
        for idx, m in enumerate(ext.mentions):
            hint = (m.hint or "") if m.kind == "anaphor" else ""
            if not hint.startswith(PRONOUN):
                continue
            kind = hint[len(PRONOUN):]
            if kind == "speaker" and said_in is None:
                said_in = [_sentence_of(ext, a.start) for a in ext.attributions]
            iri = self._speaker_side(ext, out, m, said_in or []) if kind == "speaker" \
                else self._antecedent(ext, out, idx, kind)
            if iri is not None:
                out[idx] = self._pronoun_res(iri, out)
        return out

    def _pronoun_res(self, iri: str, res: dict[int, Resolution]) -> Resolution:
        entity = self.kb.entities.get(iri) or next(r.entity for r in res.values() if r.entity.iri == iri)
        return Resolution(entity, "pronoun", PRONOUN_CONFIDENCE)

    def _antecedent(self, ext: Extraction, res: dict[int, Resolution], idx: int, kind: str) -> str | None:
        """The nearest earlier actor (a person for "he") named in this sentence or the one before."""
        m = ext.mentions[idx]
        for j in range(idx - 1, -1, -1):
            other, r = ext.mentions[j], res.get(j)
            if other.sentence < m.sentence - 1:
                return None
            if r is None or other.end > m.start or not self._is_actor(r, other):
                continue
            person = "Person" in r.entity.classes or self.kb.is_a(r.entity.iri, "Person")
            if person == (kind == "person"):
                return r.entity.iri
        return None

    def _speaker_side(self, ext: Extraction, res: dict[int, Resolution], m: Mention,
                      said_in: list[int]) -> str | None:
        """The actor a quoted "we" speaks for: the attributed source, or what the source leads or
        belongs to when it is a person; the latest attribution up to this sentence."""
        for att, n in zip(reversed(ext.attributions), reversed(said_in)):
            if att.source is None or att.source not in res or n > m.sentence:
                continue
            source = res[att.source]
            if not ("Person" in source.entity.classes or self.kb.is_a(source.entity.iri, "Person")):
                return source.entity.iri if self._is_actor(source, ext.mentions[att.source]) else None
            return self._person_side(ext, res, att.source)
        return None

    def _person_side(self, ext: Extraction, res: dict[int, Resolution], person: int) -> str | None:
        for c in ext.relations:
            if c.subject == person and c.predicate in SIDE_PREDICATES and c.object in res:
                return res[c.object].entity.iri
        return None

    def _mint(self, m: Mention) -> Resolution | None:
        if m.label in ("GPE", "LOC", "FAC"):
            iri, cls = f"{BASE}place/{slug(m.text)}", "Place"
        elif m.label == "PERSON":
            iri, cls = f"{BASE}actor/{slug(m.text)}", "Person"
        elif m.label == "ORG":
            iri, cls = f"{BASE}actor/{slug(m.text)}", "Actor"
        else:
            return None
        confidence = 0.4 if m.kind == "acronym" else 0.6
        return Resolution(Entity(iri, m.text, (cls,), curated=False), "new", confidence)

    def _acronyms(self, ext: Extraction, out: dict[int, Resolution]) -> dict[int, Resolution]:
        """Acronyms defined in the text take their long form's entity; undefined ones lose trust."""
        result = dict(out)
        for idx, m in enumerate(ext.mentions):
            if m.kind != "acronym" or idx not in result:
                continue
            partner = result.get(m.same_as) if m.same_as is not None else None
            if partner is not None:
                result[idx] = replace(partner, method="acronym-definition")
                continue
            supported = any(result[j].entity.iri == result[idx].entity.iri
                            for j, other in enumerate(ext.mentions)
                            if j in result and other.kind not in ("acronym",))
            if not supported:
                cap = UNSUPPORTED_KNOWN if self._well_known(m) else UNSUPPORTED_OTHER
                result[idx] = replace(result[idx], method=result[idx].method + "+unsupported-acronym",
                                      confidence=min(result[idx].confidence, cap))
        return result

    def _well_known(self, m: Mention) -> bool:
        """An acronym that names one curated entity, of three letters or dotted ("ISIL", "U.S.")."""
        key = m.alias or alias_key(m.text)
        letters = [c for c in m.text if c.isalpha()]
        iris = {e.iri for e in self.kb.aliases.get(key, [])}
        short_state = len(iris) == 1 and self.kb.is_a(next(iter(iris)), "Country")  # "UK", "US"
        return (len(letters) >= 3 or "." in m.text or short_state) and len(iris) == 1

    def _res(self, iri: str, method: str, confidence: float) -> Resolution:
        return Resolution(self.kb.entities[iri], method, confidence)

    # ------------------------------------------------------------ events

    def resolve(self, ext: Extraction) -> Resolved:
        res = self.mentions(ext)
        sources = self._sources(ext, res)
        events = self._events(ext, res)
        relations = self._relations(ext, res)
        return Resolved(ext, res, tuple(events), tuple(relations), sources)

    def _sources(self, ext: Extraction, res: dict[int, Resolution]) -> dict[int, str]:
        """Attribution index -> source entity IRI ("the same source" repeats the last one)."""
        out: dict[int, str] = {}
        last: str | None = None
        for i, att in enumerate(ext.attributions):
            iri = res[att.source].entity.iri if att.source is not None and att.source in res else None
            if iri is None and att.same_source:
                iri = last
            if iri is not None:
                out[i] = iri
                last = iri
        return out

    def _is_actor(self, r: Resolution, m: Mention) -> bool:
        e = r.entity
        if r.confidence < PARTICIPANT_MIN:
            return False
        if "Actor" in e.classes or "Person" in e.classes:
            return True
        return self.kb.is_a(e.iri, "Actor") and (m.role != "locative" or r.method == "metonym")

    def _is_place(self, r: Resolution) -> bool:
        return "Place" in r.entity.classes or self.kb.is_a(r.entity.iri, "Place")

    def _plausible(self, actor: str, places: list[str]) -> bool:
        """An actor the base says is active elsewhere cannot take part in an event here."""
        active = self.kb.linked(actor, "activeIn")
        known = [p for p in places if p in self.kb.entities]  # a place the base does not know proves nothing
        if not active or not known:
            return True
        countries = {c for p in known for c in self.kb.chain(p)}
        return bool(active & countries)

    def _roles(self, c: EventCandidate, res: dict[int, Resolution], ext: Extraction) -> dict[str, list[str]]:
        places = [res[i].entity.iri for i in c.places if i in res and self._is_place(res[i])]
        aimed = [res[i].entity.iri for i in c.aimed_at if i in res and self._is_place(res[i])]
        roles: dict[str, list[str]] = {"places": _unique(places), "aimed_at": _unique(aimed)}
        for role in ACTOR_ROLES:
            iris = [res[i].entity.iri for i in getattr(c, role)
                    if i in res and self._is_actor(res[i], ext.mentions[i])]
            roles[role] = [a for a in _unique(iris) if self._plausible(a, places)]
        roles["targets"] = [t for t in roles["targets"] if t not in roles["agents"]]
        return roles

    def _events(self, ext: Extraction, res: dict[int, Resolution]) -> list[Event]:
        groups: list[dict] = []  # type: ignore[type-arg]
        for cand in ext.events:
            roles = self._roles(cand, res, ext)
            target = self._merge_target(groups, cand, roles)
            if target is None:
                groups.append({"cands": [cand], **roles, "cls": cand.cls, "time": cand.time})
            else:
                _absorb(target, cand, roles)
        self._attach_orphans(groups, ext.orphan_casualties)
        return [self._event(ext, n, g) for n, g in enumerate(groups)]

    def _family(self, cls: str) -> str:
        for fam in (ATTACK, AGREEMENT):
            if self.kb.subclass_of(cls, fam):
                return fam
        return cls

    def _merge_target(self, groups: list[dict], cand: EventCandidate, roles: dict[str, list[str]]):  # type: ignore[no-untyped-def,type-arg]
        """The earlier event this trigger re-mentions, if any (see README: event merging)."""
        fam = self._family(cand.cls)
        if cand.novel:
            return None
        for g in reversed(groups):
            if self._family(g["cls"]) != fam or g["cands"][0].modality != cand.modality:
                continue
            if not cand.anaphoric and not _times_agree(g["time"], cand.time):
                continue
            if roles["places"] and g["places"] and not self._places_agree(g["places"], roles["places"]):
                continue
            shared = set(g["agents"]) & set(roles["agents"])
            if roles["agents"] and g["agents"] and not shared:
                continue
            if shared or not roles["agents"] or cand.anaphoric:
                return g
        return None

    def _places_agree(self, a: list[str], b: list[str]) -> bool:
        """Do the most precise places agree (the same, or one inside the other)?"""
        a, b = self._most_precise(a), self._most_precise(b)
        return any(x in self.kb.chain(y) or y in self.kb.chain(x) for x in a for y in b)

    def _most_precise(self, places: list[str]) -> list[str]:
        return [p for p in places if not any(o != p and p in self.kb.chain(o)[1:] for o in places)]

    def _attach_orphans(self, groups: list[dict], orphans: tuple[Casualty, ...]) -> None:  # type: ignore[type-arg]
        """Figures in sentences without a trigger belong to the latest attack before them."""
        for fig in orphans:
            owners = [g for g in groups if self._family(g["cls"]) == ATTACK
                      and g["cands"][0].sentence <= fig.sentence and g["cands"][0].modality == "asserted"]
            if owners:
                owners[-1]["casualties"] = owners[-1].get("casualties", []) + [fig]

    def _event(self, ext: Extraction, n: int, g: dict) -> Event:  # type: ignore[type-arg]
        cands: list[EventCandidate] = g["cands"]
        figures = [f for c in cands for f in c.casualties] + g.get("casualties", [])
        atts = [c.attribution for c in cands if c.attribution is not None]
        atts += [f.attribution for f in figures if f.attribution is not None]
        published = ext.report.meta.date
        time = g["time"]
        background = bool(time and published and time.value < published - timedelta(days=31)
                          and (time.end is None or time.end < published - timedelta(days=31)))
        event = Event(key=f"event/{n + 1}", cls=g["cls"], triggers=tuple(cands),
                      agents=tuple(g["agents"]), targets=tuple(g["targets"]), places=tuple(g["places"]),
                      time=time, casualties=tuple(figures), sources=tuple(_unique(atts)),
                      modality=cands[0].modality, background=background, aimed_at=tuple(g["aimed_at"]))
        return self._coded(event)

    # ------------------------------------------------------------ codebooks

    def _coded(self, e: Event) -> Event:
        """Add codebook codes, participants' sectors and inter codes, interaction and place precision."""
        codes = self.kb.codes(e.cls)
        if e.modality == "threatened":
            codes = {"ploverCategory": codes.get("ploverCategory", "").rsplit("/", 1)[0] + "/THREATEN",
                     "cameoCode": codes.get("threatCode", codes.get("cameoCode", ""))}
        codes.pop("threatCode", None)
        sub = codes.get("acledSubEventType")
        if sub and sub in self.kb.broader:
            codes["acledEventType"] = self.kb.broader[sub]
        participants = [self._participant(a, "agent", e.places) for a in e.agents]
        participants += [self._participant(t, "target", e.places) for t in e.targets]
        precision, geo = self._place_precision(e.places)
        return replace(e, codes=tuple(sorted(codes.items())), participants=tuple(participants),
                       interaction=_interaction(participants, e.casualties), place_precision=precision,
                       geo_precision=geo)

    def _participant(self, iri: str, role: str, places: tuple[str, ...]) -> Participant:
        entity = self.kb.entities.get(iri)
        classes = entity.classes if entity else ()
        codes = {k: v for c in classes for k, v in self.kb.codes(c).items()}
        country = iri if self.kb.is_a(iri, "Country") else next(iter(sorted(self.kb.linked(iri, "country"))), None)
        inter = int(codes["acledInter"]) if "acledInter" in codes else None
        where = {c for p in places for c in self.kb.chain(p)}
        if inter == 1 and country and where and country not in where:
            inter = 8
        return Participant(iri, role, codes.get("sector"), country, inter)

    def _place_precision(self, places: tuple[str, ...]) -> tuple[str | None, int | None]:
        """The most precise level among the event's places, as a name and as ACLED's geo_precision."""
        ranked = sorted((self._precision(p) for p in places), key=lambda x: x[2])
        return (ranked[0][0], ranked[0][1]) if ranked else (None, None)

    def _precision(self, place: str) -> tuple[str, int, int]:
        """(name, ACLED geo_precision, rank) of one place; an area ranks by what it lies in."""
        levels = [("Settlement", "settlement", 1), ("District", "district", 2),
                  ("FirstLevelDivision", "governorate", 3), ("Country", "country", 3)]
        if self.kb.is_a(place, "Area"):
            inside_division = any(self.kb.is_a(p, "FirstLevelDivision") for p in self.kb.chain(place)[1:])
            return ("area", 2, 2) if inside_division else ("region", 3, 4)
        for rank, (cls, name, geo) in enumerate(levels):
            if self.kb.is_a(place, cls):
                return name, geo, rank + (1 if rank >= 2 else 0)
        return "place", 3, 6

    # ------------------------------------------------------------ relations

    def _relations(self, ext: Extraction, res: dict[int, Resolution]) -> list[Relation]:
        out: list[Relation] = []
        seen: set[tuple[str, str, str]] = set()
        for cand in ext.relations:
            s, o = res.get(cand.subject), res.get(cand.object)
            if s is None or o is None or min(s.confidence, o.confidence) < PARTICIPANT_MIN:
                continue
            if not self._fits(cand.predicate, s, o, ext.mentions[cand.subject]):
                continue
            key = (s.entity.iri, cand.predicate, o.entity.iri)
            if key[0] != key[2] and key not in seen:
                seen.add(key)
                out.append(Relation(*key, candidate=cand))
        return out

    def _fits(self, pred: str, s: Resolution, o: Resolution, sm: Mention) -> bool:
        if not self._is_actor(s, sm):
            return False
        if RELATION_RANGES.get(pred) == "Place":
            return self._is_place(o)
        if pred == "leads":
            return "Person" in s.entity.classes or self.kb.is_a(s.entity.iri, "Person")
        return "Actor" in o.entity.classes or self.kb.is_a(o.entity.iri, "Actor")


def _sentence_of(ext: Extraction, offset: int) -> int:
    """The index of the sentence holding a character offset (sentences are in order)."""
    return bisect.bisect_right([s.start for s in ext.sentences], offset) - 1


def _interaction(participants: list[Participant], figures: tuple[Casualty, ...]) -> str | None:
    """ACLED's interaction code: the two inter codes, lower first ("12"), or one and 0 ("20")."""
    agents = [p.inter for p in participants if p.role == "agent" and p.inter]
    first = agents[0] if agents else None
    second = next((p.inter for p in participants if p.role == "target" and p.inter), None)
    if second is None and len(agents) > 1:
        second = agents[1]
    if second is None and any(f.category in ("civilians", "children", "women", "men") for f in figures):
        second = 7
    codes = sorted(c for c in (first, second) if c)
    if not codes:
        return None
    return f"{codes[0]}{codes[1]}" if len(codes) == 2 else f"{codes[0]}0"


def _absorb(g: dict, cand: EventCandidate, roles: dict[str, list[str]]) -> None:  # type: ignore[type-arg]
    g["cands"].append(cand)
    for key in ("agents", "targets", "places", "aimed_at"):
        g[key] = _unique(g[key] + roles[key])
    g["targets"] = [t for t in g["targets"] if t not in g["agents"]]
    if g["time"] is None:
        g["time"] = cand.time
    if g["cls"] in VAGUE_CLASSES and cand.cls not in (ATTACK, AGREEMENT) and cand.cls != g["cls"]:
        g["cls"] = cand.cls


def _times_agree(a, b) -> bool:  # type: ignore[no-untyped-def]
    if a is None or b is None:
        return True
    if a.precision == "day" and b.precision == "day":
        return a.value == b.value
    lo_a, hi_a = a.value, a.end or _period_end(a)
    lo_b, hi_b = b.value, b.end or _period_end(b)
    return lo_a <= hi_b and lo_b <= hi_a


def _period_end(t):  # type: ignore[no-untyped-def]
    days = {"day": 0, "week": 7, "month": 31, "year": 365}.get(t.precision, 0)
    return t.value + timedelta(days=days)


def _unique(items) -> list:  # type: ignore[no-untyped-def,type-arg]
    out: list = []  # type: ignore[type-arg]
    for i in items:
        if i not in out:
            out.append(i)
    return out
