"""Pictures of a graph: one self-contained HTML page and a static picture of the actor network.

The page shows the actor network (nodes coloured by actor class, edges by relation,
edge width by the number of supporting reports; a click on a node shows its names,
Wikidata link and the sentences and sources behind each of its ties), a timeline of
events (by date, coloured by class, sized by casualties) and a map of the events whose
places have coordinates, over country outlines shipped with the package. Filters: date
range, actor, event type, source. It loads nothing from the network: data, script,
style and base map are all inside the file.

Data come from saved queries (queries/viz-*.rq) run with `kg.query.run`; ties are
aggregated to one per actor pair and relation, and the numbers of actors and events
shown are capped, with a note in the page saying so.

Errors:
    VizError (ValueError)          a picture that cannot be made or written: exit 1
    RendererMissing (ValueError)   the static picture needs the `viz` extra: exit 2
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg import query as q
from kg import vocab
from kg.errors import RendererMissing, VizError

__all__ = ["Actor", "Event", "Limits", "Picture", "Place", "RendererMissing", "Report",
           "Support", "Tie", "VizError", "collect", "layout", "page_data", "render_html",
           "write_html", "write_image"]

ASSETS = Path(__file__).resolve().parent / "viz_assets"
CKG = vocab.ONTOLOGY
WIKIDATA = vocab.WD
IMAGE_FORMATS = (".png", ".svg", ".pdf")
PLACE_RANK = {"Settlement": 0, "District": 1, "FirstLevelDivision": 2, "Area": 3, "Country": 5}


@dataclass(frozen=True)
class Limits:
    max_nodes: int = 150
    max_events: int = 2000
    max_ties: int = 800  # between the actors shown, those with the most supporting reports first
    evidence: int = 8  # sentences kept per tie (every supporting report is still counted)


@dataclass(frozen=True)
class Actor:
    iri: str
    label: str
    cls: str = "Actor"
    class_label: str = "actor"
    family: str = "Actor"
    wikidata: str = ""
    alt: tuple[str, ...] = ()
    mentions: int = 0
    reports: int = 0


@dataclass(frozen=True)
class Support:
    """One statement or event behind a tie."""
    item: str
    report: str = ""
    date: str = ""
    sentence: str = ""
    method: str = ""
    confidence: str = ""
    event_class: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tie:
    """All support for one (subject, relation, object); curated ties come from the knowledge base."""
    subject: str
    relation: str
    object: str
    curated: bool
    support: tuple[Support, ...] = ()

    @property
    def reports(self) -> int:
        return len({s.report for s in self.support if s.report})


@dataclass(frozen=True)
class Event:
    iri: str
    cls: str
    class_label: str
    date: str = ""
    precision: str = ""
    killed: int | None = None
    figures: str = ""
    report: str = ""
    sentence: str = ""
    agents: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    place: str = ""


@dataclass(frozen=True)
class Place:
    iri: str
    label: str
    lat: float
    long: float
    cls: str = ""
    country: str = ""


@dataclass(frozen=True)
class Report:
    iri: str
    identifier: str = ""
    date: str = ""
    title: str = ""
    publisher: str = ""
    url: str = ""


@dataclass(frozen=True)
class Picture:
    """What the page and the static picture show, capped and laid out."""
    actors: dict[str, Actor]
    nodes: tuple[str, ...]
    positions: tuple[tuple[float, float], ...]
    ties: tuple[Tie, ...]
    events: tuple[Event, ...]
    places: dict[str, Place]
    reports: dict[str, Report]
    notes: tuple[str, ...] = ()
    totals: dict[str, int] = field(default_factory=dict)
    evidence: int = Limits.evidence


# ------------------------------------------------------------------ reading the graph

def _select(store: ox.Store, name: str) -> list[dict[str, str]]:
    text, path = q.find(name)
    return q.rows(q.run(store, text, str(path)))[1]


def local(iri: str) -> str:
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _int(value: str | None) -> int:
    try:
        return int(float(value or 0))
    except ValueError:
        return 0


def read_actors(store: ox.Store) -> dict[str, Actor]:
    out: dict[str, Actor] = {}
    for row in _select(store, "viz-actors"):
        iri = row["actor"]
        if iri in out:
            continue
        out[iri] = Actor(iri, row.get("label") or local(iri), local(row["class"]),
                         row.get("classLabel") or local(row["class"]),
                         local(row["family"]) if row.get("family") else "Actor",
                         row.get("wikidata", ""), tuple(filter(None, row.get("altLabels", "").split("|"))),
                         _int(row.get("mentions")), _int(row.get("reports")))
    return out


def read_ties(store: ox.Store) -> list[Tie]:
    """Ties aggregated to one per (subject, relation, object); sources of one item merged."""
    items: dict[tuple[str, str, str], dict[str, Support]] = defaultdict(dict)
    curated: set[tuple[str, str, str]] = set()
    for row in _select(store, "viz-ties"):
        key = (row["subject"], local(row["relation"]), row["object"])
        if row["kind"] == "curated":
            curated.add(key)
            continue
        seen = items[key].get(row["item"])
        sources = (seen.sources if seen else ()) + ((row["source"],) if row.get("source") else ())
        items[key][row["item"]] = Support(
            row["item"], row.get("report", ""), row.get("date", ""), row.get("sentence", ""),
            row.get("method", ""), row.get("confidence", ""),
            local(row["eventClass"]) if row.get("eventClass") else "", tuple(dict.fromkeys(sources)))
    ties = [Tie(*key, curated=False, support=tuple(sorted(v.values(), key=_support_order)))
            for key, v in items.items()]
    ties += [Tie(*key, curated=True) for key in curated if key not in items]
    return sorted(ties, key=lambda t: (t.subject, t.relation, t.object))


def _support_order(s: Support) -> tuple[str, str]:
    return (s.date, s.item)


def read_events(store: ox.Store, places: dict[str, Place]) -> list[Event]:
    roles: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in _select(store, "viz-event-roles"):
        roles[row["event"]][local(row["role"])].append(row["entity"])
    events: dict[str, Event] = {}
    for row in _select(store, "viz-events"):
        iri = row["event"]
        if iri in events:
            continue
        role = roles.get(iri, {})
        killed = row.get("killed")
        events[iri] = Event(
            iri, local(row["class"]), row.get("classLabel") or local(row["class"]),
            row.get("date", ""), row.get("precision", ""), _int(killed) if killed else None,
            row.get("figures", ""), row.get("report", ""), row.get("sentence", ""),
            tuple(sorted(role.get("agent", []))), tuple(sorted(role.get("target", []))),
            tuple(sorted(role.get("source", []))), _best_place(role.get("place", []), places))
    return list(events.values())


def _best_place(candidates: list[str], places: dict[str, Place]) -> str:
    """The most specific of an event's places that has coordinates."""
    known = [p for p in candidates if p in places]
    if not known:
        return ""
    return min(known, key=lambda p: (PLACE_RANK.get(places[p].cls, 4), places[p].label))


