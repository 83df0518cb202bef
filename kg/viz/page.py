"""The page: one self-contained HTML file with its data, script, style and base map inside."""

from __future__ import annotations

import json
from pathlib import Path

from kg.errors import VizError
from kg.viz.assets import ASSETS, style
from kg.viz.read import local
from kg.viz.records import Actor, Event, Picture, Place, Tie


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
