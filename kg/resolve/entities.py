"""Mentions -> canonical actors and places: knowledge-base aliases, metonymy, demonyms, place
hints, fuzzy near misses, anaphora, pronouns, acronyms, and new entities for unknown names.

Every resolution keeps its method and a confidence, so a reader can tell a curated match
from a guess.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace

from kg import vocab
from kg.kb import AliasEntry, KnowledgeBase, alias_key
from kg.lexicon import load_lexicon
from kg.records import Entity, Extraction, Mention, PlaceHint, PronounKind, Resolution, ResolutionMethod
from kg.resolve import bodies, names
from kg.resolve.classes import entity_is
from kg.resolve.located import BarePlaces
from kg.resolve.places import WorldPlaces, called_antecedent, settlement_antecedent

FUZZY_MIN = 0.86
PARTICIPANT_MIN = 0.5
UNSUPPORTED_KNOWN = 0.6   # an undefined but unambiguous curated acronym may still take part
UNSUPPORTED_OTHER = 0.4   # a short or ambiguous undefined acronym may not
HINTED_ALIAS: dict[PlaceHint, ResolutionMethod] = {"division": "alias-division-context",
                                                  "settlement": "alias-settlement-context"}
HINTED_FUZZY: dict[PlaceHint, ResolutionMethod] = {"division": "fuzzy-division-context",
                                                  "settlement": "fuzzy-settlement-context"}
PRONOUN_CONFIDENCE = 0.5
SINGULAR_PRONOUNS = frozenset({"it", "its"})
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


class MentionResolver:
    """Resolves the mentions of a report against one knowledge base, with a fuzzy index built once."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._keys = sorted(kb.aliases)
        self._near: dict[tuple[str, str], tuple[str, float] | None] = {}
        self.world = WorldPlaces(kb)
        self._bodies: re.Pattern[str] | None = None
        lexicon = load_lexicon().data
        self.whole_state = frozenset(lexicon.get("whole_state_nouns", []))  # read by the relation stage
        self.located = BarePlaces(kb, self.world, lexicon)
        self.qualifier = Qualifiers.of(lexicon)
        self.led = frozenset(lexicon.get("led_group_nouns", []))

    def mentions(self, ext: Extraction) -> dict[int, Resolution]:
        out: dict[int, Resolution] = {}
        history: list[Entity] = []
        scene = self._scene(ext)
        countries = self.world.countries(scene)
        for idx, m in enumerate(ext.mentions):
            res = self._one(m, history, out, ext, scene, countries)
            if res is None:
                continue
            out[idx] = res
            if not self.qualifier.names(ext.report.text, m):
                history.append(res.entity)
        named = self._home_states(ext, self._acronyms(ext, out))
        pronouns = names.local_names(self.kb, ext, self._pronouns(ext, named), scene, slug, self.led)
        resolved = self._one_sense(ext, self._outside_container(ext, pronouns))
        return self.located.locate(ext, resolved, countries)

    def _scene(self, ext: Extraction) -> list[str]:
        """The known places and countries the report names ("Idlib", "Sudanese"), its dateline's
        among them, for judging its generic nouns ("the army") and the places it names."""
        keys = [m.alias or alias_key(m.text) for m in ext.mentions if m.kind in ("name", "acronym", "demonym")]
        keys += [alias_key(name) for name in ext.dateline]
        return [e.iri for k in keys for e in self.kb.aliases.get(k, [])
                if self.kb.is_a(e.iri, "Place") or self.kb.is_a(e.iri, "Country")]

    def _ties(self, iri: str, scene: list[str]) -> int:
        """How often the report names a place of the country a state's institution belongs to, or
        one of the countries an armed group fights in ("the paramilitaries" of a report from
        elsewhere are not the base's); any other entity ("the Observatory") is tied once."""
        countries = self.kb.linked(iri, "country")
        if self.kb.is_a(iri, "ArmedGroup"):
            countries = countries | self.kb.linked(iri, "activeIn")
        elif not self.kb.is_a(iri, "State"):
            return 1
        if not countries:
            return 1
        return sum(1 for p in scene if any(c in self.kb.chain(p) for c in countries))

    def _tied(self, entries: list[AliasEntry], scene: list[str]) -> list[AliasEntry]:
        """The entries a generic noun ("the army") may name here: those of the state the report is
        most tied to; none when the report names no place of theirs."""
        ties = [(self._ties(e.iri, scene), e) for e in entries]
        best = max((n for n, _ in ties), default=0)
        return [e for n, e in ties if n == best and n > 0]

    def _home_states(self, ext: Extraction, out: dict[int, Resolution]) -> dict[int, Resolution]:
        if self._bodies is None:
            self._bodies = bodies.body_words(self.kb)
        return bodies.home_states(self.kb, ext, out, self._bodies, self.located.country_of)

    def _one(self, m: Mention, history: list[Entity], done: dict[int, Resolution],
             ext: Extraction, scene: list[str], countries: frozenset[str] = frozenset()) -> Resolution | None:
        if m.kind == "anaphor" and m.pronoun is not None:
            return None  # resolved once every name is known, by `_pronouns`
        if m.kind == "anaphor" and m.refers_to == "Settlement":
            return settlement_antecedent(self.kb, done.get(m.same_as)) if m.same_as is not None else None
        if m.kind == "anaphor" and m.refers_to == "Place":
            return called_antecedent(self.kb, done.get(m.same_as)) if m.same_as is not None else None
        if m.kind == "anaphor":
            return self._anaphor(m, history)
        if m.name is not None and m.alias is None:  # "the gang of X", "its local affiliate"
            return names.described(self.kb, m, (history, done, ext), self._scene(ext), self._choose, slug)
        key = m.alias or alias_key(m.text)
        entries = self.kb.aliases.get(key, [])
        if m.place_hint is not None:
            chosen = self._place_by_hint(key, m.place_hint)
            if chosen is None and m.place_hint == "division" and entries:
                chosen = self._hinted_division(m, countries)  # "the X region": the division, not X's state
            if chosen is not None:
                return chosen
        if entries and m.kind == "nominal":
            entries = self._tied(entries, scene)
            if not entries:
                return None  # "the army" of a report from elsewhere is not the base's default army: `_home_states`
        if entries:
            return self._choose(m, entries, scene)
        if m.label == "NORP":
            return None
        world = self.world.resolve(m, countries) if m.label in ("GPE", "LOC", "FAC", "ORG") else None
        return world or self._fuzzy(key, m) or self._mint(m)

    def _choose(self, m: Mention, entries: list[AliasEntry], scene: list[str]) -> Resolution:
        """Pick among the entities an alias names, by the mention's role in the sentence and, for a
        name several actors share ("SNA"), by the countries the report names."""
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
        method: ResolutionMethod = "alias-acronym" if m.kind == "acronym" \
            else "alias-nominal" if m.kind == "nominal" else "alias"
        if len({e.iri for e in named}) > 1:
            named = sorted(named, key=lambda e: -self._at_home(e.iri, scene))
        confidence = 0.95 if len(named) == 1 else 0.7
        return self._res(named[0].iri, method, confidence)

    def _at_home(self, iri: str, scene: list[str]) -> int:
        """How many of the report's known places lie in the countries an actor belongs to or acts in."""
        home = self.kb.linked(iri, "country") | self.kb.linked(iri, "activeIn")
        return sum(1 for p in scene if any(c in home for c in self.kb.chain(p)))

    def _hinted_division(self, m: Mention, countries: frozenset[str]) -> Resolution | None:
        found = self.world.resolve(m, countries)
        return found if found is not None and entity_is(self.kb, found.entity, "FirstLevelDivision") else None

    def _place_by_hint(self, key: str, hint: PlaceHint) -> Resolution | None:
        """"provinces of Hamas and Latakia": the context asks for a division, so look among divisions."""
        cls = "FirstLevelDivision" if hint == "division" else "Settlement"
        for entry in self.kb.aliases.get(key, []):
            if self.kb.is_a(entry.iri, cls):
                return self._res(entry.iri, HINTED_ALIAS[hint], 0.9)
        best = self._closest(key, cls, lambda iri: self.kb.is_a(iri, cls))
        if best is None:
            return None
        iri, score = best
        return self._res(iri, HINTED_FUZZY[hint], round(score * 0.9, 3))

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

    def _closest(self, key: str, kind: str, accept: Callable[[str], bool]) -> tuple[str, float] | None:
        """The best near-miss alias of the wanted kind; remembered, since names recur across reports."""
        memo = (key, kind)
        if memo not in self._near:
            self._near[memo] = self._search(key, accept)
        return self._near[memo]

    def _search(self, key: str, accept: Callable[[str], bool]) -> tuple[str, float] | None:
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
                if m.refers_to and entity_is(self.kb, entity, m.refers_to) and not entity_is(self.kb, entity, "Person"):
                    return Resolution(entity, "anaphora", 0.6)
                continue
            if m.refers_to and self.kb.is_a(iri, m.refers_to) and not self.kb.is_a(iri, "Person") \
                    and (m.refers_to != "Actor" or not self.kb.is_a(iri, "Country")) \
                    and not (self.qualifier.nonstate(m) and self.kb.is_a(iri, "State")):
                return self._res(iri, "anaphora", 0.6)
            if m.refers_to and iri in self.kb.entities and not self.kb.is_a(iri, "Actor"):
                continue
        return None

    def _pronouns(self, ext: Extraction, res: dict[int, Resolution]) -> dict[int, Resolution]:
        """"we" -> the speaker's side; "they", "its" -> the last actor named; "he" -> the last person."""
        out = dict(res)
        said_in: list[int] | None = None  # the sentence of each attribution, found once
        for idx, m in enumerate(ext.mentions):
            kind = m.pronoun if m.kind == "anaphor" else None
            if kind is None:
                continue
            if kind == "speaker" and said_in is None:
                said_in = [_sentence_of(ext, a.start) for a in ext.attributions]
            if kind == "speaker":
                iri = self._speaker_side(ext, out, m, said_in or [])
            else:
                iri = self._said_by(ext, out, m) if m.same_as is not None else self._antecedent(ext, out, idx, kind)
            if iri is not None:
                out[idx] = self._pronoun_res(iri, out)
        return out

    def _said_by(self, ext: Extraction, res: dict[int, Resolution], m: Mention) -> str | None:
        """"X said its fighters ...": the actor of the speaker's name the pronoun is bound to; for a person
        ("P said it had"), the side P leads or belongs to."""
        speaker = res.get(m.same_as) if m.same_as is not None else None
        if speaker is None or m.same_as is None:
            return None
        if entity_is(self.kb, speaker.entity, "Person"):
            side = self._person_side(ext, res, m.same_as)
            return side if side != speaker.entity.iri else None  # an office's own-state link names the person
        return speaker.entity.iri if is_actor(self.kb, speaker, ext.mentions[m.same_as]) else None

    def _pronoun_res(self, iri: str, res: dict[int, Resolution]) -> Resolution:
        entity = self.kb.entities.get(iri) or next(r.entity for r in res.values() if r.entity.iri == iri)
        return Resolution(entity, "pronoun", PRONOUN_CONFIDENCE)

    def _antecedent(self, ext: Extraction, res: dict[int, Resolution], idx: int, kind: PronounKind) -> str | None:
        """The nearest earlier actor (a person for "he") named in this sentence or the one before."""
        m = ext.mentions[idx]
        topic = self._topic(ext, res, m, kind)
        if topic is not None:
            return topic
        for j in range(idx - 1, -1, -1):
            other, r = ext.mentions[j], res.get(j)
            if other.sentence < m.sentence - 1:
                return None
            if r is None or other.end > m.start or not is_actor(self.kb, r, other) \
                    or (m.bound_start is not None and other.start >= m.bound_start) \
                    or self._qualifies(ext, other) or _plural_for_singular(m, other) \
                    or (m.text.lower() in SINGULAR_PRONOUNS and other.kind == "demonym"):
                continue  # "near the Chinese border, to end its offensive": an adjective is no antecedent
            person = entity_is(self.kb, r.entity, "Person")
            if person == (kind == "person"):
                return r.entity.iri
        return None

    def _topic(self, ext: Extraction, res: dict[int, Resolution], m: Mention, kind: PronounKind) -> str | None:
        """The actor the sentence before was about, for a pronoun opening its sentence, if it fits."""
        if m.topic_start is None:
            return None
        j = next((j for j, o in enumerate(ext.mentions) if o.start == m.topic_start), None)
        if j is None:
            return None
        r = res.get(j)
        if r is None or not is_actor(self.kb, r, ext.mentions[j]) or _plural_for_singular(m, ext.mentions[j]):
            return None
        return r.entity.iri if entity_is(self.kb, r.entity, "Person") == (kind == "person") else None

    def _qualifies(self, ext: Extraction, m: Mention) -> bool:
        """Does the name, or the other form of it ("a faction of the Long Name (LN)"), only qualify?"""
        text = ext.report.text
        other = ext.mentions[m.same_as] if m.same_as is not None else None
        return self.qualifier.names(text, m) or (other is not None and self.qualifier.names(text, other))

    def _speaker_side(self, ext: Extraction, res: dict[int, Resolution], m: Mention,
                      said_in: list[int]) -> str | None:
        """The actor a quoted "we" speaks for: the attributed source, or what the source leads or
        belongs to when it is a person; the latest attribution up to this sentence."""
        for att, n in zip(reversed(ext.attributions), reversed(said_in)):
            if att.source is None or att.source not in res or n > m.sentence:
                continue
            source = res[att.source]
            if not entity_is(self.kb, source.entity, "Person"):
                return source.entity.iri if is_actor(self.kb, source, ext.mentions[att.source]) else None
            return self._person_side(ext, res, att.source)
        return None

    def _person_side(self, ext: Extraction, res: dict[int, Resolution], person: int) -> str | None:
        for c in ext.relations:
            if c.subject == person and c.predicate in SIDE_PREDICATES and c.object in res:
                return res[c.object].entity.iri
        return None

    def _mint(self, m: Mention) -> Resolution | None:
        if m.label in ("GPE", "LOC", "FAC"):
            iri, cls = vocab.place_iri(slug(m.text)), "Place"
        elif m.label == "PERSON":
            iri, cls = vocab.actor_iri(slug(m.text)), "Person"
        elif m.label == "ORG":
            iri, cls = vocab.actor_iri(slug(m.text)), m.cue or "Actor"
        else:
            return None
        confidence = 0.4 if m.kind == "acronym" else 0.6
        return Resolution(Entity(iri, m.text, (cls,), curated=False), "new", confidence)

    def _one_sense(self, ext: Extraction, out: dict[int, Resolution]) -> dict[int, Resolution]:
        """A name keeps one sense in a report: a name minted as an actor of no known kind, or as a
        person known by one word ("Kimbo fell", parsed as an organisation or a person), is the place
        the same name is elsewhere ("the town of Kimbo")."""
        places: dict[str, Resolution] = {}
        for idx in sorted(out):
            m, r = ext.mentions[idx], out[idx]
            if m.kind == "name" and is_place(self.kb, r) and not entity_is(self.kb, r.entity, "Country"):
                places.setdefault(m.alias or alias_key(m.text), r)
        result = dict(out)
        for idx, r in out.items():
            m = ext.mentions[idx]
            place = places.get(m.alias or alias_key(m.text)) if m.kind == "name" else None
            if place is not None and r.basis == "new" and m.cue is None and (
                    r.entity.classes == ("Actor",) or (r.entity.classes == ("Person",) and " " not in m.text)):
                result[idx] = replace(place, basis="same-name-place", confidence=min(place.confidence, r.confidence))
        return result

    def _outside_container(self, ext: Extraction, out: dict[int, Resolution]) -> dict[int, Resolution]:
        """"X in Y": a gazetteer namesake of X in another country than Y's is not X; X becomes a new
        place, to be located in Y. The name keeps that sense in the whole report: its other mentions
        are not the far namesake either."""
        result = dict(out)
        kept: dict[str, tuple[str, Resolution]] = {}  # name -> (the country the text puts it in, the new place)
        for idx, r in out.items():
            geo = r.entity.geo
            if r.basis != "gazetteer" or geo is None or geo.country is None:
                continue
            container = self.located.next_place(ext, idx, out)
            if container is None or container[1]:
                continue
            country = self.located.country_of(container[0].entity)
            if country is not None and country != geo.country:
                minted = self._mint(replace(ext.mentions[idx], label="GPE"))
                if minted is not None:
                    result[idx] = minted
                    kept.setdefault(ext.mentions[idx].alias or alias_key(ext.mentions[idx].text), (country, minted))
        far: dict[str, Resolution] = {}  # the far namesake's IRI -> the new place
        for idx, r in out.items():
            m, geo = ext.mentions[idx], r.entity.geo
            found = kept.get(m.alias or alias_key(m.text)) if m.kind == "name" else None
            if found is not None and r.basis == "gazetteer" and geo is not None and geo.country != found[0]:
                far.setdefault(r.entity.iri, found[1])
        return {idx: (far[r.entity.iri] if r.basis == "gazetteer" else replace(r, entity=far[r.entity.iri].entity))
                if r.entity.iri in far else r for idx, r in result.items()}

    def _acronyms(self, ext: Extraction, out: dict[int, Resolution]) -> dict[int, Resolution]:
        """Acronyms defined in the text take their long form's entity; undefined ones lose trust."""
        result = dict(out)
        for idx, m in enumerate(ext.mentions):
            if m.kind != "acronym" or idx not in result:
                continue
            partner = result.get(m.same_as) if m.same_as is not None else None
            if partner is not None and m.same_as is not None and self._known_by_acronym(m, partner, result[idx]):
                result[m.same_as] = replace(result[idx], basis="acronym-definition")
                continue  # "the Multinational Mixed Force (FMM)": a long form the base lacks, of a known name
            if partner is not None:
                result[idx] = replace(partner, basis="acronym-definition", unsupported_acronym=False)
                continue
            supported = any(result[j].entity.iri == result[idx].entity.iri
                            for j, other in enumerate(ext.mentions)
                            if j in result and other.kind not in ("acronym",))
            if not supported:
                cap = UNSUPPORTED_KNOWN if self._well_known(m) else UNSUPPORTED_OTHER
                result[idx] = replace(result[idx], unsupported_acronym=True,
                                      confidence=min(result[idx].confidence, cap))
        return result

    def _known_by_acronym(self, m: Mention, partner: Resolution, own: Resolution) -> bool:
        """Does a defined acronym name one curated entity where its long form names none known?"""
        return not partner.entity.curated and partner.entity.geo is None and own.entity.curated \
            and self._well_known(m) and entity_is(self.kb, own.entity, "Actor")

    def _well_known(self, m: Mention) -> bool:
        """An acronym that names one curated entity, of three letters or dotted ("ISIL", "U.S.")."""
        key = m.alias or alias_key(m.text)
        letters = [c for c in m.text if c.isalpha()]
        iris = {e.iri for e in self.kb.aliases.get(key, [])}
        short_state = len(iris) == 1 and self.kb.is_a(next(iter(iris)), "Country")  # "UK", "US"
        return (len(letters) >= 3 or "." in m.text or short_state) and len(iris) == 1

    def _res(self, iri: str, method: ResolutionMethod, confidence: float) -> Resolution:
        return Resolution(self.kb.entities[iri], method, confidence)