def read_places(store: ox.Store) -> dict[str, Place]:
    out: dict[str, Place] = {}
    for row in _select(store, "viz-places"):
        try:
            lat, long = float(row["lat"]), float(row["long"])
        except (KeyError, ValueError):
            continue
        if row["place"] not in out and -90 <= lat <= 90 and -180 <= long <= 180:
            out[row["place"]] = Place(row["place"], row.get("label") or local(row["place"]), lat, long,
                                      local(row.get("class", "")), row.get("countryLabel", ""))
    return out


def read_reports(store: ox.Store) -> dict[str, Report]:
    return {r["report"]: Report(r["report"], r.get("identifier", ""), r.get("date", ""),
                                r.get("title", ""), r.get("publisher", ""), r.get("url", ""))
            for r in _select(store, "viz-reports")}


# ------------------------------------------------------------------ capping and layout

def collect(store: ox.Store, limits: Limits = Limits()) -> Picture:
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


# ------------------------------------------------------------------ the page

def style() -> dict:  # type: ignore[type-arg]
    return json.loads((ASSETS / "style.json").read_text(encoding="utf-8"))


def page_data(picture: Picture, title: str) -> dict:  # type: ignore[type-arg]
    """Everything the page script needs, as plain JSON (entities referred to by index)."""
    actors = [picture.actors[iri] for iri in sorted(_referenced(picture))]
    aidx = {a.iri: i for i, a in enumerate(actors)}
    reports = list(picture.reports.values())
    ridx = {r.iri: i for i, r in enumerate(reports)}
    places = sorted(picture.places)
    pidx = {p: i for i, p in enumerate(places)}
    return {
        "title": title, "notes": list(picture.notes), "totals": picture.totals, "style": style(),
        "actors": [_actor_json(a) for a in actors],
        "nodes": [{"a": aidx[iri], "x": x, "y": y} for iri, (x, y) in zip(picture.nodes, picture.positions)],
        "edges": [_tie_json(t, aidx, ridx, picture.evidence) for t in picture.ties],
        "events": [_event_json(e, aidx, ridx, pidx) for e in picture.events],
        "places": [_place_json(picture.places[p]) for p in places],
        "reports": [{"id": r.iri, "ident": r.identifier or local(r.iri), "date": r.date,
                     "title": r.title, "pub": r.publisher, "url": r.url} for r in reports],
        "basemap": basemap([picture.places[p] for p in places]),
    }


