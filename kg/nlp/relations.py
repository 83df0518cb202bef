"""Relations between actors: affiliation, leadership, membership, support, opposition, control."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Token

from kg.kb import alias_key
from kg.nlp.clauses import campaign_owners, modality_of, subjects_of
from kg.nlp.syntax import MODIFIERS, SUBJECTS, Context, as_role, clause_verb, place_named, prep_objects, unique
from kg.records import Predicate, RelationCandidate


def find_relations(ctx: Context, sent_atts: dict[int, int]) -> list[RelationCandidate]:
    found: list[RelationCandidate] = []
    for rule in (_apposition_relations, _verb_relations, _backed_relations, _leader_compounds,
                 _campaign_relations, _support_relations, _title_countries, _freed_from, _composition):
        found.extend(rule(ctx))
    out: list[RelationCandidate] = []
    for r in found:
        r = replace(r, attribution=sent_atts.get(r.sentence))
        if (r.subject != r.object or r.own_state) and all(
            (x.subject, x.predicate, x.object) != (r.subject, r.predicate, r.object) for x in out
        ):
            out.append(r)
    return out


def _rel(ctx: Context, s: int, p: Predicate, o: int, anchor: Token, method: str, conf: float) -> RelationCandidate:
    sent = anchor.sent
    return RelationCandidate(s, p, o, ctx.mentions[s].sentence, sent.start_char, sent.end_char, method, conf)


def _of_objects(ctx: Context, noun: Token) -> list[int]:
    return [i for obj in prep_objects(noun, {"of", "to", "for"}) for i in ctx.with_conjuncts(obj)]


def _noun_relation(ctx: Context, noun: Token) -> tuple[Predicate, bool] | None:
    """What a relational noun says: (predicate, subject-is-the-of-object?)."""
    lemma = noun.lemma_.lower()
    if lemma in ctx.w("affiliation_nouns"):
        return "affiliatedWith", False
    if lemma in ctx.w("leads_nouns"):
        return "leads", False
    if lemma in ctx.w("member_nouns"):
        return "memberOf", False
    if lemma in ctx.w("support_nouns"):
        return "supports", False
    if lemma in ctx.w("opposition_nouns"):
        return "opposes", False
    if lemma in ctx.w("control_nouns"):
        return "controls", True
    return None


def _apposition_relations(ctx: Context) -> Iterator[RelationCandidate]:
    """"X, the Syrian arm of Y" / "X is an affiliate of Y" / "X, formerly Y"."""
    for idx, head in ctx.heads:
        nouns = [c for c in head.children if c.dep_ == "appos"]
        if head.dep_ in SUBJECTS:
            nouns += [c for c in head.head.children if c.dep_ in {"attr"} and head.head.lemma_ == "be"]
        for noun in nouns:
            other = ctx.mention_of(noun)
            if other is not None and other != idx:
                if any(t.lower_ in ctx.w("predecessor_words") for t in noun.subtree):
                    yield _rel(ctx, idx, "successorOf", other, noun, "rule:apposition-formerly", 0.8)
                continue
            meaning = _noun_relation(ctx, noun)
            if meaning is None:
                continue
            pred, inverted = meaning
            # "X and Y, both members of Z": the apposition describes each
            described = [idx, *(i for c in head.conjuncts for i in ctx.mentions_in([c]))]
            for obj in _of_objects(ctx, noun) or _unit_after_title(ctx, head, noun):
                for one in described:
                    s, o = (obj, one) if inverted else (one, obj)
                    yield _rel(ctx, s, pred, o, noun, "rule:apposition", 0.8)


def _unit_after_title(ctx: Context, head: Token, title: Token) -> list[int]:
    """"Gen. X, commander, U.S. Central Command": a unit set after a title with a comma, not "of"."""
    if title.lemma_.lower() not in ctx.w("leads_nouns") or any(c.dep_ == "prep" for c in title.children):
        return []
    after = sorted((c for c in [*head.children, *title.children] if c.dep_ == "appos" and c.i > title.i),
                   key=lambda c: c.i)
    nxt = after[0] if after else None
    if nxt is None or any(not t.is_punct for t in ctx.doc[title.i + 1:nxt.left_edge.i]):
        return []
    return [i for i in ctx.mentions_in([nxt]) if ctx.mentions[i].label == "ORG"]


def _verb_relations(ctx: Context) -> Iterator[RelationCandidate]:
    """Subject-verb-object: "X controls Y", "X backs Y", "X is affiliated with Y", "X fights Y"."""
    for verb in ctx.doc:
        if verb.pos_ not in {"VERB", "ADJ"}:
            continue
        pred = _verb_predicate(ctx, verb.lemma_.lower())
        if pred is None or modality_of(ctx, verb) != "asserted":
            continue
        subjects = subjects_of(ctx, verb)
        agents = [i for obj in prep_objects(verb, {"by"}) for i in ctx.with_conjuncts(obj)]
        passive = [i for c in verb.children if c.dep_ == "nsubjpass" for i in ctx.with_conjuncts(c)]
        if verb.dep_ in {"acl", "amod"}:
            passive += ctx.with_conjuncts(verb.head)
        objects = _verb_objects(ctx, verb, pred) or _relative_object(ctx, verb, pred)
        pairs = [(s, o) for s in subjects for o in objects] + [(a, p) for a in agents for p in passive]
        if pred == "affiliatedWith":
            pairs += [(p, o) for p in passive for o in _prep_objects_mentions(ctx, verb, {"with", "to"})]
        if verb.lemma_.lower() in ctx.w("include_verbs"):  # "the SDF includes the SAC": SAC memberOf SDF
            pairs = [(o, s) for s, o in pairs]
        for s, o in pairs:
            yield _rel(ctx, s, pred, o, verb, f"rule:verb-{verb.lemma_.lower()}", 0.7)


def _relative_object(ctx: Context, verb: Token, pred: Predicate) -> list[int]:
    """"Y, a town that X has held", "the suburb X controls": the noun a relative clause hangs on is
    the verb's object (for control, the place that noun is or stands beside)."""
    if verb.dep_ != "relcl" or any(c.dep_ in {"dobj", "obj"} and c.tag_ not in {"WDT", "WP"} for c in verb.children):
        return []
    noun = verb.head
    found = ctx.mentions_in([noun]) or (ctx.mentions_in([noun.head]) if noun.dep_ == "appos" else [])
    if pred == "controls":
        return [i for i in found if ctx.is_place(i)]
    return found


