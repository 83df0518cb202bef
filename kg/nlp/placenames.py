"""Place names the model's entities miss or mislabel, found from the words around them.

- A feature word makes a name a natural or built feature, not the place it is named after:
  "Lake X", "Mount X", "X Pass", "X River", "X Air Base" (`place_feature_before/after`).
- A name the model calls a nationality (NORP), a title (WORK_OF_ART), a law or an event, or no
  entity at all, is a place when it stands where a place stands: "the towns of X, Y and Z",
  "the district capital of X", "X, the last village held by ...", "the village X", "their base at X",
  "residents fled X", "in X" (the last one only for a name the model did tag).
- A name the model took for a person or an organisation is a place in those slots too.
- "X in Y" taken for one name is two places.
- "X village": a trailing lower-case place noun is no part of the name (the resolver reads it
  from the words around the name as a hint).

The words live in ontology/patterns/lexicon.json.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from itertools import takewhile
from typing import cast

from spacy.tokens import Doc, Span, Token

from kg.kb import KnowledgeBase
from kg.lexicon import Lexicon
from kg.nlp.doctokens import tokens
from kg.nlp.syntax import EMPTY, ENTITY_LABELS
from kg.records import EntityLabel, Mention

#: entity labels that never hide a place name
NOT_NAMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: the labels of entities a missed place name may hide in; the others give mentions of their own
MISTAKEN = frozenset({"NORP", "WORK_OF_ART", "LAW"})
SKIPPED = (ENTITY_LABELS - {"NORP"}) | NOT_NAMES
ANAPHOR_REACH = 8  # "the town" points back this many sentences at most to a place called a settlement ...
NEAR_REACH = 3  # ... and this many to any other place name
WIDE_PLACES = ("Country", "FirstLevelDivision", "Area")
CALLED = "Place"  # what "the region", "the base" point back to: a place called so before


def place_mentions(doc: Doc, named: list[Mention], lex: Lexicon, sent_of: dict[int, int]) -> list[Mention]:
    """The mentions with features extended, place nouns trimmed and missed place names added."""
    out = [_trimmed(doc, _featured(doc, _relabelled(doc, m, lex), lex, sent_of), lex) for m in named]
    out = [part for m in out for part in _split_within(doc, m, lex)]
    taken = {i for m in out for i in _token_range(doc, m)}
    for span in _candidates(doc, lex):
        if any(t.i in taken for t in span):
            continue
        label = _feature_label(span, lex) or ("GPE" if _in_place_slot(span, lex, tagged=_tagged(span))
                                              or _names_site(span, lex) else None)
        if label is not None:
            out.append(Mention(span.start_char, span.end_char, span.text, label, sent_of[span.root.i]))
            taken.update(t.i for t in span)
    return sorted(out, key=lambda m: (m.start, m.end))


def _split_within(doc: Doc, m: Mention, lex: Lexicon) -> list[Mention]:
    """"the neighbourhood of Wharf X in Y" taken for one name: two places, the first inside the second;
    a name the model took for an organisation only where a place stands."""
    span = doc.char_span(m.start, m.end)
    if span is None or m.alias is not None or m.kind != "name" or m.label not in PLACE_LABELS | {"ORG", "PERSON"}:
        return [m]
    cut = next((t.i for t in span[1:-1] if t.lower_ == "in" and doc[t.i - 1].is_title and doc[t.i + 1].is_title), None)
    if cut is None:
        return [m]
    first = doc[span.start:cut]
    if m.label not in PLACE_LABELS and not any(_in_place_slot(doc[t.i:t.i + 1], lex, tagged=True) for t in first):
        return [m]
    label = m.label if m.label in PLACE_LABELS else "GPE"
    return [Mention(p.start_char, p.end_char, p.text, label, m.sentence) for p in (first, doc[cut + 1:span.end])]


def ends_a_name(doc: Doc, m: Mention, lex: Lexicon) -> bool:
    """"the Regional Mission in X": a place that ends a body's name (`name_body_heads`) is no place of an event."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or span.start < 3:
        return False
    prep, body, before = doc[span.start - 1], doc[span.start - 2], doc[span.start - 3]
    return prep.lower_ in {"in", "for"} and body.is_title and before.is_title \
        and body.lower_ in lex.sets.get("name_body_heads", EMPTY)


