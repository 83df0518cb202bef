"""Relations between actors: affiliation, leadership, membership, support, opposition, control."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Token

from kg.nlp.backing import support_relations
from kg.nlp.clauses import campaign_owners, modality_of, subjects_of
from kg.nlp.command import answer_to
from kg.nlp.doers import past_dateline
from kg.nlp.groupnames import affiliations, group_leaders
from kg.nlp.hostility import sides_between
from kg.nlp.offices import candidate as _rel
from kg.nlp.offices import leader_compounds, possessed_groups, subordinate, title_countries
from kg.nlp.re_charge import in_charge, under_control
from kg.nlp.re_members import inclusion_relations, person_of_body
from kg.nlp.re_sides import side_relations
from kg.nlp.relation_phrases import (
    allied_modifier,
    allied_partners,
    collective_of,
    government_of,
    kept_by,
    nearest_place,
    owned_relational_nouns,
    possessive_allies,
    taken_by,
    under_command,
)
from kg.nlp.standing import stands, whole_place
from kg.nlp.standins import described_heads, named_antecedent, past_partitive
from kg.nlp.syntax import SUBJECTS, Context, as_role, clause_verb, place_named, prep_objects, unique
from kg.records import Predicate, RelationCandidate


def find_relations(ctx: Context, sent_atts: dict[int, int]) -> list[RelationCandidate]:
    found: list[RelationCandidate] = []
    for rule in (_apposition_relations, _verb_relations, _backed_relations, leader_compounds,
                 _campaign_relations, support_relations, title_countries, _freed_from, _composition,
                 _prep_frame_relations, under_control, _captured, possessed_groups, allied_partners,
                 under_command, taken_by, possessive_allies, side_relations, inclusion_relations,
                 group_leaders, affiliations, sides_between, answer_to, in_charge, person_of_body,
                 owned_relational_nouns):
        found.extend(rule(ctx))
    out: list[RelationCandidate] = []
    heads = dict(ctx.heads)
    for r in found:
        r = replace(r, attribution=sent_atts.get(r.sentence), subject=named_antecedent(ctx, r.subject),
                    object=named_antecedent(ctx, r.object))
        if r.predicate == "controls" and r.object in heads and not whole_place(ctx, r.object, heads[r.object]):
            continue
        if (r.subject != r.object or r.own_state) and all(
            (x.subject, x.predicate, x.object) != (r.subject, r.predicate, r.object) for x in out
        ):
            out.append(r)
    return out


def _of_objects(ctx: Context, noun: Token) -> list[int]:
    """The names after "of": "a member of Y", or of Y's organ ("a member of the group's political bureau")."""
    objects = prep_objects(noun, {"of", "to", "for"})
    return [i for obj in objects for i in _named(ctx, obj)] or \
        [i for obj in objects if obj.lemma_.lower() in ctx.w("organ_nouns") | ctx.w("group_nouns")
         for i in ctx.mentions_in(c for c in obj.children if c.dep_ in {"poss", "compound"})]


def _named(ctx: Context, tok: Token) -> list[int]:
    """The names at a token and its conjuncts; "the coalition X": the name, not the common noun
    before it."""
    found = ctx.with_conjuncts(tok)
    own = ctx.mention_of(tok)
    if own is not None and ctx.mentions[own].text.lower() == ctx.mentions[own].text \
            and any(c.dep_ in {"appos", "compound"} and c.i in ctx.by_token for c in tok.children):
        found = [i for i in found if i != own]
    return found


def _noun_relation(ctx: Context, noun: Token) -> tuple[Predicate, bool] | None:
    """What a relational noun says: (predicate, subject-is-the-of-object?)."""
    lemma = noun.lemma_.lower()
    if lemma in ctx.w("support_nouns"):  # "an ally of Y" stands with Y; it is no branch of Y
        return "supports", False
    if lemma in ctx.w("affiliation_nouns"):
        return "affiliatedWith", False
    if lemma in ctx.w("leads_nouns"):
        return "leads", False
    if lemma in ctx.w("member_nouns"):
        return "memberOf", False
    if lemma in ctx.w("opposition_nouns"):
        return "opposes", False
    if lemma in ctx.w("control_nouns"):
        return "controls", True
    return None