def _prep_objects_mentions(ctx: Context, verb: Token, preps: set[str]) -> list[int]:
    return [i for obj in prep_objects(verb, preps) for i in ctx.with_conjuncts(obj)]


def _verb_predicate(ctx: Context, lemma: str) -> Predicate | None:
    if lemma in ctx.w("leads_verbs"):
        return "leads"
    if lemma in ctx.w("member_verbs") or lemma in ctx.w("include_verbs"):
        return "memberOf"
    if lemma in ctx.w("control_verbs"):
        return "controls"
    if lemma in ctx.w("support_words"):
        return "supports"
    if lemma in ctx.w("affiliation_verbs"):
        return "affiliatedWith"
    if lemma in ctx.w("opposition_verbs"):
        return "opposes"
    return None


def _verb_objects(ctx: Context, verb: Token, pred: Predicate) -> list[int]:
    objs = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
    if pred == "controls":
        return [i for o in objs for i in ctx.mentions_in(o.subtree) if ctx.is_place(i)]
    found = [i for o in objs for i in ctx.with_conjuncts(o)]
    if not found and pred in {"supports", "opposes"}:  # "support their efforts", "oppose the regime's offensive"
        found = [i for o in objs if o.lemma_.lower() in ctx.w("campaign_nouns") for i in ctx.owners(o)]
    return found


def _backed_relations(ctx: Context) -> Iterator[RelationCandidate]:
    """"the Turkish-backed National Army", "HTS-controlled Idlib", "Iran-aligned militias"."""
    for tok in ctx.doc:
        if tok.i < 2 or ctx.doc[tok.i - 1].text != "-":
            continue
        pred = _verb_predicate(ctx, tok.lemma_.lower())
        backer = ctx.mention_of(ctx.doc[tok.i - 2])
        if pred is None or backer is None:
            continue
        noun = tok.head if tok.head.i != tok.i else tok
        for backed in _described(ctx, noun):
            if backed != backer:
                yield _rel(ctx, backer, pred, backed, tok, "rule:hyphen-participle", 0.8)


def _described(ctx: Context, noun: Token) -> list[int]:
    """The name a modified noun stands for: the noun itself, or the name set beside a generic noun
    ("the Iran-backed militia Kataib X", "Iran-backed X rebels")."""
    own = ctx.mention_of(noun)
    if own is not None:
        return [own]
    beside = [c for c in noun.children if c.dep_ in {"appos", "compound", "nmod"}]
    if noun.dep_ in {"appos", "compound"}:
        beside.append(noun.head)
    return [i for i in ctx.mentions_in(beside) if ctx.mentions[i].label != "GPE"][:1]


