"""Relations read from titles and offices: "Y leader X", "the leader of Y, X", "a commander of Y",
"President X" (the state X serves), "X's Y force"; and `candidate`, how every relation rule records
what it read."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Token

from kg.kb import alias_key
from kg.nlp.syntax import MODIFIERS, Context, prep_objects
from kg.records import Predicate, RelationCandidate


def candidate(ctx: Context, s: int, p: Predicate, o: int, anchor: Token, method: str, conf: float) -> RelationCandidate:
    """A candidate relation read at a token, with its sentence."""
    sent = anchor.sent
    return RelationCandidate(s, p, o, ctx.mentions[s].sentence, sent.start_char, sent.end_char, method, conf)


def subordinate(ctx: Context, title: Token) -> bool:
    """"a commander", "deputy leader", "senior commander": one of several, so a member, not the leader."""
    return any(c.lower_ in ctx.w("subordinate_markers") for c in title.children if c.i < title.i)


def leader_compounds(ctx: Context) -> Iterator[RelationCandidate]:
    """"HTS leader Abu Mohammad al-Julani": a person named after a leader noun of an organisation
    leads it; "Hezbollah spokesman Ali Hassan", "Air Force lieutenant X": after a rank or a post
    (`member_titles`), the person is a member."""
    for idx, head in ctx.heads:
        if ctx.mentions[idx].label != "PERSON":
            continue
        titles = [m for m in head.children if m.dep_ in {"compound", "appos", "nmod"}
                  and (ctx.by_token.get(m.i) != idx or m.lemma_.lower() in _title_words(ctx))]
        if head.dep_ == "appos" and head.head.i not in ctx.by_token:  # "Hezbollah spokesman, Ali Hassan"
            titles.append(head.head)
        elif head.dep_ == "appos" and _of_title(ctx, head.head) is not None:  # "the leader of Y, X"
            titles.append(_of_title(ctx, head.head))  # type: ignore[arg-type]
        loose = _loose_title(ctx, idx) if not titles else None
        for title in titles or ([loose] if loose is not None else []):
            yield from _title_relations(ctx, idx, head, title, loose is not None)


def _of_title(ctx: Context, named: Token) -> Token | None:
    """The title a name is the "of" object of ("a commander of Y, X": the apposition hangs on Y)."""
    prep = named.head
    if named.dep_ != "pobj" or prep.lower_ != "of" or prep.head.i in ctx.by_token:
        return None
    return prep.head if prep.head.lemma_.lower() in _title_words(ctx) else None


def _title_words(ctx: Context) -> frozenset[str]:
    return ctx.w("leads_nouns") | ctx.w("member_titles") | frozenset(ctx.lex.table("state_offices"))


def _loose_title(ctx: Context, idx: int) -> Token | None:
    """A title noun right before a name that the parse left apart from it ("army chief X met ...")."""
    first = ctx.doc.char_span(ctx.mentions[idx].start, ctx.mentions[idx].end, alignment_mode="expand")
    if first is None or first.start == 0:
        return None
    prev = ctx.doc[first.start - 1]
    if prev.text == "," and first.start > 1 and ctx.doc[first.start - 2].i in ctx.by_token:
        return _of_title(ctx, ctx.doc[first.start - 2])  # "a commander of Y, X" with X parsed apart
    ok = prev.pos_ == "NOUN" and prev.i not in ctx.by_token and prev.lemma_.lower() in _title_words(ctx)
    return prev if ok else None


def _title_relations(ctx: Context, idx: int, person: Token, title: Token,
                     loose: bool = False) -> Iterator[RelationCandidate]:
    """What one title before a person's name says: whom the person leads or serves. A state office
    ("President X", "Defence Minister Y") with no state named ties the person to their own state."""
    if _former(ctx, person, title):
        return  # "former President X", "ousted leader Y": an office no longer held
    office = _state_office(ctx, title)
    lemma = title.lemma_.lower()
    base: Predicate | None = "leads" if lemma in ctx.w("leads_nouns") else \
        "memberOf" if lemma in ctx.w("member_titles") else office
    if base is None:
        return
    orgs = _title_orgs(ctx, idx, person, title, loose)
    for org in orgs:
        pred = _title_predicate(ctx, title, org, office, base)
        method = "rule:leader-title" if pred == "leads" else "rule:member-title"
        yield candidate(ctx, idx, pred, org, title, method, 0.8)
    own = office or ("leads" if _bare_state_title(ctx, idx, title) else None)
    if not orgs and own is not None:
        yield replace(candidate(ctx, idx, own, idx, title, "rule:state-office", 0.7), own_state=True)


def _bare_state_title(ctx: Context, idx: int, title: Token) -> bool:
    """"On the orders of leader X": a leader noun with nothing before it, before the name of a person
    the base knows as the head of a state."""
    if title.lemma_.lower() not in ctx.w("bare_state_titles") or any(c.i < title.i for c in title.children):
        return False
    m = ctx.mentions[idx]
    return any(ctx.kb.is_a(e.iri, "Person") and any(ctx.kb.is_a(s, "Country") for s in ctx.kb.linked(e.iri, "leads"))
               for e in ctx.kb.aliases.get(m.alias or alias_key(m.text), []))


LOOSE_DEPS = {"ROOT", "compound", "nmod", "npadvmod", "dep"}


def _title_orgs(ctx: Context, idx: int, person: Token, title: Token, loose: bool) -> list[int]:
    """What a title names as served: "the leader of Y" first, else the names before the title
    ("Y leader X", "Y's army chief X"), not a portfolio ("Defence Minister X")."""
    before = [c for c in title.children if c.i < title.i]  # not "Pentagon press director"
    before += [c for c in person.children if c.i < title.i and c.dep_ in MODIFIERS]
    edge = ctx.doc[title.left_edge.i - 1] if title.left_edge.i > 0 else None
    if edge is not None and (loose or edge.dep_ in LOOSE_DEPS) and edge.sent == title.sent:
        before.append(edge)  # "Y executive secretary X" with Y parsed apart from its title
    # "the leader of Y": Y itself, not whom a noun stands for ("leader of anti-Y forces"); an
    # office's "of" names its portfolio ("Secretary of State", "Minister of Defence")
    after = [o for o in prep_objects(title, {"of"}) if o.i > title.i] if _state_office(ctx, title) is None else []
    found = ctx.mentions_in(t for o in after for t in [o, *o.conjuncts]) or ctx.mentions_in(before)
    if _state_office(ctx, title) is not None:  # "army chief X": X's own army, whichever the text named last
        found = [o for o in found if not ctx.mentions[o].text.islower()]
    return [o for o in found if o != idx and _serves(ctx, o)
            and ctx.mentions[o].text.lower() not in ctx.w("portfolio_words")]


def _title_predicate(ctx: Context, title: Token, org: int, office: Predicate | None,
                     base: Predicate) -> Predicate:
    """Leads or member of: "executive secretary" leads; a state's president leads it, its army chief
    or "chief of general staff" serves it; "a commander", "deputy leader" of a group is a member."""
    words = [c.lemma_.lower() for c in title.children if c.dep_ in MODIFIERS and c.i < title.i]
    if any(f"{w} {title.lemma_.lower()}" in ctx.w("leading_titles") for w in words):
        return "leads"
    state = ctx.mentions[org].label != "ORG"
    pred = office if state and office is not None else base
    unnamed_body = any(c.pos_ == "NOUN" and c.i not in ctx.by_token
                       for c in [*title.children, *prep_objects(title, {"of"})] if c.dep_ != "det")
    if pred == "leads" and (subordinate(ctx, title) or (state and unnamed_body)):
        return "memberOf"
    return pred


def _former(ctx: Context, person: Token, title: Token) -> bool:
    """Does a word before the title say the office is no longer held ("former", "ousted", "the fall
    of President X")?"""
    words = [c for t in (person, title) for c in t.children if c.i < title.i]
    fallen = person.dep_ == "pobj" and person.head.head.lemma_.lower() in ctx.w("downfall_nouns")
    return fallen or any(w.lower_.strip("-") in ctx.w("former_markers") for w in words) \
        or _hyphened_marker(ctx, title)


def _hyphened_marker(ctx: Context, title: Token) -> bool:
    """"Then-Prime Minister X", "ex-President Y": a marker joined to the title by a hyphen, which the
    parse may hang on the verb instead of the title."""
    start = title.left_edge.i
    hyphen = start if ctx.doc[start].text == "-" else start - 1  # the parse may hang the hyphen on the title
    if hyphen < 1 or ctx.doc[hyphen].text != "-":
        return False
    marker = ctx.doc[hyphen - 1]
    return marker.sent == title.sent and marker.lower_ in ctx.w("former_markers")


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


def title_countries(ctx: Context) -> Iterator[RelationCandidate]:
    """"Israeli Prime Minister Ehud Barak": the person's country is named in their title."""
    for idx, head in ctx.heads:
        if ctx.mentions[idx].label != "PERSON":
            continue
        titles = [t for t in head.subtree if t.i < head.i and t.dep_ in MODIFIERS]
        for t in titles:
            other = ctx.mention_of(t)
            if other is not None and other != idx and ctx.mentions[other].label in {"NORP", "GPE"}:
                yield candidate(ctx, idx, "country", other, t, "rule:title-country", 0.7)
                break


def possessed_groups(ctx: Context) -> Iterator[RelationCandidate]:
    """"General X's National Army": a person's own force is led by them."""
    for idx, head in ctx.heads:
        if ctx.mentions[idx].label != "ORG":
            continue
        for person in ctx.mentions_in(c for c in head.children if c.dep_ == "poss"):
            if _known_person(ctx, person):
                yield candidate(ctx, person, "leads", idx, head, "rule:possessor-leads", 0.7)


def _known_person(ctx: Context, idx: int) -> bool:
    """A name the knowledge base knows as a person, or a full name of two words or more (a lone
    unknown word before "'s" is as often a place the model took for a person)."""
    m = ctx.mentions[idx]
    if m.label != "PERSON":
        return False
    entries = ctx.kb.aliases.get(m.alias or alias_key(m.text), [])
    if entries:
        return any(ctx.kb.is_a(e.iri, "Person") for e in entries)
    return len(m.text.split()) > 1
