"""Event candidates -> events: each trigger's roles resolved, and the triggers of one happening in
one report merged (see README: event merging), then coded by the codebooks."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TypeVar

from kg.kb import KnowledgeBase
from kg.layout import headline_end
from kg.records import Casualty, Event, EventCandidate, Extraction, Geo, Resolution, TimeValue
from kg.resolve.codes import coded
from kg.resolve.entities import entity_is, is_actor, is_place

ATTACK = "Attack"
AGREEMENT = "Agreement"
#: classes a later, more specific trigger of the same event replaces ("bombings" then "a rocket")
VAGUE_CLASSES = ("Attack", "Agreement", "Bombing")
H = TypeVar("H", bound=Hashable)
NEWS_DAYS = 31  # how far before its publication a report's undated news may lie


@dataclass(frozen=True)
class Roles:
    """The entities a trigger's arguments resolved to."""

    agents: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    aimed_at: tuple[str, ...] = ()
    representatives: tuple[str, ...] = ()  # office holders who acted for the agents


@dataclass(frozen=True)
class EventGroup:
    """The triggers taken so far for one happening, with their merged roles."""

    cands: tuple[EventCandidate, ...]
    roles: Roles
    cls: str
    time: TimeValue | None
    casualties: tuple[Casualty, ...] = ()  # figures of sentences without a trigger


def _country_only(kb: KnowledgeBase, geo: Geo) -> bool:
    """A place nothing but the report's country locates: where in the country it lies is unknown,
    so it tells no incident from another."""
    return geo.coordinates_from is not None and geo.located_in == (geo.coordinates_from,) \
        and kb.is_a(geo.coordinates_from, "Country")


@dataclass(frozen=True)
class Scene:
    """Where a report's places lie: the knowledge base's chains, and the gazetteer's for the
    places it found (a town the base does not know still lies in its division and country)."""

    kb: KnowledgeBase
    geo: Mapping[str, tuple[str, ...]]

    def chain(self, iri: str) -> list[str]:
        """The place and everything it lies in, nearest first."""
        if iri in self.geo:
            return [iri, *(c for up in self.geo[iri] for c in self.kb.chain(up))]
        return self.kb.chain(iri)

    def agree(self, a: tuple[str, ...], b: tuple[str, ...]) -> bool:
        """Do the most precise places agree (the same, or one inside the other)?"""
        return any(x in self.chain(y) or y in self.chain(x) for x in self.most_precise(a) for y in self.most_precise(b))

    def unlocated(self, places: tuple[str, ...]) -> bool:
        """Are all the places ones that nothing says where they lie (a hotel, a base named once)?"""
        return all(len(self.chain(p)) == 1 for p in places)

    def most_precise(self, places: tuple[str, ...]) -> list[str]:
        return [p for p in places if not any(o != p and p in self.chain(o)[1:] for o in places)]