def _apposition_relations(ctx: Context) -> Iterator[RelationCandidate]:
    """"X, the Syrian arm of Y" / "X is an affiliate of Y" / "X, formerly Y"."""
    for idx, head, described in described_heads(ctx):
        nouns = [c for c in head.children if c.dep_ == "appos"] + _relative_attrs(head)
        if head.dep_ in SUBJECTS:
            nouns += [c for c in head.head.children if c.dep_ in {"attr"} and head.head.lemma_ == "be"]
        for noun in (past_partitive(ctx, n) for n in nouns):
            other = ctx.mention_of(noun)
            if other is not None and other != idx:
                if idx < 0:
                    continue
                if any(t.lower_ in ctx.w("predecessor_words") for t in noun.subtree):
                    yield _rel(ctx, idx, "successorOf", other, noun, "rule:apposition-formerly", 0.8)
                continue
            meaning = _noun_relation(ctx, noun)
            if meaning is None:
                continue
            pred, inverted = meaning
            if not stands(ctx, noun, pred):
                continue
            if pred == "leads" and subordinate(ctx, noun):
                pred = "memberOf"  # "X, a senior commander of Y", "X, Y's deputy leader"
            owners = _noun_owners(ctx, noun)  # "Y, X's stronghold": X holds Y
            for obj in _of_objects(ctx, noun) or _unit_after_title(ctx, head, noun) or owners:
                for one in described:
                    s, o = (obj, one) if inverted else (one, obj)
                    yield _rel(ctx, s, pred, o, noun, "rule:apposition", 0.8)


def _relative_attrs(head: Token) -> list[Token]:
    """"X, which is a branch of Y", "Y, which remains the stronghold of X": the noun a relative "is"
    says the name is."""
    return [a for v in head.children if v.dep_ == "relcl" and v.lemma_ in COPULAS
            and any(c.dep_ == "nsubj" and c.lower_ in RELATIVE_WORDS for c in v.children)
            for a in v.children if a.dep_ == "attr"]


def _noun_owners(ctx: Context, noun: Token) -> list[int]:
    """The names a relational noun is said of before it: "Y's branch", "an Y affiliate"."""
    return [i for c in noun.children if c.dep_ in {"poss", "compound", "nmod"} for i in ctx.with_conjuncts(c)]


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
    for verb in ctx.tokens:
        if verb.pos_ not in {"VERB", "ADJ"} or allied_modifier(ctx, verb):
            continue
        pred = _verb_predicate(ctx, verb.lemma_.lower())
        if pred is None or modality_of(ctx, verb) != "asserted" or not stands(ctx, verb, pred):
            continue
        subjects = _doers(ctx, verb)
        agents = [i for obj in prep_objects(verb, {"by"}) for i in ctx.with_conjuncts(obj)]
        passive = [i for c in verb.children if c.dep_ == "nsubjpass" for i in ctx.with_conjuncts(c)]
        if verb.dep_ in {"acl", "amod"} or _relative_passive(verb):
            passive += _antecedent(ctx, verb)
        objects = _verb_objects(ctx, verb, pred) or _relative_object(ctx, verb, pred)
        pairs = [(s, o) for s in subjects for o in objects] + [(a, p) for a in agents for p in passive]
        if pred == "affiliatedWith" or verb.lemma_.lower() in ctx.w("alliance_verbs"):  # "X is allied with Y"
            pairs += [(p, o) for p in passive for o in _prep_objects_mentions(ctx, verb, {"with", "to"})]
        if verb.lemma_.lower() in ctx.w("include_verbs"):  # "the SDF includes the SAC": SAC memberOf SDF
            pairs = [(o, s) for s, o in pairs]
        for s, o in pairs:
            yield _rel(ctx, s, pred, o, verb, f"rule:verb-{verb.lemma_.lower()}", 0.7)


RELATIVE_TAGS = {"WDT", "WP", "WP$"}
#: relative pronouns the parser may tag as a conjunction ("the town that X has held": "that"/IN)
RELATIVE_WORDS = {"that", "which", "who", "whom"}
#: "X is a group that fights Y", "Y is the last town still held by X": the clause is said of X
COPULAS = {"be", "remain", "become"}


