"""Who took part: both sides of a fight told "between X and Y", the members an "including" names after
a party list, the doer a copula names ("X was behind the attack"), and "under attack from X".
Sentences written for these tests."""

from __future__ import annotations

import pytest

from tests.conftest import short


def _roles(resolve_text, text: str, cls: str) -> list[tuple[set[str], set[str]]]:  # type: ignore[no-untyped-def]
    """(agents, targets) of each event of the class, short names."""
    events = [e for e in resolve_text(text).events if e.cls == cls]
    assert events, (text, [e.cls for e in resolve_text(text).events])
    return [({short(a) for a in e.agents}, {short(t) for t in e.targets}) for e in events]


@pytest.mark.parametrize(("text", "cls", "agents", "targets"), [
    # "between X and Y": a fight of equals, both sides do it
    ("Heavy fighting broke out on Friday between Armenian troops and PJAK near Kapan, officials said.",
     "ArmedClash", {"armenia", "pjak"}, set()),
    ("A firefight between Azerbaijani soldiers and PJAK gunmen erupted near Ganja.",
     "ArmedClash", {"azerbaijan", "pjak"}, set()),
    # "between" hung by the parse on the day the fight goes on for
    ("Heavy clashes are continuing for a second day in the refugee camp of Tamsa near the city of Orlen in the "
     "north of Syria, between the Hezbollah movement and the Amal movement, and the number of dead has risen to 9.",
     "ArmedClash", {"hezbollah", "amal-movement"}, set()),
    # one side named, the other told by what it is: the named side fought
    ("Heavy clashes broke out on Monday between PJAK and local armed men in Kapan, residents said.",
     "ArmedClash", {"pjak"}, set()),
    ("Fierce fighting continued for a second day between PJAK and unknown gunmen in the camp.",
     "ArmedClash", {"pjak"}, set()),
    # "between" hung by the parse on the place the fight is told at
    ("Heavy clashes broke out on Monday in the Shahumyan district between PJAK and local armed men, "
     "residents said.", "ArmedClash", {"pjak"}, set()),
    # "X-led fighters" with no name of their own: X's
    ("PJAK-led fighters retook the town of Kapan on Monday.", "Takeover", {"pjak"}, set()),
    ("Armenia-backed fighters retook the town of Kapan on Monday.", "Takeover", set(), set()),
    # two times or two places "between": no side at all
    ("Heavy clashes broke out in the area between Kessi and Tamsi, PJAK said.", "ArmedClash", set(), set()),
    ("Heavy clashes broke out between Monday and Tuesday in Kapan, according to PJAK.",
     "ArmedClash", set(), set()),
    ("Heavy clashes broke out in the area between Kapan and Goris, PJAK said.", "ArmedClash", set(), set()),
    # told from one side, the other is what it fights
    ("Armenian troops clashed with PJAK near Kapan on Monday.", "ArmedClash", {"armenia"}, {"pjak"}),
    # "including Y" after a party list names a party, though the parse hangs it on the verb
    ("The truce, agreed between Armenia and armed factions, including the Eighth Brigade, took effect on Monday.",
     "Ceasefire", {"armenia", "eighth-brigade"}, set()),
    # "X and Y troops", where "Y troops" is one name: X's troops took part too
    ("Armenian and British troops retook the village of Margahovit on Monday.", "Takeover",
     {"armenia", "british-armed-forces"}, set()),
    ("Talks ended with a truce between Armenia and armed groups including PJAK.", "Ceasefire",
     {"armenia", "pjak"}, set()),
    # who acts under an agreement is a party to it
    ("Armenian troops began pulling out of the town of Kapan on Thursday under a ceasefire with PJAK.",
     "Ceasefire", {"armenia", "pjak"}, set()),
    ("Armenia has about 2,000 soldiers backing Georgian forces in the region under a bilateral deal signed in 2019.",
     "Agreement", {"armenia"}, set()),
    # not when the agreement names its parties
    ("The United Nations evacuated 300 civilians from Kapan under a deal between Armenia and PJAK.",
     "Agreement", {"armenia", "pjak"}, set()),
    ("The United Nations moved 300 civilians out of Kapan under a truce the two sides signed in May.",
     "Ceasefire", set(), set()),
    # what is supplied under a deal is no party to it
    ("Georgian drones, supplied under a defence pact last year, arrived in Kapan on Monday.", "Agreement", set(), set()),
    # "came under attack from X": X attacked
    ("An Armenian army convoy came under attack from PJAK fighters near Kapan on Monday.",
     "Attack", {"pjak"}, {"armenia"}),
])
def test_the_parties_are_found(resolve_text, text: str, cls: str, agents: set[str], targets: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert (agents, targets) in _roles(resolve_text, text, cls), text


@pytest.mark.parametrize("text", [
    "Gunmen stormed a police post in Ganja on Monday. PJAK said it was behind the attack.",
    "Gunmen stormed a police post in Ganja on Monday. PJAK said it was responsible for the attack.",
    # a blame that names no act names the doer of the attack told just before
    "Gunmen stormed a church in Kapan overnight, killing 12 worshippers. Army officials blamed PJAK.",
    "The government blamed the bombing of a bus in Ganja on PJAK.",
])
def test_who_is_said_to_be_behind_an_attack_did_it(resolve_text, text: str) -> None:  # type: ignore[no-untyped-def]
    assert any("pjak" in {short(a) for a in e.agents} for e in resolve_text(text).events), text


@pytest.mark.parametrize("text", [
    "Gunmen stormed a police post in Ganja on Monday. PJAK denied it was behind the attack.",
    "Gunmen stormed a police post in Ganja on Monday. PJAK said it was not behind the attack.",
    "Gunmen stormed a church in Kapan overnight. Officials did not blame PJAK.",
    # a place an attack came from is no doer
    "The attack from Azerbaijan killed three soldiers near Kapan.",
])
def test_a_denial_or_a_place_names_no_doer(resolve_text, text: str) -> None:  # type: ignore[no-untyped-def]
    found = {a for e in resolve_text(text).events for a in map(short, e.agents) if e.modality == "asserted"}
    assert not found & {"pjak", "azerbaijan"}, (text, found)
