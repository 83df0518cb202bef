"""What every rule of the nlp stage reads: the `Context` of one parsed report (its mentions
indexed by token, the lexicon, the knowledge base) and small dependency-tree utilities."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Span, Token

from kg.kb import KnowledgeBase
from kg.lexicon import Lexicon
from kg.nlp.datelines import dateline_spans
from kg.nlp.doctokens import sentences, tokens
from kg.nlp.pipeline import TRIGGER_KEY
from kg.records import Mention

ENTITY_LABELS = {"ORG", "GPE", "LOC", "PERSON", "NORP", "FAC"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
OBJECTS = {"dobj", "obj", "attr", "oprd"}
ACTING_DEPS = {"nsubj", "csubj", "poss", "agent"}  # a passive subject undergoes, it does not act
MODIFIERS = {"amod", "compound", "nmod", "poss"}
LOCATIVE_PREPS = {"in", "near", "across", "around", "outside", "inside", "into", "throughout",
                  "within", "south", "north", "east", "west"}
LEADING_PREPS = {"near", "outside", "inside", "around", "across", "throughout", "within"}
EMPTY: frozenset[str] = frozenset()


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
        self._datelines: frozenset[int] | None = None
        self._attack_roots: frozenset[int] | None = None
        self._triggers: dict[int, str] | None = None
        self.tokens: tuple[Token, ...] = tokens(doc)

    def attack_roots(self) -> frozenset[int]:
        """The token indices of the document's attack triggers (listed once: many mentions ask)."""
        if self._attack_roots is None:
            spans = self.doc.spans.get(TRIGGER_KEY, [])
            self._attack_roots = frozenset(s.root.i for s in spans if self.kb.subclass_of(s.label_, "Attack"))
        return self._attack_roots

    def trigger_labels(self) -> dict[int, str]:
        """The event class of each trigger, by the token index of its root."""
        if self._triggers is None:
            self._triggers = {s.root.i: s.label_ for s in self.doc.spans.get(TRIGGER_KEY, [])}
        return self._triggers

    def dates_in(self, sent: Span) -> list[Span]:
        """The DATE and TIME entities of a sentence (the document's are listed once: several events ask)."""
        if self._dates is None:
            self._dates = [e for e in self.doc.ents if e.label_ in {"DATE", "TIME"}]
        return [e for e in self._dates if e.start >= sent.start and e.end <= sent.end]

    @property
    def sents(self) -> tuple[Span, ...]:
        return sentences(self.doc)

    def dateline_tokens(self) -> frozenset[int]:
        """The token indices of the report's datelines ("NAIROBI, Oct 29 -"), found once."""
        if self._datelines is None:
            spans = [self.doc.char_span(s, e, alignment_mode="expand") for s, e in dateline_spans(self.doc)]
            self._datelines = frozenset(t.i for span in spans if span is not None for t in span)
        return self._datelines

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
        return m.label in PLACE_LABELS or m.place_hint is not None

    def with_conjuncts(self, tok: Token) -> list[int]:
        """The mention at a token and at every token coordinated with it."""
        tokens = [tok, *tok.conjuncts]
        for t in list(tokens):
            for c in t.children:
                if c.dep_ == "appos" and not self._describes(c):  # "The UK, the Coalition and the government of Iraq"
                    tokens.extend(x for x in [c, *c.conjuncts] if x not in tokens)
        return self.mentions_in(tokens + [m for t in tokens for m in self.proxied(t)])

    def _describes(self, appos: Token) -> bool:
        """An apposition that says what a name is ("X, both members of Y") rather than listing another."""
        if appos.lemma_.lower() in self.w("member_nouns") | self.w("affiliation_nouns") | self.w("leader_nouns"):
            return True
        # "X, the country's largest rebel group": what X is, no second party; not a list ("X, the Y-led
        # coalition and Z") nor a name of its own
        return appos.lemma_.lower() in self.w("group_nouns") and not appos.conjuncts and appos.i not in self.by_token

    def proxied(self, tok: Token) -> list[Token]:
        """"Russian warplanes", "Turkish police": an actor noun stands for the actor modifying it."""
        if tok.i in self.by_token or _noun_lemma(tok) not in self.w("proxy_heads"):
            return []
        named = self.modifier_tokens(tok) or self._organisation_modifiers(tok)
        every = _noun_lemma(tok) not in self.w("civilian_heads")  # "fighters from X and Y"; not "citizens from"
        return named or [t for c in self._noun_preps(tok) if c.lower_ in self.w("proxy_preps")
                         for g in c.children if g.dep_ == "pobj" for x in ([g, *g.conjuncts] if every else [g])
                         for t in self._named_or_proxied(x)] or self._loyal_to(tok) or self._led_by(tok)

    def _noun_preps(self, tok: Token) -> list[Token]:
        """A noun's prepositions, with those the parse hangs on the count before it: "hundreds of
        gunmen from X" is gunmen from X."""
        preps = [c for c in tok.children if c.dep_ == "prep"]
        count = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "of" else None
        if count is not None and (count.like_num or count.lemma_.lower() in self.w("quantity_nouns")):
            preps += [c for c in count.children if c.dep_ == "prep" and c.i != tok.head.i]
        return preps

    def _organisation_modifiers(self, tok: Token) -> list[Token]:
        """"X Liberation Army (XLA) guerrillas": an organisation's name the parse hangs on the fighters'
        noun as a nominal modifier names whose fighters they are."""
        return [c for c in tok.children if c.dep_ == "nmod" and c.i in self.by_token
                and self.mentions[self.by_token[c.i]].label == "ORG"]

    def _named_or_proxied(self, tok: Token) -> list[Token]:
        """"fighters from the X rebel group": the name itself, or the name the noun stands for."""
        return [tok] if tok.i in self.by_token else self.proxied(tok)

    def _loyal_to(self, tok: Token) -> list[Token]:
        """"forces loyal to X", "fighters loyal to the X government": X's."""
        objects = [g for a in tok.children if a.dep_ == "amod" and a.lower_ in self.w("loyal_words")
                   for c in a.children if c.dep_ == "prep" and c.lower_ == "to" for g in c.children if g.dep_ == "pobj"]
        return [t for g in objects for t in ([g] if g.i in self.by_token else self.proxied(g))]

    def _led_by(self, tok: Token) -> list[Token]:
        """"X-led gunmen", "X-commanded forces" with no name of their own: X's, who leads them."""
        return [n for a in tok.children if a.dep_ in MODIFIERS and a.lower_ in self.w("leading_participles")
                and a.i >= 2 and self.doc[a.i - 1].text == "-" for n in [self.doc[a.i - 2]] if n.i in self.by_token]

    def modifier_tokens(self, tok: Token) -> list[Token]:
        """Names qualifying a noun, through coordination and hyphens: "Russian and Syrian warplanes",
        "US-British strikes"; never the name of an "X-backed" kind."""
        found: list[Token] = []
        if self._site_name(tok):
            return found
        todo = [c for c in tok.children if c.dep_ in MODIFIERS]
        while todo:
            cur = todo.pop(0)
            if relational_modifier(self, cur) or self._conjunct_possessor(tok, cur):
                continue
            found += [t for t in [cur, *cur.conjuncts] if t.i in self.by_token
                      and ((cur.head.i == tok.i and cur.dep_ != "nmod") or self._party_name(t))]
            todo += [c for c in cur.children if c.i < cur.i and (c.dep_ in {"compound", "nmod"} or _hyphened(c)
                                                                  or (c.dep_ == "amod" and cur.dep_ == "compound"))]
        return found

    def _conjunct_possessor(self, tok: Token, mod: Token) -> bool:
        """"patients and their companions": a possessive pronoun on a second conjunct stands for the
        first one, a plain noun that names no party."""
        return mod.dep_ == "poss" and mod.pos_ == "PRON" and tok.dep_ == "conj" \
            and tok.head.pos_ == "NOUN" and tok.head.i not in self.by_token

    def _site_name(self, tok: Token) -> bool:
        """"the Armenian Maternity Hospital": a site's proper name of several capitalised words, one of them
        naming nothing, holds a nationality as part of the name, not as the site's owner."""
        if tok.pos_ != "PROPN" or tok.lemma_.lower() not in self.w("site_nouns") | self.w("facility_words"):
            return False
        words = [c for c in tok.children if c.dep_ == "compound" and c.i < tok.i]
        return any(c.is_title and c.i not in self.by_token for c in words) and any(c.i in self.by_token for c in words)

    def _party_name(self, tok: Token) -> bool:
        """A name deep in a compound that still names a party ("an X army drone"), not a label ("the K1
        military base"): one the knowledge base knows, or a nationality or country."""
        m = self.mentions[self.by_token[tok.i]]
        return m.alias is not None or m.label in {"NORP", "GPE"}

    def modifier_names(self, tok: Token) -> list[int]:
        return self.mentions_in(self.modifier_tokens(tok))

    def owners(self, tok: Token) -> list[int]:
        """Mentions at a token or, for a plain noun, of its owner ("a convoy of the SDF", "HTS positions")."""
        found = self.with_conjuncts(tok)
        if found:
            return found
        for t in [tok, *tok.conjuncts]:
            found += self.modifier_names(t)
            found += [i for g in t.children if g.dep_ == "prep" and g.lower_ == "of"
                      for o in g.children if o.dep_ == "pobj"
                      for i in (self.owners(o) if self._some_of(t, o) else self.with_conjuncts(o))]
        return found

    def _some_of(self, count: Token, whole: Token) -> bool:
        """A number or a word of quantity that stands for some of what follows, bar people at large:
        "five of the group's sites" (the group's), not "dozens of Afghan civilians" (no party)."""
        return (count.like_num or count.lemma_.lower() in self.w("quantity_nouns") | self.w("number_words")) \
            and _noun_lemma(whole) not in self.w("civilian_heads")


