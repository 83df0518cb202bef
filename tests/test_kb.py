import re
from pathlib import Path

import pytest

from kg import kb as kb_module
from kg.kb import alias_key, surface_variants

ROOT = Path(__file__).resolve().parent.parent
IDENTIFIERS = ROOT.parent / "shared" / "identifiers.tsv"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Hay'at Tahrir al-Sham", "hayat tahrir al sham"),
        ("Hayʼat Tahrir al-Sham", "hayat tahrir al sham"),
        ("The Syrian Observatory", "syrian observatory"),
        ("Erdoğan", "erdogan"),
        ("al Qaeda", "al qaeda"),
    ],
)
def test_alias_key(text: str, key: str) -> None:
    assert alias_key(text) == key


def test_surface_variants_cover_hyphens_and_apostrophes() -> None:
    forms = surface_variants("Hay'at Tahrir al-Sham")
    assert {"Hay'at Tahrir al-Sham", "Hayat Tahrir al-Sham", "Hay'at Tahrir al Sham"} <= forms
    assert "Hay\u2019at Tahrir al-Sham" in forms


def test_knowledge_base_size_and_types(kb: kb_module.KnowledgeBase) -> None:
    actors = [iri for iri in kb.entities if kb.is_a(iri, "Actor")]
    assert len(actors) >= 60
    places = [iri for iri in kb.entities if kb.is_a(iri, "FirstLevelDivision")]
    assert len([p for p in places if kb.is_a(p, "Place") and "syria" in kb.chain(p)[-1]]) >= 14


@pytest.mark.parametrize(
    ("alias", "entity", "kind"),
    [
        ("hts", "actor/hayat-tahrir-al-sham", "name"),
        ("hayat tahrir al cham", "actor/hayat-tahrir-al-sham", "name"),
        ("moscow", "country/russia", "metonym"),
        ("ankara", "country/turkey", "metonym"),
        ("damascus", "actor/syrian-government", "metonym"),
        ("regime", "actor/syrian-government", "nominal"),
        ("russian", "country/russia", "demonym"),
        ("hamas", "actor/hamas", "name"),
    ],
)
def test_aliases(kb: kb_module.KnowledgeBase, alias: str, entity: str, kind: str) -> None:
    entries = kb.aliases[alias]
    assert any(e.iri.endswith(entity) and e.kind == kind for e in entries), entries


def test_known_relations(kb: kb_module.KnowledgeBase) -> None:
    assert "https://w3id.org/conflict-kg/country/syria" in kb.chain(
        "https://w3id.org/conflict-kg/place/idlib-governorate")


def _seen_ids() -> set[str]:
    if not IDENTIFIERS.is_file():
        return set()
    rows = [line.split("\t") for line in IDENTIFIERS.read_text().splitlines()[1:] if line.strip()]
    return {r[1] for r in rows if len(r) > 2 and r[2] == "seen"}


def test_every_wikidata_id_was_seen_in_a_source() -> None:
    """An ID is either listed as seen, or the line above it says where it was seen."""
    seen = _seen_ids()
    if not seen:
        pytest.skip("../shared/identifiers.tsv is absent: cannot check the sources of Wikidata IDs")
    for path in (ROOT / "ontology" / "kb").glob("*.ttl"):
        lines = path.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines):
            for qid in re.findall(r"wd:(Q\d+)", line):
                documented = any("wikidata: seen in" in lines[k] for k in range(max(0, n - 3), n))
                assert qid in seen or documented, f"{path.name}:{n + 1}: {qid} has no recorded source"


def test_seed_wikidata_links(kb: kb_module.KnowledgeBase) -> None:
    expected = {"country/russia": "Q159", "country/turkey": "Q43", "actor/al-qaeda": "Q34490",
                "place/idlib-governorate": "Q233218"}
    for local, qid in expected.items():
        entity = kb.entities[f"https://w3id.org/conflict-kg/{local}"]
        assert entity.wikidata == f"http://www.wikidata.org/entity/{qid}"
