"""The picture: the graph read, ties aggregated, actors and events capped, the network laid out."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from kg.errors import VizError
from kg.viz.read import local, read_actors, read_events, read_places, read_reports, read_ties
from kg.viz.records import Actor, Event, Limits, Picture, Tie

DEFAULT_LIMITS = Limits()


def collect(store: ox.Store, limits: Limits = DEFAULT_LIMITS) -> Picture:
    """Read the graph, aggregate ties, cap actors and events, and lay out the network."""
    if limits.max_nodes < 1 or limits.max_events < 0 or limits.max_ties < 0:
        raise VizError(f"--max-nodes must be at least 1, --max-events and --max-ties at least 0 "
                       f"(got {limits.max_nodes}, {limits.max_events} and {limits.max_ties})")
    actors = read_actors(store)
    places = read_places(store)
    events = read_events(store, places)
    ties = read_ties(store)
    _add_unknown(actors, [t.subject for t in ties] + [t.object for t in ties]
                 + [a for e in events for a in e.agents + e.targets + e.sources]
                 + [s for t in ties for sup in t.support for s in sup.sources])
    nodes = rank_nodes(actors, ties, events)[:limits.max_nodes]
    shown = set(nodes)
    between = [t for t in ties if t.subject in shown and t.object in shown]
    kept_ties = cap_ties(between, limits.max_ties)
    kept_events = cap_events(events, limits.max_events)
    reports = read_reports(store)
    notes = _notes((len(nodes), len(actors)), (len(kept_ties), len(between)), (len(kept_events), len(events)))
    totals = {"actors": len(actors), "ties": len(ties), "events": len(events), "reports": len(reports)}
    return Picture(actors, tuple(nodes), layout(nodes, kept_ties), kept_ties, tuple(kept_events),
                   places, reports, notes, totals, limits.evidence)


def _add_unknown(actors: dict[str, Actor], iris: Iterable[str]) -> None:
    """Entities in ties or events that the graph does not type as actors get a plain entry."""
    for iri in iris:
        if iri not in actors:
            actors[iri] = Actor(iri, local(iri).replace("-", " "))


def rank_nodes(actors: dict[str, Actor], ties: list[Tie], events: list[Event]) -> list[str]:
    """Actors by weight: reports that mention them plus support on their ties and events."""
    weight = {iri: a.reports for iri, a in actors.items()}
    for tie in ties:
        for end in (tie.subject, tie.object):
            weight[end] += max(len(tie.support), 1)
    for event in events:
        for iri in set(event.agents + event.targets + event.sources):
            weight[iri] += 1
    return sorted(actors, key=lambda iri: (-weight[iri], actors[iri].label.lower(), iri))


def cap_ties(ties: list[Tie], limit: int) -> tuple[Tie, ...]:
    """At most `limit` ties, those backed by the most reports first (curated ones last)."""
    if len(ties) <= limit:
        return tuple(ties)
    ranked = sorted(ties, key=lambda t: (-t.reports, -len(t.support), t.subject, t.relation, t.object))
    keep = set(map(id, ranked[:limit]))
    return tuple(t for t in ties if id(t) in keep)


def cap_events(events: list[Event], limit: int) -> list[Event]:
    """At most `limit` events, those with the most people killed first, then the latest."""
    if len(events) > limit:
        ranked = sorted(events, key=lambda e: (-(e.killed or 0), _neg_date(e.date), e.iri))
        events = ranked[:limit]
    return sorted(events, key=lambda e: (e.date or "9999", e.iri))


def _neg_date(value: str) -> tuple[int, ...]:
    return tuple(-int(part) for part in value.split("-") if part.isdigit())


def _notes(nodes: tuple[int, int], ties: tuple[int, int], events: tuple[int, int]) -> tuple[str, ...]:
    """What the caps left out; each pair is (shown, all)."""
    notes = []
    if nodes[0] < nodes[1]:
        notes.append(f"Network capped: showing the {nodes[0]} most reported of {nodes[1]} actors (--max-nodes).")
    if ties[0] < ties[1]:
        notes.append(f"Ties capped: showing the {ties[0]} best supported of {ties[1]} ties between "
                     f"the actors shown (--max-ties).")
    if events[0] < events[1]:
        notes.append(f"Events capped: showing {events[0]} of {events[1]} events, those with the most "
                     f"people killed (--max-events).")
    return tuple(notes)


def layout(nodes: list[str], ties: Iterable[Tie], iterations: int = 300) -> tuple[tuple[float, float], ...]:
    """Positions in [0, 1]: each connected group of 4+ actors force-directed, side by side on
    top (widths by the square root of their sizes); smaller groups and lone actors in rows below."""
    ties = list(ties)
    groups = components(nodes, ties)
    big = [g for g in groups if len(g) >= 4]
    small = [g for g in groups if len(g) < 4]
    per_row = max(1, min(6 if any(len(g) > 1 for g in small) else 8, len(small)))
    rows = math.ceil(len(small) / per_row) or 1
    band = 0.0 if not small else (1.0 if not big else min(0.4, 0.065 * rows + 0.05))
    places: dict[str, tuple[float, float]] = {}
    total, left = sum(math.sqrt(len(g)) for g in big), 0.0
    for group in big:
        width = math.sqrt(len(group)) / total
        inner = 0.05 if len(big) > 1 else 0.0
        for n, (x, y) in zip(group, force_layout(group, ties, iterations)):
            places[n] = (left + width * (inner + (1 - 2 * inner) * x), y * (1 - band))
        left += width
    for i, group in enumerate(small):
        row, col = divmod(i, per_row)
        row_y = (row + 0.5 + (0.22 if col % 2 else -0.22)) / rows
        y = 1.0 - band + band * row_y if big else row_y
        for k, n in enumerate(group):
            places[n] = ((col + 0.5 + (k - (len(group) - 1) / 2) * 0.5) / per_row, y)
    return tuple((round(places[n][0], 4), round(places[n][1], 4)) for n in nodes)


def components(nodes: list[str], ties: list[Tie]) -> list[list[str]]:
    """Actors grouped by ties (connected components), largest first, each in `nodes` order."""
    parent = {n: n for n in nodes}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for tie in ties:
        if tie.subject in parent and tie.object in parent:
            parent[root(tie.subject)] = root(tie.object)
    groups: dict[str, list[str]] = defaultdict(list)
    for n in nodes:
        groups[root(n)].append(n)
    return sorted(groups.values(), key=lambda g: (-len(g), nodes.index(g[0])))


def force_layout(nodes: list[str], ties: list[Tie], iterations: int = 300) -> list[tuple[float, float]]:
    """Fruchterman-Reingold with a little gravity, from a deterministic start; scaled to [0, 1]."""
    import numpy as np

    n = len(nodes)
    iterations = min(iterations, max(40, 60_000 // max(n, 1)))  # each step costs n^2
    if n <= 1:
        return [(0.5, 0.5)] * n
    index = {iri: i for i, iri in enumerate(nodes)}
    weights = np.zeros((n, n))
    most = math.log1p(max((t.reports for t in ties), default=1)) or 1.0
    for tie in ties:
        i, j = index.get(tie.subject), index.get(tie.object)
        if i is not None and j is not None and i != j:  # 1 to 2, so busy pairs do not collapse
            weights[i, j] = weights[j, i] = max(weights[i, j], 1 + math.log1p(tie.reports) / most)
    angle = np.arange(n) * 2.399963  # golden angle: an even, deterministic spread
    radius = np.sqrt((np.arange(n) + 0.5) / n)
    pos = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    k = 1.0 / math.sqrt(n)
    step = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.sqrt(np.einsum("ijk,ijk->ij", delta, delta)), 0.01)
        force = k * k / dist**2 - weights * dist / k
        disp = np.einsum("ij,ijk->ik", force, delta) - 0.5 * pos * k
        length = np.maximum(np.sqrt(np.einsum("ik,ik->i", disp, disp)), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, step)[:, None]
        step = max(step * 0.985, 0.002)
    # Scale by the 3rd to 97th percentiles: a few far-flung actors must not shrink the core.
    trim = 3 if n >= 30 else 0
    low, high = np.percentile(pos, trim, axis=0), np.percentile(pos, 100 - trim, axis=0)
    scaled = np.clip((pos - low) / np.maximum(high - low, 1e-9), 0.0, 1.0)
    return [(round(float(x), 4), round(float(y), 4)) for x, y in scaled]