def _noun_lemma(tok: Token) -> str:
    """A noun's lemma, also for a plural the tagger took for a name ("Gunmen from X" opening a sentence,
    "the X militias")."""
    if tok.pos_ != "PROPN" or not (tok.is_title or tok.is_lower):
        return tok.lemma_.lower()
    word = tok.lower_
    for plural, singular in (("men", "man"), ("ies", "y"), ("s", "")):
        if word.endswith(plural) and len(word) > len(plural) + 2:
            return word[: -len(plural)] + singular
    return word


def sentence_index(doc: Doc) -> dict[int, int]:
    return {i: n for n, sent in enumerate(sentences(doc)) for i in range(sent.start, sent.end)}


def people_noun(span: Span) -> bool:
    """"Syrians", "the Turks": a nationality word used as a plural noun names a body of people."""
    return span.root.tag_ in {"NNS", "NNPS"} and span.root.dep_ not in MODIFIERS


def coordination_head(tok: Token) -> Token:
    while tok.dep_ in {"conj", "appos"} and tok.head.i != tok.i:
        tok = tok.head
    return tok


def clause_verb(tok: Token) -> Token:
    """The verb whose clause contains the token (the token itself if it is one)."""
    cur = tok
    while cur.pos_ not in {"VERB", "AUX"} and cur.head.i != cur.i:
        cur = cur.head
    return cur


