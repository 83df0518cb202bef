"""Dependency rules of the nlp stage: a parsed Doc -> mentions, events, relations, claims.

Functions first: each rule reads a spaCy Doc and returns plain records from
`kg.records`. The word lists they use live in ontology/patterns/lexicon.json.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from kg import timex
from kg.kb import KnowledgeBase, alias_key
from kg.nlp import TRIGGER_KEY, Lexicon
from kg.records import (
    Attribution,
    Casualty,
    EventCandidate,
    Extraction,
    Mention,
    RelationCandidate,
    Report,
    Sentence,
    TimeValue,
)

ENTITY_LABELS = {"ORG", "GPE", "LOC", "PERSON", "NORP", "FAC"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
OBJECTS = {"dobj", "obj", "attr", "oprd"}
ACTING_DEPS = {"nsubj", "csubj", "poss", "agent"}  # a passive subject undergoes, it does not act
MODIFIERS = {"amod", "compound", "nmod", "poss"}
LOCATIVE_PREPS = {"in", "near", "across", "around", "outside", "inside", "into", "throughout",
                  "within", "south", "north", "east", "west"}
LEADING_PREPS = {"near", "outside", "inside", "around", "across", "throughout", "within"}
AUX_HYPOTHETICAL = {"could", "might", "may", "would"}
AUX_FUTURE = {"will", "shall"}
EMPTY: frozenset[str] = frozenset()
#: id of the trigger patterns in events.jsonl that make an event only with a named place
#: ("taken by", "took over": "the decision was taken by" is no takeover)
PLACE_BOUND = "place-bound"
AGENT_BOUND = "agent-bound"  # a trigger that is an event only when it has an agent and stands alone
IMPERSONAL_VERBS = {"be", "seem", "appear", "take", "remain", "mean", "matter", "happen"}  # "it takes time"


class Context:
    """One document's mentions, indexed by token, plus the lexicon and knowledge base."""

    def __init__(self, doc: Doc, kb: KnowledgeBase, lex: Lexicon, mentions: list[Mention]):
        self.doc, self.kb, self.lex, self.mentions = doc, kb, lex, mentions
        self._sets = lex.sets
        self.by_token: dict[int, int] = {}
        self.heads: list[tuple[int, Token]] = []  # each mention's syntactic head
        for idx, m in enumerate(mentions):
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            for tok in span or ():
                self.by_token.setdefault(tok.i, idx)
            if span is not None:
                self.heads.append((idx, span.root))
        self._dates: list[Span] | None = None
        self._attack_roots: frozenset[int] | None = None

    def dates_in(self, sent: Span) -> list[Span]:
        """The DATE and TIME entities of a sentence (the document's are listed once: several events ask)."""
        if self._dates is None:
            self._dates = [e for e in self.doc.ents if e.label_ in {"DATE", "TIME"}]
        return [e for e in self._dates if e.start >= sent.start and e.end <= sent.end]

    def w(self, name: str) -> frozenset[str]:
        return self._sets.get(name, EMPTY)

    def mention_of(self, tok: Token) -> int | None:
        return self.by_token.get(tok.i)

    def mentions_in(self, tokens: Iterable[Token]) -> list[int]:
        out: list[int] = []
        for tok in tokens:
            idx = self.by_token.get(tok.i)
            if idx is not None and idx not in out:
                out.append(idx)
        return out

    def is_place(self, idx: int) -> bool:
        m = self.mentions[idx]
        return m.label in PLACE_LABELS or m.hint in ("division", "settlement")

    def with_conjuncts(self, tok: Token) -> list[int]:
        """The mention at a token and at every token coordinated with it."""
        tokens = [tok, *tok.conjuncts]
        for t in list(tokens):
            for c in t.children:
                if c.dep_ == "appos":  # "The UK, the Coalition and the government of Iraq"
                    tokens.extend(x for x in [c, *c.conjuncts] if x not in tokens)
        return self.mentions_in(tokens + [m for t in tokens for m in self.proxied(t)])

    def proxied(self, tok: Token) -> list[Token]:
        """"Russian warplanes", "Turkish police": an actor noun stands for the actor modifying it."""
        if tok.i in self.by_token or tok.lemma_.lower() not in self.w("proxy_heads"):
            return []
        named = [c for c in tok.children if c.dep_ in MODIFIERS and c.i in self.by_token]
        return named or [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                         for g in c.children if g.dep_ == "pobj" and g.i in self.by_token]

    def owners(self, tok: Token) -> list[int]:
        """Mentions at a token or, for a plain noun, of its owner ("a convoy of the SDF", "HTS positions")."""
        found = self.with_conjuncts(tok)
        if found:
            return found
        for t in [tok, *tok.conjuncts]:
            found += self.mentions_in(c for c in t.children if c.dep_ in {"compound", "poss", "amod"})
            found += [i for g in t.children if g.dep_ == "prep" and g.lower_ == "of"
                      for o in g.children if o.dep_ == "pobj" for i in self.with_conjuncts(o)]
        return found


# ---------------------------------------------------------------- mentions

def _trim(span: Span, lex_generic: frozenset[str]) -> Span:
    """Drop a leading article and trailing lower-case generic nouns ("HTS jihadists" -> "HTS")."""
    start, end = span.start, span.end
    if end - start > 1 and span.doc[start].lower_ in LEADING_PREPS:  # "Near Ayn Isa" at a sentence start
        start += 1
    while start < end and span.doc[start].lower_ in {"the", "a", "an"}:
        start += 1
    while end - start > 1 and span.doc[end - 1].lower_ in lex_generic and not span.doc[end - 1].is_title:
        end -= 1  # "HTS jihadists" -> "HTS"; "the Saray Group" keeps its capitalised "Group"
    return span.doc[start:end]


def _sentence_index(doc: Doc) -> dict[int, int]:
    return {tok.i: n for n, sent in enumerate(doc.sents) for tok in sent}


def _entity_mentions(doc: Doc, kb: KnowledgeBase, lex: Lexicon, sent_of: dict[int, int]) -> list[Mention]:
    out: list[Mention] = []
    generic = lex.sets.get("generic_heads", frozenset())
    ents = doc.ents
    surnames = {e[-1].text for e in ents if e.label_ == "PERSON" and len(e) > 1}
    prefixes = lex.sets.get("non_actor_prefixes", frozenset())
    vessels = {e[-1].text for e in ents if len(e) > 1 and e[0].text in prefixes and not e.ent_id_}
    for ent in ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        alias = ent.ent_id_ or None
        if alias is None and ent[0].text in prefixes:
            continue  # "USS Mahan", "Operation Steel Curtain": a ship or an operation, not an actor
        span = ent if alias else _trim(ent, generic)
        if len(span) == 0 or (alias is None and _not_an_actor(span, ent.label_, lex, vessels)) or span[-1].pos_ == "ADP":
            # "the Government of" cut short by a name after it: the phrase's name carries it
            continue
        label = "GPE" if ent[0].lower_ in LEADING_PREPS and span.start > ent.start else ent.label_
        alias = alias or (alias_key(span.text) if alias_key(span.text) in kb.aliases else None)
        alias = alias or _proxy_alias(span, kb, lex) or \
            (_plural_demonym(span, kb) if ent.label_ == "NORP" else None)
        if alias is None and not (ent.label_ == "NORP" and _names_people(span, lex)) and (
                ent.label_ == "NORP" or not (any(t.pos_ == "PROPN" for t in span) or span.text in surnames)):
            continue
        kind = _mention_kind(span.text, alias, kb)
        out.append(Mention(span.start_char, span.end_char, span.text, label,
                           sent_of[span.root.i], kind=kind, alias=alias))
    return out


