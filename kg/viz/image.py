"""The static picture of the actor network (PNG, SVG or PDF), drawn with matplotlib (the viz extra)."""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

from kg.errors import RendererMissing, VizError
from kg.viz.assets import style
from kg.viz.records import Picture, Tie

IMAGE_FORMATS = (".png", ".svg", ".pdf")


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
