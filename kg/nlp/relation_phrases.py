"""Relations told by set phrases rather than by a relational verb or noun: "A and allied B fighters"
(B stands with A), "X, under the command of P" (P leads X), "an umbrella of Y-backed factions"
(the umbrella's name is what Y backs), "Y was captured by X", "Y fell to X" (X holds Y), "P's
government" (the state P heads)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.nlp.clauses import modality_of, subjects_of
from kg.nlp.offices import candidate
from kg.nlp.standing import stands
from kg.nlp.syntax import Context, coordination_head, prep_objects
from kg.records import Predicate, RelationCandidate


def allied_partners(ctx: Context) -> Iterator[RelationCandidate]:
    """"Congolese troops and allied X militiamen", "A and allied B": B supports A (not the reverse:
    the word is said of B)."""
    for tok in ctx.tokens:
        if not allied_modifier(ctx, tok):
            continue
        noun = tok.head if tok.dep_ == "amod" else next(iter(_allied_object(tok)), tok)
        partners = _named_noun(ctx, noun, skip=tok) if noun is not tok else []
        subjects = [c for c in tok.children if c.dep_ == "nsubj"]  # "A and allied B" parsed as "A allied B"
        first = subjects[0] if subjects and tok.dep_ != "amod" else coordination_head(tok.head)
        for b in partners:
            for a in _named_noun(ctx, first, skip=None):
                if a != b:
                    yield candidate(ctx, b, "supports", a, tok, "rule:allied-partner", 0.7)


def allied_modifier(ctx: Context, tok: Token) -> bool:
    """Is this "allied" said of the second of two coordinated names (read by `allied_partners`)? Also
    as the parser may read it, a verb coordinated with the first name, taking the second as object."""
    if tok.lower_ not in ctx.w("allied_adjectives"):
        return False
    after_and = tok.i > 0 and ctx.doc[tok.i - 1].lower_ == "and"  # a past-tense "allied" after "and"
    as_verb = (tok.dep_ == "conj" and tok.head.pos_ in {"NOUN", "PROPN"}) or (after_and and tok.pos_ == "VERB")
    return (tok.dep_ == "amod" and tok.head.dep_ == "conj") or (as_verb and bool(_allied_object(tok)))


def _allied_object(verb: Token) -> list[Token]:
    """The second name's noun under a misparsed "allied": its object, or the subject of its complement
    ("A and allied B fighters were fighting" read as "A allied [B fighters were fighting]")."""
    return [c for c in verb.children if c.dep_ in {"dobj", "obj"}] \
        or [g for c in verb.children if c.dep_ == "ccomp" for g in c.children if g.dep_ == "nsubj"]


def possessive_allies(ctx: Context) -> Iterator[RelationCandidate]:
    """"X and its allies, Y", "the army and its Russian Y allies": Y supports X."""
    for tok in ctx.tokens:
        if tok.dep_ != "conj" or tok.lemma_.lower() not in ctx.w("support_nouns") \
                or not any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children):
            continue
        partners = ctx.mentions_in(c for c in tok.children if c.dep_ == "appos") \
            or ctx.mentions_in(c for c in tok.children if c.dep_ in {"compound", "amod", "nmod"})
        for b in partners:
            for a in _named_noun(ctx, coordination_head(tok), skip=None):
                if a != b:
                    yield candidate(ctx, b, "supports", a, tok, "rule:possessive-ally", 0.7)


def _named_noun(ctx: Context, noun: Token, skip: Token | None) -> list[int]:
    """The name a noun is or stands for ("Faylaq al-Sham fighters", "Armenian troops")."""
    own = ctx.mentions_in([noun])
    if own:
        return own
    return ctx.mentions_in(c for c in noun.children if c.dep_ in {"compound", "amod", "nmod", "poss"}
                           and c is not skip) or ctx.mentions_in(ctx.proxied(noun))


def under_command(ctx: Context) -> Iterator[RelationCandidate]:
    """"X fought under the command of P", "X fighters under P's command": P leads X."""
    for noun in ctx.tokens:
        if noun.dep_ != "pobj" or noun.head.lower_ != "under" or noun.lemma_.lower() not in ctx.w("command_nouns"):
            continue
        leaders = [i for o in prep_objects(noun, {"of"}) for i in ctx.with_conjuncts(o)] \
            or ctx.mentions_in(c for c in noun.children if c.dep_ == "poss")
        leaders = [i for i in leaders if ctx.mentions[i].label == "PERSON"]
        host = noun.head.head
        if not leaders or not stands(ctx, host, "leads"):
            continue
        led = subjects_of(ctx, host) if host.pos_ in {"VERB", "AUX"} else ctx.owners(host)
        for p in leaders:
            for x in led:
                if ctx.mentions[x].label != "PERSON":
                    yield candidate(ctx, p, "leads", x, noun, "rule:under-command", 0.7)


def collective_of(ctx: Context, noun: Token) -> list[int]:
    """"X, an umbrella of Y-backed factions": the name the collective noun is set beside."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "of":
        return []
    whole = noun.head.head
    if whole.lemma_.lower() not in ctx.w("umbrella_nouns") or whole.dep_ != "appos":
        return []
    return ctx.mentions_in([whole.head])