def _relative_passive(verb: Token) -> bool:
    """"X, which is backed by Y": the passive subject of a relative clause is its head noun."""
    return verb.dep_ == "relcl" and any(c.dep_ == "nsubjpass" and c.tag_ in RELATIVE_TAGS for c in verb.children)


def _antecedent(ctx: Context, verb: Token) -> list[int]:
    """The names a relative or participle clause hangs on, through the descriptions set beside a
    name ("X, the group's spokesman who also leads Y", "X, the alliance of factions to which Y belongs": X)."""
    noun = verb.head
    if noun.dep_ == "attr" and noun.i not in ctx.by_token and noun.head.lemma_ in COPULAS:
        return [i for c in noun.head.children if c.dep_ == "nsubj" for i in ctx.with_conjuncts(c)]
    for _ in range(3):
        named = ctx.mention_of(noun)
        generic = named is None or ctx.mentions[named].text.islower() or ctx.mentions[named].text.startswith("the ")
        if noun.dep_ == "appos" and noun.head.i in ctx.by_token and generic:  # "X, the rebel coalition that"
            return ctx.with_conjuncts(noun.head)
        if noun.i in ctx.by_token or noun.dep_ not in {"appos", "pobj"}:
            break
        up = noun.head if noun.dep_ == "appos" else noun.head.head
        if noun.dep_ == "pobj" and (noun.head.lower_ != "of" or up.pos_ != "NOUN"):
            break
        noun = up
    later = [c for c in noun.conjuncts if c.i > noun.i]
    last = max(later, key=lambda c: c.i) if later else noun
    if verb.i > noun.i and verb.left_edge.i == last.i + 1 and (later or noun.dep_ == "conj"):
        return ctx.mentions_in([last, *ctx.proxied(last)])  # "X and gunmen loyal to Y": the last one only
    own = ctx.with_conjuncts(noun)
    return own or ctx.mentions_in(c for c in noun.children if c.dep_ == "compound")


def _doers(ctx: Context, verb: Token) -> list[int]:
    """A verb's subjects; in a relative clause, its antecedent ("X, whose troops fight beside Y": X)."""
    nsubj = [c for c in verb.children if c.dep_ == "nsubj"]
    if verb.dep_ == "relcl":
        whose = any(g.tag_ == "WP$" for c in nsubj for g in c.children)
        if not nsubj or whose or all(c.tag_ in RELATIVE_TAGS for c in nsubj):
            return _antecedent(ctx, verb)
    return subjects_of(ctx, verb) or kept_by(ctx, verb) or past_dateline(ctx, verb)


def _relative_object(ctx: Context, verb: Token, pred: Predicate) -> list[int]:
    """"Y, a town that X has held", "the suburb X controls": the noun a relative clause hangs on is
    the verb's object (for control, the place that noun is or stands beside)."""
    if verb.dep_ != "relcl" or any(c.dep_ in {"dobj", "obj"} and c.tag_ not in {"WDT", "WP"}
                                   and c.lower_ not in RELATIVE_WORDS for c in verb.children):
        return []
    noun = verb.head
    found = ctx.mentions_in([noun]) or (ctx.mentions_in([noun.head]) if noun.dep_ == "appos" else [])
    if pred == "controls":
        return [i for i in found if ctx.is_place(i)] or nearest_place(ctx, verb)
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
    if pred == "controls":  # the object itself may be a place the model took for a person or a body:
        found = [i for o in objs for i in ctx.mentions_in(o.subtree) if ctx.is_place(i)]  # resolving decides
        owned = set(ctx.mentions_in(_possessors(objs)))
        return [i for i in unique(found + [i for o in objs for c in [o, *o.conjuncts] for i in place_named(ctx, c)])
                if i not in owned]
    found = [i for o in objs for i in ctx.with_conjuncts(o)]
    if not found:  # "includes the X group": a name that qualifies a group noun
        found = [i for o in objs if o.lemma_.lower() in ctx.w("group_nouns")
                 for i in ctx.mentions_in(c for c in o.children if c.dep_ == "compound")]
    if not found and pred in {"supports", "opposes"}:  # "support their efforts", "oppose the regime's offensive"
        found = [i for o in objs if o.lemma_.lower() in ctx.w("campaign_nouns") for i in ctx.owners(o)]
    if not found and pred in {"supports", "opposes"}:  # "backed the retaking of Y by X": X, the doer of the act
        found = [i for o in objs if o.i not in ctx.by_token for i in _prep_objects_mentions(ctx, o, {"by"})]
    return [i for i in found if not _hyphen_backer(ctx, i)]


