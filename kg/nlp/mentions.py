"""Mentions: the spans of a parsed report that name or refer to an actor or a place."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import cast

from spacy.tokens import Doc, Span, Token

from kg.kb import KnowledgeBase, alias_key
from kg.lexicon import Lexicon
from kg.nlp.basednames import based_groups
from kg.nlp.binding import bound_start
from kg.nlp.centering import prior_subject
from kg.nlp.cues import with_cue
from kg.nlp.datelines import outside_datelines
from kg.nlp.doctokens import sentences, tokens
from kg.nlp.doctokens import text as doc_text
from kg.nlp.groupnames import affiliate_mentions, described_groups, linked_names
from kg.nlp.namespans import is_code_name
from kg.nlp.parties import owns_a_deed
from kg.nlp.peoplegroups import people_groups
from kg.nlp.placenames import link_place_anaphors, place_anaphors, place_mentions
from kg.nlp.quotednames import quoted_groups
from kg.nlp.roles import role_and_hint
from kg.nlp.speakers import bound_to_speakers, said_by_unnamed
from kg.nlp.syntax import EMPTY, ENTITY_LABELS, LEADING_PREPS, MODIFIERS, Context, people_noun, sentence_index
from kg.records import EntityLabel, Mention, MentionKind, PronounKind

IMPERSONAL_VERBS = {"be", "seem", "appear", "take", "remain", "mean", "matter", "happen"}  # "it takes time"


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
        if len(span) == 0 or (alias is None and _not_an_actor(span, ent.label_, lex, vessels)) \
                or span[-1].pos_ == "ADP":
            # "the Government of" cut short by a name after it: the phrase's name carries it
            continue
        label = "GPE" if ent[0].lower_ in LEADING_PREPS and span.start > ent.start else cast(EntityLabel, ent.label_)
        alias = alias or (alias_key(span.text) if alias_key(span.text) in kb.aliases else None)
        alias = alias or _proxy_alias(span, kb, lex) or \
            (_plural_demonym(span, kb) if ent.label_ == "NORP" else None)
        if alias is None and not (ent.label_ == "NORP" and _names_people(span, lex)) and (
                ent.label_ == "NORP" or not (any(t.pos_ == "PROPN" or is_code_name(t.text) for t in span)
                                             or span.text in surnames)):
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
    for sent in sentences(doc):
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
        if span is None or not name or name[-1].lower_ not in heads:
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
    text = doc_text(doc)
    out = list(named)
    for found in ACRONYM_IN_PARENS.finditer(text):
        letters = [c for c in found.group(1) if c.isupper()]
        long = _long_form(doc, found.start(), letters) if len(letters) >= 2 else None
        if long is None:
            if len(letters) >= 2 and _organisation_before(text, found.start(), out):
                out += _acronym_uses(doc, found.group(1), "ORG", out, sent_of)  # initials of another language
            continue
        inside = [m for m in out if long.start_char <= m.start and m.end <= long.end_char]
        same = [m for m in inside if (m.start, m.end) == (long.start_char, long.end_char)]
        if not same:  # else the model or the base already has this name
            out = [m for m in out if m not in inside]
            same = [Mention(long.start_char, long.end_char, long.text, "ORG", sent_of[long.root.i])]
            out += same
        out += _acronym_uses(doc, found.group(1), same[0].label, out, sent_of)
    return out


def _organisation_before(text: str, paren: int, mentions: list[Mention]) -> bool:
    """Is an organisation named right before an opening bracket ("the Units of X (YBS)")?"""
    return any(m.label == "ORG" and m.end <= paren and not text[m.end:paren].strip() for m in mentions)


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


def _acronym_uses(doc: Doc, acronym: str, label: EntityLabel, mentions: list[Mention],
                  sent_of: dict[int, int]) -> list[Mention]:
    covered = {(m.start, m.end) for m in mentions}
    spans = [m.span() for m in re.finditer(rf"\b{re.escape(acronym)}\b", doc_text(doc))]
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


def _names_people(span: Span, lex: Lexicon) -> bool:
    """"the Turks", "Arab fighters", "Kurdish villagers": a group word that names or qualifies people."""
    root = span.root
    people = lex.sets.get("people_nouns", frozenset()) | lex.sets.get("proxy_heads", frozenset())
    return people_noun(span) or (root.dep_ in MODIFIERS and root.head.lemma_.lower() in people)


def _plural_demonym(span: Span, kb: KnowledgeBase) -> str | None:
    """"Iraqis" -> the demonym "Iraqi", when the base knows it."""
    if not people_noun(span) or not span.text.endswith("s"):
        return None
    key = alias_key(span.text[:-1])
    entries = kb.aliases.get(key, [])
    return key if entries and all(e.kind == "demonym" for e in entries) else None


def _mention_kind(text: str, alias: str | None, kb: KnowledgeBase) -> MentionKind:
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
    for tok in tokens(doc):
        if tok.i in taken or tok.pos_ not in {"NOUN", "PROPN"}:
            continue
        dets = [c for c in tok.children if c.dep_ == "det" and c.lower_ in {"the", "this", "that", "these", "those"}]
        if not dets:
            continue
        start = min(c.i for c in tok.children if c.i < tok.i and c.dep_ in {"det", "amod", "compound", "punct"}) \
            if dets else tok.i
        span = doc[start:tok.i + 1]
        named_next = tok.i + 1 < len(doc) and tok.i + 1 in taken  # "the X-backed militia Y": Y is named
        armed = tok.lower_ in lex.sets.get("nonstate_anaphors", EMPTY)  # not "the X-backed government"
        related = any(t.i in taken for t in span) and _related_names_only(span, tok, taken, lex) \
            and armed and not named_next
        if related:
            span = doc[tok.i:tok.i + 1]  # "the X-backed group": the group, not X, is pointed back to
        elif any(t.i in taken for t in span):  # "the British government": the name decides
            continue
        phrase = span.text.lower()
        keys = [k for k in sorted(anaphors, key=len, reverse=True) if phrase.endswith(k)]
        hint = anaphors[keys[0]] if keys else anaphors.get(tok.lemma_.lower())
        if hint is None or any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
            continue
        if any(c.dep_ == "amod" and c.lower_ in lex.sets.get("home_force_words", EMPTY) for c in tok.children):
            # "the regular army": the army of the state the report is about, not the last force named
            out.append(Mention(span.start_char, span.end_char, span.text, "ORG", sent_of[tok.i],
                               kind="nominal", alias=tok.lemma_.lower()))
            continue
        out.append(Mention(span.start_char, span.end_char, span.text, "ORG", sent_of[tok.i],
                           kind="anaphor", refers_to="ArmedGroup" if related else hint))  # backed, linked: armed
    return out


def _related_names_only(span: Span, head: Token, taken: set[int], lex: Lexicon) -> bool:
    """Are the names in a definite noun phrase all inside an "X-backed" kind of modifier of its head?"""
    participles = lex.sets.get("relational_participles", EMPTY)
    related = {t.i for c in head.children if c.dep_ in {"amod", "compound"} and c.lower_ in participles
               and c.i >= 1 and c.doc[c.i - 1].text == "-" for t in c.subtree}
    return bool(related) and all(t.i in related for t in span if t.i in taken and t.dep_ != "det")


def _pronoun_mentions(doc: Doc, lex: Lexicon, taken: set[int], sent_of: dict[int, int]) -> list[Mention]:
    """Personal pronouns that can stand for an actor ("we", "their", "he"); "it" only where it acts
    or owns ("it attacked", "its fighters"), never the empty "it" of "it is claimed"."""
    pronouns = lex.table("actor_pronouns")
    out: list[Mention] = []
    for tok in tokens(doc):
        kind = pronouns.get(tok.lower_) if tok.pos_ == "PRON" else None
        if kind is None or tok.i in taken \
                or (tok.lower_ == "it" and not (_acting_it(tok, lex, taken) or owns_a_deed(tok, lex))) \
                or _bound_by_common_noun(tok, taken, lex) or said_by_unnamed(tok, lex, taken):
            continue
        out.append(Mention(tok.idx, tok.idx + len(tok.text), tok.text, "PERSON" if kind == "person" else "ORG",
                           sent_of[tok.i], kind="anaphor", pronoun=cast(PronounKind, kind),
                           bound_start=bound_start(tok)))
    return out


def _bound_by_common_noun(pron: Token, taken: set[int], lex: Lexicon) -> bool:
    """"two officers who ordered their men to retreat": a possessive whose clause's subject is people
    named by a common noun ("officers", "residents") is theirs, no actor's."""
    if pron.dep_ != "poss" or pron.lower_ not in {"their", "his", "her"}:
        return False
    owned: set[int] = set()  # "their fighters withdrew": the subject they own is no binder
    verb = None
    for a in pron.ancestors:
        if a.pos_ in {"VERB", "AUX"}:
            verb = a
            break
        owned.add(a.i)
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}] if verb is not None else []
    if verb is not None and verb.dep_ == "relcl" and all(c.tag_ in {"WDT", "WP"} for c in subjects):
        subjects = [verb.head]
    anaphors = lex.data.get("anaphors", {})  # read, not copied: this runs for every possessive
    return any(s.i not in owned and s.pos_ == "NOUN" and s.i not in taken and s.lemma_.lower() not in anaphors
               and not any(c.dep_ in {"compound", "poss", "amod"} and c.i in taken for c in s.children)
               for s in subjects)