def _leader_compounds(ctx: Context) -> Iterator[RelationCandidate]:
    """"HTS leader Abu Mohammad al-Julani": a person named after a leader noun of an organisation
    leads it; "Hezbollah spokesman Ali Hassan", "Air Force lieutenant X": after a rank or a post
    (`member_titles`), the person is a member."""
    for idx, head in ctx.heads:
        if ctx.mentions[idx].label != "PERSON":
            continue
        titles = [m for m in head.children if m.dep_ in {"compound", "appos", "nmod"}]
        if head.dep_ == "appos" and head.head.i not in ctx.by_token:  # "Hezbollah spokesman, Ali Hassan"
            titles.append(head.head)
        for title in titles:
            yield from _title_relations(ctx, idx, head, title)


def _title_relations(ctx: Context, idx: int, person: Token, title: Token) -> Iterator[RelationCandidate]:
    """What one title before a person's name says: whom the person leads or serves. A state office
    ("President X", "Defence Minister Y") with no state named ties the person to their own state."""
    if _former(ctx, person, title):
        return  # "former President X", "ousted leader Y": an office no longer held
    office = _state_office(ctx, title)
    lemma = title.lemma_.lower()
    pred: Predicate | None = office or ("leads" if lemma in ctx.w("leads_nouns")
                                        else "memberOf" if lemma in ctx.w("member_titles") else None)
    if pred is None:
        return
    before = [c for c in title.children if c.i < title.i]  # not "Pentagon press director"
    before += [c for c in person.children if c.i < title.i and c.dep_ in MODIFIERS]
    orgs = [o for o in ctx.mentions_in(before) if o != idx and _serves(ctx, o)
            and ctx.mentions[o].text.lower() not in ctx.w("portfolio_words")]  # "Defence Minister X"
    method = "rule:leader-title" if pred == "leads" else "rule:member-title"
    for org in orgs:
        yield _rel(ctx, idx, pred, org, title, method, 0.8)
    if not orgs and office is not None:
        yield replace(_rel(ctx, idx, pred, idx, title, "rule:state-office", 0.7), own_state=True)


def _former(ctx: Context, person: Token, title: Token) -> bool:
    """Does a word before the title say the office is no longer held ("former", "ousted")?"""
    words = [c for t in (person, title) for c in t.children if c.i < title.i]
    return any(w.lower_.strip("-") in ctx.w("former_markers") for w in words)


def _state_office(ctx: Context, title: Token) -> Predicate | None:
    """"president", "prime minister", "foreign minister": what a state office makes its holder."""
    words = [c.lemma_.lower() for c in title.children if c.dep_ in MODIFIERS and c.i < title.i]
    offices = ctx.lex.table("state_offices")
    for phrase in [f"{w} {title.lemma_.lower()}" for w in words] + [title.lemma_.lower()]:
        if offices.get(phrase) in ("leads", "memberOf"):
            return "leads" if offices[phrase] == "leads" else "memberOf"
    return None


def _serves(ctx: Context, idx: int) -> bool:
    """Can a name before a title be what its holder serves: an organisation, or a state."""
    m = ctx.mentions[idx]
    if m.label == "ORG":
        return True
    entries = ctx.kb.aliases.get(m.alias or alias_key(m.text), [])
    return m.label in {"NORP", "GPE"} and any(ctx.kb.is_a(e.iri, "State") for e in entries)


NOUN_RELATIONS: tuple[tuple[str, str, Predicate], ...] = (
    ("campaign_nouns", "against", "opposes"), ("control_nouns", "of", "controls"), ("member_nouns", "of", "memberOf"))


def _campaign_relations(ctx: Context) -> Iterator[RelationCandidate]:
    """"the SDF's fight against ISIL": X opposes Y; "ISIL has had control of Mosul": X controls Y."""
    frames = [(ctx.w(words), prep, pred) for words, prep, pred in NOUN_RELATIONS]
    for noun in ctx.doc:
        if noun.pos_ != "NOUN":
            continue
        lemma = noun.lemma_.lower()
        for lemmas, prep, pred in frames:
            if lemma in lemmas:
                yield from _noun_relation_pairs(ctx, noun, prep, pred)


