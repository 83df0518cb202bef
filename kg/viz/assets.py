"""Where the page's template, script, style, colours and base map live (kg/viz_assets/)."""

from __future__ import annotations

import json
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "viz_assets"


def style() -> dict:  # type: ignore[type-arg]
    return json.loads((ASSETS / "style.json").read_text(encoding="utf-8"))
