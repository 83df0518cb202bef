"""Groups the text names by what it calls them, whether or not the base knows a name for them.

- "the gang of X", "the armed band of X", "the militia of X": one armed group named after the place
  or the person (`owned_group_nouns`), "X gang"; the name is then no mention of its own (the model's
  label does not tell a place from a person there), except after a noun of a group someone leads
  (`led_group_nouns`: "the band of X"): X is a person who leads the group (`group_leaders`).
- "X loyalists" (`follower_nouns`), after a person's name: an armed group so named, not the person.
- "Y-linked insurgents", "Y-affiliated fighters" (`affiliation_verbs`, `irregular_fighter_nouns`; Y an
  organisation, not a state) with no name of their own, and "its local affiliate", "the group's
  Lowland branch" (`branch_nouns`, singular: "its allied factions" are several groups): an armed
  group of its own, Y's affiliate, not Y.
- "X, known locally as Z", "X, also known as Z", "X, locally called Z" (`naming_verbs`): Z is another
  name of X's actor in this report.

The resolver decides what these mentions stand for; the words live in ontology/patterns/lexicon.json.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from kg.lexicon import Lexicon
from kg.nlp.doctokens import tokens
from kg.nlp.offices import candidate
from kg.nlp.syntax import EMPTY, Context
from kg.records import Mention, RelationCandidate

NAME_LABELS = frozenset({"GPE", "LOC", "FAC", "PERSON", "ORG"})
DEFINITE = frozenset({"the", "this", "that"})
DESCRIBING = frozenset({"amod", "compound"})
ARMED_GROUP = "ArmedGroup"


def described_groups(doc: Doc, named: list[Mention], lex: Lexicon, sent_of: dict[int, int]) -> list[Mention]:
    """The mentions with "the gang of X" read as one armed group; X's place name dropped."""
    nouns = lex.sets.get("owned_group_nouns", EMPTY)
    out: list[Mention] = []
    for m in named:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        noun = _owning_noun(span, nouns) if span is not None and m.label in NAME_LABELS and m.kind == "name" else None
        if noun is None:
            out.append(m)
            continue
        start = min([c.i for c in noun.children if c.dep_ in DESCRIBING and c.i < noun.i], default=noun.i)
        group = doc[start:noun.i + 1]
        out.append(Mention(group.start_char, group.end_char, group.text, "ORG", sent_of[noun.i],
                           cue=ARMED_GROUP, name=f"{m.text} {noun.lower_}"))
        if noun.lemma_.lower() in lex.sets.get("led_group_nouns", EMPTY) and \
                (m.label == "PERSON" or (m.label == "ORG" and m.alias is None)):
            out.append(replace(m, label="PERSON"))  # "the band of X": X is its leader, a person
    return sorted(_followers(doc, out, lex, sent_of), key=lambda x: (x.start, x.end))


def _followers(doc: Doc, named: list[Mention], lex: Lexicon, sent_of: dict[int, int]) -> list[Mention]:
    """"X loyalists": the followers of a person named before the noun are an armed group so named."""
    nouns = lex.sets.get("follower_nouns", EMPTY)
    out: list[Mention] = []
    for m in named:
        span = doc.char_span(m.start, m.end, alignment_mode="expand") if m.label == "PERSON" else None
        noun = doc[span.end] if span is not None and span.end < len(doc) else None
        if span is None or noun is None or noun.lemma_.lower() not in nouns or noun.tag_ != "NNS":
            out.append(m)
            continue
        group = doc[span.start:noun.i + 1]
        out.append(Mention(group.start_char, group.end_char, group.text, "ORG", sent_of[noun.i], cue=ARMED_GROUP))
    return out


def _owning_noun(span: Span, nouns: frozenset[str]) -> Token | None:
    """The group noun of "the gang of <span>", if the name follows it so."""
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].lower_ != "of":
        return None
    noun = doc[span.start - 2]
    definite = any(c.dep_ == "det" and c.lower_ in DEFINITE for c in noun.children)
    return noun if noun.lemma_.lower() in nouns and definite else None


def affiliate_mentions(doc: Doc, mentions: list[Mention], lex: Lexicon, sent_of: dict[int, int]) -> list[Mention]:
    """Mentions for "Y-linked insurgents" and "its local affiliate", which name no group of their own."""
    taken = {t.i for m in mentions for t in _tokens(doc, m)}
    found = [m for tok in tokens(doc) if tok.i not in taken for m in [_linked(doc, tok, lex, sent_of)
                                                              or _possessed(doc, tok, lex, sent_of)] if m]
    return sorted(mentions + found, key=lambda x: (x.start, x.end))