def _token_range(doc: Doc, m: Mention) -> range:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return range(span.start, span.end) if span is not None else range(0)


def _tagged(span: Span) -> bool:
    """Did the model take the name for a name, if of the wrong kind (a nationality, a title)?"""
    return any(t.ent_type_ in MISTAKEN for t in span)


def _candidates(doc: Doc, lex: Lexicon) -> Iterator[Span]:
    """Runs of proper nouns (and feature words) outside the entities that give mentions and outside
    dates and numbers; a run opening with "Operation" or naming a document is left out."""
    features = set(lex.table("place_feature_after")) | set(lex.table("place_feature_before"))
    particles = lex.sets.get("name_particles", EMPTY)
    run: list[Token] = []
    for tok in [*tokens(doc), None]:
        if tok is not None and tok.ent_type_ not in SKIPPED and tok.is_title \
                and (tok.pos_ == "PROPN" or tok.text in features or _hyphen_linked(tok)):
            run.append(tok)
            continue
        if tok is not None and run and tok.ent_type_ not in SKIPPED and _hyphen_linked(tok) \
                and (tok.text == "-" or tok.lower_ in particles):
            run.append(tok)  # "Anse-la-Riviere": one name over its hyphens and particles
            continue
        while run and not run[-1].is_title:
            run.pop()
        if run and _may_be_place(doc[run[0].i:run[-1].i + 1], lex):
            yield doc[run[0].i:run[-1].i + 1]
        run = []


def _hyphen_linked(tok: Token) -> bool:
    """Is the token a hyphen, or a word after one, written tight in a hyphenated word?"""
    before = tok.nbor(-1) if tok.i > 0 else None
    return before is not None and not before.whitespace_ and (tok.text == "-" or before.text == "-")


def _may_be_place(span: Span, lex: Lexicon) -> bool:
    return span[0].text not in lex.sets.get("non_actor_prefixes", frozenset()) \
        and span.root.lower_ not in lex.sets.get("document_heads", frozenset()) \
        and span.text not in lex.sets.get("non_actor_names", frozenset())


def _feature_label(span: Span, lex: Lexicon) -> EntityLabel | None:
    """LOC or FAC for a run that opens or ends with a feature word and has a name beside it."""
    if len(span) < 2:
        return None
    before, after = lex.table("place_feature_before"), lex.table("place_feature_after")
    label = after.get(span[-1].text) or before.get(span[0].text)
    return cast(EntityLabel, label) if label else None


def _in_place_slot(span: Span, lex: Lexicon, tagged: bool) -> bool:
    """Does the name stand where a place stands? A plain "in X" counts only for a tagged name, or
    after a site or settlement ("a base at X", "a camp near X")."""
    root = span.root
    places = lex.sets.get("settlement_nouns", frozenset()) | lex.sets.get("division_nouns", frozenset())
    if root.dep_ == "appos" and root.head.lemma_.lower() in places:
        return True  # "the village X"
    if any(c.dep_ == "appos" and c.lemma_.lower() in places for c in root.children):
        return True  # "X, the last village held by ..."
    if root.dep_ == "compound" and root.head.lemma_.lower() in lex.sets.get("division_nouns", frozenset()):
        return True  # "the X region"
    if root.dep_ in {"dobj", "obj"} and root.head.lemma_.lower() in lex.sets.get("place_object_verbs", EMPTY):
        return True  # "residents fled X"
    head = root
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    prep = head.head if head.dep_ == "pobj" else None
    if prep is None:
        return False
    if prep.lower_ == "of":
        noun = prep.head
        held = noun.dep_ in {"dobj", "obj"} and noun.lemma_.lower() in lex.sets.get("place_of_object_nouns", EMPTY)
        return held or noun.lemma_.lower() in places | lex.sets.get("place_of_nouns", EMPTY)
    if prep.lower_ not in lex.sets.get("place_slot_preps", frozenset()):
        return False
    return tagged or _after_site(prep, lex.sets.get("site_nouns", EMPTY))


