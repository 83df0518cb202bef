"""Event triggers and the words around them that make, or refuse, an event (ontology/patterns/events.jsonl,
kg/nlp/triggers.py, kg/nlp/events.py); each row is one pattern of news English, on sentences of our own."""

from __future__ import annotations

import pytest

from tests.conftest import short


def _asserted(resolve_text, text: str) -> list[tuple[str, set[str], set[str], set[str]]]:  # type: ignore[no-untyped-def]
    return [(e.cls, {short(a) for a in e.agents}, {short(t) for t in e.targets}, {short(p) for p in e.places})
            for e in resolve_text(text).events if e.modality == "asserted"]


@pytest.mark.parametrize(("text", "cls", "agent", "place"), [
    # a past form the model reads as a noun
    ("Fighters of the National Liberation Army retook the town of Tame on Friday.",
     "Takeover", "national-liberation-army", "tame-3667478"),
    # "X fell to Y": what falls is the place, who it falls to takes it
    ("The town of Marawi fell to Abu Sayyaf militants on Monday.", "Takeover", "abu-sayyaf", "marawi-city-1701053"),
    # "took back (the) control of", "regained control of"
    ("The National Liberation Army took back the control of Tame on Monday.",
     "Takeover", "national-liberation-army", "tame-3667478"),
    ("The National Liberation Army regained control of Tame on Monday.",
     "Takeover", "national-liberation-army", "tame-3667478"),
    # armed men entering a place
    ("Colombian troops entered Tame on Tuesday.", "Takeover", "colombia", "tame-3667478"),
    # people at large fleeing a place; those who flee are nobody's agents
    ("Thousands of residents fled Marawi on Monday.", "Displacement", None, "marawi-city-1701053"),
    ("Officials evacuated 5,000 residents from Tipo-Tipo on Monday.", "Displacement", None, "tipo-tipo"),
    # an exchange of fire is a clash
    ("Troops killed three of the attackers during the exchange of fire near Tipo-Tipo.", "ArmedClash", None,
     "tipo-tipo"),
    # a massacre named as a noun
    ("Abu Sayyaf claimed responsibility for a massacre in Tipo-Tipo on Monday in which 40 people were killed.",
     "Attack", "abu-sayyaf", "tipo-tipo"),
    # armed men no name tells: an attack by someone unidentified
    ("Gunmen killed nine people at a market in Marawi on Saturday.", "Attack", None, "marawi-city-1701053"),
    ("Gunmen shot dead nine people at a market in Marawi on Saturday.", "Shooting", None, "marawi-city-1701053"),
    ("Nine farmers were shot dead by bandits near Marawi on Sunday.", "Shooting", None, "marawi-city-1701053"),
    ("Gang members shot dead nine people at a market in Marawi on Saturday.", "Shooting", None,
     "marawi-city-1701053"),
    ("Gunmen arrived in two trucks and shot dead nine people at a market in Marawi on Saturday.", "Shooting",
     None, "marawi-city-1701053"),
])
def test_a_trigger_makes_its_event(resolve_text, text: str, cls: str, agent: str | None,  # type: ignore[no-untyped-def]
                                   place: str) -> None:
    events = [e for e in _asserted(resolve_text, text) if e[0] == cls]
    assert len(events) == 1, _asserted(resolve_text, text)
    _, agents, _, places = events[0]
    assert (agent in agents if agent else not agents) and place in places, events


@pytest.mark.parametrize(("text", "cls"), [
    # entering, falling and fleeing need armed men, a place, people at large
    ("Aid trucks entered Marawi on Monday.", "Takeover"),
    ("Prices fell to a record low in Tame.", "Takeover"),
    ("The gunmen fled after the raid on Jolo.", "Displacement"),
    ("The embassy evacuated its staff from Jolo.", "Displacement"),
    # fighting a deal halts is the war at large, not an incident
    ("Colombia and the National Liberation Army agreed on Monday to stop fighting in Arauca.", "ArmedClash"),
    ("A pause in the fighting between Colombia and the National Liberation Army held on Tuesday.", "ArmedClash"),
    # the fighting that won a place is the takeover's course
    ("Abu Sayyaf said its fighters had seized the town of Tipo-Tipo after five days of fighting.", "ArmedClash"),
    ("The army captured Tipo-Tipo in a fresh offensive last month.", "Offensive"),
    # a charge laid is no incident told
    ("Villagers accused Abu Sayyaf fighters of looting homes in Jolo.", "PropertyDestruction"),
    ("The court wants him for murder and torture committed in Jolo since 2015.", "Attack"),
    # a report the actor has not confirmed is no fact
    ("Abu Sayyaf has not confirmed reports that it kidnapped two fishermen near Jolo.", "Arrest"),
    # the toll of a whole war
    ("Monitors said 300,000 people have died from fighting and hunger during the war in Colombia.", "ArmedClash"),
    # what someone has done for years is a standing activity
    ("The National Liberation Army has fought the government for more than 50 years.", "ArmedClash"),
    ("Abu Sayyaf has attacked ferries in the region since 2000.", "Attack"),
    ("The Moro rebels have fought Manila's rule in the region since the 1970s.", "ArmedClash"),
    ("The National Liberation Army, which is fighting the government for independence, has stepped up "
     "attacks on security forces in Arauca.", "Attack"),
    ("The National Liberation Army, which is fighting the government for independence, has stepped up "
     "attacks on security forces in Arauca.", "ArmedClash"),
    ("The National Liberation Army fought alongside the army against the rebels during the war.", "ArmedClash"),
    # a killing with no doer, or one no armed man did, is no attack of its own
    ("The disease killed nine people in Marawi last week.", "Attack"),
    ("Nine people were killed in Marawi on Saturday.", "Attack"),
])
def test_no_event_is_asserted(resolve_text, text: str, cls: str) -> None:  # type: ignore[no-untyped-def]
    assert not [e for e in _asserted(resolve_text, text) if e[0] == cls], _asserted(resolve_text, text)