def _referenced(picture: Picture) -> set[str]:
    """The actors the page draws or names: nodes, and the sources of ties and events shown."""
    out = set(picture.nodes)
    out.update(s for t in picture.ties for sup in t.support for s in sup.sources)
    out.update(a for e in picture.events for a in e.agents + e.targets + e.sources)
    return out


def _actor_json(a: Actor) -> dict:  # type: ignore[type-arg]
    return {"id": a.iri, "label": a.label, "cls": a.cls, "clsLabel": a.class_label,
            "family": a.family, "wd": a.wikidata, "alt": list(a.alt), "mentions": a.mentions,
            "reports": a.reports}


def _tie_json(t: Tie, aidx: dict[str, int], ridx: dict[str, int], limit: int) -> dict:  # type: ignore[type-arg]
    items = [[ridx.get(s.report, -1), s.date, [aidx[x] for x in s.sources], s.event_class]
             for s in t.support]
    evidence = [{"i": i, "sentence": s.sentence, "method": s.method, "conf": s.confidence}
                for i, s in enumerate(t.support[:limit])]
    return {"s": aidx[t.subject], "o": aidx[t.object], "rel": t.relation, "cur": t.curated,
            "items": items, "ev": evidence}


def _event_json(e: Event, aidx: dict[str, int], ridx: dict[str, int], pidx: dict[str, int]) -> dict:  # type: ignore[type-arg]
    return {"id": e.iri, "cls": e.cls, "clsLabel": e.class_label, "date": e.date, "prec": e.precision,
            "killed": e.killed, "fig": e.figures, "r": ridx.get(e.report, -1), "sentence": e.sentence,
            "ag": [aidx[a] for a in e.agents], "tg": [aidx[a] for a in e.targets],
            "src": [aidx[a] for a in e.sources], "pl": pidx.get(e.place, -1)}


def _place_json(p: Place) -> dict:  # type: ignore[type-arg]
    return {"id": p.iri, "label": p.label, "lat": p.lat, "lon": p.long, "cls": p.cls, "country": p.country}


