"""Who a relation or an attack links, through phrases that name the actor only once.

Sentences written for these tests; each row exercises a general dependency rule of
kg/nlp/ with word lists from ontology/patterns/lexicon.json.
"""

from __future__ import annotations

import pytest

from tests.conftest import short


def _relations(resolve_text, text: str) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {(short(r.subject), r.predicate, short(r.object)) for r in resolve_text(text).relations}


@pytest.mark.parametrize(("text", "triple"), [
    # campaign_nouns owned by a qualifying name, not only a possessor
    ("Hezbollah operations against the Islamic State slowed in May.", ("hezbollah", "opposes", "islamic-state")),
    # a campaign noun's infinitive: "the campaign to defeat Y" is its owner's
    ("Turkey's campaign to defeat the PKK has lasted decades.", ("turkey", "opposes", "pkk")),
    # coordinated verbs share their subject
    ("Jordan trains and supports the Free Syrian Army.", ("jordan", "supports", "free-syrian-army")),
    # object control: "lead X to defeat Y" -- X does the defeating
    ("Washington will lead the US-led coalition to degrade and defeat the Islamic State.",
     ("us-led-coalition", "opposes", "islamic-state")),
])
def test_relation_through_phrases(resolve_text, text: str, triple: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    assert triple in _relations(resolve_text, text)


def test_instrument_trigger_shares_the_governing_agent(extract) -> None:  # type: ignore[no-untyped-def]
    ext = extract("In May, Turkish forces conducted six strikes using drones, jets and artillery against PKK positions.")
    shelling = [e for e in ext.events if e.text == "artillery"]
    assert shelling and [ext.mentions[a].text for a in shelling[0].agents] == ["Turkish forces"]


def test_a_condemning_verb_lends_no_agent(resolve_text) -> None:  # type: ignore[no-untyped-def]
    res = resolve_text("Jordan condemned the Hezbollah attack on the convoy and the bombings near Amman.")
    assert not any(short(a) == "jordan" for e in res.events for a in e.agents)


@pytest.mark.parametrize(("text", "triple"), [
    # "these"/"those" + an actor noun point back like "the group" does
    ("Hamas fighters crossed the fence on Monday. Israel has pledged to fight these terrorists.",
     ("israel", "opposes", "hamas")),
    # a list opened by an apposition keeps its later members; "the government of X" stands for X
    ("Jordan, the US-led coalition and the government of Iraq are determined to defeat the Islamic State.",
     ("iraq", "opposes", "islamic-state")),
    ("Jordan, the US-led coalition and the government of Iraq are determined to defeat the Islamic State.",
     ("jordan", "opposes", "islamic-state")),
    # a two-letter acronym of a state is as well known as its name
    ("The UK is committed to defeating the Islamic State.", ("united-kingdom", "opposes", "islamic-state")),
    # proxy_heads "nation": "Coalition nations include X" makes X a member of the coalition
    ("Coalition nations that flew missions include Jordan and France.", ("france", "memberOf", "us-led-coalition")),
])
def test_links_through_lists_and_anaphors(resolve_text, text: str, triple: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    assert triple in _relations(resolve_text, text)


def test_a_name_cut_short_before_of_is_dropped(extract) -> None:  # type: ignore[no-untyped-def]
    texts = [m.text for m in extract("Envoys met the Government of Iraq and the Government of Jordan.").mentions]
    assert not any(t.endswith(" of") for t in texts)


def test_membership_as_part_of_a_named_unit(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = "The Rapid Support Battalion will fly missions as part of the Air Support Group."
    res = resolve_text(text)
    assert ("rapid-support-battalion", "memberOf", "air-support-group") in \
        {(short(r.subject), r.predicate, short(r.object)) for r in res.relations}
    group = next(m for m in res.extraction.mentions if "Air" in m.text)
    assert group.text == "Air Support Group" and group.role != "locative"


def test_a_takeover_is_of_the_place_it_names(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = "Near Homs, rebels clashed with soldiers; the town was later captured by Hayat Tahrir al-Sham."
    places = [short(p) for e in resolve_text(text).events if e.cls == "Takeover" for p in e.places]
    assert "homs" not in " ".join(places)


@pytest.mark.parametrize(("text", "triple"), [
    # "we" in a quote speaks for what the quoted person leads
    ('Gen. Carl Brandt, commander of the US-led coalition, said: "We are fighting the Islamic State."',
     ("us-led-coalition", "opposes", "islamic-state")),
    # "he" points back to the last person named
    ("Abu Mohammad al-Julani spoke on Monday. He leads Hayat Tahrir al-Sham.",
     ("abu-mohammad-al-julani", "leads", "hayat-tahrir-al-sham")),
    # "they" points back to the last actor named
    ("The PKK lost ground in May. They now fight Turkey in the mountains.", ("pkk", "opposes", "turkey")),
])
def test_pronouns_point_back(resolve_text, text: str, triple: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    assert triple in _relations(resolve_text, text)


def test_they_takes_the_last_actor_as_agent(resolve_text) -> None:  # type: ignore[no-untyped-def]
    res = resolve_text("Hezbollah fighters crossed the border at dawn. They attacked an army post near Metula.")
    assert any(short(a) == "hezbollah" for e in res.events for a in e.agents)


@pytest.mark.parametrize("text", [
    "It is claimed that the convoy left at dawn.",
    "It takes time to rebuild the bridges.",
])
def test_empty_it_is_no_mention(extract, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not any(m.text == "It" for m in extract(text).mentions)


def test_pronouns_are_not_named_mentions(extract) -> None:  # type: ignore[no-untyped-def]
    kinds = {m.text: m.kind for m in extract("Hamas said they would respond.").mentions}
    assert kinds.get("they") == "anaphor"


def test_a_place_falls_to_its_taker(resolve_text) -> None:  # type: ignore[no-untyped-def]
    res = resolve_text("A year after the fall of Raqqa to Hayat Tahrir al-Sham, residents returned.")
    takeovers = [e for e in res.events if e.cls == "Takeover"]
    assert takeovers and [short(a) for a in takeovers[0].agents] == ["hayat-tahrir-al-sham"]
    assert takeovers[0].places


def test_a_place_falls_to_its_taker_when_to_is_parsed_elsewhere(resolve_text) -> None:  # type: ignore[no-untyped-def]
    res = resolve_text("Speaking a year after the fall of Manbij to the Syrian Democratic Forces, the mayor wept.")
    takeovers = [e for e in res.events if e.cls == "Takeover"]
    assert takeovers and [short(a) for a in takeovers[0].agents] == ["syrian-democratic-forces"]


@pytest.mark.parametrize(("text", "agent", "place"), [
    # phrasal "take over"
    ("Hayat Tahrir al-Sham took over Saraqib after two days of fighting.", "hayat-tahrir-al-sham", "saraqib"),
    # passive: the place is the subject
    ("Palmyra was seized by the Islamic State in May.", "islamic-state", "palmyra"),
    # passive "taken by", the place inside its subject phrase
    ("The town of Manbij was taken by the Syrian Democratic Forces in August.", "syrian-democratic-forces", "manbij"),
    # a noun of taking: "the liberation of X by Y"
    ("The liberation of Saraqib by the Free Syrian Army was brief.", "free-syrian-army", "saraqib"),
])
def test_takeover_of_a_named_place(resolve_text, text: str, agent: str, place: str) -> None:  # type: ignore[no-untyped-def]
    takeovers = [e for e in resolve_text(text).events if e.cls == "Takeover"]
    assert takeovers, text
    assert agent in [short(a) for a in takeovers[0].agents]
    assert place in [short(p) for p in takeovers[0].places]


def test_taking_control_needs_no_named_place(resolve_text) -> None:  # type: ignore[no-untyped-def]
    res = resolve_text("Hayat Tahrir al-Sham took control of the army base on Monday.")
    assert [e for e in res.events if e.cls == "Takeover"]


@pytest.mark.parametrize("text", [
    "The decision was taken by the Syrian Democratic Forces on Monday.",
    "Photographs of Manbij were taken by a local journalist.",
    "The Islamic State took over the running of the bakeries.",
])
def test_taken_by_without_a_place_taken_is_no_takeover(resolve_text, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not [e for e in resolve_text(text).events if e.cls == "Takeover"]


def test_a_purpose_clause_belongs_to_the_main_subject(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = "To defeat the Islamic State, Jordan has trained thousands of soldiers."
    assert ("jordan", "opposes", "islamic-state") in _relations(resolve_text, text)


@pytest.mark.parametrize(("text", "triple"), [
    ("Iran's support for Hezbollah grew last year.", ("iran", "supports", "hezbollah")),
    ("With the help of Russia, the Syrian Arab Army retook the town.", ("russia", "supports", "syrian-arab-army")),
    ("Jordan sent trucks in support of the Free Syrian Army.", ("jordan", "supports", "free-syrian-army")),
])
def test_support_nouns(resolve_text, text: str, triple: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    assert triple in _relations(resolve_text, text)


def test_the_group_points_back_to_a_group_the_base_does_not_know(resolve_text) -> None:  # type: ignore[no-untyped-def]
    text = "The Karama Brigades Organization appeared in 2006. The group was founded by Sheikh Abu Salim al-Tayeb."
    assert ("sheikh-abu-salim-al-tayeb", "leads", "karama-brigades-organization") in _relations(resolve_text, text)


@pytest.mark.parametrize("text", [
    "Government shelling hit the village of Kafr Nabl on Sunday, killing 9 farmers, the Syrian Observatory for Human Rights said.",
    "Russian warplanes struck a market in Maarat al-Numan on Monday, killing 9 civilians, the Syrian Observatory for Human Rights said.",
    "Russian warplanes struck a market in Maarat al-Numan on Monday, killing 23 civilians, the Syrian Observatory for Human Rights said.",
])
def test_a_sentence_final_reporting_verb_names_its_source(graph_of, text: str) -> None:  # type: ignore[no-untyped-def]
    rows = graph_of(text).query("""PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
        SELECT DISTINCT ?s WHERE { ?a a ckg:Attribution ; ckg:source ?s }""", use_default_graph_as_union=True)
    assert [r["s"].value.rsplit("/", 1)[-1] for r in rows] == ["syrian-observatory-for-human-rights"]


@pytest.mark.parametrize(("text", "triple"), [
    # recovery_words: whoever a place is taken back from held it (until the taking is done)
    ("Kurdish fighters tried to recapture Kobani from the Islamic State in January.",
     ("islamic-state", "controls", "kobani")),
    ("The liberation of Palmyra from the Islamic State was celebrated abroad.", ("islamic-state", "controls", "palmyra")),
    ("The army vowed to liberate the town of Morek from Hayat Tahrir al-Sham.",
     ("hayat-tahrir-al-sham", "controls", "morek")),
    # composition_verbs and "made up of": each part is a member of the whole
    ("The Syrian Democratic Forces, made up of the YPG and Arab tribal militias, is backed by the United States.",
     ("peoples-protection-units", "memberOf", "syrian-democratic-forces")),
    ("The National Front for Liberation is composed of Ahrar al-Sham and other factions.",
     ("ahrar-al-sham", "memberOf", "national-front-for-liberation")),
    # support for an operation is support for whoever runs it; the supporter may own the clause's subject
    ("Russian jets flew dozens of sorties in support of Hezbollah operations near Qusayr.",
     ("russia", "supports", "hezbollah")),
    ("The Turkish army's artillery fired on Afrin in support of the Syrian National Army.",
     ("turkish-armed-forces", "supports", "syrian-national-army")),
    # member_titles: a rank or post after an organisation's name makes the person a member
    ("Hezbollah spokesman Ali Hassan said the group would not withdraw.", ("ali-hassan", "memberOf", "hezbollah")),
    ("The pilot, Free Syrian Army lieutenant Omar Haddad, was captured near Hama.",
     ("omar-haddad", "memberOf", "free-syrian-army")),
    # a leader's unit set after the title with a comma, in the style of military press releases
    ("Gen. Sami Qasim, commander, Hayat Tahrir al-Sham, spoke to reporters in Idlib.",
     ("sami-qasim", "leads", "hayat-tahrir-al-sham")),
    # "with the aid of X" helps whoever did the deed, the by-agent of a passive
    ("The rebel commander was captured by Turkish forces with the aid of Jordanian intelligence officers.",
     ("jordan", "supports", "turkish-armed-forces")),
    # campaign_nouns "mission" / "sortie": "missions against Y"
    ("Jordan will fly strike missions against the Islamic State from Muwaffaq Salti air base.",
     ("jordan", "opposes", "islamic-state")),
    # a campaign inside another phrase of the clause is that phrase's owner's, not the subject's
    ("The United States praised the SDF's efforts in the war against the Islamic State.",
     ("syrian-democratic-forces", "opposes", "islamic-state")),
    # supporting or opposing a campaign is supporting or opposing whoever wages it
    ("Russia opposed the Turkish army's offensive in Afrin.", ("russia", "opposes", "turkish-armed-forces")),
    ("Qatar openly supported Hayat Tahrir al-Sham's operations.", ("qatar", "supports", "hayat-tahrir-al-sham")),
])
def test_relations_of_taking_back_composition_support_and_titles(resolve_text, text: str, triple: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    assert triple in _relations(resolve_text, text)


def test_a_place_is_not_held_by_the_country_its_adjective_names(resolve_text) -> None:  # type: ignore[no-untyped-def]
    triples = _relations(resolve_text, "They planned to free the Iraqi city of Mosul from the Islamic State.")
    assert ("islamic-state", "controls", "mosul") in triples
    assert ("islamic-state", "controls", "iraq") not in triples


def test_daraya_is_not_daraa(resolve_text) -> None:  # type: ignore[no-untyped-def]
    res = resolve_text("Barrel bombs fell on Daraya, south-west of Damascus.")
    places = {short(p) for e in res.events for p in e.places}
    assert "daraya" in places and not any(p.startswith("daraa") for p in places)


@pytest.mark.parametrize(("text", "wrong"), [
    # a title's organisation is the title's own modifier, not one inside it
    ("Pentagon press operations director Jeff Davis said the strikes went on.", "pentagon"),
    # "U.S. Army": the army named after a state is that state's, not the knowledge base's default army
    ("U.S. Army General John Reed visited the troops in Kuwait.", "syrian-arab-army"),
])
def test_titles_do_not_reach_too_far(resolve_text, text: str, wrong: str) -> None:  # type: ignore[no-untyped-def]
    res = resolve_text(text)
    assert not any(short(r.object) == wrong for r in res.relations), res.relations
    assert not any(short(r.entity.iri) == wrong for r in res.resolutions.values())