def _linked(doc: Doc, noun: Token, lex: Lexicon, sent_of: dict[int, int]) -> Mention | None:
    """"Y-linked insurgents": fighters with no name beside them, linked to the name before the hyphen."""
    if noun.lemma_.lower() not in lex.sets.get("irregular_fighter_nouns", EMPTY) or noun.tag_ not in {"NNS", "NN"} \
            or _says_what_a_name_is(noun):
        return None
    verbs = lex.sets.get("affiliation_verbs", EMPTY)
    link = next((c for c in noun.children if c.dep_ in DESCRIBING and c.lemma_.lower() in verbs
                 and c.i >= 2 and doc[c.i - 1].text == "-"), None)
    if link is None or doc[link.i - 2].ent_type_ not in {"ORG", "PERSON"}:
        return None  # "Iran-aligned fighters" are backed by a state, no branch of it
    named_beside = any(c.dep_ in {"appos", "compound", "nmod"} and c.pos_ == "PROPN" and c.i > link.i
                       for c in noun.children)  # "the Y-linked X rebels": X names them
    if named_beside or (noun.i + 1 < len(doc) and doc[noun.i + 1].pos_ == "PROPN"):
        return None
    return Mention(noun.idx, noun.idx + len(noun.text), noun.text, "ORG", sent_of[noun.i], cue=ARMED_GROUP,
                   name="affiliate")


def _possessed(doc: Doc, noun: Token, lex: Lexicon, sent_of: dict[int, int]) -> Mention | None:
    """"its local affiliate", "the group's Lowland branch": an affiliate owned by the group before it."""
    if noun.lemma_.lower() not in lex.sets.get("branch_nouns", EMPTY) or noun.tag_ != "NN":
        return None  # "its allied factions" are several groups of their own, not one branch
    if _says_what_a_name_is(noun):
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        return None
    words = [c for c in noun.children if c.dep_ in DESCRIBING and owner.i < c.i < noun.i]
    start = min([c.i for c in words], default=noun.i)
    span = doc[start:noun.i + 1]
    return Mention(span.start_char, span.end_char, span.text, "ORG", sent_of[noun.i], cue=ARMED_GROUP,
                   name=span.text.lower() if not words else " ".join(t.text for t in span))


def _says_what_a_name_is(noun: Token) -> bool:
    """"X, Y's branch in the south", "X is Y's affiliate": the noun describes a name, no group of its own."""
    return noun.dep_ in {"appos", "attr", "oprd"} or any(c.dep_ == "appos" for c in noun.children)


def linked_names(doc: Doc, mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    """Each affiliate tied to the mention of its group, and each "X, known as Z" to Z (by index,
    once the mentions are in their final order)."""
    by_token = {t.i: n for n, m in enumerate(mentions) for t in _tokens(doc, m)}
    out = list(mentions)
    for n, m in enumerate(mentions):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        if m.name is not None and m.cue == ARMED_GROUP:
            parent = _parent(span.root, by_token, lex)
            out[n] = replace(m, affiliate_of=parent) if parent is not None and parent != n else m
        other = other_name(span.root, by_token, lex)
        if other is not None and other != n:
            out[n] = replace(out[n], known_as=other)
    return out


def _parent(noun: Token, by_token: dict[int, int], lex: Lexicon) -> int | None:
    """The group before the hyphen of "Y-linked", or the owner of "its affiliate"."""
    if noun.lemma_.lower() not in lex.sets.get("branch_nouns", EMPTY):
        links = [c for c in noun.children if c.dep_ in DESCRIBING and c.i >= 2 and c.doc[c.i - 1].text == "-"]
        return by_token.get(links[0].i - 2) if links else None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    return by_token.get(owner.i) if owner is not None else None


def other_name(head: Token, by_token: dict[int, int], lex: Lexicon) -> int | None:
    """The name right after "known (locally) as" or "(locally) called" said of a noun (read from the
    words: the parse of a foreign name after "as" is often wrong)."""
    verbs = lex.sets.get("naming_verbs", EMPTY)
    doc = head.doc
    for verb in head.children:
        if verb.dep_ not in {"acl", "appos", "relcl"} or verb.lemma_.lower() not in verbs or verb.tag_ != "VBN":
            continue
        i = verb.i + 1
        while i < len(doc) and (doc[i].pos_ == "ADV" or doc[i].lower_ == "as" or doc[i].is_quote):
            i += 1
        if i < len(doc) and i in by_token:
            return by_token[i]
    return None


def group_leaders(ctx: Context) -> Iterator[RelationCandidate]:
    """"the armed band of X": X leads the band."""
    for n, m in enumerate(ctx.mentions):
        if m.name is None or m.cue != ARMED_GROUP or m.affiliate_of is not None:
            continue
        span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or span.end + 1 >= len(ctx.doc) or ctx.doc[span.end].lower_ != "of":
            continue
        leader = ctx.mention_of(ctx.doc[span.end + 1])
        if leader is not None and ctx.mentions[leader].label == "PERSON":
            yield candidate(ctx, leader, "leads", n, span.root, "rule:group-of-person", 0.7)


def affiliations(ctx: Context) -> Iterator[RelationCandidate]:
    """An affiliate the text names by what it is is affiliated with its group."""
    for n, m in enumerate(ctx.mentions):
        if m.affiliate_of is not None:
            span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                yield candidate(ctx, n, "affiliatedWith", m.affiliate_of, span.root, "rule:affiliate-noun", 0.7)


def _tokens(doc: Doc, m: Mention) -> Span | list[Token]:
    return doc.char_span(m.start, m.end, alignment_mode="expand") or []
