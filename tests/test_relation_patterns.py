"""Relations told by clause patterns of news English: a clause said of the subject of "is" ("X is a
group that fights Y"), a purpose ("fought to topple Y"), help asked for ("turned to X for support"),
a body leading another ("X, which oversees Y"), a leader named by "known as", "in charge of Y",
"P's government" (the state P heads), "his Moroccan counterpart".

Every sentence is written for these tests."""

from __future__ import annotations

import pytest

from tests.conftest import short

SDF = "syrian-democratic-forces"
FSA = "free-syrian-army"


def _relations(resolve_text, text: str) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {(short(r.subject), r.predicate, short(r.object)) for r in resolve_text(text).relations}


@pytest.mark.parametrize(("text", "triple"), [
    # a relative or participle clause on the noun after "is" is said of the subject of "is"
    ("The Free Syrian Army is a coalition that fights the Islamic State.", (FSA, "opposes", "islamic-state")),
    ("Raqqa is the last major city in the north still held by the Syrian Democratic Forces.",
     (SDF, "controls", "raqqa")),  # called a city: the city, not its province
    # "that" as the object of a relative clause, however it is tagged
    ("The rebels pushed east from Manbij, the suburb that the Syrian Democratic Forces have controlled for years.",
     (SDF, "controls", "manbij")),
    # a fight for a purpose names whom it is against
    ("The Free Syrian Army has fought for a decade to topple the government of Armenia.", (FSA, "opposes", "armenia")),
    ("The Levant Front has battled since 2012 to overthrow the government of Armenia.",
     ("levant-front", "opposes", "armenia")),
    # help asked of someone
    ("The Free Syrian Army turned to France for military support.", ("france", "supports", FSA)),
    ("The Levant Front looked to Turkey for help against the Islamic State.", ("turkey", "supports", "levant-front")),
    ("Morocco's military rulers expelled Algerian advisers and turned to France for security support.",
     ("france", "supports", "morocco")),
    # a body that leads another, by a verb of leading
    ("The Karen National Union, which oversees the KNLA militias, condemned the strike.",
     ("karen-national-union", "leads", "karen-national-liberation-army")),
    ("The coalition, led by the United States, struck the town.", ("united-states", "leads", "us-led-coalition")),
    # a leader named after "known as" / "called"
    ("The Ahrar al-Sham fighters in the valley now answer to a commander known as Mazloum Abdi.",
     ("mazloum-abdi", "leads", "ahrar-al-sham")),
    ("The Ahrar al-Sham fighters now answer to a commander called Mazloum Abdi.",
     ("mazloum-abdi", "leads", "ahrar-al-sham")),
    # "in charge of", "in control of": a place held, an actor led
    ("The Free Syrian Army took Raqqa, leaving the Levant Front in charge of nearly all of Hasakah.",
     ("levant-front", "controls", "al-hasakah-governorate")),
    ("Free Syrian Army fighters in control of Azaz fired on the convoy.", (FSA, "controls", "azaz")),
    ("The Levant Front remains in charge of Manbij.", ("levant-front", "controls", "manbij")),
    ("Mazloum Abdi is in charge of the Syrian Democratic Forces.", ("mazloum-abdi", "leads", SDF)),
    # the act supported names its doer after "by"; one who represents a body belongs to it
    ("France has backed the recapture of Raqqa by the Syrian Democratic Forces.", ("france", "supports", SDF)),
    ("The Syrian Democratic Forces, represented by Mazloum Abdi, signed the deal.", ("mazloum-abdi", "memberOf", SDF)),
    ("Mazloum Abdi, who represents the Syrian Democratic Forces at the talks, spoke.",
     ("mazloum-abdi", "memberOf", SDF)),
    # a counterpart serves the state named before the word
    ("Algeria's Defence Minister Said Chengriha and his Moroccan counterpart, Abdellatif Loudiyi, met.",
     ("abdellatif-loudiyi", "memberOf", "morocco")),
    # "P's government": the state P heads, as the knowledge base knows it
    ("The Levant Front fought alongside the army, but turned against Bashar al-Assad's government in 2012.",
     ("levant-front", "opposes", "syria")),
    ("The Free Syrian Army rose against the government of Bashar al-Assad in 2011.", (FSA, "opposes", "syria")),
    # a gerund subject the parser reads as a verb
    ("Dozens died since fighting broke out this month between the Syrian army and the Free Syrian Army.",
     ("syrian-arab-army", "opposes", FSA)),
    # "in support of" set after names: they are the ones who support
    ("France, Morocco and others in support of the Free Syrian Army sent envoys.", ("morocco", "supports", FSA)),
    ("The coalition carried out strikes in support of the Syrian Democratic Forces.",
     ("us-led-coalition", "supports", SDF)),
    # a stronghold set beside the place it is, or said of it by a relative "is"
    ("Fighters entered Azaz, the Free Syrian Army's stronghold in the north.", (FSA, "controls", "azaz")),
    ("Azaz, which is the last stronghold of the Free Syrian Army, was shelled.", (FSA, "controls", "azaz")),
    ("The Levant Front, which is a branch of the Free Syrian Army, attacked.", ("levant-front", "affiliatedWith", FSA)),
    # "P of the Y", help sent
    ("Mazloum Abdi of the Syrian Democratic Forces said the town was calm.", ("mazloum-abdi", "memberOf", SDF)),
    ("France sent troops to help the Free Syrian Army.", ("france", "supports", FSA)),
    ("Algerian jets joined the fight against the Islamic State in support of the Free Syrian Army.",
     ("algeria", "supports", FSA)),
    # a relational noun owned by one name and set before another
    ("The Levant Front's ally France sent troops.", ("france", "supports", "levant-front")),
    ("The Free Syrian Army's affiliate, the Levant Front, attacked.", ("levant-front", "affiliatedWith", FSA)),
    # support told in a relative clause hung on the main one belongs to the main clause's doer
    ("The coalition's jets struck depots, which held weapons, in support of the Syrian Democratic Forces.",
     ("us-led-coalition", "supports", SDF)),
    # positions held against someone
    ("The Free Syrian Army held its positions against the Islamic State near Azaz.", (FSA, "opposes", "islamic-state")),
])
def test_relation_pattern(resolve_text, text: str, triple: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    assert triple in _relations(resolve_text, text)


@pytest.mark.parametrize(("text", "predicate"), [
    # turning to someone for what is no help; help asked of no one
    ("The Free Syrian Army turned to France for talks.", "supports"),
    ("The Free Syrian Army turned to the north for shelter.", "supports"),
    # a state leads an act, not an actor
    ("Turkey led the assault on Afrin.", "leads"),
    # a place the group "is" not: the clause is said of a name, not of the subject
    ("The Free Syrian Army is near Raqqa, which the Islamic State holds.", "opposes"),
    # the government of a person the knowledge base does not place in a state; a counterpart named alone
    ("The Free Syrian Army rose against the government of Abu Omar Saraqib in 2011.", "opposes"),
    ("Said Chengriha met his counterpart.", "memberOf"),
    # "P of" a place
    ("Mazloum Abdi of Raqqa said the town was calm.", "memberOf"),
    # an owned relational noun with no name after it
    ("Turkey's allies were not consulted about the Free Syrian Army.", "supports"),
    # in charge of no actor or place; no longer in charge
    ("The Levant Front was in charge of the talks.", "leads"),
    ("The Levant Front is no longer in charge of Manbij.", "controls"),
    # who holds a place's office holds the office, not the place
    ("The Levant Front occupied the Hasakah governor's office on Sunday.", "controls"),
])
def test_pattern_not_stated(resolve_text, text: str, predicate: str) -> None:  # type: ignore[no-untyped-def]
    assert not {t for t in _relations(resolve_text, text) if t[1] == predicate}