def prep_objects(tok: Token, preps: frozenset[str] | set[str]) -> list[Token]:
    return [g for c in tok.children if c.dep_ in {"prep", "agent"} and c.lower_ in preps
            for g in c.children if g.dep_ == "pobj"]


def unique(items: Iterable[int]) -> list[int]:
    out: list[int] = []
    for i in items:
        if i not in out:
            out.append(i)
    return out


def verb_objects(verb: Token) -> list[Token]:
    """A verb's direct objects, less a second one set after a comma: that is a phrase summing up the
    act ("struck 60 targets, the first military response to ..."), which the parser reads as one
    more object."""
    objs = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
    return [o for n, o in enumerate(objs) if n == 0 or o.left_edge.i == 0 or o.left_edge.nbor(-1).text != ","]


def phrase_tokens(top: Token, enters: Callable[[Token], bool]) -> list[Token]:
    """The tokens of the phrase under `top`, going down only into the children `enters` takes (e.g.
    not into the clauses nested in it)."""
    out: list[Token] = []
    todo = [top]
    while todo:
        cur = todo.pop()
        out.append(cur)
        todo.extend(c for c in cur.children if enters(c))
    return out


def place_named(ctx: Context, tok: Token) -> list[int]:
    """The places a noun phrase names: "Palmyra", "the town of Manbij"; not "photographs of Manbij"."""
    named = ctx.with_conjuncts(tok)
    if not named and tok.lemma_.lower() in place_of_nouns(ctx):
        named = [i for obj in prep_objects(tok, {"of"}) for i in place_named(ctx, obj)] \
            or place_in_settlement_noun(ctx, tok) or pair_named_before(ctx, tok)
    return named