def _after_site(prep: Token, sites: frozenset[str]) -> bool:
    """"a base at X", "overran their base at X" (the phrase hung on the verb right after its object)."""
    noun = prep.head
    if noun.pos_ in {"VERB", "AUX"}:
        noun = next((c for c in noun.children if c.dep_ in {"dobj", "obj"} and c.right_edge.i == prep.i - 1), noun)
    return noun.pos_ == "NOUN" and noun.lemma_.lower() in sites


def _featured(doc: Doc, m: Mention, lex: Lexicon, sent_of: dict[int, int]) -> Mention:
    """"Lake" + "Malawi", "Salang" + "Pass": a name with a feature word beside it is that feature."""
    span = doc.char_span(m.start, m.end)
    if span is None or m.kind != "name":
        return m
    before, after = lex.table("place_feature_before"), lex.table("place_feature_after")
    start, end, label = span.start, span.end, None
    if start > 0 and doc[start - 1].text in before and not (start > 1 and doc[start - 2].is_title):
        start, label = start - 1, before[doc[start - 1].text]
    for n in (1, 2):  # "X Pass", "X Air Base"
        tail = doc[end:end + n]
        if len(tail) == n and all(t.is_title for t in tail) and tail[-1].text in after:
            end, label = end + n, after[tail[-1].text]
            break
    if label is None and m.alias is None and len(span) > 1:  # "X Air Base" tagged as one organisation
        label = after.get(span[-1].text) or before.get(span[0].text)
    if label is None or (end < len(doc) and doc[end].is_title):
        return m  # "Lake X Basin Commission": a longer name goes on
    whole = doc[start:end]
    return Mention(whole.start_char, whole.end_char, whole.text, cast(EntityLabel, label), sent_of[whole.root.i])


def _relabelled(doc: Doc, m: Mention, lex: Lexicon) -> Mention:
    """"the district capital of X", "X, the last village ...": an unknown name the model took for a
    person or an organisation is a place there."""
    if m.alias is not None or m.kind != "name" or m.label not in {"PERSON", "ORG"}:
        return m
    span = doc.char_span(m.start, m.end)
    if span is None:
        return m
    site = m.label == "PERSON" and _names_site(span, lex)  # "the K9 military base"; "the Fano base" is the group's
    return replace(m, label="GPE") if site or _in_place_slot(span, lex, tagged=False) else m


def _names_site(span: Span, lex: Lexicon) -> bool:
    """"the X military base", "the X camp": a name before a site noun names the site."""
    root = span.root
    return root.dep_ in {"compound", "nmod"} and root.head.pos_ == "NOUN" \
        and root.head.lemma_.lower() in lex.sets.get("site_nouns", EMPTY)


def _trimmed(doc: Doc, m: Mention, lex: Lexicon) -> Mention:
    """"Letpadan village" -> "Letpadan": the place noun after an unknown place name is a hint."""
    span = doc.char_span(m.start, m.end)
    nouns = lex.sets.get("settlement_nouns", frozenset()) | lex.sets.get("division_nouns", frozenset())
    if span is None or m.alias is not None or m.label not in PLACE_LABELS or len(span) < 2 \
            or not span[-1].is_lower or span[-1].lemma_.lower() not in nouns:
        return m
    name = span[:-1]
    return Mention(name.start_char, name.end_char, name.text, m.label, m.sentence)