def _possessors(objs: list[Token]) -> list[Token]:
    """The words of the objects' possessors: who holds "the province governor's office" holds the
    office, not the province."""
    return [t for o in objs for c in o.children if c.dep_ == "poss" for t in c.subtree]


def _hyphen_backer(ctx: Context, idx: int) -> bool:
    """Is a name only the first half of "X-linked", "X-backed" ("fight an X-linked insurgency": not X)?"""
    span = ctx.doc.char_span(ctx.mentions[idx].start, ctx.mentions[idx].end, alignment_mode="expand")
    if span is None or span.end + 1 >= len(ctx.doc) or ctx.doc[span.end].text != "-":
        return False
    return _verb_predicate(ctx, ctx.doc[span.end + 1].lemma_.lower()) is not None


def _backed_relations(ctx: Context) -> Iterator[RelationCandidate]:
    """"the Turkish-backed National Army", "HTS-controlled Idlib", "Iran-aligned militias"."""
    for tok in ctx.tokens:
        if tok.i < 2 or ctx.doc[tok.i - 1].text != "-":
            continue
        pred = _verb_predicate(ctx, tok.lemma_.lower())
        backer = ctx.mention_of(ctx.doc[tok.i - 2])
        if pred is None or backer is None:
            continue
        noun = tok.head if tok.head.i != tok.i else tok
        described = _described(ctx, noun, backer)
        if pred == "controls" and not described:  # "the X-held town of Y"
            described = [i for i in place_named(ctx, noun) if ctx.is_place(i)]
        for backed in described:
            if backed == backer:
                continue
            if pred == "affiliatedWith" and ctx.mentions[backed].label == "PERSON":  # "the X-aligned governor"
                yield _rel(ctx, backed, "supports", backer, tok, "rule:hyphen-participle", 0.8)
            elif pred == "affiliatedWith":  # "an X-linked group": the group is linked to X
                yield _rel(ctx, backed, pred, backer, tok, "rule:hyphen-participle", 0.8)
            else:
                yield _rel(ctx, backer, pred, backed, tok, "rule:hyphen-participle", 0.8)


def _described(ctx: Context, noun: Token, backer: int) -> list[int]:
    """The name a modified noun stands for: the noun itself, or the name set beside a generic noun
    ("the Iran-backed militia Kataib X", "Iran-backed X rebels"); not the brand of a thing ("X-linked
    Telegram channels")."""
    own = ctx.mention_of(noun)
    if own is not None:
        return [own]
    if collective_of(ctx, noun):
        return collective_of(ctx, noun)
    actor_noun = noun.lemma_.lower() in ctx.w("proxy_heads") | ctx.w("group_nouns") | ctx.w("generic_heads") \
        | ctx.w("body_nouns")
    beside = [c for c in noun.children if c.dep_ == "appos" or (c.dep_ in {"compound", "nmod"} and actor_noun)]
    if noun.dep_ in {"appos", "compound"}:
        beside.append(noun.head)
    if actor_noun and noun.i + 1 < len(ctx.doc) and noun.nbor().i in ctx.by_token:
        beside.append(noun.nbor())  # "the X-backed militia Y", however the parse attaches Y
    return [i for i in ctx.mentions_in(beside) if ctx.mentions[i].label != "GPE" and i != backer][:1]


NOUN_RELATIONS: tuple[tuple[str, str, Predicate], ...] = (
    ("campaign_nouns", "against", "opposes"), ("defence_nouns", "against", "opposes"),
    ("control_nouns", "of", "controls"), ("member_nouns", "of", "memberOf"))