def _acting_it(tok: Token, lex: Lexicon, taken: set[int]) -> bool:
    """"it attacked": "it" acts; "it takes time" is empty, but "it took the town" and "it took Bema" act."""
    verb = tok.head
    if tok.dep_ != "nsubj" or verb.pos_ != "VERB":
        return False
    return verb.lemma_ not in IMPERSONAL_VERBS or _takes_a_place(verb, lex, taken)


def _takes_a_place(verb: Token, lex: Lexicon, taken: set[int]) -> bool:
    """The verb's object is a place or site noun ("took the town", "took control"), or a name when no
    clause follows ("took Kapan", but not "it took PJAK three days to reach Kapan")."""
    nouns = lex.sets.get("site_nouns", EMPTY) | lex.sets.get("control_nouns", EMPTY)
    clause = any(c.dep_ in {"xcomp", "ccomp", "advcl"} for c in verb.children)
    return any(c.dep_ == "dobj" and (c.lemma_.lower() in nouns or (c.i in taken and not clause))
               for c in verb.children)


def _surname_persons(mentions: list[Mention]) -> list[Mention]:
    """"Gen. Joseph Votel ... Votel said": a later bare surname of a named person is that person."""
    surnames: set[str] = set()
    out: list[Mention] = []
    for m in mentions:
        words = m.text.split()
        if m.label == "PERSON" and len(words) > 1:
            surnames |= {words[-1], re.sub(r"^(?:al|el|ad|ar|as|an|ash|az)-", "", words[-1])}  # "al-Abadi": "Abadi"
        elif m.label in {"ORG", "GPE", "LOC"} and m.alias is None and m.text in surnames:
            m = replace(m, label="PERSON")
        out.append(m)
    return out


