"""The frame lexicon (ontology/patterns/frames.json): where a trigger's agent, target and place stand.

A frame maps a syntactic slot around a trigger ("subject", "object", "prep:on", ...) to a role
("agent", "target", "place", "undergoer"); `arguments` reads the slots of one trigger in a parse.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal, cast

from spacy.tokens import Token

from kg import paths
from kg.errors import KnowledgeBaseError
from kg.nlp.syntax import Context, place_named, prep_objects, unique, verb_objects

FrameRole = Literal["agent", "target", "place", "undergoer"]
ROLES: frozenset[str] = frozenset({"agent", "target", "place", "undergoer"})
SLOTS: frozenset[str] = frozenset({"subject", "object", "passive_subject", "possessor", "modifier", "under",
                                   "adjunct_subject"})
Frame = Mapping[str, FrameRole]
RELATIVE_TAGS = frozenset({"WDT", "WP"})  # "who", "which", "that" opening a relative clause
QUALIFYING_DEPS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod"})
PREP_COMPLEMENTS = frozenset({"pobj", "pcomp"})
PARTICLE_DEPS = frozenset({"prt", "prep", "advmod"})  # the first word of a two-word preposition slot
SOURCE_SLOTS = frozenset({"prep:from"})  # where an act comes from: a party or a place


@dataclass(frozen=True)
class FrameLexicon:
    """Frames by event class and by trigger lemma."""

    classes: Mapping[str, Mapping[str, FrameRole | None]]
    lemmas: Mapping[str, Mapping[str, FrameRole | None]]

    def frame(self, lemma: str, lineage: Iterable[str]) -> Frame:
        """The frame of a trigger: its classes from the most general down, then its lemma."""
        merged: dict[str, FrameRole | None] = {}
        for cls in lineage:
            merged.update(self.classes.get(cls, {}))
        merged.update(self.lemmas.get(lemma, {}))
        return {slot: role for slot, role in merged.items() if role is not None}


@dataclass(frozen=True)
class Arguments:
    """The mentions a frame finds around one trigger, by role."""

    agents: tuple[int, ...] = ()
    targets: tuple[int, ...] = ()
    places: tuple[int, ...] = ()
    located: tuple[int, ...] = ()  # places among `places` only where the hit thing is, not what was hit


def _checked(path: Path, table: object) -> dict[str, dict[str, FrameRole | None]]:
    if not isinstance(table, dict):
        raise KnowledgeBaseError(f"{path}: 'classes' and 'lemmas' must be objects")
    for key, frame in table.items():
        for slot, role in (frame.items() if isinstance(frame, dict) else [("", "not an object")]):
            if not (slot in SLOTS or slot.startswith("prep:")) or (role is not None and role not in ROLES):
                raise KnowledgeBaseError(f"{path}: frame {key!r} maps slot {slot!r} to {role!r}; slots are "
                                         f"{sorted(SLOTS)} or 'prep:WORD', roles {sorted(ROLES)} or null")
    return cast(dict[str, dict[str, FrameRole | None]], table)


@lru_cache(maxsize=4)
def load_frames(path: Path | None = None) -> FrameLexicon:
    """Read and check the frame lexicon (once per path)."""
    path = path or paths.patterns_dir() / "frames.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KnowledgeBaseError(f"{path}: cannot read the frame lexicon: {exc}") from exc
    return FrameLexicon(_checked(path, data.get("classes")), _checked(path, data.get("lemmas")))


def lineage(ctx: Context, cls: str) -> list[str]:
    """An event class and its ancestors, the most general first."""
    above = sorted(ctx.kb.ancestors.get(cls, ()), key=lambda a: len(ctx.kb.ancestors.get(a, ())))
    return [*above, cls]


def frame_of(ctx: Context, t: Token, cls: str) -> Frame:
    return load_frames().frame(t.lemma_.lower(), lineage(ctx, cls))


def _hosts(ctx: Context, t: Token) -> list[Token]:
    """The trigger, and the light verb whose object it is ("carried out strikes on Y") or the verb it
    follows "under" ("came under fire from X")."""
    if t.dep_ in {"dobj", "obj"} and t.head.lemma_.lower() in ctx.w("light_verbs"):
        return [t, t.head]
    if _under(t):
        return [t, t.head.head]
    return [t]


def _verb_children(t: Token, deps: set[str]) -> list[Token]:
    return [c for c in t.children if c.dep_ in deps] if t.pos_ == "VERB" else []


def _subjects(t: Token) -> list[Token]:
    """The active subjects of a verb trigger; "the gunmen who stormed": the noun the clause qualifies."""
    subjects = _verb_children(t, {"nsubj"})
    if t.dep_ == "relcl" and subjects and all(s.tag_ in RELATIVE_TAGS for s in subjects):
        return [t.head]
    return subjects


def _adjunct_subject(ctx: Context, t: Token) -> list[Token]:
    """"X entered the town after days of fighting with Y": a noun trigger that names the other side
    ("with Y"), inside a phrase of time or circumstance of a verb ("after", "during", "amid"), is done
    by that verb's subject."""
    if t.dep_ not in PREP_COMPLEMENTS or not prep_objects(t, {"with"}):  # a noun, or "during fighting with Y"
        return []
    cur = t
    while cur.dep_ in PREP_COMPLEMENTS and cur.head.dep_ == "prep":
        prep = cur.head
        if prep.lower_ in ctx.w("circumstance_preps") and prep.head.pos_ == "VERB":
            return _subjects(prep.head) or _fallen_fighters(ctx, prep.head)
        if prep.lower_ != "of" or prep.head.pos_ != "NOUN":  # "days of fighting": go on up
            return []
        cur = prep.head
    return []


