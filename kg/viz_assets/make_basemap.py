"""Regenerate basemap.json, the offline country outlines of `kg viz`, from a world-atlas TopoJSON.

Usage: python kg/viz_assets/make_basemap.py countries-50m.json > kg/viz_assets/basemap.json

The input is `countries-50m.json` from the npm package world-atlas 2.0.2 (`npm pack
world-atlas@2.0.2`), itself made from Natural Earth's 1:50m admin-0 countries (public
domain). Output: one record per country with its bounding box and rings, coordinates
in hundredths of a degree, each ring delta-encoded (x0, y0, dx1, dy1, ...).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

SOURCE = ("world-atlas 2.0.2 (npm), countries-50m.json: Natural Earth 1:50m admin-0 "
          "countries (public domain)")
SCALE = 100


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:  # type: ignore[type-arg]
    """Absolute longitude/latitude points of every quantized, delta-encoded arc."""
    (kx, ky), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * kx + tx, y * ky + ty))
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[int, int]]:
    """One ring from arc indices (~i is arc i reversed), in hundredths of a degree."""
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    scaled = [(round(x * SCALE), round(y * SCALE)) for x, y in points]
    return [p for i, p in enumerate(scaled) if i == 0 or p != scaled[i - 1]]


def encode(points: list[tuple[int, int]]) -> list[int]:
    flat, last = [], (0, 0)
    for x, y in points:
        flat += [x - last[0], y - last[1]]
        last = (x, y)
    return flat


def country(geometry: dict, arcs: list[list[tuple[float, float]]]) -> dict | None:  # type: ignore[type-arg]
    polygons = {"Polygon": [geometry.get("arcs", [])],
                "MultiPolygon": geometry.get("arcs", [])}.get(geometry.get("type", ""), [])
    rings = [ring(r, arcs) for polygon in polygons for r in polygon]
    rings = [r for r in rings if len(r) >= 4]
    if not rings:
        return None
    xs = [x for r in rings for x, _ in r]
    ys = [y for r in rings for _, y in r]
    return {"name": geometry.get("properties", {}).get("name", ""),
            "bbox": [min(xs), min(ys), max(xs), max(ys)], "rings": [encode(r) for r in rings]}


def main(path: str) -> None:
    topo = json.loads(Path(path).read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    countries = [c for g in topo["objects"]["countries"]["geometries"] if (c := country(g, arcs))]
    json.dump({"source": SOURCE, "scale": SCALE, "countries": countries}, sys.stdout,
              separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1])