def _not_an_actor(span: Span, label: str, lex: Lexicon, vessels: set[str]) -> bool:
    """"VBIED", "the Geneva Communique", "Forbin" after "FS Forbin", "Islam", a social-media handle:
    equipment, a text, a ship, a religion, an account."""
    return span.text in lex.sets.get("non_actor_names", frozenset()) or span.text in vessels \
        or span.root.lower_ in lex.sets.get("document_heads", frozenset()) or span.text.startswith("@") \
        or (label == "PERSON" and any(t.like_num for t in span))  # "@handle", "Passcode 3080"


def _leading_places(doc: Doc, taken: set[int], sent_of: dict[int, int]) -> list[Mention]:
    """"Near Rawah, one strike ...": proper nouns after a sentence-opening "Near" name a place."""
    out: list[Mention] = []
    for sent in doc.sents:
        words = [t for t in sent if not t.is_space and not t.is_punct]
        if len(words) < 2 or words[0].lower_ not in LEADING_PREPS or not words[0].is_title:
            continue
        name = []
        for tok in doc[words[0].i + 1:sent.end]:
            if tok.i in taken or not (tok.pos_ == "PROPN" or tok.is_title):
                break
            name.append(tok)
        end = name[-1].i + 1 if name else 0
        if name and end < len(doc) and doc[end].text == ",":
            span = doc[name[0].i:end]
            out.append(Mention(span.start_char, span.end_char, span.text, "GPE", sent_of[span.root.i]))
    return out


def _demonym_led_names(doc: Doc, named: list[Mention], kb: KnowledgeBase, lex: Lexicon,
                       sent_of: dict[int, int]) -> list[Mention]:
    """"the Syrian Arab Coalition", "Jordanian 71st Counter Terrorism Battalion": a demonym that
    opens a capitalised name ending in a unit word is part of one organisation's name."""
    heads = lex.sets.get("unit_heads", frozenset())
    out = list(named)
    for m in named:
        span = doc.char_span(m.start, m.end) if m.label == "NORP" else None
        name = _capitalised_run(doc, span.end, out) if span is not None else []
        if not name or name[-1].lower_ not in heads:
            continue
        whole = doc[span.start:name[-1].i + 1]
        out = [x for x in out if not (whole.start_char <= x.start and x.end <= whole.end_char)]
        alias = alias_key(whole.text) if alias_key(whole.text) in kb.aliases else _proxy_alias(whole, kb, lex)
        out.append(Mention(whole.start_char, whole.end_char, whole.text, "ORG", sent_of[whole.root.i],
                           kind=_mention_kind(whole.text, alias, kb), alias=alias))
    return out


def _capitalised_run(doc: Doc, start: int, mentions: list[Mention]) -> list[Token]:
    """The capitalised words (and ordinals such as "71st") from a token on, up to a name of
    another kind (a person, a place)."""
    run: list[Token] = []
    for tok in doc[start:]:
        if not (tok.is_title or ORDINAL.fullmatch(tok.text)):
            break
        run.append(tok)
    if not run:
        return run
    first, last = run[0].idx, run[-1].idx  # only the names over the run can cut it
    others = [(x.start, x.end) for x in mentions if x.label != "ORG" and x.start <= last and x.end > first]
    for n, tok in enumerate(run):
        if any(s <= tok.idx < e for s, e in others):
            return run[:n]
    return run


ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
ACRONYM_IN_PARENS = re.compile(r"\(([A-Z][A-Za-z]{1,7})\)")
LINKING_WORDS = {"of", "for", "and", "the", "on", "in", "to", "&"}


def _defined_acronyms(doc: Doc, named: list[Mention], sent_of: dict[int, int]) -> list[Mention]:
    """"the Lake Region Relief Fund (LRRF) ... the LRRF": a name defined with its initials, and
    every later use of those initials, are names of one organisation."""
    text = doc.text
    out = list(named)
    for found in ACRONYM_IN_PARENS.finditer(text):
        letters = [c for c in found.group(1) if c.isupper()]
        long = _long_form(doc, found.start(), letters) if len(letters) >= 2 else None
        if long is None:
            continue
        inside = [m for m in out if long.start_char <= m.start and m.end <= long.end_char]
        same = [m for m in inside if (m.start, m.end) == (long.start_char, long.end_char)]
        if not same:  # else the model or the base already has this name
            out = [m for m in out if m not in inside]
            same = [Mention(long.start_char, long.end_char, long.text, "ORG", sent_of[long.root.i])]
            out += same
        out += _acronym_uses(doc, found.group(1), same[0].label, out, sent_of)
    return out


def _long_form(doc: Doc, paren: int, letters: list[str]) -> Span | None:
    """The capitalised words before "(" whose initials spell the acronym."""
    before = doc.char_span(0, paren, alignment_mode="contract")
    if before is None:
        return None
    words: list[Token] = []
    for tok in reversed(before):
        if tok.is_space or (tok.lower_ in LINKING_WORDS and words):
            continue
        if not tok.is_title or len(words) == len(letters):
            break
        words.insert(0, tok)
    if len(words) != len(letters) or [w.text[0] for w in words] != letters:
        return None
    return doc[words[0].i:before.end]


def _acronym_uses(doc: Doc, acronym: str, label: str, mentions: list[Mention],
                  sent_of: dict[int, int]) -> list[Mention]:
    covered = {(m.start, m.end) for m in mentions}
    spans = [m.span() for m in re.finditer(rf"\b{re.escape(acronym)}\b", doc.text)]
    out = []
    for start, end in spans:
        span = doc.char_span(start, end)
        if span is not None and not any(s <= start < e for s, e in covered):
            out.append(Mention(start, end, acronym, label, sent_of[span.root.i], kind="acronym"))
    return out


def _proxy_alias(span: Span, kb: KnowledgeBase, lex: Lexicon) -> str | None:
    """"the Israeli army", "Turkish authorities": a state's name or adjective before actor nouns."""
    heads = lex.sets.get("proxy_heads", frozenset())
    words = [t for t in span if t.lower_ not in {"the", "a", "an"}]
    tail = len(words)
    while tail > 1 and words[tail - 1].lemma_.lower() in heads:
        tail -= 1
    if tail == len(words) or tail == 0:
        return None
    key = alias_key(" ".join(t.text for t in words[:tail]))
    entries = kb.aliases.get(key, [])
    return key if entries and all(kb.is_a(e.iri, "State") for e in entries) else None


def _people_noun(span: Span) -> bool:
    """"Syrians", "the Turks": a nationality word used as a plural noun names a body of people."""
    return span.root.tag_ in {"NNS", "NNPS"} and span.root.dep_ not in MODIFIERS


def _names_people(span: Span, lex: Lexicon) -> bool:
    """"the Turks", "Arab fighters", "Kurdish villagers": a group word that names or qualifies people."""
    root = span.root
    people = lex.sets.get("people_nouns", frozenset()) | lex.sets.get("proxy_heads", frozenset())
    return _people_noun(span) or (root.dep_ in MODIFIERS and root.head.lemma_.lower() in people)


def _plural_demonym(span: Span, kb: KnowledgeBase) -> str | None:
    """"Iraqis" -> the demonym "Iraqi", when the base knows it."""
    if not _people_noun(span) or not span.text.endswith("s"):
        return None
    key = alias_key(span.text[:-1])
    entries = kb.aliases.get(key, [])
    return key if entries and all(e.kind == "demonym" for e in entries) else None


def _mention_kind(text: str, alias: str | None, kb: KnowledgeBase) -> str:
    entries = kb.aliases.get(alias or "", [])
    if entries and all(e.kind == "nominal" for e in entries):
        return "nominal"
    if entries and all(e.kind == "demonym" for e in entries):
        return "demonym"
    letters = text.replace(".", "")
    if letters.isupper() and letters.isalpha() and 2 <= len(letters) <= 6:
        return "acronym"
    return "name"