def taken_by(ctx: Context) -> Iterator[RelationCandidate]:
    """"Y was captured by X", "Y fell to X", "W lost Y to X": a taking told from the place's or the
    loser's side, stated as done, means X holds Y (as "X captured Y" does), unless the text says the
    hold was brief or is over."""
    for verb in ctx.tokens:
        lemma = verb.lemma_.lower()
        passive = lemma in ctx.w("capture_verbs") and any(c.dep_ == "auxpass" for c in verb.children)
        fell = lemma in ctx.w("fall_verbs") and verb.tag_ in {"VBD", "VBN"}
        ceded = lemma in ctx.w("ceding_verbs") and not passive  # "X lost Y to Z": Z holds Y
        if verb.pos_ != "VERB" or not (passive or fell or ceded) or not _told_as_done(ctx, verb):
            continue
        takers = [i for i in ctx.mentions_in(_objects(verb, "by" if passive else "to")) if not ctx.is_place(i)]
        subjects = [c for c in verb.children if c.dep_ in ({"dobj", "obj"} if ceded else {"nsubj", "nsubjpass"})]
        places = [i for c in subjects for i in ctx.mentions_in([c, *c.conjuncts]) if ctx.is_place(i)] \
            or [i for c in subjects for o in prep_objects(c, {"of"}) for i in ctx.mentions_in([o]) if ctx.is_place(i)]
        for x in takers:
            for p in places:
                yield candidate(ctx, x, "controls", p, verb, f"rule:taken-by-{lemma}", 0.6)


def _objects(verb: Token, prep: str) -> list[Token]:
    return [t for o in prep_objects(verb, {prep}) for t in [o, *o.conjuncts, *_proxied_by(o)]]


def _proxied_by(tok: Token) -> list[Token]:
    """"fell to X fighters": the name qualifying the noun."""
    return [c for c in tok.children if c.dep_ in {"compound", "amod", "nmod"}]


def _told_as_done(ctx: Context, verb: Token) -> bool:
    """Past, asserted, not brief, and standing now."""
    hedges = ctx.w("transient_markers") | ctx.w("near_miss_adverbs")  # "briefly seized", "nearly lost"
    if verb.tag_ not in {"VBD", "VBN"} or any(c.lower_ in hedges for c in verb.children):
        return False
    return modality_of(ctx, verb) == "asserted" and stands(ctx, verb, "controls")


def nearest_place(ctx: Context, verb: Token) -> list[int]:
    """"the ministry in Y, which X has governed": a relative clause on a noun that is no place tells of
    the place named right before it."""
    edge = verb.left_edge.i - 1
    while edge >= 0 and ctx.doc[edge].is_punct:
        edge -= 1
    idx = ctx.by_token.get(edge) if edge >= 0 else None
    return [idx] if idx is not None and ctx.is_place(idx) else []


def kept_by(ctx: Context, verb: Token) -> list[int]:
    """"X has 4,000 soldiers backing Y", "X deployed troops fighting Y": troops set on a task by a
    verb of keeping or sending act for its subject."""
    noun = verb.head
    if verb.dep_ != "acl" or verb.tag_ != "VBG" or noun.dep_ not in {"dobj", "obj"}:
        return []
    owners = ctx.owners(noun)
    if owners or noun.lemma_.lower() not in ctx.w("proxy_heads"):
        return owners
    keeper = noun.head
    return subjects_of(ctx, keeper) if keeper.lemma_.lower() in ctx.w("troop_keeping_verbs") else []


def government_of(ctx: Context, noun: Token) -> list[int]:
    """"P's government", "the government of P": the person whose state a government noun names."""
    if noun.lemma_.lower() not in ctx.w("person_government_nouns") or noun.i in ctx.by_token:
        return []
    owners = [c for c in noun.children if c.dep_ == "poss"] + prep_objects(noun, {"of"})
    return [i for i in ctx.mentions_in(owners) if ctx.mentions[i].label == "PERSON"]


#: a relational noun before the name it describes, and what it makes the name of its owner
OWNED_NOUNS: tuple[tuple[str, Predicate], ...] = (
    ("support_nouns", "supports"), ("affiliation_nouns", "affiliatedWith"), ("member_nouns", "memberOf"))


def owned_relational_nouns(ctx: Context) -> Iterator[RelationCandidate]:
    """"Y's ally X", "Y's affiliate, X": a relational noun owned by Y and set before the name X (as
    its apposition, or right before it) says X's relation to Y."""
    for noun in ctx.tokens:
        pred = next((p for words, p in OWNED_NOUNS if noun.lemma_.lower() in ctx.w(words)), None)
        owners = ctx.mentions_in(c for c in noun.children if c.dep_ == "poss")
        if pred is None or noun.pos_ != "NOUN" or not owners or not stands(ctx, noun, pred):
            continue
        named = ctx.mentions_in(c for c in noun.children if c.dep_ == "appos" and c.i > noun.i)
        if not named and noun.i + 1 < len(ctx.doc) and ctx.doc[noun.i + 1].pos_ == "PROPN":
            named = ctx.mentions_in([ctx.doc[noun.i + 1]])  # "Y's ally X" parsed as two subjects
        for x in named:
            for y in owners:
                if x != y:
                    yield candidate(ctx, x, pred, y, noun, "rule:owned-relational-noun", 0.7)