@dataclass(frozen=True)
class Qualifiers:
    """Names that only qualify another actor ("Iran-backed militias", "an al-Qaeda affiliate", "X's
    branch"), which anaphors and pronouns never point back to, and the nouns ("the group") that
    point back to no state."""

    after: re.Pattern[str]
    before: re.Pattern[str]
    nonstate_words: frozenset[str]

    @classmethod
    def of(cls, lex: dict[str, list[str]]) -> Qualifiers:
        participles = "|".join(sorted(map(re.escape, lex.get("relational_participles", []))))
        nouns = "|".join(sorted(map(re.escape, lex.get("affiliation_nouns", []))))
        after = rf"(?:\s*-\s*(?:{participles})\b|(?:'s|’s)?\s+(?:(?:local|regional|main)\s+)?(?:{nouns})\b)"
        return cls(re.compile(after, re.IGNORECASE), re.compile(rf"\b(?:{nouns})\s+of\s+(?:the\s+)?$", re.IGNORECASE),
                   frozenset(lex.get("nonstate_anaphors", [])))

    def names(self, text: str, m: Mention) -> bool:
        """Does the mention only qualify the actor noun next to it?"""
        return bool(self.after.match(text, m.end)) or bool(self.before.search(text[max(0, m.start - 40):m.start]))

    def nonstate(self, m: Mention) -> bool:
        """"the group", "the movement": an anaphor that never stands for a state or its bodies."""
        words = m.text.lower().split()
        return bool(words) and words[-1] in self.nonstate_words


def is_actor(kb: KnowledgeBase, r: Resolution, m: Mention) -> bool:
    """Can the resolved mention take part as an actor (sure enough, and not a place named as one)?"""
    e = r.entity
    if r.confidence < PARTICIPANT_MIN:
        return False
    if not e.curated:
        return entity_is(kb, e, "Actor")
    return kb.is_a(e.iri, "Actor") and (m.role != "locative" or r.method == "metonym")


def is_place(kb: KnowledgeBase, r: Resolution) -> bool:
    return entity_is(kb, r.entity, "Place")


def _sentence_of(ext: Extraction, offset: int) -> int:
    """The index of the sentence holding a character offset (sentences are in order)."""
    return bisect.bisect_right([s.start for s in ext.sentences], offset) - 1


def _plural_for_singular(pronoun: Mention, other: Mention) -> bool:
    """"its" never points back to "the assailants": a singular pronoun skips a plural noun phrase."""
    return pronoun.text.lower() in SINGULAR_PRONOUNS and other.kind == "anaphor" and other.pronoun is None \
        and other.text.lower().endswith("s") and not other.text.lower().endswith("ss")