def _anaphor_mentions(doc: Doc, lex: Lexicon, taken: set[int], sent_of: dict[int, int]) -> list[Mention]:
    """Definite noun phrases that point back to an actor ("the group", "the NGO")."""
    anaphors = lex.table("anaphors")
    out: list[Mention] = []
    for tok in doc:
        if tok.i in taken or tok.pos_ not in {"NOUN", "PROPN"}:
            continue
        dets = [c for c in tok.children if c.dep_ == "det" and c.lower_ in {"the", "this", "that", "these", "those"}]
        if not dets:
            continue
        start = min(c.i for c in tok.children if c.i < tok.i and c.dep_ in {"det", "amod", "compound", "punct"}) \
            if dets else tok.i
        span = doc[start:tok.i + 1]
        if any(t.i in taken for t in span):  # "the British government": the name decides
            continue
        phrase = span.text.lower()
        keys = [k for k in sorted(anaphors, key=len, reverse=True) if phrase.endswith(k)]
        hint = anaphors[keys[0]] if keys else anaphors.get(tok.lemma_.lower())
        if hint is None or any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
            continue
        out.append(Mention(span.start_char, span.end_char, span.text, "ORG", sent_of[tok.i],
                           kind="anaphor", hint=hint))
    return out


def _pronoun_mentions(doc: Doc, lex: Lexicon, taken: set[int], sent_of: dict[int, int]) -> list[Mention]:
    """Personal pronouns that can stand for an actor ("we", "their", "he"); "it" only where it acts
    or owns ("it attacked", "its fighters"), never the empty "it" of "it is claimed"."""
    pronouns = lex.table("actor_pronouns")
    out: list[Mention] = []
    for tok in doc:
        kind = pronouns.get(tok.lower_) if tok.pos_ == "PRON" else None
        if kind is None or tok.i in taken or (tok.lower_ == "it" and not _acting_it(tok)):
            continue
        out.append(Mention(tok.idx, tok.idx + len(tok.text), tok.text, "PERSON" if kind == "person" else "ORG",
                           sent_of[tok.i], kind="anaphor", hint=f"pronoun:{kind}"))
    return out


def _acting_it(tok: Token) -> bool:
    return tok.dep_ == "nsubj" and tok.head.pos_ == "VERB" and tok.head.lemma_ not in IMPERSONAL_VERBS


def _surname_persons(mentions: list[Mention]) -> list[Mention]:
    """"Gen. Joseph Votel ... Votel said": a later bare surname of a named person is that person."""
    surnames: set[str] = set()
    out: list[Mention] = []
    for m in mentions:
        words = m.text.split()
        if m.label == "PERSON" and len(words) > 1:
            surnames |= {words[-1], re.sub(r"^(?:al|el|ad|ar|as|an|ash|az)-", "", words[-1])}  # "al-Abadi": "Abadi"
        elif m.label in {"ORG", "GPE", "LOC"} and m.alias is None and m.text in surnames:
            m = _replace(m, label="PERSON")
        out.append(m)
    return out