def place_anaphors(doc: Doc, lex: Lexicon, taken: set[int], sent_of: dict[int, int]) -> list[Mention]:
    """"the town", "this city": a definite singular settlement noun with no name or description of
    its own ("the town of X", "the largest city in Y", "X, the desert town" are none) points back to a
    settlement named before it (`link_place_anaphors`)."""
    nouns = lex.sets.get("place_anaphor_nouns", EMPTY)
    called = lex.sets.get("division_anaphor_nouns", EMPTY) | lex.sets.get("site_anaphor_nouns", EMPTY)
    out: list[Mention] = []
    for tok in tokens(doc):
        if tok.i in taken or tok.pos_ != "NOUN" or tok.tag_ != "NN" or tok.lower_ not in nouns | called \
                or _described(tok):
            continue
        holder = _part_holder(tok, lex)  # "the hotel grounds": the hotel
        if holder is None and (tok.dep_ in {"appos", "attr", "compound"} or not _definite(tok)):
            continue
        first = min(c.i for c in (holder or tok).children if c.dep_ in {"det", "amod"} and c.i < tok.i)
        span = doc[first:tok.i + 1]
        out.append(Mention(span.start_char, span.end_char, span.text, "GPE", sent_of[tok.i], kind="anaphor",
                           refers_to="Settlement" if tok.lower_ in nouns else CALLED))
    return out


def _part_holder(tok: Token, lex: Lexicon) -> Token | None:
    """"the hotel grounds", "the town centre": the definite noun of a part of the place the anaphor
    noun before it points back to."""
    head, parts = tok.head, lex.sets.get("place_part_nouns", EMPTY)
    if tok.dep_ != "compound" or head.pos_ != "NOUN" or not {head.lower_, head.lemma_.lower()} & parts \
            or not _definite(head) or any(c.dep_ == "compound" and c.i != tok.i for c in head.children):
        return None
    return head


def _definite(tok: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in tok.children)


def _described(tok: Token) -> bool:
    """A noun that says which place it is ("the town of X", "the second city", "the town X") is no anaphor."""
    return any((c.dep_ == "prep" and c.lower_ in {"of", "in", "near"}) or c.tag_ in {"JJS", "RBS"}
               or c.dep_ in {"appos", "compound", "nummod", "relcl", "acl"} or c.pos_ == "PROPN" for c in tok.children)


def link_place_anaphors(doc: Doc, lex: Lexicon, kb: KnowledgeBase, mentions: list[Mention]) -> list[Mention]:
    """Each place anaphor with the index (`same_as`) of the settlement it points back to: the last
    place named before it that the text calls a settlement, else the last place named in the few
    sentences before it; never a country or division the base knows, nor a landmark of a distance
    ("110 km south of X"). The resolver checks what the antecedent became."""
    out = list(mentions)
    for i, m in enumerate(mentions):
        if m.kind == "anaphor" and m.refers_to == CALLED:
            out[i] = _link_called(doc, mentions, i)
        if m.kind != "anaphor" or m.refers_to != "Settlement":
            continue
        before = [j for j in _window(mentions, i) if _antecedent(doc, lex, kb, mentions[j], m)]
        called = [j for j in before if mentions[j].place_hint == "settlement"]  # "X, the desert town"
        near = [j for j in before if m.sentence - mentions[j].sentence <= NEAR_REACH]
        if called or near:
            out[i] = replace(m, same_as=(called or near)[0])
        else:  # "the city" said again: the place the last "the city" stood for
            again = next((out[j].same_as for j in _window(mentions, i) if out[j].kind == "anaphor"
                          and out[j].refers_to == "Settlement" and out[j].same_as is not None
                          and m.sentence - out[j].sentence <= NEAR_REACH), None)
            out[i] = replace(m, same_as=again) if again is not None else m
    return out


