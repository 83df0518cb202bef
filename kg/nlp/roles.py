"""Where a mention stands in its sentence: a place (locative), a party (agentive) or neither,
and what kind of place the words around it ask for."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from kg.nlp import frames
from kg.nlp.placenames import PLACE_LABELS
from kg.nlp.syntax import (
    ACTING_DEPS,
    LEADING_PREPS,
    LOCATIVE_PREPS,
    MODIFIERS,
    OBJECTS,
    SUBJECTS,
    Context,
    as_role,
    coordination_head,
    people_noun,
    place_of_nouns,
)
from kg.records import EntityLabel, Mention, PlaceHint, Role


def role_and_hint(ctx: Context, idx: int) -> Mention:
    """Where the mention stands: a location, a party, or neither; and what kind of place it asks for."""
    m = ctx.mentions[idx]
    span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return m
    root = span.root
    head = coordination_head(root)
    prep = head.head if head.dep_ == "pobj" else None
    role = _role(ctx, m, span, head, prep)
    place_hint = m.place_hint if m.kind == "anaphor" else _place_hint(ctx, root, head, prep) or m.place_hint
    if span.start > 0 and ctx.doc[span.start - 1].lower_ in LEADING_PREPS:  # "Near Ar Raqqah, ..."
        role = "locative"
    unknown = m.alias is None and m.kind == "name" and m.label in {"ORG", "PERSON"} \
        and m.cue is None  # a group the text names as such ("the group 'Sons of the Valley'") stays one
    place_slot = role == "locative" or (place_hint is not None and m.kind != "anaphor")
    label: EntityLabel = "GPE" if place_slot and (unknown or _known_place(ctx, m)) else m.label
    if unknown and (_held_place(ctx, root) or _in_place_slot(ctx, m, span, head, prep)):
        label = "GPE"
    if unknown and _facility_name(ctx, span):
        label = "FAC"
    return replace(m, role=role, place_hint=place_hint, label=label)  # "in Husaybah": an unknown name in a place's slot


def _role(ctx: Context, m: Mention, span: Span, head: Token, prep: Token | None) -> Role:
    """locative, agentive (a party) or other, from the name's place in the sentence."""
    if head.dep_ in {"compound", "amod", "nmod"} and _attack_root(ctx, head.head) and _town_name(ctx, m):
        return "locative"  # "the Damascus raids": where they struck, not who
    if _stands_for_actor(ctx, head, prep):  # "U.S. forces", "the government of Iraq": a party
        return "agentive"
    if prep is not None and prep.lower_ in LOCATIVE_PREPS:
        return "locative"
    destination = head.dep_ in {"dobj", "obj"} or (prep is not None and prep.lower_ == "to")
    if destination and (prep.head if prep is not None else head.head).lemma_.lower() in ctx.w("motion_verbs"):
        return "locative"  # "visited Baghdad", "travelled to Moscow": the city, not its government
    if prep is not None and prep.lower_ == "of" and prep.head.lemma_.lower() in ctx.w("division_nouns") | \
            ctx.w("settlement_nouns") | ctx.w("locative_of_nouns") and not as_role(prep.head):
        return "locative"  # "part of Idlib", but not "fought as part of the Front": membership
    if head.dep_ in SUBJECTS and _under_trigger(ctx, head.head) is not None:
        return "other"  # "Y came under attack": Y undergoes it
    if head.dep_ in ACTING_DEPS or (prep is not None and prep.lower_ in {"by", "between"}):
        return "agentive"
    if head.dep_ == "nsubjpass" and _willed(head.head):
        return "agentive"  # "X is committed to defeating Y": a stance, not something X undergoes
    if prep is not None and prep.lower_ == "with" and prep.head.pos_ == "VERB":
        return "agentive"  # "working closely with Turkey": a partner
    if m.label == "NORP" and people_noun(span):
        return "agentive"  # "Syrians", "the Turks": a body of people, not a nationality
    return "other"


def _willed(verb: Token) -> bool:
    """A passive verb with an action as complement: "committed to defeating", "determined to fight"."""
    return any(c.dep_ == "xcomp" or (c.dep_ == "prep" and any(g.dep_ == "pcomp" for g in c.children))
               for c in verb.children)


def _known_place(ctx: Context, m: Mention) -> bool:
    """An organisation-labelled alias that also names a place ("Damascus" for its government)."""
    return m.label == "ORG" and m.alias is not None and \
        any(ctx.kb.is_a(e.iri, "Place") for e in ctx.kb.aliases.get(m.alias, []))


def _town_name(ctx: Context, m: Mention) -> bool:
    """A place narrower than a country: a name the base knows as one ("Damascus", never "Iran"), or a
    place name it does not know (the base knows every country)."""
    if m.alias is None:
        return m.kind == "name" and m.label in PLACE_LABELS
    entries = ctx.kb.aliases.get(m.alias, [])
    return any(ctx.kb.is_a(e.iri, "Place") for e in entries) and not any(ctx.kb.is_a(e.iri, "Country") for e in entries)


def _held_place(ctx: Context, root: Token) -> bool:
    """"insurgent-held Karabilah": what a side holds or controls is a place."""
    return any(c.dep_ == "amod" and c.i >= 2 and ctx.doc[c.i - 1].text == "-"
               and c.lemma_.lower() in ctx.w("control_verbs") for c in root.children)