def _fallen_fighters(ctx: Context, verb: Token) -> list[Token]:
    """"Two soldiers were killed in a gunfight with Y": the armed men killed or wounded in a fight
    were a side of it (civilians caught in it were not)."""
    if verb.lemma_.lower() not in ctx.w("kill_lemmas") | ctx.w("injure_lemmas"):
        return []
    armed = (ctx.w("armed_nouns") | ctx.w("proxy_heads")) - ctx.w("civilian_heads")
    return [s for s in _verb_children(verb, {"nsubjpass"})
            if s.lemma_.lower() in armed or (s.i in ctx.by_token and not ctx.is_place(ctx.by_token[s.i]))]


def qualifier(ctx: Context, idx: int) -> bool:
    """A name that only qualifies an actor noun ("an X affiliate", "X's branch", "an affiliate of X"):
    the noun's actor does what the sentence says, not X."""
    m = ctx.mentions[idx]
    span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    tok, nouns = span.root, ctx.w("affiliation_nouns")
    while tok.dep_ in QUALIFYING_DEPS and tok.head.i != tok.i and tok.head.lemma_.lower() not in nouns:
        tok = tok.head  # "an X army affiliate": climb to the word "army" qualifies
    if tok.dep_ in QUALIFYING_DEPS:
        noun = tok.head
    elif tok.dep_ == "pobj" and tok.head.lower_ == "of":
        noun = tok.head.head
    else:
        return False
    return noun.i != tok.i and noun.lemma_.lower() in nouns and noun.i not in ctx.by_token


def _objects(ctx: Context, t: Token) -> list[Token]:
    """The direct objects of a verb trigger; "took control of Y": Y."""
    out: list[Token] = []
    for obj in verb_objects(t) if t.pos_ == "VERB" else []:
        held = prep_objects(obj, {"of"}) if obj.lemma_.lower() in ctx.w("control_nouns") else []
        out += held or [obj]
    return out


def _under(t: Token) -> list[Token]:
    """"Y came under attack": the subject of the verb the trigger follows "under"."""
    if t.dep_ != "pobj" or t.head.lower_ != "under" or t.head.head.pos_ not in {"VERB", "AUX"}:
        return []
    return [c for c in t.head.head.children if c.dep_ in {"nsubj", "nsubjpass"}]