def basemap(places: list[Place], margin: float = 4.0) -> dict:  # type: ignore[type-arg]
    """The country outlines around the mapped places (all of them when none is mapped)."""
    data = json.loads((ASSETS / "basemap.json").read_text(encoding="utf-8"))
    if not places:
        return {"source": data["source"], "scale": data["scale"], "countries": []}
    s = data["scale"]
    box = (min(p.long for p in places) - margin, min(p.lat for p in places) - margin,
           max(p.long for p in places) + margin, max(p.lat for p in places) + margin)
    near = [c for c in data["countries"]
            if c["bbox"][0] / s <= box[2] and c["bbox"][2] / s >= box[0]
            and c["bbox"][1] / s <= box[3] and c["bbox"][3] / s >= box[1]]
    return {"source": data["source"], "scale": s, "countries": near}


def render_html(picture: Picture, title: str) -> str:
    """The page: template, style, script and data in one file."""
    data = json.dumps(page_data(picture, title), ensure_ascii=False, separators=(",", ":"))
    page = (ASSETS / "page.html").read_text(encoding="utf-8")
    parts = {"/*{{CSS}}*/": (ASSETS / "viz.css").read_text(encoding="utf-8"),
             "/*{{JS}}*/": (ASSETS / "viz.js").read_text(encoding="utf-8"),
             "{{DATA}}": data.replace("<", "\\u003c"),
             "{{TITLE}}": _escape(title)}
    for token, value in parts.items():
        page = page.replace(token, value)
    return page


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def write_html(picture: Picture, path: Path, title: str = "conflict-kg") -> int:
    """Write the page; returns its size in bytes."""
    if path.suffix.lower() not in (".html", ".htm"):
        raise VizError(f"{path}: the page is HTML; name a file ending in .html")
    return _write(path, render_html(picture, title).encode("utf-8"))


def _write(path: Path, content: bytes) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    except OSError as err:
        raise VizError(f"{path}: cannot write: {err}") from err
    return len(content)


# ------------------------------------------------------------------ the static picture

def write_image(picture: Picture, path: Path, size: tuple[int, int] = (1600, 1000),
                title: str = "conflict-kg") -> None:
    """The actor network as PNG, SVG or PDF (by extension), `size` pixels at 100 dpi."""
    if path.suffix.lower() not in IMAGE_FORMATS:
        raise VizError(f"{path}: unknown picture format {path.suffix!r}; use "
                       + ", ".join(IMAGE_FORMATS))
    plt = _pyplot()
    fig = plt.figure(figsize=(size[0] / 100, size[1] / 100), dpi=100)
    try:
        ax = fig.add_axes((0.01, 0.01, 0.74, 0.93))
        _draw_network(ax, picture, style())
        _draw_legend(fig, picture, style())
        fig.suptitle(title, x=0.01, y=0.985, ha="left", fontsize=14)
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=100)
    except OSError as err:
        raise VizError(f"{path}: cannot write: {err}") from err
    finally:
        plt.close(fig)


