"""Exports in the shapes analysts already use: ACLED-style CSV and PLOVER JSON Lines.

Both are read straight from the graph by the saved queries `export-acled` and
`export-plover`; this module only shapes their rows.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pyoxigraph as ox

from kg import query

ACLED_COLUMNS = ("event_id", "event_date", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1",
                 "actor2", "inter2", "interaction", "admin1", "location", "latitude", "longitude",
                 "geo_precision", "source", "notes", "fatalities")
FORMATS = ("acled", "plover")


def _rows(store: ox.Store, name: str) -> list[dict[str, str]]:
    text, path = query.find(name)
    _, rows = query.rows(query.run(store, text, str(path)))
    return rows


def acled_csv(store: ox.Store) -> str:
    """Every event stated as fact, one ACLED-style CSV row each."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=ACLED_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in _rows(store, "export-acled"):
        writer.writerow({c: row.get(c, "") for c in ACLED_COLUMNS})
    return buf.getvalue()


def plover_records(store: ox.Store) -> Iterator[dict[str, object]]:
    """Every event stated as fact as a PLOVER-style record."""
    for row in _rows(store, "export-plover"):
        yield {
            "id": row["id"], "date": row.get("date"), "event_type": row.get("event_type"),
            "mode": row.get("mode"), "cameo": row.get("cameo"),
            "source": {"actor": row.get("source_actor"), "sector": row.get("source_sector"),
                       "country": row.get("source_country")},
            "target": {"actor": row.get("target_actor"), "sector": row.get("target_sector"),
                       "country": row.get("target_country")},
            "location": {"name": row.get("location"), "admin1": row.get("admin1"), "country": row.get("country"),
                         "lat": _number(row.get("latitude")), "lon": _number(row.get("longitude"))},
            "dead": _number(row.get("dead")), "text": row.get("text"), "report": row.get("report"),
        }


def plover_jsonl(store: ox.Store) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in plover_records(store))


def _number(value: str | None) -> float | int | None:
    if value in (None, ""):
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def render(store: ox.Store, fmt: str) -> str:
    if fmt == "acled":
        return acled_csv(store)
    if fmt == "plover":
        return plover_jsonl(store)
    raise query.QueryError(f"unknown codebook format {fmt!r}; use one of {', '.join(FORMATS)}")