def _campaign_relations(ctx: Context) -> Iterator[RelationCandidate]:
    """"the SDF's fight against ISIL": X opposes Y; "ISIL has had control of Mosul": X controls Y."""
    frames = [(ctx.w(words), prep, pred) for words, prep, pred in NOUN_RELATIONS]
    for noun in ctx.tokens:
        if noun.pos_ != "NOUN":
            continue
        lemma = noun.lemma_.lower()
        if noun.dep_ == "pobj" and noun.head.lower_ in ctx.w("under_preps") and lemma in ctx.w("control_nouns"):
            continue  # "under the control of X": `under_control`
        if noun.dep_ == "pobj" and noun.head.lower_ in ctx.w("sought_preps") and lemma in ctx.w("control_nouns"):
            continue  # "fighting for control of X", "a battle for control": control sought, not held
        for lemmas, prep, pred in frames:
            if lemma in lemmas:
                yield from _noun_relation_pairs(ctx, noun, prep, pred)


def _noun_relation_pairs(ctx: Context, noun: Token, prep: str, pred: Predicate) -> Iterator[RelationCandidate]:
    """The noun's possessor, else its clause's subject, related to the noun's prepositional object."""
    objects = [i for o in prep_objects(noun, {prep}) for i in _named(ctx, o)]
    if pred == "controls":  # "control of the town of X"
        objects = [i for o in prep_objects(noun, {prep}) for i in place_named(ctx, o) if ctx.is_place(i)]
    if (pred == "memberOf" and not as_role(noun)) or not stands(ctx, noun, pred):
        return  # "X killed a member of Y" says nothing of X
    owners = (campaign_owners(ctx, noun) or past_dateline(ctx, clause_verb(noun))) if objects else []
    for s in owners:
        for o in objects:
            yield _rel(ctx, s, pred, o, noun, f"rule:noun-{noun.lemma_.lower()}-{prep}", 0.7)


def _freed_from(ctx: Context) -> Iterator[RelationCandidate]:
    """"to liberate Mosul from ISIL", "the recapture of Palmyra from the Islamic State": whoever the
    place is taken from holds it (the sentence says so even when the taking is only planned); once
    a verb states the taking as done, the taker holds it (`_captured`), not the one it was taken from."""
    for tok in ctx.tokens:
        if tok.lemma_.lower() not in ctx.w("recovery_words") or (tok.pos_ == "VERB" and _done(ctx, tok)):
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
    for verb in ctx.tokens:
        lemma = verb.lemma_.lower()
        made_up = lemma == "make" and any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children)
        if verb.pos_ != "VERB" or not (made_up or lemma in ctx.w("composition_verbs")):
            continue
        parts = [i for obj in prep_objects(verb, {"of", "by"}) for i in ctx.owners(obj)]
        parts += [i for t in ctx.tokens if t.i in ctx.by_token and ctx.by_token[t.i] in parts
                  for i in ctx.mentions_in(t.conjuncts) if i not in parts]  # "soldiers from X, Y and Z"
        if verb.dep_ in {"acl", "relcl"}:
            wholes = ctx.with_conjuncts(verb.head)
        else:
            wholes = [i for c in verb.children if c.dep_ in SUBJECTS for i in ctx.with_conjuncts(c)]
        for part in parts:
            for whole in wholes:
                yield _rel(ctx, part, "memberOf", whole, verb, "rule:composition", 0.7)


PREDICATES: frozenset[str] = frozenset({"affiliatedWith", "leads", "memberOf", "supports", "opposes", "controls"})


def _prep_frames(ctx: Context) -> dict[str, list[tuple[str | None, str, Predicate]]]:
    """`relation_prep_frames` by verb: "fight alongside" -> (None, "alongside", supports),
    "take part in" -> ("part", "in", memberOf)."""
    frames: dict[str, list[tuple[str | None, str, Predicate]]] = {}
    for phrase, pred in ctx.lex.table("relation_prep_frames").items():
        words = phrase.split()
        if pred in PREDICATES and len(words) in (2, 3):
            frames.setdefault(words[0], []).append((words[1] if len(words) == 3 else None, words[-1], pred))
    return frames