def _pyplot():  # type: ignore[no-untyped-def]
    try:
        import matplotlib
    except ImportError as err:
        raise RendererMissing("the static picture needs matplotlib: "
                              "pip install 'conflict-kg[viz]' (or pip install matplotlib)") from err
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _draw_network(ax, picture: Picture, colours: dict) -> None:  # type: ignore[no-untyped-def, type-arg]
    pos = dict(zip(picture.nodes, picture.positions))
    bends = _bends(picture.ties)
    most = max((t.reports for t in picture.ties), default=1)
    for tie, bend in zip(picture.ties, bends):
        (x0, y0), (x1, y1) = pos[tie.subject], pos[tie.object]
        colour = colours["relations"].get(tie.relation, "#999999")
        width = 0.8 if tie.curated else _scaled(tie.reports, most, 1.0, 6.0)
        style = "-" if tie.relation in colours["undirected"] else "-|>"
        ax.annotate("", (x1, 1 - y1), (x0, 1 - y0), arrowprops={
            "arrowstyle": style, "color": colour, "lw": width, "alpha": 0.8,
            "linestyle": "--" if tie.curated else "-", "shrinkA": 9, "shrinkB": 9,
            "mutation_scale": 12, "connectionstyle": f"arc3,rad={bend}"})
    degree = _degree(picture)
    heaviest = max((degree.get(i, 0) + picture.actors[i].reports for i in picture.nodes), default=1)
    for iri in picture.nodes:
        actor, (x, y) = picture.actors[iri], pos[iri]
        size = 40 + 260 * math.sqrt((degree.get(iri, 0) + actor.reports) / max(heaviest, 1))
        ax.scatter([x], [1 - y], s=size, color=colours["families"].get(actor.family, "#7f7f7f"),
                   edgecolors="white", linewidths=1.2, zorder=3)
    for iri in _labelled(picture, degree, 60):
        x, y = pos[iri]
        ax.annotate(_wrap(picture.actors[iri].label, 22), (x, 1 - y), xytext=(0, -11),
                    textcoords="offset points", ha="center", va="top", fontsize=9, zorder=4,
                    linespacing=0.95)
    ax.set_xlim(-0.08, 1.08)
    ax.set_ylim(-0.1, 1.06)
    ax.axis("off")


def _scaled(value: int, most: int, low: float, high: float) -> float:
    """A line width from `low` to `high`, on a log scale of value / most."""
    if most <= 1:
        return (low + high) / 2
    return low + (high - low) * math.log1p(value) / math.log1p(most)


def _bends(ties: tuple[Tie, ...]) -> list[float]:
    """Curvature per tie, so that several ties between one pair of actors stay apart."""
    pairs: dict[frozenset[str], list[int]] = defaultdict(list)
    for i, tie in enumerate(ties):
        pairs[frozenset((tie.subject, tie.object))].append(i)
    bends = [0.0] * len(ties)
    for members in pairs.values():
        for k, i in enumerate(members):
            sign = 1 if ties[i].subject < ties[i].object else -1
            bends[i] = round((k - (len(members) - 1) / 2) * 0.3 * sign, 3)
    return bends


def _degree(picture: Picture) -> dict[str, int]:
    degree: dict[str, int] = defaultdict(int)
    for tie in picture.ties:
        degree[tie.subject] += max(tie.reports, 1)
        degree[tie.object] += max(tie.reports, 1)
    return degree


def _labelled(picture: Picture, degree: dict[str, int], limit: int) -> list[str]:
    return sorted(picture.nodes, key=lambda i: -(degree.get(i, 0) + picture.actors[i].reports))[:limit]


def _draw_legend(fig, picture: Picture, colours: dict) -> None:  # type: ignore[no-untyped-def, type-arg]
    from matplotlib.lines import Line2D

    present = {picture.actors[i].family for i in picture.nodes}
    families = [f for f in colours["families"] if f in present]
    relations = sorted({t.relation for t in picture.ties},
                       key=lambda r: (list(colours["relations"]).index(r) if r in colours["relations"] else 99, r))
    handles = [Line2D([], [], marker="o", linestyle="", markersize=10,
                      color=colours["families"].get(f, "#7f7f7f"),
                      label=colours["familyLabels"].get(f, f)) for f in families]
    handles += [Line2D([], [], color=colours["relations"].get(r, "#999999"), lw=2.5,
                       label=colours["relationLabels"].get(r, r)) for r in relations]
    handles.append(Line2D([], [], color="#555555", lw=1, linestyle="--", label="curated (knowledge base)"))
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.76, 0.93), frameon=False,
               fontsize=10, title="actors and ties", title_fontsize=11, alignment="left")
    text = [f"{len(picture.nodes)} actors, {len(picture.ties)} ties, {picture.totals.get('reports', 0)} report(s)",
            "edge width: supporting reports", *picture.notes]
    fig.text(0.76, 0.04, "\n".join(_wrap(t, 44) for t in text), fontsize=9, va="bottom", color="#444444")


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))
