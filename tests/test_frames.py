"""The frame lexicon (ontology/patterns/frames.json): where an event's agent, target and place stand.

The lexicon is checked on its own; each slot and role is then tried on a sentence written for
these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import KnowledgeBaseError
from kg.nlp.frames import FrameLexicon, load_frames
from tests.conftest import short

LEXICON = FrameLexicon(
    classes={"Event": {"subject": "agent", "prep:by": "agent"}, "Attack": {"object": "undergoer"}},
    lemmas={"fall": {"subject": "place", "prep:by": None}},
)


@pytest.mark.parametrize(("lemma", "lineage", "expected"), [
    ("strike", ["Event", "Attack"], {"subject": "agent", "prep:by": "agent", "object": "undergoer"}),
    ("strike", ["Event"], {"subject": "agent", "prep:by": "agent"}),       # only the classes above it
    ("fall", ["Event"], {"subject": "place"}),                              # a lemma overrides; null drops
    ("meet", ["Agreement"], {}),                                            # no frame: nothing
])
def test_frames_merge_from_the_general_to_the_lemma(lemma: str, lineage: list[str], expected: dict[str, str]) -> None:
    assert dict(LEXICON.frame(lemma, lineage)) == expected


@pytest.mark.parametrize(("content", "words"), [
    ("{not json", "cannot read"),
    ('{"classes": {"Attack": {"object": "victim"}}, "lemmas": {}}', "'victim'"),
    ('{"classes": {"Attack": {"beside": "place"}}, "lemmas": {}}', "'beside'"),
    ('{"classes": [], "lemmas": {}}', "must be objects"),
])
def test_a_bad_frame_file_is_refused_naming_the_file(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "frames.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=words) as err:
        load_frames(path)
    assert str(path) in str(err.value)


def test_the_shipped_frames_name_ontology_classes(kb) -> None:  # type: ignore[no-untyped-def]
    lexicon = load_frames()
    assert lexicon.classes and lexicon.lemmas
    assert [c for c in lexicon.classes if c not in kb.ancestors and c != "Event"] == []
    assert "_comment" in json.loads((Path(__file__).parent.parent / "ontology/patterns/frames.json").read_text())


def _event(resolve_text, text: str, cls: str):  # type: ignore[no-untyped-def]
    events = [e for e in resolve_text(text).events if e.cls == cls]
    assert events, (text, [e.cls for e in resolve_text(text).events])
    return events[0]


@pytest.mark.parametrize(("text", "cls", "agents", "targets", "places"), [
    # active subject, object a place behind a partitive
    ("Armenian troops seized most of Shusha on Monday.", "Takeover", ["armenia"], [], ["shusha"]),
    # "take control of Y"
    ("Azerbaijan has taken full control of Khankendi, the capital of the region.", "Takeover",
     ["azerbaijan"], [], ["khankendi"]),
    # a name compounded with a kind of settlement
    ("Armenian fighters have taken back control of Kapan town.", "Takeover", ["armenia"], [], ["kapan"]),
    # nominal: possessor and "of"
    ("Azerbaijan's capture of Shusha ended the war.", "Takeover", ["azerbaijan"], [], ["shusha"]),
    # "the fall of Y to X"
    ("The fall of Shusha to Azerbaijan ended the war.", "Takeover", ["azerbaijan"], [], ["shusha"]),
    # what was taken, and where it stands
    ("Azerbaijani soldiers captured the headquarters of the army in Lachin, a town in the region.", "Takeover",
     ["azerbaijan"], [], ["lac"]),
    # nominal: "by" and "on"
    ("Strikes by Armenia on Ganja killed six civilians.", "Attack", ["armenia"], [], ["ganja"]),
    # light verb with a nominal trigger
    ("Armenia carried out strikes on Ganja.", "Attack", ["armenia"], [], ["ganja"]),
    # an unknown name in the trigger's place slot
    ("Azerbaijan's attack on Goris killed seven people.", "Attack", ["azerbaijan"], [], ["goris"]),
    # coordinated adjectives before an actor noun
    ("Armenian and Georgian troops attacked Shusha.", "Attack", ["armenia", "georgia"], [], ["shusha"]),
    # hyphenated names before a noun trigger
    ("Colombian-Venezuelan strikes hit Arauca.", "Attack", ["colombia", "venezuela"], [], []),
    # the verb's object is where it happened
    ("Azerbaijani artillery shelled Kapan.", "Shelling", ["azerbaijan"], [], ["kapan"]),
    # the gazetteer finds the town across the border of the state named (Fuzuli, in Azerbaijan)
    ("Armenian forces stormed the district capital of Fizuli on Friday.", "Attack", ["armenia"], [], ["fuzuli"]),
    # "Y came under attack"
    ("Stepanakert came under attack by Azerbaijan.", "Attack", ["azerbaijan"], [], ["khankendi"]),
    # the place of what was hit
    ("A drone struck a mosque in Ganja during prayers, killing at least 30 worshippers.", "AirStrike", [], [],
     ["ganja"]),
    # a compound chain with its adjective: "an X army drone"
    ("At least 20 people were killed when an Azerbaijani army drone struck villagers in Ganja.", "AirStrike",
     ["azerbaijan"], [], ["ganja"]),
    # "clashed with Y": the other party
    ("Armenian troops clashed with Azerbaijani forces near Lachin.", "ArmedClash", ["armenia"], ["azerbaijan"],
     ["lac"]),
    # "fought Y": the other party
    ("Armenian forces fought Azerbaijani troops near Lachin.", "ArmedClash", ["armenia"], ["azerbaijan"], ["lac"]),
    # the passive subject undergoes it
    ("Kapan was shelled by Azerbaijani artillery on Monday.", "Shelling", ["azerbaijan"], [], ["kapan"]),
    ("The commander was detained by Georgian police on Sunday.", "Arrest", ["georgia"], [], []),
    # "forces loyal to X"
    ("Forces loyal to Armenia seized the town of Kapan on Monday.", "Takeover", ["armenia"], [], ["kapan"]),
    ("Fighters loyal to the Azerbaijani government attacked Ganja.", "Attack", ["azerbaijan"], [], ["ganja"]),
    # "a ceasefire with Y": a party to the agreement, not its place
    ("Azerbaijan signed a ceasefire with Armenia on Tuesday.", "Ceasefire", ["armenia", "azerbaijan"], [], []),
    ("Armenia reached an agreement with Azerbaijan in Moscow.", "Agreement", ["armenia", "azerbaijan"], [],
     ["moscow"]),
    # "an incursion of X"
    ("Six civilians were killed during an incursion of Azerbaijani troops at Martuni.", "Offensive",
     ["azerbaijan"], [], []),
])
def test_frame_slots(resolve_text, text: str, cls: str, agents: list[str], targets: list[str],  # type: ignore[no-untyped-def]
                     places: list[str]) -> None:
    event = _event(resolve_text, text, cls)
    assert sorted(short(a) for a in event.agents) == agents, text
    assert sorted(short(t) for t in event.targets) == targets, text
    for stem in places:
        assert any(short(p).startswith(stem) for p in event.places), (text, event.places)


@pytest.mark.parametrize(("text", "name"), [
    ("Venezuela-backed ELN fighters attacked Cucuta.", "venezuela"),
    ("Georgia-based Chechen fighters attacked Shusha.", "georgia"),
    ("Armenia-made drones struck Ganja on Monday.", "armenia"),
    ("Azerbaijani air strikes on the Armenia-backed militia killed 25 fighters.", "armenia"),
])
def test_relational_modifiers_are_neither_parties_nor_places(resolve_text, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    for event in resolve_text(text).events:
        roles = [*event.agents, *event.targets, *event.places]
        assert not any(short(r).startswith(name) for r in roles), (text, roles)


def test_a_party_is_no_place(resolve_text) -> None:  # type: ignore[no-untyped-def]
    event = _event(resolve_text, "Armenia agreed a ceasefire with Azerbaijan.", "Ceasefire")
    assert event.places == ()


@pytest.mark.parametrize(("text", "cls", "kind", "count"), [
    ("An Armenian missile strike on Ganja left nine people dead.", "MissileStrike", "killed", 9),
    ("The shelling of Kapan left at least 14 civilians dead.", "Shelling", "killed", 14),
    ("The blast in Ganja left five soldiers injured.", "ExplosiveAttack", "injured", 5),
])
def test_a_toll_the_event_left(resolve_text, text: str, cls: str, kind: str, count: int) -> None:  # type: ignore[no-untyped-def]
    event = _event(resolve_text, text, cls)
    assert [c.count for c in event.casualties if c.kind == kind] == [count], text


@pytest.mark.parametrize(("text", "aimed"), [
    ("Rebels shelled Kindu on Monday.", True),  # what was hit is the place
    ("Drones struck a market in Kindu on Monday.", False),  # the place is only where the market is
])
def test_a_place_is_aimed_at_only_when_it_is_what_was_hit(resolve_text, text: str, aimed: bool) -> None:  # type: ignore[no-untyped-def]
    events = resolve_text(text).events
    assert events and bool(events[0].aimed_at) == aimed