class EventResolver:
    """Groups a report's event candidates into events, against one knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def events(self, ext: Extraction, res: dict[int, Resolution]) -> list[Event]:
        groups: list[EventGroup] = []
        offices = self._offices(ext, res)  # whom each person acts for, read once per report
        scene = Scene(self.kb, {r.entity.iri: r.entity.geo.located_in for r in res.values()
                                if r.entity.geo and not _country_only(self.kb, r.entity.geo)})
        news = _news_window(ext.report.meta.date)
        for cand in ext.events:
            roles = self._roles(cand, res, ext, offices)
            target = self._merge_target(groups, cand, roles, scene, news)
            if target is None:
                groups.append(EventGroup((cand,), roles, cand.cls, cand.time))
            else:
                bodies = self._bodies_of_named_states(groups[target].roles.agents, roles.agents)
                groups[target] = _absorb(groups[target], cand, roles, bodies)
        groups = self._attach_orphans(groups, ext.orphan_casualties, res)
        groups = self._headline_twins(groups, headline_end(ext.report.text), ext, res)
        return [self._event(ext, n, g, res) for n, g in enumerate(groups)]

    def _roles(self, c: EventCandidate, res: dict[int, Resolution], ext: Extraction,
               offices: dict[str, str]) -> Roles:
        struck = self._struck_places(c, res, ext)
        places = [res[i].entity.iri for i in c.places if i in res and is_place(self.kb, res[i])] + struck
        aimed = [res[i].entity.iri for i in c.aimed_at if i in res and is_place(self.kb, res[i])] + struck
        actors: dict[str, list[str]] = {}
        for role, indices in (("agents", c.agents), ("targets", c.targets)):
            iris = [res[i].entity.iri for i in indices if i in res and is_actor(self.kb, res[i], ext.mentions[i])]
            actors[role] = unique(iris)
        agents = unique(self._acting_for(a, offices) for a in actors["agents"])
        deputies = tuple(a for a in actors["agents"] if a not in agents)
        targets = [t for t in actors["targets"] if t not in agents]
        return Roles(tuple(agents), tuple(targets), tuple(unique(places)), tuple(unique(aimed)), deputies)

    def _struck_places(self, c: EventCandidate, res: dict[int, Resolution], ext: Extraction) -> list[str]:
        """What was attacked or taken, when it is a place and no actor ("overran El X"), is where
        the event happened: a place is never a target."""
        return [res[i].entity.iri for i in c.targets if i in res and is_place(self.kb, res[i])
                and not is_actor(self.kb, res[i], ext.mentions[i])]

    def _offices(self, ext: Extraction, res: dict[int, Resolution]) -> dict[str, str]:
        """Whom each person acts for, as the report says ("army chief X", "X, the group's spokesman")."""
        out: dict[str, str] = {}
        for c in ext.relations:
            s, o = res.get(c.subject), res.get(c.object)
            if c.predicate in ("leads", "memberOf") and s is not None and o is not None \
                    and entity_is(self.kb, s.entity, "Person") and entity_is(self.kb, o.entity, "Actor") \
                    and not entity_is(self.kb, o.entity, "Person"):
                out.setdefault(s.entity.iri, o.entity.iri)
        return out

    def _acting_for(self, iri: str, offices: dict[str, str]) -> str:
        """The state or group an office holder acts for: the report's word first, then the base's."""
        if iri in offices:
            return offices[iri]
        led = sorted(x for x in self.kb.linked(iri, "leads") if self.kb.is_a(x, "Actor"))
        return led[0] if led and self.kb.is_a(iri, "Person") else iri

    def _family(self, cls: str) -> str:
        for fam in (ATTACK, AGREEMENT):
            if self.kb.subclass_of(cls, fam):
                return fam
        return cls

    def _merge_target(self, groups: list[EventGroup], cand: EventCandidate, roles: Roles,
                      scene: Scene, news: TimeValue | None = None) -> int | None:
        """The index of the earlier event this trigger re-mentions, if any (see docs: event merging).

        Newest first, a trigger joins the first event that can be the same incident and that it
        points back to: an event marked "another", "new", "fresh" starts one of its own."""
        if cand.novel:
            return None
        for n in range(len(groups) - 1, -1, -1):
            if self._can_be_same(groups[n], cand, roles, scene, news) and self._points_to(groups[n], cand, roles):
                return n
            if self._deal_anaphor(cand) and self._family(groups[n].cls) == AGREEMENT:
                return None  # "the deal" points to the latest deal only
        return None

    @staticmethod
    def _told_again(g: EventGroup, cand: EventCandidate) -> bool:
        """"two days after an air strike on X. That strike killed 30": an earlier event given as
        context, taken up again by an anaphor of its kind."""
        return g.cands[0].context and not cand.context and cand.anaphoric and _kinds_agree(g.cls, cand.cls)

    def _deal_anaphor(self, cand: EventCandidate) -> bool:
        """"The truce, agreed between X and Y", "the deal was signed by Z": each mention of a deal names
        some of its parties, so "the deal" joins the latest deal whoever it names."""
        return cand.anaphoric and self._family(cand.cls) == AGREEMENT

    def _can_be_same(self, g: EventGroup, cand: EventCandidate, roles: Roles, scene: Scene,
                     news: TimeValue | None = None) -> bool:
        """Nothing tells them apart: one family, modality and footing (news or context), dates that
        overlap (an anaphor such as "the attack" carries no date of its own; an undated attack told as
        news happens in the weeks before the report, not on a date a year earlier), places that agree and
        agents that can both hold (a second act elsewhere, on another day or by other hands is another
        incident)."""
        if self._family(g.cls) != self._family(cand.cls) or g.cands[0].modality != cand.modality:
            return False
        if g.cands[0].context != cand.context and not self._told_again(g, cand):
            return False  # an earlier event told as context is not the one the report is about
        news = news if self._family(cand.cls) == ATTACK else None  # a deal in force is no incident of a day
        if not cand.anaphoric and not _times_agree(g.time or _as_news(g.cands[0], news),
                                                   cand.time or _as_news(cand, news)):
            return False
        if roles.places and g.roles.places and not scene.agree(g.roles.places, roles.places) \
                and not (cand.anaphoric and scene.unlocated(roles.places)):
            return False  # "the attack on the X Hotel": a site nobody says where it lies is no other place
        if self._deal_anaphor(cand):
            return True
        return not (roles.agents and g.roles.agents and not self._share_agent(g.roles.agents, roles.agents))

    def _points_to(self, g: EventGroup, cand: EventCandidate, roles: Roles) -> bool:
        """Does the trigger re-mention the event: by a shared agent, by naming none ("the strikes
        killed 12"), by an anaphor ("the raid"); or, for the same kind of act at the same place, by
        the same state under another name ("Pakistan" then "its defence ministry"), or when the
        earlier mention named nobody (a headline "Town falls", then "rebels overran the town")?"""
        if set(g.roles.agents) & set(roles.agents) or not roles.agents or cand.anaphoric:
            return True
        same_place = bool(roles.places and g.roles.places)  # places that disagree were ruled out already
        if not same_place or not _kinds_agree(g.cls, cand.cls):
            return False
        return not g.roles.agents or self._share_agent(g.roles.agents, roles.agents)

    def _share_agent(self, a: tuple[str, ...], b: tuple[str, ...]) -> bool:
        """Do the two sets of agents name one hand: the same actor, or one state named once as the
        country and once as its ministry, government or army ("Pakistan agreed ... the defence
        ministry agreed")?"""
        return bool(set(a) & set(b)) or bool(self._states(a) & self._states(b))

    def _bodies_of_named_states(self, named: tuple[str, ...], agents: tuple[str, ...]) -> tuple[str, ...]:
        """Agents that are a ministry, government or army of a state the event names already as
        its agent ("Pakistan agreed ..." then "the Pakistani defence ministry agreed ...")."""
        states = self._states(named)
        return tuple(a for a in agents if a not in named and not self.kb.is_a(a, "Country")
                     and self._states((a,)) & states)

    def _states(self, agents: tuple[str, ...]) -> set[str]:
        """The countries whose state the agents are or belong to (states and state bodies only)."""
        out: set[str] = set()
        for iri in agents:
            if self.kb.is_a(iri, "State"):
                out |= {iri} if self.kb.is_a(iri, "Country") else self.kb.linked(iri, "country")
        return out

    def _attach_orphans(self, groups: list[EventGroup], orphans: tuple[Casualty, ...],
                        res: dict[int, Resolution]) -> list[EventGroup]:
        """Figures in sentences without a trigger belong to the latest attack before them that is news,
        not context (a figure in the report's first sentence, before any attack, to the first attack
        after it); the places their phrase names ("killed in the X area") are that attack's too."""
        out = list(groups)
        for fig in orphans:
            news = [n for n, g in enumerate(out) if self._family(g.cls) == ATTACK and not g.cands[0].context
                    and g.cands[0].modality == "asserted"]
            owners = [n for n in news if out[n].cands[0].sentence <= fig.sentence]
            if not owners and fig.sentence == 0:
                owners = news[:1]  # the toll a report opens with sums up the first attack it tells
            if owners:
                owner = out[owners[-1]]
                where = [res[i].entity.iri for i in fig.places if i in res and is_place(self.kb, res[i])]
                roles = replace(owner.roles, places=tuple(unique(owner.roles.places + tuple(where))))
                out[owners[-1]] = replace(owner, casualties=owner.casualties + (fig,), roles=roles)
        return out

    def _headline_twins(self, groups: list[EventGroup], headline: int | None, ext: Extraction,
                        res: dict[int, Resolution]) -> list[EventGroup]:
        """A headline sums up the story under it: an attack in the headline and an event under it
        with the same agent and the same death toll are one incident told twice ("54 killed in
        assault on base" over "54 soldiers were killed when the rebels overran their base at X"),
        so the attack takes the places the story names and the sides whose men were killed. Told
        as two kinds of act, they stay two events."""
        if headline is None:
            return groups
        out = list(groups)
        for n, g in enumerate(out):
            if g.cands[0].start >= headline or self._family(g.cls) != ATTACK or g.cands[0].context:
                continue
            twin = next((t for t in out if t.cands[0].start >= headline and self._told_twice(g, t)), None)
            if twin is not None:
                fallen = self._fallen(twin, ext, res)
                targets = unique(g.roles.targets + twin.roles.targets + fallen)
                out[n] = replace(g, roles=replace(g.roles, places=tuple(unique(g.roles.places + twin.roles.places)),
                                                  targets=tuple(t for t in targets if t not in g.roles.agents)))
        return out

    def _told_twice(self, g: EventGroup, t: EventGroup) -> bool:
        """Do two events name one hand and one death toll?"""
        tolls = {f.count for f in _figures(g) if f.kind == "killed" and not f.part}
        return bool(g.roles.agents and t.roles.agents and self._share_agent(g.roles.agents, t.roles.agents)
                    and tolls & {f.count for f in _figures(t) if f.kind == "killed" and not f.part})

    def _event(self, ext: Extraction, n: int, g: EventGroup, res: dict[int, Resolution]) -> Event:
        figures = _figures(g)
        atts = [c.attribution for c in g.cands if c.attribution is not None]
        atts += [f.attribution for f in figures if f.attribution is not None]
        published = ext.report.meta.date
        time = g.time
        background = any(c.context for c in g.cands) or bool(
            time and published and time.value < published - timedelta(days=31)
            and (time.end is None or time.end < published - timedelta(days=31)))
        event = Event(key=f"event/{n + 1}", cls=g.cls, triggers=g.cands,
                      agents=g.roles.agents, targets=self._with_fallen(g, ext, res), places=g.roles.places,
                      time=time, casualties=tuple(figures), sources=tuple(unique(atts)),
                      modality=g.cands[0].modality, background=background, aimed_at=g.roles.aimed_at,
                      representatives=g.roles.representatives)
        return coded(self.kb, event)

    def _with_fallen(self, g: EventGroup, ext: Extraction, res: dict[int, Resolution]) -> tuple[str, ...]:
        """An attack's targets, and the actors whose armed men it killed or wounded ("killed 25 of its
        fighters", "four Ugandan soldiers were killed in the assault"): those hit were its target. Only
        figures told with the act count: a toll in a sentence of its own may sum up a whole war."""
        if self._family(g.cls) != ATTACK:
            return g.roles.targets
        return tuple(unique(g.roles.targets + self._fallen(g, ext, res)))

    def _fallen(self, g: EventGroup, ext: Extraction, res: dict[int, Resolution]) -> tuple[str, ...]:
        """The actors whose armed men the figures told with the event's triggers count, its agents aside."""
        fallen = [res[i].entity.iri for c in g.cands for f in c.casualties for i in f.sides
                  if i in res and is_actor(self.kb, res[i], ext.mentions[i])]
        return tuple(a for a in unique(fallen) if a not in g.roles.agents)


def _absorb(g: EventGroup, cand: EventCandidate, roles: Roles, bodies: tuple[str, ...] = ()) -> EventGroup:
    """The group with one more trigger: roles joined, the first time kept, a vague class refined;
    `bodies` are the trigger's agents that act for a state the event names already (they join
    the representatives)."""
    agents = unique(g.roles.agents + tuple(a for a in roles.agents if a not in bodies))
    targets = [t for t in unique(g.roles.targets + roles.targets) if t not in agents]
    merged = Roles(tuple(agents), tuple(targets), tuple(unique(g.roles.places + roles.places)),
                   tuple(unique(g.roles.aimed_at + roles.aimed_at)),
                   tuple(unique(g.roles.representatives + roles.representatives + bodies)))
    cls = g.cls
    if g.cls in VAGUE_CLASSES and cand.cls not in (ATTACK, AGREEMENT) and cand.cls != g.cls:
        cls = cand.cls
    return EventGroup(g.cands + (cand,), merged, cls, g.time if g.time is not None else cand.time, g.casualties)


def _figures(g: EventGroup) -> list[Casualty]:
    return [f for c in g.cands for f in c.casualties] + list(g.casualties)


def _kinds_agree(a: str, b: str) -> bool:
    """The same kind of act, or one named vaguely ("an attack", "bombings"): a missile strike and
    a battle at one place are two incidents."""
    return a == b or a in VAGUE_CLASSES or b in VAGUE_CLASSES


def _times_agree(a: TimeValue | None, b: TimeValue | None) -> bool:
    if a is None or b is None:
        return True
    if a.precision == "day" and b.precision == "day":
        return a.value == b.value
    lo_a, hi_a = a.value, a.end or _period_end(a)
    lo_b, hi_b = b.value, b.end or _period_end(b)
    return lo_a <= hi_b and lo_b <= hi_a


def _news_window(published: date | None) -> TimeValue | None:
    """The weeks before a report's publication, when an event it tells as news without a date happened."""
    if published is None:
        return None
    return TimeValue(published - timedelta(days=NEWS_DAYS), "month", end=published + timedelta(days=1))


def _as_news(cand: EventCandidate, news: TimeValue | None) -> TimeValue | None:
    """The time of an undated event: the news window, unless it is told as context."""
    return None if cand.context else news


def _period_end(t: TimeValue) -> date:
    days = {"day": 0, "week": 7, "month": 31, "year": 365}.get(t.precision, 0)
    return t.value + timedelta(days=days)


def unique(items: Iterable[H]) -> list[H]:
    """The items in order, each once."""
    out: list[H] = []
    for i in items:
        if i not in out:
            out.append(i)
    return out