def _support_relations(ctx: Context) -> Iterator[RelationCandidate]:
    """"X's support for Y", "X acted in support of Y": X supports Y; "with the help of X, Y ...":
    X supports Y."""
    for noun in ctx.doc:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in ctx.w("support_action_nouns"):
            continue
        frame = noun.head.lower_ if noun.dep_ == "pobj" else None
        if frame == "with":  # the helper is the "of" object, the helped the clause's doer
            verb = clause_verb(noun)  # a passive's by-agent: "X was caught by Y with the aid of Z"
            doers = _prep_objects_mentions(ctx, verb, {"by"}) or subjects_of(ctx, verb)
            pairs = [(x, y) for x in _prep_objects_mentions(ctx, noun, {"of"}) for y in doers]
        else:
            helped = _helped(ctx, noun, {"of"} if frame == "in" else {"for", "to"})
            helpers = _helpers(ctx, noun) if helped else []
            pairs = [(x, y) for x in helpers for y in helped]
        for x, y in pairs:
            yield _rel(ctx, x, "supports", y, noun, f"rule:noun-{noun.lemma_.lower()}", 0.7)


def _helped(ctx: Context, noun: Token, preps: set[str]) -> list[int]:
    """Who the support is for: the actor named, or the owner of the operation named ("in support of
    SDF operations")."""
    found: list[int] = []
    for obj in prep_objects(noun, preps):
        named = ctx.with_conjuncts(obj)
        if not named and obj.lemma_.lower() in ctx.w("campaign_nouns"):
            named = ctx.owners(obj)
        found += named
    return unique(found)


def _helpers(ctx: Context, noun: Token) -> list[int]:
    """Who gives the support: the noun's owner or its clause's subject, or the owner of that subject
    ("the coalition's airstrikes ... in support of")."""
    found = campaign_owners(ctx, noun)
    if not found and noun.dep_ == "pobj":
        verb = clause_verb(noun)
        found = [i for c in verb.children if c.dep_ == "nsubj" and c.i not in ctx.by_token for i in ctx.owners(c)]
    return found


def _noun_relation_pairs(ctx: Context, noun: Token, prep: str, pred: Predicate) -> Iterator[RelationCandidate]:
    """The noun's possessor, else its clause's subject, related to the noun's prepositional object."""
    objects = _prep_objects_mentions(ctx, noun, {prep})
    if pred == "memberOf" and not as_role(noun):  # "X killed a member of Y" says nothing of X
        return
    owners = campaign_owners(ctx, noun) if objects else []
    for s in owners:
        for o in objects:
            yield _rel(ctx, s, pred, o, noun, f"rule:noun-{noun.lemma_.lower()}-{prep}", 0.7)


def _title_countries(ctx: Context) -> Iterator[RelationCandidate]:
    """"Israeli Prime Minister Ehud Barak": the person's country is named in their title."""
    for idx, head in ctx.heads:
        if ctx.mentions[idx].label != "PERSON":
            continue
        titles = [t for t in head.subtree if t.i < head.i and t.dep_ in MODIFIERS]
        for t in titles:
            other = ctx.mention_of(t)
            if other is not None and other != idx and ctx.mentions[other].label in {"NORP", "GPE"}:
                yield _rel(ctx, idx, "country", other, t, "rule:title-country", 0.7)
                break


def _freed_from(ctx: Context) -> Iterator[RelationCandidate]:
    """"liberate Mosul from ISIL", "the recapture of Palmyra from the Islamic State": whoever the
    place is taken from holds it (the sentence says so even when the taking is only planned)."""
    for tok in ctx.doc:
        if tok.lemma_.lower() not in ctx.w("recovery_words"):
            continue
        taken = [c for c in tok.children if c.dep_ in {"dobj", "obj"}] if tok.pos_ == "VERB" \
            else prep_objects(tok, {"of"})
        places = [i for t in taken for i in place_named(ctx, t) if ctx.is_place(i)]
        holders = [i for host in [tok, *taken] for i in _prep_objects_mentions(ctx, host, {"from"})
                   if not ctx.is_place(i)]
        for h in holders:
            for p in places:
                yield _rel(ctx, h, "controls", p, tok, "rule:taken-from", 0.6)


def _composition(ctx: Context) -> Iterator[RelationCandidate]:
    """"the SDF, made up of Kurdish and Arab militias", "an alliance composed of X and Y": each part
    is a member of the whole."""
    for verb in ctx.doc:
        lemma = verb.lemma_.lower()
        made_up = lemma == "make" and any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children)
        if verb.pos_ != "VERB" or not (made_up or lemma in ctx.w("composition_verbs")):
            continue
        parts = [i for obj in prep_objects(verb, {"of", "by"}) for i in ctx.owners(obj)]
        if verb.dep_ in {"acl", "relcl"}:
            wholes = ctx.with_conjuncts(verb.head)
        else:
            wholes = [i for c in verb.children if c.dep_ in SUBJECTS for i in ctx.with_conjuncts(c)]
        for part in parts:
            for whole in wholes:
                yield _rel(ctx, part, "memberOf", whole, verb, "rule:composition", 0.7)