def _acronym_links(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Tie "Long Name (ABC)" together so each can resolve through the other."""
    by_start = {m.start: i for i, m in enumerate(mentions)}
    out = list(mentions)
    text = doc_text(doc)
    for i, m in enumerate(mentions):
        rest = text[m.end:m.end + 3]
        j = by_start.get(m.end + 2) if rest.startswith(" (") \
            else by_start.get(m.end + 1) if rest.startswith("(") else None
        if j is not None and mentions[j].kind == "acronym" and text[mentions[j].end:mentions[j].end + 1] == ")":
            out[i] = replace(out[i], same_as=j)
            out[j] = replace(out[j], same_as=i)
    return _later_acronym_uses(out)


def _later_acronym_uses(mentions: list[Mention]) -> list[Mention]:
    """"... the ESB denied it": a later use of initials defined in the text names the defined long form."""
    defined: dict[str, int] = {}
    out = list(mentions)
    for i, m in enumerate(mentions):
        if m.kind != "acronym":
            continue
        if m.same_as is not None and mentions[m.same_as].kind != "acronym":
            defined.setdefault(m.text, m.same_as)
        elif m.same_as is None and m.text in defined:
            out[i] = replace(m, same_as=defined[m.text])
    return out


def find_mentions(doc: Doc, kb: KnowledgeBase, lex: Lexicon) -> list[Mention]:
    sent_of = sentence_index(doc)
    named = described_groups(doc, place_mentions(doc, _entity_mentions(doc, kb, lex, sent_of), lex, sent_of),
                             lex, sent_of)
    named = based_groups(doc, named, kb, lex, sent_of)
    taken = {tok.i for ent in doc.ents for tok in ent} | {t.i for m in named for t in _tokens(doc, m)}
    named += _leading_places(doc, taken, sent_of)
    named = _defined_acronyms(doc, _demonym_led_names(doc, named, kb, lex, sent_of), sent_of)
    mentions = sorted(named + _anaphor_mentions(doc, lex, taken, sent_of) + _pronoun_mentions(doc, lex, taken, sent_of)
                      + place_anaphors(doc, lex, taken, sent_of), key=lambda m: (m.start, m.end))
    mentions = quoted_groups(doc, people_groups(doc, outside_datelines(doc, mentions), lex), lex, sent_of)
    mentions = _owned_nominals_dropped(doc, _groups_named_as_such(doc, lex, mentions))
    mentions = affiliate_mentions(doc, mentions, lex, sent_of)
    mentions = linked_names(doc, _acronym_links(doc, _surname_persons(mentions)), lex)
    ctx = Context(doc, kb, lex, mentions)
    final = link_place_anaphors(doc, lex, kb, [with_cue(ctx, role_and_hint(ctx, i)) for i in range(len(mentions))])
    return bound_to_speakers(doc, lex, [_with_topic(ctx, m) for m in final])


def _with_topic(ctx: Context, m: Mention) -> Mention:
    """A pronoun opening its sentence, with the subject the sentence before was about (`centering`)."""
    if m.pronoun is None:
        return m
    span = ctx.doc.char_span(m.start, m.end)
    topic = prior_subject(ctx, span[0]) if span is not None and len(span) == 1 else None
    return replace(m, topic_start=topic) if topic is not None else m


def _tokens(doc: Doc, m: Mention) -> Span | list[Token]:
    return doc.char_span(m.start, m.end, alignment_mode="expand") or []


def _groups_named_as_such(doc: Doc, lex: Lexicon, mentions: list[Mention]) -> list[Mention]:
    """"X is a militant Sunni group", "X, an armed faction, ...": a name the model took for a person is
    an organisation when the text calls it a group (`group_nouns`)."""
    out: list[Mention] = []
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand") if m.label == "PERSON" else None
        if span is not None and _called_a_group(span.root, lex.sets.get("group_nouns", EMPTY)):
            m = replace(m, label="ORG")
        out.append(m)
    return out


def _called_a_group(head: Token, nouns: frozenset[str]) -> bool:
    described = [c for c in head.children if c.dep_ == "appos"]
    if head.dep_ == "nsubj" and head.head.lemma_ == "be":
        described += [c for c in head.head.children if c.dep_ == "attr"]
    return any(d.lemma_.lower() in nouns for d in described)


def _owned_nominals_dropped(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"U.S. Army", "Turkish army", "coalition military forces": a generic noun right after the name of
    a state or a body is that one's, so it is no mention of its own (which would resolve it as the
    knowledge base's default army)."""
    text = doc_text(doc)
    state_ends = {m.end for m in mentions if m.label in {"GPE", "NORP", "ORG"}}
    return [m for m in mentions if m.kind != "nominal" or not _owned(text, m.start, state_ends)]


OWNING_GAPS = ("", "'s", "’s", "'", "’")  # "Turkish army", "Russia's defence ministry"


def _owned(text: str, start: int, state_ends: set[int]) -> bool:
    """Does a state's name end right before this offset, with nothing or a possessive between?"""
    window = text[max(0, start - 8):start]
    kept = window.rstrip()
    end = start - (len(window) - len(kept))
    return any(kept.endswith(gap) and end - len(gap) in state_ends for gap in OWNING_GAPS)
