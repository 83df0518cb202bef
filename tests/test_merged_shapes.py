"""The shapes and the cross-report merge agree: a store with merged events conforms."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import pipeline, store
from kg import validate as v

# two reports of one strike, as two publishers tell it
REPORT_A = ("Russian missiles struck an apartment block in Mykolaiv on Tuesday, killing 9 civilians, "
            "the city's mayor said.")
REPORT_B = ("At least 11 people died when Russian missiles hit a residential building in Mykolaiv on Tuesday, "
            "rescuers said.")
PREFIXES = """@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
REPORTS = "ex:r1 a ckg:Report . ex:r2 a ckg:Report .\n"
CLAIM = "ex:c a ckg:CasualtyClaim ; ckg:count 3 .\n"


ONE_REPORT, MERGES, CLAIMED = "exactly one ckg:Report", "a merged event", "a casualty claim belongs"


@pytest.mark.parametrize(("body", "said"), [
    ("ex:e a ckg:Attack ; ckg:inReport ex:r1, ex:r2 .", ONE_REPORT),
    ("ex:m a ckg:Attack ; ckg:inReport ex:r1, ex:r2 ; ckg:mergedFrom ex:e1 . ex:e1 a ckg:Attack ; ckg:inReport ex:r1 .",
     MERGES),
    ("ex:m a ckg:Attack ; ckg:inReport ex:r1 ; ckg:mergedFrom ex:e1, ex:e2 ."
     " ex:e1 a ckg:Attack ; ckg:inReport ex:r1 . ex:e2 a ckg:Attack ; ckg:inReport ex:r1 .", MERGES),
    (CLAIM + "ex:e1 a ckg:Attack ; ckg:inReport ex:r1 ; ckg:casualties ex:c ."
     " ex:e2 a ckg:Attack ; ckg:inReport ex:r2 ; ckg:casualties ex:c .", CLAIMED),
    (CLAIM + "ex:m a ckg:Attack ; ckg:inReport ex:r1, ex:r2 ; ckg:mergedFrom ex:e1, ex:e2 ; ckg:casualties ex:c ."
     " ex:e1 a ckg:Attack ; ckg:inReport ex:r1 . ex:e2 a ckg:Attack ; ckg:inReport ex:r2 .", CLAIMED),
    (CLAIM + "ex:m a ckg:Attack ; ckg:inReport ex:r1, ex:r2 ; ckg:mergedFrom ex:e1, ex:e2 ; ckg:casualties ex:c ."
     " ex:e1 a ckg:Attack ; ckg:inReport ex:r1 ; ckg:casualties ex:c . ex:e2 a ckg:Attack ; ckg:inReport ex:r2 .",
     None),
])
def test_one_report_per_event_unless_merged(body: str, said: str | None) -> None:
    db = ox.Store()
    db.load((PREFIXES + REPORTS + body).encode(), ox.RdfFormat.TURTLE)
    messages = [viol.message for viol in v.validate_store(db).violations]
    found = {m for m in (ONE_REPORT, MERGES, CLAIMED) if any(m in text for text in messages)}
    assert found == ({said} if said else set()), messages


@pytest.mark.model
def test_store_with_merged_events_conforms(tmp_path: Path) -> None:
    for name, text, publisher in (("a", REPORT_A, "Daily One"), ("b", REPORT_B, "Evening Two")):
        (tmp_path / f"{name}.txt").write_text(text)
        (tmp_path / f"{name}.json").write_text(json.dumps({"id": name, "date": "2023-03-09", "publisher": publisher}))
    folder = tmp_path / "store"
    summary = pipeline.build_store([tmp_path / "a.txt", tmp_path / "b.txt"], folder, pipeline.Options(workers=0))
    assert summary.reports == 2 and not summary.skipped
    db = store.open_store(folder, read_only=True)
    merged = list(db.query("PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> "
                           "SELECT DISTINCT ?m WHERE { GRAPH ?g { ?m ckg:mergedFrom ?e } }"))
    assert len(merged) == 1
    result = v.validate_store(db)
    assert result.conforms, v.render(result)