def _modifiers(ctx: Context, t: Token) -> list[int]:
    """Names before a noun trigger, through coordination and hyphens ("US-British strikes")."""
    if t.pos_ == "VERB" and t.dep_ not in {"pobj", "dobj", "nsubj", "nsubjpass"}:
        return []
    return ctx.modifier_names(t)


def _slot_tokens(ctx: Context, t: Token, slot: str) -> list[Token]:
    """The tokens that fill one slot of a trigger (the modifier slot is read by `_modifiers`)."""
    readers: dict[str, Callable[[], list[Token]]] = {
        "subject": lambda: _subjects(t),
        "object": lambda: _objects(ctx, t),
        "passive_subject": lambda: _verb_children(t, {"nsubjpass"}),
        "possessor": lambda: [c for c in t.children if c.dep_ == "poss"] if t.pos_ != "VERB" else [],
        "under": lambda: _under(t),
        "adjunct_subject": lambda: _adjunct_subject(ctx, t),
    }
    if slot in readers:
        return readers[slot]()
    *outer, word = slot.removeprefix("prep:").split()
    hosts = _hosts(ctx, t)
    for particle in outer:  # "prep:out of": "drove them out of Y", the object of "of" under "out"
        hosts = [c for h in hosts for c in h.children if c.lower_ == particle and c.dep_ in PARTICLE_DEPS]
    return [o for h in hosts for o in prep_objects(h, {word})]


def _located(ctx: Context, tok: Token) -> list[int]:
    """A plain noun's places: "a market in Y", "the road near Y"."""
    found = [i for o in prep_objects(tok, ctx.w("locative_preps") - {"from", "of", "on"})
             for i in place_named(ctx, o) if ctx.is_place(i)]
    return found or [i for o in prep_objects(tok, {"of"})
                     for i in _located(ctx, o)]  # "the headquarters of the army in Y"


def _fill(ctx: Context, tok: Token, role: FrameRole) -> tuple[list[int], list[int], list[int], list[int]]:
    """(agents, targets, places, located) that one slot filler gives in one role; `located` are the
    places only where what was hit lies ("struck a market in Y", "seized the X Base in Y": Y), a
    subset of `places`."""
    if role == "agent":
        return ctx.owners(tok), [], [], []
    named = place_named(ctx, tok)
    owners = named or ctx.owners(tok)
    if role == "target":
        return [], owners, [], []
    places = [i for i in named if ctx.is_place(i) and ctx.mentions[i].role != "agentive"]
    targets = [i for i in owners if i not in places] if role == "undergoer" else []
    located = _located(ctx, tok)  # "seized the X Command in Y": the site, and the town it lies in
    return [], targets, unique(places + located), located


def arguments(ctx: Context, t: Token, cls: str) -> Arguments:
    """The agents, targets and places the trigger's frame finds around it."""
    agents: list[int] = []
    targets: list[int] = []
    places: list[int] = []
    located: list[int] = []
    for slot, role in frame_of(ctx, t, cls).items():
        if slot == "modifier":
            got = _modifiers(ctx, t)
            spots = [i for i in got if ctx.mentions[i].role == "locative" and ctx.is_place(i)]  # "the Damascus raids"
            agents += [i for i in got if i not in spots] if role == "agent" else []
            places += spots
            continue
        for tok in _slot_tokens(ctx, t, slot):
            a, g, p, at = _fill(ctx, tok, role)
            if slot in SOURCE_SLOTS:  # "fire from X": a party, never the town it came from
                a = [i for i in a if not ctx.is_place(i) or ctx.mentions[i].role == "agentive"]
            agents, targets, places, located = agents + a, targets + g, places + p, located + at
    return Arguments(tuple(unique(agents)), tuple(unique(targets)), tuple(unique(places)), tuple(unique(located)))
