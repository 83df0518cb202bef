"""Who does an event and who undergoes it: the sides of a fight, gunfire one side comes under, counts of
fighters from named groups. Sentences written for these tests."""

from __future__ import annotations

import pytest

from tests.conftest import short


def _roles(resolve_text, text: str, cls: str) -> list[tuple[list[str], list[str]]]:  # type: ignore[no-untyped-def]
    """(agents, targets) of each event of the class, short names sorted."""
    events = [e for e in resolve_text(text).events if e.cls == cls]
    assert events, (text, [e.cls for e in resolve_text(text).events])
    return [(sorted(short(a) for a in e.agents), sorted(short(t) for t in e.targets)) for e in events]


@pytest.mark.parametrize(("text", "cls", "agents", "targets"), [
    # "came under gunfire": the subject undergoes it; "from X" names who fired, on the trigger or on the verb
    ("Azerbaijani troops came under gunfire from PJAK near Ganja on Monday.", "Shooting", ["pjak"], ["azerbaijan"]),
    ("Armenian police came under heavy gunfire from PJAK gunmen during a raid near Kapan.", "Shooting", ["pjak"],
     ["armenia"]),
    # "from" a town names where the fire came from, not who fired it
    ("Armenian troops came under artillery fire from Kapan on Monday.", "Shelling", [], ["armenia"]),
    # "exchanging fire with Y": both sides of a clash
    ("Fighters of PJAK and the Eighth Brigade were exchanging fire with Armenian troops in Kapan.", "ArmedClash",
     ["eighth-brigade", "pjak"], ["armenia"]),
    ("Azerbaijani border guards traded fire with PJAK near Ganja overnight.", "ArmedClash", ["azerbaijan"],
     ["pjak"]),
    # armed men killed or wounded in a fight with Y were a side of it
    ("An Armenian police officer was killed in a gunfight with PJAK near Kapan on Sunday.", "ArmedClash",
     ["armenia"], ["pjak"]),
    ("Two Azerbaijani soldiers were wounded during fighting with PJAK in Ganja.", "ArmedClash", ["azerbaijan"],
     ["pjak"]),
    # troops that repel an assault fight those who made it, where the assault was: one incident, a fight
    ("Armenian troops repelled an attack by PJAK on Kapan on Monday.", "ArmedClash", ["armenia"], ["pjak"]),
    ("Armenian troops repelled a PJAK ground assault on the northern edge of Kapan on Thursday.", "ArmedClash",
     ["armenia"], ["pjak"]),
    ("The gunmen burned houses in Kapan before they were repulsed by Armenian soldiers.", "ArmedClash",
     ["armenia"], []),
    # armed men who end a siege fight those who held it; a count of the attackers killed names their side
    ("Armenian security forces ended a siege at a hotel in Kapan on Saturday, killing all six PJAK attackers.",
     "ArmedClash", ["armenia"], ["pjak"]),
    # civilians caught in it were not
    ("Three Armenian civilians were killed in clashes with PJAK near Kapan on Sunday.", "ArmedClash", [],
     ["pjak"]),
    # "the gang" points back to the group named before, and who claims an act did it
    ("PJAK has held the hills east of Kapan for years. The gang claimed responsibility for a massacre in "
     "Gyumri in which at least 40 people were killed.", "Attack", ["pjak"], []),
    # "X claimed responsibility" naming no act claims the attack just told, whose doers went unnamed
    ("Islamist militants stormed a police academy near Kapan on Tuesday. PJAK claimed responsibility, saying "
     "its fighters had inflicted heavy losses.", "Attack", ["pjak"], ["armenia"]),
    # a parse that makes the dateline the subject hangs the true subject on it; the army that abandoned
    # the city just before lost it
    ("NAIROBI, Oct 29 - The Free Mountain Forces (FMF) have taken full control of Kapan, the capital of the "
     "north, after the army abandoned its last base in the city, ending an 18-month siege.", "Takeover",
     ["free-mountain-forces"], ["armenia"]),
    # "five of the group's sites": the group's
    ("PJAK has held the hills near Kapan for years. Armenian jets bombed five of the group's sites near Kapan "
     "on Sunday.", "AirStrike", ["armenia"], ["pjak"]),
    # "hundreds of gunmen from X and Y": the parse hangs "from" on the count, the gunmen are still X's and Y's
    ("Hundreds of gunmen from the PJAK and Eighth Brigade groups attacked a checkpoint near Gyumri before dawn.",
     "Attack", ["eighth-brigade", "pjak"], []),
    ("Dozens of fighters from PJAK stormed a checkpoint near Ganja.", "Attack", ["pjak"], []),
    # the sentence's only verb, set off by a comma, hung by the parse on the noun that opens it
    ("Hundreds of gunmen from PJAK, all of them veterans of the war, attacked before dawn, burning the police "
     "station in Kapan.", "Attack", ["pjak"], []),
    # the one accused of an act done through a light verb, not the accuser
    ("Amnesty International accused PJAK of carrying out the killings in Kapan.", "Attack", ["pjak"], []),
    ("Amnesty International accused PJAK of carrying out the raid on Goris.", "Attack", ["pjak"], []),
    # a phrase after a comma that sums up the act is no second object
    ("Armenian jets struck PJAK fighters near Kapan overnight, the first Georgian military response to the raids.",
     "AirStrike", ["armenia"], ["pjak"]),
])
@pytest.mark.model
def test_the_sides_of_an_event_are_found(resolve_text, text: str, cls: str, agents: list[str],  # type: ignore[no-untyped-def]
                                         targets: list[str]) -> None:
    assert (agents, targets) in _roles(resolve_text, text, cls), text