def test_a_defender_is_the_target(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = "Philippine troops foiled an attack by Abu Sayyaf on Jolo on Monday."
    events = _asserted(resolve_text, text)
    assert [(e[1], e[2]) for e in events] == [({"abu-sayyaf"}, {"philippines"})], events


def test_the_deal_joins_the_latest_deal_and_a_mediator_is_no_party(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Colombia and the National Liberation Army signed a truce in Havana on Monday. "
            "The truce was signed by rebel commander Pablo Beltran. Norway helped broker the truce.")
    events = _asserted(resolve_text, text)
    assert len(events) == 1, events
    assert {"colombia", "national-liberation-army"} <= events[0][1] and "norway" not in events[0][1], events


def test_an_act_avenged_is_an_earlier_incident_and_keeps_its_place(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Gunmen attacked a bus near Jolo on Monday. Abu Sayyaf claimed the attack in retaliation "
            "for the raids on its camps in Basilan last year.")
    events = resolve_text(text).events
    news = [e for e in events if not e.background]
    assert len(news) == 1 and len(news[0].triggers) == 2, events
    assert {short(p) for p in news[0].places} == {"jolo-1710141"}, news
    assert [e for e in events if e.background], events


@pytest.mark.parametrize("verb", ["answered", "avenged"])
@pytest.mark.model
def test_an_act_a_verb_of_retaliation_answers_is_another_incident(resolve_text, verb: str) -> None:  # type: ignore[no-untyped-def]
    text = (f"Philippine jets carried out raids on Friday. The raids {verb} an ambush on an army post "
            "that killed four soldiers.")
    events = {frozenset(t.text for t in e.triggers): sorted(c.count for c in e.casualties)
              for e in resolve_text(text).events}
    assert events.get(frozenset({"ambush"})) == [4] and [] in events.values(), events


def test_a_dateline_after_a_headline_is_no_place(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Gunmen attack bus near Jolo\nCOTONOU, June 4 - Gunmen attacked a bus near Jolo on Monday, killing four people."
    assert "COTONOU" not in [m.text for m in extract(text).mentions]


def test_a_state_begun_before_the_news_is_context_with_its_own_agent(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Colombian soldiers retook the town hall in Tame on Friday after driving out the National "
            "Liberation Army, which had occupied the building since 2019.")
    events = [(e.background, {short(a) for a in e.agents}) for e in resolve_text(text).events]
    assert sorted(events, key=str) == [(False, {"colombia"}), (True, {"national-liberation-army"})], events


def test_what_a_period_is_counted_from_is_context_and_keeps_no_toll(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = ("At least 12 people were killed when a drone struck a market in Tame on Sunday, the deadliest "
            "incident since fighting broke out this month between the army and the National Liberation Army.")
    events = {(e.cls, e.background): sorted(c.count for c in e.casualties if c.kind == "killed")
              for e in resolve_text(text).events}
    assert events == {("AirStrike", False): [12], ("ArmedClash", True): []}, events


def test_what_an_act_is_called_is_no_second_act(resolve_text) -> None:  # type: ignore[no-untyped-def]
    events = resolve_text("Colombia condemned the raids as an assault on its sovereignty.").events
    assert [[c.text for c in e.triggers] for e in events] == [["raids"]], events


def test_the_event_a_period_is_counted_from_is_context(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = "Abu Sayyaf launched its biggest raid on Jolo since the start of the army offensive."
    events = {e.cls: e.background for e in resolve_text(text).events}
    assert events == {"Attack": False, "Offensive": True}, events


def test_an_event_dated_by_is_context_and_takes_no_later_toll(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Abu Sayyaf fighters attacked army posts near Jolo on Monday, two days after explosions in Basilan. "
            "Officials said 14 soldiers were killed.")
    events = {(e.cls, e.background): sorted(c.count for c in e.casualties if c.kind == "killed")
              for e in resolve_text(text).events}
    assert events == {("Attack", False): [14], ("ExplosiveAttack", True): []}, events


def test_a_killing_told_as_what_the_raiders_did_is_theirs(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = "Abu Sayyaf gunmen burst into Tipo-Tipo on Monday, killing 12 people and seizing around 30 hostages."
    events = {e.cls: ({short(a) for a in e.agents}, [c.count for c in e.casualties if c.kind == "killed"])
              for e in resolve_text(text).events}
    assert events["Attack"] == ({"abu-sayyaf"}, [12]) and "Takeover" not in events, events


def test_an_event_given_as_context_is_taken_up_again_by_an_anaphor(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Abu Sayyaf fighters attacked Jolo on Monday, two days after an air strike on a military academy "
            "in Basilan. That strike killed 30 cadets.")
    events = {(e.cls, e.background): sorted(c.count for c in e.casualties if c.kind == "killed")
              for e in resolve_text(text).events}
    assert events == {("Attack", False): [], ("AirStrike", True): [30]}, events