def pair_named_before(ctx: Context, tok: Token) -> list[int]:
    """"both towns", "the two cities": the pair of places named together ("X and Y") last before the
    noun, in its sentence or the one before."""
    if tok.tag_ != "NNS" or tok.lemma_.lower() not in ctx.w("pair_place_nouns") \
            or not any(c.dep_ in {"det", "nummod", "predet"} and c.lower_ in ctx.w("pair_words") for c in tok.children):
        return []
    sents = [s for s in ctx.sents if s.start <= tok.i]
    start = sents[-2].start if len(sents) > 1 else 0
    places = [(i, root) for i, root in ctx.heads if start <= root.i < tok.i and ctx.is_place(i)
              and ctx.mentions[i].kind == "name"]
    if not places:
        return []
    last, root = places[-1]
    first = ctx.mention_of(root.head) if root.dep_ == "conj" else None
    return [first, last] if first is not None and first != last and ctx.is_place(first) else []


def place_of_nouns(ctx: Context) -> frozenset[str]:
    """Nouns whose "of" names a place: "the town of X", "most of X", "the capital of X"."""
    return ctx.w("settlement_nouns") | ctx.w("division_nouns") | ctx.w("locative_of_nouns") | ctx.w("partitive_words")


def as_role(noun: Token) -> bool:
    """"X is part of Y", "X flies as part of Y": the noun describes the clause's subject."""
    return noun.dep_ == "attr" or (noun.dep_ == "pobj" and noun.head.lower_ == "as")


def _relational_participle(ctx: Context, tok: Token) -> bool:
    """"-backed", "-led", "-controlled" joined to a name: a relation, never a role in an event."""
    return tok.lower_ in ctx.w("relational_participles") and tok.i >= 1 and ctx.doc[tok.i - 1].text == "-"


def relational_modifier(ctx: Context, tok: Token) -> bool:
    """The token is such a participle, or the name it joins ("Iran" in "Iran-backed militias")."""
    if _relational_participle(ctx, tok):
        return True
    return tok.i < tok.head.i and tok.dep_ in {"npadvmod", "compound", "amod", "nmod"} \
        and _relational_participle(ctx, tok.head)


def place_in_settlement_noun(ctx: Context, tok: Token) -> list[int]:
    """"X town", "the X camp", "the village Y", "X region": the name joined to a kind of place."""
    if tok.lemma_.lower() not in ctx.w("settlement_nouns") | ctx.w("division_nouns"):
        return []
    return ctx.mentions_in(c for c in tok.children if c.dep_ in {"compound", "appos"})


def _hyphened(tok: Token) -> bool:
    """A word joined to the next by a hyphen: "US" in "US-British"."""
    doc = tok.doc
    return tok.i + 1 < len(doc) and doc[tok.i + 1].text == "-" and not tok.whitespace_