def _prep_frame_relations(ctx: Context) -> Iterator[RelationCandidate]:
    """"X fought alongside Y": X supports Y; "X belongs to Y", "X took part in Y": X is a member of Y;
    "X is attached to Y's command": X is affiliated with Y; "X turned against P's government": X
    opposes the state P heads."""
    frames = _prep_frames(ctx)
    for verb in ctx.tokens:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in frames or modality_of(ctx, verb) != "asserted":
            continue
        if _turned(ctx, verb):
            continue
        for obj_word, prep, pred in frames[verb.lemma_.lower()]:
            if not stands(ctx, verb, pred):
                continue
            objs = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
            if obj_word is not None and not any(c.lemma_.lower() == obj_word for c in objs):
                continue
            others = [i for h in [verb, *objs] for o in prep_objects(h, {prep}) for i in _party_of(ctx, o)]
            heads = [i for h in [verb, *objs] for o in prep_objects(h, {prep}) for i in government_of(ctx, o)]
            if not others and verb.dep_ == "relcl":
                others = _relative_prep_object(ctx, verb, prep)
            doers = (_doers(ctx, verb) or [i for c in verb.children if c.dep_ == "nsubjpass"
                                           for i in ctx.with_conjuncts(c)]) if others or heads else []
            for s in doers:
                for o in others:
                    yield _rel(ctx, s, pred, o, verb, f"rule:verb-{verb.lemma_.lower()}-{prep}", 0.7)
                for o in heads:  # "turned against P's government": the state P heads
                    yield replace(_rel(ctx, s, pred, o, verb, f"rule:verb-{verb.lemma_.lower()}-{prep}", 0.7),
                                  object_state=True)


def _party_of(ctx: Context, noun: Token) -> list[int]:
    """The actor a noun names or stands for; not the person whose government or forces it names
    ("turned against P's government": not against P)."""
    return [i for i in ctx.owners(noun) if ctx.mention_of(noun) == i or ctx.mentions[i].label != "PERSON"]


def _turned(ctx: Context, verb: Token) -> bool:
    """"X fought alongside Y but turned against it": a contrast with a change of side says the stand no
    longer holds; not one that only qualifies it ("is attached to Y but operates on its own")."""
    turns = [c for c in verb.children if c.dep_ == "conj" and c.lemma_.lower() in ctx.w("side_change_verbs")]
    return any(c.dep_ == "cc" and c.lower_ in {"but", "yet"} for t in [verb, *turns] for c in t.children) \
        and bool(turns)


def _relative_prep_object(ctx: Context, verb: Token, prep: str) -> list[int]:
    """"Y, to which X belongs": the relative clause's head is the object of its fronted preposition."""
    fronted = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == prep and c.i < verb.i
               and any(g.tag_ in RELATIVE_TAGS for g in c.children)]
    return _antecedent(ctx, verb) if fronted else []


def _captured(ctx: Context) -> Iterator[RelationCandidate]:
    """"X seized Y", "X has retaken the town of Y": a capture stated as done means X now holds Y,
    unless the text says the hold was brief ("briefly seized"). A capture threatened, planned or
    attempted says nothing of who holds the place."""
    for verb in ctx.tokens:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in ctx.w("capture_verbs") or not _done(ctx, verb) \
                or not stands(ctx, verb, "controls"):
            continue
        places = [i for c in verb.children if c.dep_ in {"dobj", "obj"} for i in place_named(ctx, c)
                  if ctx.is_place(i)] or _relative_object(ctx, verb, "controls")
        for s in (_doers(ctx, verb) if places else []):
            if not ctx.is_place(s):
                for p in places:
                    yield _rel(ctx, s, "controls", p, verb, f"rule:capture-{verb.lemma_.lower()}", 0.6)


def _done(ctx: Context, verb: Token) -> bool:
    """Is a verb stated as done: past or perfect (or a headline's present, "X retakes Y"), asserted,
    not passive, not said to be brief."""
    if verb.tag_ not in {"VBD", "VBN", "VBZ"} or verb.dep_ in {"xcomp", "amod", "acl"}:
        return False
    if any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children):
        return False
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
    if verb.tag_ == "VBN" and not perfect and not any(c.dep_ == "nsubj" for c in verb.children):
        return False  # a bare participle ("the town seized last year") says no more than its noun
    if any(c.lower_ in ctx.w("transient_markers") for c in verb.children):
        return False
    return modality_of(ctx, verb) == "asserted"