@pytest.mark.model
def test_a_repelled_assault_is_one_fight(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = "Armenian troops repelled a PJAK ground assault on the northern edge of Kapan, killing six attackers."
    events = [(e.cls, [short(p) for p in e.places], [c.count for c in e.casualties]) for e in resolve_text(text).events]
    assert events == [("ArmedClash", ["kapan-174875"], [6])], events


@pytest.mark.parametrize("text", [
    "Air defences repelled a drone attack on Kapan overnight.",
    "Air defences repelled a missile barrage on Kapan overnight.",
    "Armenian troops ended their siege of Kapan and withdrew.",
    "The talks on Kapan ended in failure.",
])
@pytest.mark.model
def test_repelling_what_flew_in_or_ending_ones_own_siege_is_no_fight(resolve_text, text: str) -> None:  # type: ignore[no-untyped-def]
    assert "ArmedClash" not in [e.cls for e in resolve_text(text).events], text


@pytest.mark.parametrize("text", [
    "A fire broke out in a market in Ganja on Monday.",
    "Firefighters put out a fire at the Kapan depot.",
    "The minister came under criticism from PJAK over the budget.",
])
@pytest.mark.model
def test_a_fire_or_criticism_is_no_attack(resolve_text, text: str) -> None:  # type: ignore[no-untyped-def]
    assert [e.cls for e in resolve_text(text).events] == [], text


@pytest.mark.model
def test_undated_news_is_not_a_dated_incident_of_a_year_before(resolve_text) -> None:  # type: ignore[no-untyped-def]
    """An attack told as news without a date and one dated a year before the report, at one place,
    are two incidents."""
    text = ("Gunmen attacked a camp near Kapan, the ministry said. PJAK claimed a massacre in Kapan "
            "on 3 March 2020 in which 40 people were killed.")
    attacks = [e for e in resolve_text(text).events if e.cls == "Attack"]
    assert len(attacks) == 2, [(e.cls, [t.text for t in e.triggers]) for e in attacks]


@pytest.mark.parametrize("text", [
    # the doers are named already: the claim is theirs to make, not another's act
    "Armenian troops stormed a village near Kapan on Tuesday. PJAK claimed responsibility, saying it had won.",
    # a claim long after the attack, with other news between, claims nothing told before
    "Gunmen stormed a police academy near Kapan on Tuesday. The city was calm on Wednesday. Schools reopened. "
    "Shops reopened too. PJAK claimed responsibility.",
])
@pytest.mark.model
def test_a_bare_claim_does_not_take_a_named_or_distant_attack(resolve_text, text: str) -> None:  # type: ignore[no-untyped-def]
    attacks = [e for e in resolve_text(text).events if e.cls == "Attack"]
    assert attacks and not any("pjak" in [short(a) for a in e.agents] for e in attacks), text


@pytest.mark.model
def test_a_headline_reduced_relative_names_no_doer(resolve_text) -> None:  # type: ignore[no-untyped-def]
    """"Dozens of PJAK gunmen killed in raid": those killed did not do it."""
    events = resolve_text("Dozens of PJAK gunmen killed in Armenian raid near Kapan\n\nKAPAN, May 3 - The "
                          "army said its troops had raided a camp.").events
    assert not any("pjak" in [short(a) for a in e.agents] for e in events), [(e.cls, e.agents) for e in events]