def _acronym_links(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Tie "Long Name (ABC)" together so each can resolve through the other."""
    by_start = {m.start: i for i, m in enumerate(mentions)}
    out = list(mentions)
    text = doc.text  # spaCy rebuilds doc.text on every access
    for i, m in enumerate(mentions):
        rest = text[m.end:m.end + 3]
        j = by_start.get(m.end + 2) if rest.startswith(" (") else by_start.get(m.end + 1) if rest.startswith("(") else None
        if j is not None and mentions[j].kind == "acronym" and text[mentions[j].end:mentions[j].end + 1] == ")":
            out[i] = _replace(out[i], same_as=j)
            out[j] = _replace(out[j], same_as=i)
    return out


def _replace(m: Mention, **changes: object) -> Mention:
    from dataclasses import replace

    return replace(m, **changes)  # type: ignore[arg-type]


def _role_and_hint(ctx: Context, idx: int) -> Mention:
    """Where the mention stands: a location, a party, or neither; and what kind of place it asks for."""
    m = ctx.mentions[idx]
    span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return m
    root = span.root
    head = _coordination_head(root)
    prep = head.head if head.dep_ == "pobj" else None
    role, hint = _role(ctx, m, span, head, prep), m.hint
    if m.kind != "anaphor":
        hint = _place_hint(ctx, root, head, prep) or hint
    if span.start > 0 and ctx.doc[span.start - 1].lower_ in LEADING_PREPS:  # "Near Ar Raqqah, ..."
        role = "locative"
    unknown = m.alias is None and m.kind == "name" and m.label in {"ORG", "PERSON"}
    place_slot = role == "locative" or (hint in ("division", "settlement") and m.kind != "anaphor")
    label = "GPE" if place_slot and (unknown or _known_place(ctx, m)) else m.label
    if unknown and _held_place(ctx, root):
        label = "GPE"
    if unknown and _facility_name(ctx, span):
        label = "FAC"
    return _replace(m, role=role, hint=hint, label=label)  # "in Husaybah": an unknown name in a place's slot


def _role(ctx: Context, m: Mention, span: Span, head: Token, prep: Token | None) -> str:
    """locative, agentive (a party) or other, from the name's place in the sentence."""
    if _stands_for_actor(ctx, head, prep):  # "U.S. forces", "the government of Iraq": a party
        return "agentive"
    if prep is not None and prep.lower_ in LOCATIVE_PREPS:
        return "locative"
    destination = head.dep_ in {"dobj", "obj"} or (prep is not None and prep.lower_ == "to")
    if destination and (prep.head if prep is not None else head.head).lemma_.lower() in ctx.w("motion_verbs"):
        return "locative"  # "visited Baghdad", "travelled to Moscow": the city, not its government
    if prep is not None and prep.lower_ == "of" and prep.head.lemma_.lower() in ctx.w("division_nouns") | \
            ctx.w("settlement_nouns") | ctx.w("locative_of_nouns") and not _as_role(prep.head):
        return "locative"  # "part of Idlib", but not "fought as part of the Front": membership
    if head.dep_ in ACTING_DEPS or (prep is not None and prep.lower_ in {"by", "between"}):
        return "agentive"
    if head.dep_ == "nsubjpass" and _willed(head.head):
        return "agentive"  # "X is committed to defeating Y": a stance, not something X undergoes
    if prep is not None and prep.lower_ == "with" and prep.head.pos_ == "VERB":
        return "agentive"  # "working closely with Turkey": a partner
    if m.label == "NORP" and _people_noun(span):
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


def _held_place(ctx: Context, root: Token) -> bool:
    """"insurgent-held Karabilah": what a side holds or controls is a place."""
    return any(c.dep_ == "amod" and c.i >= 2 and ctx.doc[c.i - 1].text == "-"
               and c.lemma_.lower() in ctx.w("control_verbs") for c in root.children)


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
    return prep is not None and prep.lower_ == "of" and prep.head.lemma_.lower() in ctx.w("proxy_heads")


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
    if ctx._attack_roots is None:  # the document's attack triggers are listed once: many mentions ask
        spans = ctx.doc.spans.get(TRIGGER_KEY, [])
        ctx._attack_roots = frozenset(s.root.i for s in spans if ctx.kb.subclass_of(s.label_, "Attack"))
    return tok.i in ctx._attack_roots


def _coordination_head(tok: Token) -> Token:
    while tok.dep_ in {"conj", "appos"} and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _place_hint(ctx: Context, root: Token, head: Token, prep: Token | None) -> str | None:
    divisions, settlements = ctx.w("division_nouns"), ctx.w("settlement_nouns")
    nouns = [prep.head.lemma_.lower()] if prep is not None and prep.lower_ == "of" else []
    nouns += [t.lemma_.lower() for t in (root.head,) if root.dep_ == "compound"]
    nxt = ctx.doc[root.i + 1] if root.i + 1 < len(ctx.doc) else None
    if nxt is not None:
        nouns.append(nxt.lemma_.lower())
    if any(n in divisions for n in nouns):
        return "division"
    if any(n in settlements for n in nouns):
        return "settlement"
    return None


def find_mentions(doc: Doc, kb: KnowledgeBase, lex: Lexicon) -> list[Mention]:
    sent_of = _sentence_index(doc)
    named = _entity_mentions(doc, kb, lex, sent_of)
    taken = {tok.i for ent in doc.ents for tok in ent}
    named += _leading_places(doc, taken, sent_of)
    named = _defined_acronyms(doc, _demonym_led_names(doc, named, kb, lex, sent_of), sent_of)
    mentions = sorted(named + _anaphor_mentions(doc, lex, taken, sent_of) + _pronoun_mentions(doc, lex, taken, sent_of),
                      key=lambda m: (m.start, m.end))
    mentions = _owned_nominals_dropped(doc, _groups_named_as_such(doc, lex, mentions))
    mentions = _acronym_links(doc, _surname_persons(mentions))
    ctx = Context(doc, kb, lex, mentions)
    return [_role_and_hint(ctx, i) for i in range(len(mentions))]


def _groups_named_as_such(doc: Doc, lex: Lexicon, mentions: list[Mention]) -> list[Mention]:
    """"X is a militant Sunni group", "X, an armed faction, ...": a name the model took for a person is
    an organisation when the text calls it a group (`group_nouns`)."""
    out: list[Mention] = []
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand") if m.label == "PERSON" else None
        if span is not None and _called_a_group(span.root, lex.sets.get("group_nouns", EMPTY)):
            m = _replace(m, label="ORG")
        out.append(m)
    return out


def _called_a_group(head: Token, nouns: frozenset[str]) -> bool:
    described = [c for c in head.children if c.dep_ == "appos"]
    if head.dep_ == "nsubj" and head.head.lemma_ == "be":
        described += [c for c in head.head.children if c.dep_ == "attr"]
    return any(d.lemma_.lower() in nouns for d in described)


def _owned_nominals_dropped(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"U.S. Army", "Turkish army": a generic noun right after a state's name is that state's, so it
    is no mention of its own (which would resolve it as the knowledge base's default army)."""
    text = doc.text  # built anew on each access: read it once
    state_ends = {m.end for m in mentions if m.label in {"GPE", "NORP"}}
    return [m for m in mentions if m.kind != "nominal" or not _after_one_of(text, m.start, state_ends)]


def _after_one_of(text: str, start: int, ends: set[int]) -> bool:
    """Whether a state's name ends right before `start`, with only white space (at least one) between."""
    gap = start
    while gap > 0 and text[gap - 1].isspace():
        gap -= 1
    return any(end in ends for end in range(gap, start))


# ---------------------------------------------------------------- attribution

def find_attributions(ctx: Context) -> tuple[list[Attribution], dict[int, int]]:
    """Who each sentence is attributed to: "according to X", "X said", "X confirmed"."""
    found: list[Attribution] = []
    by_sentence: dict[int, int] = {}
    for n, sent in enumerate(ctx.doc.sents):
        att = _according_to(ctx, sent) or _reporting_verb(ctx, sent)
        if att is not None:
            by_sentence[n] = len(found)
            found.append(att)
    return found, by_sentence


def _according_to(ctx: Context, sent: Span) -> Attribution | None:
    for tok in sent:
        if tok.lower_ in ctx.w("according_heads"):
            objs = [g for c in tok.children if c.lower_ == "to" for g in c.children if g.dep_ == "pobj"]
            if not objs:
                continue
            obj = objs[0]
            idx = ctx.mention_of(obj)
            phrase = " ".join(t.lower_ for t in obj.subtree if t.dep_ != "det")
            same = idx is None and any(p in phrase for p in ctx.w("same_source_phrases"))
            return Attribution(idx, "according to", tok.idx, obj.idx + len(obj.text), same_source=same)
    return None


def _reporting_verb(ctx: Context, sent: Span) -> Attribution | None:
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in ctx.w("reporting_verbs"):
            continue
        if tok.dep_ != "ROOT" and not any(c.dep_ == "ccomp" for c in tok.children):
            continue
        subjects = [c for c in tok.children if c.dep_ in {"nsubj"}]
        if not subjects:
            idx = _mention_before(ctx, tok) if _closes_sentence(tok, sent) else None
            if idx is not None:  # ", killing 9 civilians, the Observatory said." parsed as an apposition
                return Attribution(idx, tok.lemma_.lower(), min(ctx.mentions[idx].start, tok.idx),
                                   tok.idx + len(tok.text))
            continue
        idx = ctx.mention_of(subjects[0]) if subjects[0].pos_ != "PRON" else None
        if idx is None:
            idx = _mention_before(ctx, tok)
        start = ctx.mentions[idx].start if idx is not None else subjects[0].idx
        return Attribution(idx, tok.lemma_.lower(), min(start, tok.idx), tok.idx + len(tok.text))
    return None


def _closes_sentence(verb: Token, sent: Span) -> bool:
    """A reporting verb that ends its sentence after a comma-set phrase: ", the Observatory said."."""
    rest = [t for t in sent if t.i > verb.i]
    return verb.dep_ == "ROOT" and all(t.is_punct for t in rest) and any(
        t.text == "," for t in sent if t.i < verb.i)


def _mention_before(ctx: Context, verb: Token) -> int | None:
    """", the Observatory said.": the mention that ends right before a sentence-final reporting verb."""
    if verb.i == 0:
        return None
    before = ctx.doc[verb.i - 1]
    idx = ctx.mention_of(before)
    if idx is None or ctx.mentions[idx].label in PLACE_LABELS:
        return None
    return idx


# ---------------------------------------------------------------- casualties

def _number(tok: Token, ctx: Context) -> tuple[int, bool] | None:
    """The count a noun carries ("at least 12 people", "a man", "two children")."""
    nums = [c for c in tok.children if c.dep_ == "nummod" or (c.dep_ == "det" and c.lower_ in {"a", "an"})]
    if tok.pos_ == "NUM":
        nums = [tok]
    if not nums:
        return None
    value = _parse_number(nums[0].text, ctx)
    if value is None:
        return None
    minimum = any(t.lower_ in ctx.w("minimum_words") for t in nums[0].subtree)
    return value, minimum


def _parse_number(text: str, ctx: Context) -> int | None:
    t = text.lower().replace(",", "")
    if t.isdigit():
        return int(t)
    return ctx.lex.table("number_words").get(t)


def _category(tok: Token, ctx: Context) -> str:
    return ctx.lex.table("victim_categories").get(tok.lemma_.lower(), "people")


def _listed(tok: Token) -> list[Token]:
    """A token and everything listed with it ("a man, a woman, two children and eight fighters")."""
    out, todo = [], [tok]
    while todo:
        cur = todo.pop(0)
        if cur not in out:
            out.append(cur)
            todo.extend(c for c in cur.children if c.dep_ in {"conj", "appos"})
    return out


def _breakdown(victim: Token, ctx: Context, kind: str, sent: int) -> list[Casualty]:
    """The figures after "including": "a man, a woman, two children and eight fighters"."""
    out: list[Casualty] = []
    for prep in (c for c in victim.subtree if c.lower_ == "including"):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            for part in _listed(obj):
                got = _number(part, ctx)
                if got is not None:
                    out.append(Casualty(got[0], kind, _category(part, ctx), got[1], part.idx,
                                        part.idx + len(part.text), sent, part=True))
    return out


def find_casualties(ctx: Context, sent_no: int, sent: Span) -> list[tuple[Token, list[Casualty]]]:
    """Casualty figures of a sentence, each with the verb or noun that carries it."""
    out: list[tuple[Token, list[Casualty]]] = []
    kills, injures, victim_nouns = ctx.w("kill_lemmas"), ctx.w("injure_lemmas"), ctx.w("victim_nouns")
    for tok in sent:
        lemma = tok.lemma_.lower()
        kind = "killed" if lemma in kills else "injured" if lemma in injures else None
        if kind is None and lemma not in victim_nouns:
            continue
        among = tok.dep_ == "pobj" and tok.head.lower_ == "among"
        if kind and tok.pos_ in {"VERB", "ADJ"} and not among:
            victims = _victims_of(tok)
        elif lemma in victim_nouns and among:
            kind, victims = "killed", [c for c in tok.head.head.children if c.dep_ in SUBJECTS]
            figures = [replace(f, part=True) for f in _figures(victims, ctx, kind, sent_no)]
            if figures:
                out.append((tok, figures))
            continue
        else:
            continue
        figures = _figures(victims, ctx, kind, sent_no)
        if figures and not any(f.part for f in figures):
            figures += _breakdown(tok, ctx, kind, sent_no)
        if figures:
            out.append((tok, figures))
    return out


def _victims_of(verb: Token) -> list[Token]:
    if verb.lemma_.lower() in {"die", "perish"} or verb.pos_ == "ADJ":
        return [c for c in verb.children if c.dep_ in SUBJECTS]
    passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if passive:
        return passive
    own_subject = any(c.dep_ == "nsubj" for c in verb.children)  # "reports that ISIL killed 70": not the reports
    if verb.dep_ in {"acl", "relcl", "amod"} and verb.head.pos_ in {"NOUN", "NUM"} and not own_subject:
        return [verb.head]
    return [c for c in verb.children if c.dep_ in {"dobj", "obj"}]


def _figures(victims: list[Token], ctx: Context, kind: str, sent_no: int) -> list[Casualty]:
    out: list[Casualty] = []
    for victim in victims:
        got = _number(victim, ctx)
        if got is None:
            continue
        cat = _category(victim, ctx)
        if victim.pos_ == "NUM":
            members = [g for c in victim.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
            cat = _category(members[0], ctx) if members else "people"
        out.append(Casualty(got[0], kind, cat, got[1], victim.idx, victim.idx + len(victim.text), sent_no))
        out.extend(_breakdown(victim, ctx, kind, sent_no))
    return out


# ---------------------------------------------------------------- events

def _clause_verb(tok: Token) -> Token:
    """The verb whose clause contains the token (the token itself if it is one)."""
    cur = tok
    while cur.pos_ not in {"VERB", "AUX"} and cur.head.i != cur.i:
        cur = cur.head
    return cur


def _prep_objects(tok: Token, preps: frozenset[str] | set[str]) -> list[Token]:
    return [g for c in tok.children if c.dep_ in {"prep", "agent"} and c.lower_ in preps
            for g in c.children if g.dep_ == "pobj"]


def _agents(ctx: Context, t: Token) -> list[int]:
    found: list[int] = []
    hosts = [t, *(c for c in t.children if c.dep_ in {"acl", "relcl"})]
    if t.dep_ in {"nsubj", "nsubjpass", "dobj"} and t.head.pos_ == "VERB":
        hosts.append(t.head)
    for host in hosts:
        for obj in _prep_objects(host, {"by", "between"}):
            found += ctx.owners(obj)
    if t.pos_ == "VERB":
        found += [i for c in t.children if c.dep_ == "nsubj" for i in ctx.owners(c)]
        if t.dep_ in {"xcomp", "conj"} and not found:  # "Iran threatened to shell", "X stormed and looted"
            found += [i for c in t.head.children if c.dep_ == "nsubj" for i in ctx.owners(c)]
    if t.pos_ != "VERB" or t.dep_ in {"pobj", "dobj", "nsubj", "nsubjpass"}:  # a noun, even if tagged as a verb
        found += ctx.mentions_in(c for c in t.children if c.dep_ in MODIFIERS)
        if t.dep_ == "acomp":  # "Syria is willing to": the subject of the copula
            found += [i for c in t.head.children if c.dep_ == "nsubj" for i in ctx.owners(c)]
    verb = t.head.head if t.dep_ == "pobj" and t.head.dep_ == "prep" else None
    if verb is not None and verb.pos_ == "VERB":  # "were killed by the regime in bombings"
        found += [i for obj in _prep_objects(verb, {"by"}) for i in ctx.owners(obj)]
    if t.dep_ in {"dobj", "obj"} and t.head.pos_ == "VERB" and t.head.lemma_.lower() not in ctx.w("stance_verbs"):
        # "X launched strikes", "X, which launched"; not "X condemned the strikes"
        found += _subjects(ctx, t.head) or [i for c in t.head.children if c.dep_ == "nsubj" for i in ctx.owners(c)]
    return _unique(i for i in found if ctx.mentions[i].kind != "anaphor" or ctx.mentions[i].hint)


def _aimed_at(ctx: Context, t: Token) -> list[int]:
    """Objects of "against" / "at": parties even when they are countries ("rockets at Israel")."""
    hosts = [t, t.head] if t.dep_ in {"nsubj", "nsubjpass", "dobj"} else [t]
    return [i for h in hosts for obj in _prep_objects(h, {"against", "at"}) for i in ctx.owners(obj)]


def _between_parties(ctx: Context, t: Token) -> list[int]:
    """"clashes between X and Y": the parties named after "between" on the trigger or its verb."""
    hosts = [t, t.head] if t.dep_ in {"nsubj", "nsubjpass", "dobj"} else [t]
    return _unique(i for h in hosts for obj in _prep_objects(h, {"between"}) for i in ctx.owners(obj))


def _targets(ctx: Context, t: Token) -> list[int]:
    found: list[int] = []
    hosts = [t]
    if t.dep_ in {"dobj", "nsubjpass", "nsubj"} and t.head.pos_ == "VERB":
        hosts.append(t.head)
    for host in hosts:
        for obj in _prep_objects(host, ctx.w("target_preps")):
            found += ctx.owners(obj)
    if t.pos_ == "VERB":
        found += [i for c in t.children if c.dep_ in {"dobj", "obj"} for i in ctx.owners(c)]
    if t.dep_ == "nsubj" and t.head.lemma_.lower() in ctx.w("target_verbs"):
        found += [i for c in t.head.children if c.dep_ in {"dobj", "obj"} for i in ctx.owners(c)]
    return _unique(found)


def _places(ctx: Context, t: Token, sent: Span, used: set[int], anywhere: bool = True) -> list[int]:
    """Places attached to the trigger's phrase or clause; else (`anywhere`) any place the sentence
    locates. A takeover is of the place it names, never of one elsewhere in the sentence."""
    hosts = [t]
    cur = t
    while cur.head.i != cur.i and cur.dep_ not in {"ccomp", "advcl", "relcl", "conj"}:
        cur = cur.head
        hosts.append(cur)
        if cur.pos_ in {"VERB", "AUX"}:
            break
    found: list[int] = []
    for host in hosts:
        for obj in _prep_objects(host, LOCATIVE_PREPS | {"on", "at"}):
            found += [i for i in ctx.mentions_in(obj.subtree) if ctx.is_place(i)]
    if not found and anywhere:
        found = [i for i in ctx.mentions_in(sent) if ctx.is_place(i) and i not in used
                 and ctx.mentions[i].role != "agentive"]
    return _unique(found)


def _bounded_by(ent: Span, preps: frozenset[str]) -> bool:
    """"since March 2020": a date that bounds a state rather than dating a happening."""
    head = ent.root.head
    return ent.root.dep_ == "pobj" and head.lower_ in preps


def _time(ctx: Context, t: Token, sent: Span, published: date | None, span_label: str) -> TimeValue | None:
    clause = _clause_verb(t)
    dates = ctx.dates_in(sent)
    own = [e for e in dates if e.root.i in {x.i for x in t.subtree} and t.pos_ != "VERB"]
    local = own + [e for e in dates if _clause_verb(e.root).i == clause.i]
    governing = [e for e in dates if any(a.i == e.root.i for a in clause.ancestors)
                 or any(a.i in range(e.start, e.end) for a in clause.ancestors)]
    for ent in local + governing:
        if _bounded_by(ent, ctx.w("span_preps")) and span_label not in ctx.w("durative_classes"):
            continue
        value = timex.parse(ent.text, published)
        if value is not None:
            return value
    return None


def _modality(ctx: Context, t: Token) -> str:
    chain = [t, *t.ancestors]
    for tok in chain:
        lemma = tok.lemma_.lower()
        if lemma in ctx.w("negation_verbs"):
            return "denied"
        if lemma in ctx.w("threat_verbs"):
            return "threatened"
        if lemma in ctx.w("plan_verbs"):
            return "planned"
        if tok.pos_ in {"VERB", "AUX"}:
            kids = {c.lower_ for c in tok.children if c.dep_ in {"aux", "neg", "mark"}}
            if kids & {"not", "n't", "never"}:
                return "negated"
            if kids & (AUX_HYPOTHETICAL | {"if", "unless"}):
                return "hypothetical"
            if kids & AUX_FUTURE:
                return "planned"
            if tok.dep_ not in {"xcomp", "ccomp", "pcomp", "csubj", "dobj"}:  # "denied carrying out": the governing verb decides
                break
    return "asserted"


def _novel(ctx: Context, t: Token) -> bool:
    """"another market was bombed", "a new offensive": the text says this is a different event."""
    subject = [c for c in t.children if c.dep_ == "nsubjpass"] if t.pos_ == "VERB" else [t]
    return any(c.lower_ in ctx.w("novel_markers") and c.dep_ in {"det", "amod"}
               for s in subject for c in s.children)


def _blamed(ctx: Context, t: Token) -> list[int]:
    """"It blamed Russian warplanes for the raids" / "Israel was blamed for the strike"."""
    if t.dep_ != "pobj" or t.head.lower_ != "for" or t.head.head.lemma_.lower() not in ctx.w("blame_verbs"):
        return []
    verb = t.head.head
    return [i for c in verb.children if c.dep_ in {"dobj", "nsubjpass"} for i in ctx.owners(c)]


def _anaphoric(ctx: Context, t: Token) -> bool:
    return any((c.dep_ in {"det", "poss"} and c.lower_ in ctx.w("anaphoric_determiners"))
               or (c.dep_ == "amod" and c.lower_ in ctx.w("ordinal_words")) for c in t.children)


def _unique(items: Iterable[int]) -> list[int]:
    out: list[int] = []
    for i in items:
        if i not in out:
            out.append(i)
    return out


def find_events(ctx: Context, report: Report, sent_atts: dict[int, int]) -> tuple[list[EventCandidate], list[Casualty]]:
    sents = list(ctx.doc.sents)
    sent_of = _sentence_index(ctx.doc)
    spans = list(ctx.doc.spans.get(TRIGGER_KEY, []))
    agreements = {s.root.i for s in spans if s.label_ in ctx.w("durative_classes")}
    triggers = [s for s in spans if _is_event_trigger(ctx, s, agreements)]
    candidates: dict[int, EventCandidate] = {}
    agent_bound: set[int] = set()
    for span in triggers:
        n = sent_of[span.root.i]
        cand = _candidate(ctx, span, sents[n], n, report, sent_atts.get(n))
        if cand.places or span.id_ != PLACE_BOUND:
            candidates[span.root.i] = cand
        if span.id_ == AGENT_BOUND:
            agent_bound.add(span.root.i)
    candidates = _drop_lone_killings(ctx, candidates, agent_bound)
    candidates = _drop_modal_events(ctx, _share_governing_agents(ctx, _share_conjunct_agents(ctx, candidates)))
    orphans: list[Casualty] = []
    for n, sent in enumerate(sents):
        for carrier, figures in find_casualties(ctx, n, sent):
            figures = [_attributed(f, sent_atts.get(n)) for f in figures]
            owner = _casualty_owner(carrier, candidates, sent)
            if owner is None:
                orphans.extend(figures)
            else:
                c = candidates[owner]
                candidates[owner] = _with(c, casualties=c.casualties + tuple(figures))
    return [candidates[k] for k in sorted(candidates)], orphans


def _drop_lone_killings(ctx: Context, cands: dict[int, EventCandidate],
                        agent_bound: set[int]) -> dict[int, EventCandidate]:
    """"ISIL killed 70 tribesmen" is an attack by ISIL; "the strikes killed 12" only counts the
    strikes' dead, and "12 were killed" names nobody: a killing verb is an event of its own only
    with an agent and no other attack in its sentence ("kidnapped and killed" is two acts)."""
    def kept(i: int, c: EventCandidate) -> bool:
        return bool(c.agents) and not any(j != i and o.sentence == c.sentence and ctx.kb.subclass_of(o.cls, "Attack")
                                          for j, o in cands.items())
    return {i: c for i, c in cands.items() if i not in agent_bound or kept(i, c)}


def _about_agreement(tok: Token, agreements: set[int]) -> bool:
    """"a deal struck by Russia", "strike a deal": a verb whose noun is an agreement is no attack."""
    if tok.pos_ != "VERB":
        return False
    related = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass", "nsubj"}]
    if tok.dep_ in {"acl", "relcl"}:
        related.append(tok.head)
    return any(r.i in agreements for r in related)


def _vehicle_class(ctx: Context, t: Token, cls: str) -> str:
    """"Russian jets bombed": the vehicle that carries out a generic attack names its kind."""
    if cls not in ("Attack", "Bombing"):
        return cls
    doers = [c for c in t.children if c.dep_ in {"nsubj", "agent"}] if t.pos_ == "VERB" else []
    doers += [g for c in t.children if c.dep_ in {"prep", "agent"} and c.lower_ == "by" for g in c.children]
    lemmas = {d.lemma_.lower() for d in doers}
    if lemmas & ctx.w("aerial_vehicles"):
        return "AirStrike"
    if lemmas & ctx.w("artillery_nouns"):
        return "Shelling"
    return cls


def _attributed(c: Casualty, att: int | None) -> Casualty:
    from dataclasses import replace

    return replace(c, attribution=att)


def _with(c: EventCandidate, **changes: object) -> EventCandidate:
    from dataclasses import replace

    return replace(c, **changes)  # type: ignore[arg-type]


def _is_event_trigger(ctx: Context, span: Span, agreements: set[int]) -> bool:
    root = span.root
    if root.i in ctx.by_token:
        return False
    if span.label_ not in ctx.w("durative_classes") and _about_agreement(root, agreements):
        return False
    if root.dep_ == "compound" and root.head.i not in range(span.start, span.end):
        return False
    if any(c.dep_ == "neg" for c in root.children) and root.pos_ != "VERB":
        return False
    blockers = ctx.lex.table("trigger_blockers").get(root.lemma_.lower(), [])
    return not any(c.lower_ in blockers for c in root.children)  # "a hunger strike"


def _drop_modal_events(ctx: Context, cands: dict[int, EventCandidate]) -> dict[int, EventCandidate]:
    """"X threatened to shell Y": the threat is the shelling's modality, not a second event."""
    modal = ctx.lex.table("modal_event_classes")
    return {i: c for i, c in cands.items()
            if c.cls not in modal or not any(o.sentence == c.sentence and o.modality == modal[c.cls]
                                            and j != i for j, o in cands.items())}


def _candidate(ctx: Context, span: Span, sent: Span, n: int, report: Report, att: int | None) -> EventCandidate:
    t = span.root
    agents = _unique(_agents(ctx, t) + _blamed(ctx, t) + _yielded_to(ctx, t))
    targets = [i for i in _targets(ctx, t) if i not in agents]
    parties = _between_parties(ctx, t)
    if len(parties) > 1 and span.label_ not in ctx.w("durative_classes"):
        agents = [i for i in agents if i not in parties[1:]]
        targets = _unique(targets + parties[1:])
    if span.label_ == "Takeover":
        taken = [i for obj in _prep_objects(t, {"of"}) for i in ctx.owners(obj)] if t.pos_ != "VERB" else \
            [i for c in t.children if c.dep_ == "nsubjpass" for i in _place_named(ctx, c)]  # "X was seized"
        places_from_targets = [i for i in targets + taken if ctx.is_place(i)]  # "the capture of X"
        targets = [i for i in targets if not ctx.is_place(i)]
    else:
        aimed = set(_aimed_at(ctx, t))
        places_from_targets = [i for i in targets if ctx.is_place(i) and ctx.mentions[i].role != "agentive"
                               and i not in aimed and not _opposed(ctx, i)]
        targets = [i for i in targets if i not in places_from_targets]
    used = set(agents) | set(targets)
    places = _unique(places_from_targets + _places(ctx, t, sent, used, span.label_ != "Takeover"))
    return EventCandidate(
        cls=_vehicle_class(ctx, t, span.label_), start=span.start_char, end=span.end_char, text=span.text, sentence=n,
        agents=tuple(agents), targets=tuple(targets), places=tuple(p for p in places if p not in agents),
        time=_time(ctx, t, sent, report.meta.date, span.label_), attribution=att,
        modality=_modality(ctx, t), anaphoric=_anaphoric(ctx, t), novel=_novel(ctx, t),
        aimed_at=tuple(p for p in places_from_targets if p not in agents),
    )


def _place_named(ctx: Context, tok: Token) -> list[int]:
    """The places a noun phrase names: "Palmyra", "the town of Manbij"; not "photographs of Manbij"."""
    named = ctx.with_conjuncts(tok)
    if not named and tok.lemma_.lower() in ctx.w("settlement_nouns"):
        named = [i for obj in _prep_objects(tok, {"of"}) for i in ctx.with_conjuncts(obj)]
    return named


def _yielded_to(ctx: Context, t: Token) -> list[int]:
    """"the fall of Mosul to ISIL", "Raqqa fell to the SDF": who a place falls to takes it."""
    if t.lemma_.lower() not in ctx.w("yield_nouns"):
        return []
    to = _prep_objects(t, {"to"})
    after = t.right_edge.i + 1  # "to ISIL" parsed onto another word: still the phrase right after
    if not to and after < len(ctx.doc) and ctx.doc[after].lower_ == "to" and ctx.doc[after].dep_ == "prep":
        to = [g for g in ctx.doc[after].children if g.dep_ == "pobj"]
    return [i for obj in to for i in ctx.owners(obj)]


def _opposed(ctx: Context, idx: int) -> bool:
    """"attacks against the United States": a state named after "against" is a party, not a place."""
    m = ctx.mentions[idx]
    span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
    head = _coordination_head(span.root) if span is not None else None
    return head is not None and head.dep_ == "pobj" and head.head.lower_ == "against"


def _share_conjunct_agents(ctx: Context, cands: dict[int, EventCandidate]) -> dict[int, EventCandidate]:
    """"Russian airstrikes and artillery fire": the second trigger shares the first's agent."""
    out = dict(cands)
    for i, c in cands.items():
        tok = ctx.doc[i]
        if c.agents or tok.dep_ != "conj" or tok.head.i not in cands:
            continue
        head = cands[tok.head.i]
        out[i] = _with(c, agents=head.agents, time=c.time or head.time, anaphoric=head.anaphoric)
    return out


def _share_governing_agents(ctx: Context, cands: dict[int, EventCandidate]) -> dict[int, EventCandidate]:
    """"X conducted strikes using artillery against Y": a trigger inside another's phrase, with no
    agent of its own, is done by the governing trigger's agent."""
    out = dict(cands)
    for i, c in cands.items():
        if c.agents:
            continue
        governor = _governing_trigger(ctx, ctx.doc[i], cands)
        if governor is not None and cands[governor].sentence == c.sentence:
            agents = tuple(a for a in cands[governor].agents if a not in c.targets)
            out[i] = _with(c, agents=agents)
    return out


def _governing_trigger(ctx: Context, tok: Token, cands: dict[int, EventCandidate]) -> int | None:
    """The trigger with agents whose phrase holds this token: a trigger above it, or the object of
    the nearest light verb above it ("conducted strikes using ... artillery against Y")."""
    for a in tok.ancestors:
        if a.i in cands and cands[a.i].agents:
            return a.i
        if a.pos_ == "VERB" and a.lemma_.lower() in ctx.w("light_verbs"):
            return next((c.i for c in a.children if c.dep_ in {"dobj", "obj"} and c.i in cands
                         and cands[c.i].agents), None)
    return None


def _casualty_owner(carrier: Token, cands: dict[int, EventCandidate], sent: Span) -> int | None:
    """The event a casualty figure belongs to: its own trigger ("X killed 12"), a trigger in or above its
    clause, else none."""
    if carrier.i in cands:
        return carrier.i
    for tok in carrier.subtree:
        if tok.i in cands and tok.i != carrier.i:
            return tok.i
    for tok in carrier.ancestors:
        if tok.i in cands:
            return tok.i
    in_sentence = [i for i in cands if sent.start <= i < sent.end]
    return in_sentence[0] if len(in_sentence) == 1 else None


# ---------------------------------------------------------------- relations

def find_relations(ctx: Context, sent_atts: dict[int, int]) -> list[RelationCandidate]:
    found: list[RelationCandidate] = []
    for rule in (_apposition_relations, _verb_relations, _backed_relations, _leader_compounds,
                 _campaign_relations, _support_relations, _title_countries, _freed_from, _composition):
        found.extend(rule(ctx))
    out: list[RelationCandidate] = []
    for r in found:
        r = RelationCandidate(r.subject, r.predicate, r.object, r.sentence, r.start, r.end,
                              r.method, r.confidence, sent_atts.get(r.sentence))
        if r.subject != r.object and all(
            (x.subject, x.predicate, x.object) != (r.subject, r.predicate, r.object) for x in out
        ):
            out.append(r)
    return out


def _rel(ctx: Context, s: int, p: str, o: int, anchor: Token, method: str, conf: float) -> RelationCandidate:
    sent = anchor.sent
    return RelationCandidate(s, p, o, ctx.mentions[s].sentence, sent.start_char, sent.end_char, method, conf)


def _of_objects(ctx: Context, noun: Token) -> list[int]:
    return [i for obj in _prep_objects(noun, {"of", "to", "for"}) for i in ctx.with_conjuncts(obj)]


def _noun_relation(ctx: Context, noun: Token) -> tuple[str, bool] | None:
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
            for obj in _of_objects(ctx, noun) or _unit_after_title(ctx, head, noun):
                s, o = (obj, idx) if inverted else (idx, obj)
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
        if pred is None or _modality(ctx, verb) != "asserted":
            continue
        subjects = _subjects(ctx, verb)
        agents = [i for obj in _prep_objects(verb, {"by"}) for i in ctx.with_conjuncts(obj)]
        passive = [i for c in verb.children if c.dep_ == "nsubjpass" for i in ctx.with_conjuncts(c)]
        if verb.dep_ in {"acl", "amod"}:
            passive += ctx.with_conjuncts(verb.head)
        objects = _verb_objects(ctx, verb, pred)
        pairs = [(s, o) for s in subjects for o in objects] + [(a, p) for a in agents for p in passive]
        if pred == "affiliatedWith":
            pairs += [(p, o) for p in passive for o in _prep_objects_mentions(ctx, verb, {"with", "to"})]
        if verb.lemma_.lower() in ctx.w("include_verbs"):  # "the SDF includes the SAC": SAC memberOf SDF
            pairs = [(o, s) for s, o in pairs]
        for s, o in pairs:
            yield _rel(ctx, s, pred, o, verb, f"rule:verb-{verb.lemma_.lower()}", 0.7)


def _subjects(ctx: Context, verb: Token) -> list[int]:
    """The verb's subject mentions; for a relative clause ("X, which controls Y") its head noun."""
    nsubj = [c for c in verb.children if c.dep_ == "nsubj"]
    relative = not nsubj or all(c.tag_ in {"WDT", "WP"} for c in nsubj)
    if relative and verb.dep_ == "relcl":
        return ctx.with_conjuncts(verb.head)
    if not nsubj and verb.dep_ in {"xcomp", "pcomp", "acomp"}:  # "X is committed to defeating Y": X
        governor = verb.head.head if verb.dep_ == "pcomp" else verb.head
        own = [c for c in governor.children if c.dep_ == "nsubjpass"]
        if verb.dep_ == "xcomp":  # "lead the coalition to defeat Y": the object does it
            own += [c for c in governor.children if c.dep_ in {"dobj", "obj"} and ctx.with_conjuncts(c)]
        return [i for c in own for i in ctx.with_conjuncts(c)] or _subjects(ctx, governor)
    if not nsubj and verb.dep_ == "conj" and verb.head.pos_ == "VERB":  # "degrade and defeat Y"
        return _subjects(ctx, verb.head)
    if not nsubj and verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return _subjects(ctx, verb.head)  # "to defeat Y, we need ...": a purpose is the main subject's
    if not nsubj and verb.dep_ == "acl" and verb.head.lemma_.lower() in ctx.w("campaign_nouns"):
        return _campaign_owners(ctx, verb.head)  # "the coalition's campaign to defeat Y"
    return [i for c in nsubj for i in ctx.with_conjuncts(c)]


def _campaign_owners(ctx: Context, noun: Token) -> list[int]:
    """Whose campaign: its possessor or qualifier ("coalition operations"), else its clause's subject;
    nobody's when the clause ends or loses it ("HTS lost control of X", "Turkey ended its campaign")."""
    verb = _clause_verb(noun)
    if noun.dep_ in {"dobj", "pobj", "attr"} and verb.lemma_.lower() in ctx.w("loss_verbs"):
        return []
    owners = ctx.mentions_in(c for c in noun.children if c.dep_ in {"poss", "compound", "nmod", "amod"})
    if not owners:
        owners = _enclosing_owner(ctx, noun)
    if not owners and noun.dep_ in {"dobj", "pobj", "attr"} and verb.pos_ in {"VERB", "AUX"}:
        owners = _subjects(ctx, verb)
    return owners


def _enclosing_owner(ctx: Context, noun: Token) -> list[int]:
    """"their efforts specific to the fight against Y": a campaign inside another noun phrase of the
    same clause is that phrase's owner's."""
    for up in noun.ancestors:
        if up.pos_ in {"VERB", "AUX"}:
            return []
        if up.pos_ == "NOUN" and up.lemma_.lower() in ctx.w("campaign_nouns"):
            owners = ctx.mentions_in(c for c in up.children if c.dep_ == "poss")
            if owners:
                return owners
    return []


def _prep_objects_mentions(ctx: Context, verb: Token, preps: set[str]) -> list[int]:
    return [i for obj in _prep_objects(verb, preps) for i in ctx.with_conjuncts(obj)]


def _verb_predicate(ctx: Context, lemma: str) -> str | None:
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


def _verb_objects(ctx: Context, verb: Token, pred: str) -> list[int]:
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
        backed = ctx.mention_of(noun)
        if backed is None or backed == backer:
            continue
        yield _rel(ctx, backer, pred, backed, tok, "rule:hyphen-participle", 0.8)


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
            lemma = title.lemma_.lower()
            pred = "leads" if lemma in ctx.w("leads_nouns") else "memberOf" if lemma in ctx.w("member_titles") \
                else None
            if pred is None:
                continue
            for org in ctx.mentions_in(c for c in title.children if c.i < title.i):  # not "Pentagon press director"
                if org != idx and ctx.mentions[org].label == "ORG":
                    method = "rule:leader-title" if pred == "leads" else "rule:member-title"
                    yield _rel(ctx, idx, pred, org, title, method, 0.8)


NOUN_RELATIONS = (("campaign_nouns", "against", "opposes"), ("control_nouns", "of", "controls"),
                  ("member_nouns", "of", "memberOf"))


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
            verb = _clause_verb(noun)  # a passive's by-agent: "X was caught by Y with the aid of Z"
            doers = _prep_objects_mentions(ctx, verb, {"by"}) or _subjects(ctx, verb)
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
    for obj in _prep_objects(noun, preps):
        named = ctx.with_conjuncts(obj)
        if not named and obj.lemma_.lower() in ctx.w("campaign_nouns"):
            named = ctx.owners(obj)
        found += named
    return _unique(found)


def _helpers(ctx: Context, noun: Token) -> list[int]:
    """Who gives the support: the noun's owner or its clause's subject, or the owner of that subject
    ("the coalition's airstrikes ... in support of")."""
    found = _campaign_owners(ctx, noun)
    if not found and noun.dep_ == "pobj":
        verb = _clause_verb(noun)
        found = [i for c in verb.children if c.dep_ == "nsubj" and c.i not in ctx.by_token for i in ctx.owners(c)]
    return found


def _noun_relation_pairs(ctx: Context, noun: Token, prep: str, pred: str) -> Iterator[RelationCandidate]:
    """The noun's possessor, else its clause's subject, related to the noun's prepositional object."""
    objects = _prep_objects_mentions(ctx, noun, {prep})
    if pred == "memberOf" and not _as_role(noun):  # "X killed a member of Y" says nothing of X
        return
    owners = _campaign_owners(ctx, noun) if objects else []
    for s in owners:
        for o in objects:
            yield _rel(ctx, s, pred, o, noun, f"rule:noun-{noun.lemma_.lower()}-{prep}", 0.7)


def _as_role(noun: Token) -> bool:
    """"X is part of Y", "X flies as part of Y": the noun describes the clause's subject."""
    return noun.dep_ == "attr" or (noun.dep_ == "pobj" and noun.head.lower_ == "as")


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
            else _prep_objects(tok, {"of"})
        places = [i for t in taken for i in _place_named(ctx, t) if ctx.is_place(i)]
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
        parts = [i for obj in _prep_objects(verb, {"of", "by"}) for i in ctx.owners(obj)]
        if verb.dep_ in {"acl", "relcl"}:
            wholes = ctx.with_conjuncts(verb.head)
        else:
            wholes = [i for c in verb.children if c.dep_ in SUBJECTS for i in ctx.with_conjuncts(c)]
        for part in parts:
            for whole in wholes:
                yield _rel(ctx, part, "memberOf", whole, verb, "rule:composition", 0.7)


# ---------------------------------------------------------------- entry point

def extract(doc: Doc, report: Report, kb: KnowledgeBase, lex: Lexicon) -> Extraction:
    mentions = find_mentions(doc, kb, lex)
    ctx = Context(doc, kb, lex, mentions)
    attributions, sent_atts = find_attributions(ctx)
    events, orphans = find_events(ctx, report, sent_atts)
    relations = find_relations(ctx, sent_atts)
    sentences = tuple(Sentence(s.start_char, s.end_char) for s in doc.sents)
    return Extraction(report, sentences, tuple(mentions), tuple(attributions), tuple(events),
                      tuple(relations), tuple(orphans))