def _in_place_slot(ctx: Context, m: Mention, span: Span, head: Token, prep: Token | None) -> bool:
    """"shelled Y", "strikes on Y": a name in a slot the trigger's frame gives to a place. A name of
    two words or more that the model calls a person stays a person ("an attack on John Smith")."""
    if m.label == "PERSON" and len(span) > 1:
        return False
    while prep is not None and prep.lower_ == "of" and prep.head.dep_ in {"dobj", "obj", "pobj"} \
            and prep.head.lemma_.lower() in place_of_nouns(ctx):  # "seized most of Y", "the town of Y"
        head = prep.head
        prep = head.head if head.dep_ == "pobj" else None
    under = _under_trigger(ctx, head.head) if head.dep_ in SUBJECTS else None
    if under is not None:
        host, slot = under, "under"
    elif prep is not None:
        host, slot = prep.head, f"prep:{prep.lower_}"
    elif head.dep_ in {"dobj", "obj"}:
        host, slot = head.head, "object"
    else:
        return False
    labels = ctx.trigger_labels()
    hosts = [host, *(c for c in host.children if c.dep_ in {"dobj", "obj"})] if slot != "object" else [host]
    return any(h.i in labels and frames.frame_of(ctx, h, labels[h.i]).get(slot) in {"place", "undergoer"}
               for h in hosts)


def _under_trigger(ctx: Context, verb: Token) -> Token | None:
    """The trigger after "under" on a verb ("came under attack", "is under siege")."""
    labels = ctx.trigger_labels()
    return next((g for c in verb.children if c.dep_ == "prep" and c.lower_ == "under"
                 for g in c.children if g.dep_ == "pobj" and g.i in labels), None)


def _facility_name(ctx: Context, span: Span) -> bool:
    """"the Samarra Barrage", "Lake Assad": a name whose first or last word is a kind of place."""
    words = {span[0].lower_, span[-1].lower_} if len(span) > 1 else set()
    return bool(words & ctx.w("facility_words"))


def _stands_for_actor(ctx: Context, head: Token, prep: Token | None) -> bool:
    """The name qualifies an actor noun or an attack: "Turkish troops", "the government of Iraq",
    "U.S. airstrikes"."""
    if head.dep_ in MODIFIERS:
        return any(_actor_noun(ctx, head, noun) for noun in {head.head, _modified_noun(ctx, head)})
    if head.dep_ in OBJECTS and head.head.lemma_.lower() in ctx.w("include_verbs"):
        return _collective_subject(ctx, head.head)  # "Coalition nations include Australia, ...": parties
    return prep is not None and prep.lower_ in ctx.w("proxy_preps") and prep.head.lemma_.lower() in ctx.w("proxy_heads")


def _actor_noun(ctx: Context, name: Token, noun: Token) -> bool:
    """Does the noun a name qualifies make the name a party ("troops", "talks", "airstrikes")?"""
    word = _hyphenated(noun)
    return word in ctx.w("proxy_heads") or _attack_root(ctx, noun) or word in ctx.w("bilateral_nouns") \
        or (_is_norp(ctx, name) and word in ctx.w("people_nouns"))


def _modified_noun(ctx: Context, tok: Token) -> Token:
    """The noun a name qualifies, past other names: "UK-France co-operation" -> "co-operation"."""
    noun = tok.head
    while noun.dep_ in MODIFIERS and noun.i in ctx.by_token and noun.head.i != noun.i:
        noun = noun.head
    return noun


def _hyphenated(tok: Token) -> str:
    """The lower-case lemma of a word, rejoined when the tokenizer split it at a hyphen ("co-operation")."""
    doc = tok.doc
    if tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and not tok.whitespace_ \
            and not doc[tok.i + 1].whitespace_:
        return f"{tok.lower_}-{doc[tok.i + 2].lemma_.lower()}"
    return tok.lemma_.lower()


def _is_norp(ctx: Context, tok: Token) -> bool:
    idx = ctx.mention_of(tok)
    return idx is not None and ctx.mentions[idx].label == "NORP"


def _collective_subject(ctx: Context, verb: Token) -> bool:
    """The verb's subject is a body of actors: "Coalition nations", "NATO", "its members"."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    return any(s.lemma_.lower() in ctx.w("collective_nouns") or
               (s.i in ctx.by_token and ctx.mentions[ctx.by_token[s.i]].label == "ORG") for s in subjects)


def _attack_root(ctx: Context, tok: Token) -> bool:
    return tok.i in ctx.attack_roots()


def _place_hint(ctx: Context, root: Token, head: Token, prep: Token | None) -> PlaceHint | None:
    divisions, settlements = ctx.w("division_nouns"), ctx.w("settlement_nouns")
    nouns = [_capital_or_noun(ctx, prep.head)] if prep is not None and prep.lower_ == "of" else []
    nouns += [t.lemma_.lower() for t in (root.head,) if root.dep_ == "compound"]
    nouns += [_capital_or_noun(ctx, c) for c in root.children if c.dep_ == "appos"]  # "X, a town held by ..."
    if head.dep_ == "nsubj" and head.head.lemma_ == "be":  # "X is the last city held by ..."
        nouns += [_capital_or_noun(ctx, c) for c in head.head.children if c.dep_ == "attr"]
    nxt = ctx.doc[root.i + 1] if root.i + 1 < len(ctx.doc) else None
    if nxt is not None:
        nouns.append(nxt.lemma_.lower())
    if any(n in divisions for n in nouns):
        return "division"
    if any(n in settlements for n in nouns):
        return "settlement"
    return None


def _capital_or_noun(ctx: Context, noun: Token) -> str:
    """The noun's lemma; "town" for a capital of a division ("the district capital of X", "X, the provincial
    capital"): a town, where "the capital of X" names X as a country or province."""
    lemma = noun.lemma_.lower()
    if lemma in ctx.w("capital_nouns") and any(c.dep_ in {"amod", "compound"} and c.lemma_.lower()
                                               in ctx.w("capital_qualifiers") for c in noun.children):
        return "town"
    return lemma