def _link_called(doc: Doc, mentions: list[Mention], i: int) -> Mention:
    """"the region", "the base": the last place named with that very noun ("X region", "the province
    of X", "their base at X", "the X Base") in the sentences before it; no other place."""
    m = mentions[i]
    noun = m.text.split()[-1].lower()
    for j in _window(mentions, i):
        c = mentions[j]
        span = doc.char_span(c.start, c.end, alignment_mode="expand")
        if c.kind == "name" and c.place_hint != "settlement" and span is not None and noun in _called(span):
            return replace(m, same_as=j)
    return m


def _called(span: Span) -> set[str]:
    """The nouns a place name is called by: "X region", "the region of X", "the base at X", "X Base"."""
    doc = span.doc
    after = {doc[span.end].lower_} if span.end < len(doc) else set()
    head = span.root.head
    of: set[str] = set()
    if span.root.dep_ == "pobj" and head.lower_ in {"of", "at"}:
        owner = head.head  # "the base at X"; "overran their base at X", the phrase hung on the verb
        of = {owner.lower_, *(c.lower_ for c in owner.children if c.dep_ == "dobj" and owner.pos_ == "VERB")}
    return after | of | {t.lower_ for t in span}


def _window(mentions: list[Mention], i: int) -> Iterator[int]:
    """The mentions before the i-th, nearest first, within the sentences an anaphor reaches back."""
    limit = mentions[i].sentence - ANAPHOR_REACH
    return takewhile(lambda j: mentions[j].sentence >= limit, range(i - 1, -1, -1))


def _antecedent(doc: Doc, lex: Lexicon, kb: KnowledgeBase, c: Mention, m: Mention) -> bool:
    """Can the name be what "the town" points back to: a place name the text or the model calls a
    place (not a nationality read as one), no wide place and no landmark?"""
    if c.kind != "name" or c.end > m.start or m.sentence - c.sentence > ANAPHOR_REACH or c.place_hint == "division" \
            or not (c.label in PLACE_LABELS or c.place_hint == "settlement") or _wide(kb, c):
        return False
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    if span is None or not (c.place_hint == "settlement" or c.alias or span.root.ent_type_ in PLACE_LABELS
                            or _in_place_slot(span, lex, tagged=False)):  # "the centre of X"
        return False
    if _qualifies_a_thing(span, lex) or _holds_settlements(span, lex) or _governed(span, lex):
        return False
    head = span.root.head if span.root.dep_ == "pobj" else None
    return not (head is not None and head.lower_ == "of"
                and head.head.lower_ in lex.sets.get("landmark_nouns", EMPTY))


def _qualifies_a_thing(span: Span, lex: Lexicon) -> bool:
    """"the X governor's office", "the X airport": a name before a noun that is no settlement
    qualifies that thing; the story is not said to be there."""
    root = span.root
    places = lex.sets.get("settlement_nouns", EMPTY) | lex.sets.get("division_nouns", EMPTY)
    return root.dep_ in {"compound", "nmod", "amod"} and root.head.pos_ == "NOUN" \
        and root.head.lemma_.lower() not in places


def _holds_settlements(span: Span, lex: Lexicon) -> bool:
    """"the last major city in X", "towns across X": a name that holds settlements is no settlement."""
    prep = span.root.head
    return span.root.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ in lex.sets.get("within_preps", EMPTY) \
        and prep.head.lemma_.lower() in lex.sets.get("settlement_nouns", EMPTY)


def _governed(span: Span, lex: Lexicon) -> bool:
    """"the governor of X": what a governor governs is a province or region, no town."""
    prep = span.root.head
    return span.root.dep_ == "pobj" and prep.lower_ == "of" \
        and prep.head.lemma_.lower() in lex.sets.get("division_office_nouns", EMPTY)


def _wide(kb: KnowledgeBase, m: Mention) -> bool:
    """Does the name stand for a country, a division or a wide area of the base (no settlement)?"""
    entries = kb.aliases.get(m.alias, []) if m.alias else []
    return any(kb.is_a(e.iri, cls) for e in entries for cls in WIDE_PLACES)
