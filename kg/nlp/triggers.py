"""Which matched trigger spans state a happening: the rules that drop the rest.

A trigger word can name a state or a wish rather than an incident: a participle describing
people or things ("displaced persons", "a besieged hotel", "prisoners jailed abroad"), a habit
or standing state told in a relative clause ("gangs who kidnap for ransom", "which has besieged
the city since May"), nothing in particular ("free of any threat"), the end of a state ("lifted
the curfew", "ended the truce"), what did not come about ("ended without agreement"), a request
that is no event ("a warrant for his arrest"), a part of another act told as its circumstance
("stormed the church, setting fire to homes"), fighting that a deal or a call halts ("agreed to
stop fighting", "a pause in the fighting"), a charge laid against someone ("accused of looting
homes", "wanted for murder and torture"; one told with its day stays), a campaign
grown ("has stepped up attacks") or what an act is called ("condemned the strikes as an
assault"). The words live in
ontology/patterns/lexicon.json; the grammar below is English.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg.lexicon import Lexicon

PERFECT_AUX = frozenset({"has", "have", "'s", "'ve"})
PRESENT_TAGS = frozenset({"VBP", "VBZ"})
PRESENT_BE = frozenset({"is", "are", "'s", "'re"})
TIME_ENTS = frozenset({"DATE", "TIME"})
PARTICIPLE_TAGS = frozenset({"VBN", "VBD"})  # the tagger often reads a reduced relative as a past tense
CLAUSE_DEPS = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "mark"})
ELABORATION_DEPS = frozenset({"advcl", "conj", "xcomp"})
INDEFINITE = frozenset({"a", "an"})
CHARGE_PREPS = frozenset({"of", "for", "with"})
PRELUDE_PREPS = frozenset({"after", "in", "during", "amid", "following"})
TAKEOVER = "Takeover"
#: id of the trigger patterns in events.jsonl whose last word alone is the trigger: the words before
#: only tell it names an incident ("came under fire": "fire", not "a fire broke out")
LAST_WORD = "last-word"
#: id of the trigger patterns that state an act only with its doer named (kg.nlp.bounds, kg.nlp.doers)
AGENT_BOUND = "agent-bound"


@dataclass(frozen=True)
class TriggerFilter:
    """Drops the trigger spans of one spans group that state no happening."""

    key: str
    nonspecific: frozenset[str]
    ending_verbs: frozenset[str]
    ended_classes: frozenset[str]
    demand_words: frozenset[str]
    no_event_requests: frozenset[str]
    incidental_classes: frozenset[str]
    stative: frozenset[str]
    halting: frozenset[str] = frozenset()
    charges: frozenset[str] = frozenset()
    definite: frozenset[str] = frozenset()
    intensify: frozenset[str] = frozenset()
    characterizing: frozenset[str] = frozenset()
    spans_of_time: frozenset[str] = frozenset()
    absence: frozenset[str] = frozenset()

    @classmethod
    def from_lexicon(cls, key: str, lex: Lexicon) -> TriggerFilter:
        words = lex.sets
        return cls(key, words.get("nonspecific_determiners", frozenset()),
                   words.get("ending_verbs", frozenset()), words.get("ended_classes", frozenset()),
                   words.get("demand_words", frozenset()), words.get("no_event_requests", frozenset()),
                   words.get("incidental_classes", frozenset()),
                   words.get("stative_participles", frozenset()), words.get("halting_words", frozenset()),
                   words.get("charge_words", frozenset()), words.get("anaphoric_determiners", frozenset()),
                   words.get("intensify_verbs", frozenset()), words.get("characterizing_verbs", frozenset()),
                   words.get("time_span_nouns", frozenset()), words.get("absence_preps", frozenset()))

    def __call__(self, doc: Doc) -> Doc:
        spans = _unbound_by_phrase([_last_word(s) if s.id_ == LAST_WORD else s for s in doc.spans.get(self.key, [])])
        acts = {s.root.i for s in spans if s.label_ not in self.incidental_classes}
        takeovers = {s.root.i for s in spans if s.label_ == TAKEOVER}
        doc.spans[self.key] = [s for s in spans if self.states_happening(s, acts)
                               and not self._prelude(s, takeovers)]
        return doc

    def _prelude(self, span: Span, takeovers: set[int]) -> bool:
        """"seized the town after five days of fighting", "captured X in a fresh offensive": the fighting
        that won a place is told as the takeover's course, not as an incident of its own."""
        tok = span.root
        if span.label_ == TAKEOVER or tok.dep_ != "pobj":
            return False
        if tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in self.spans_of_time:
            tok = tok.head.head  # "after five days of fighting"
        prep = tok.head
        host = prep.head.head if prep.head.dep_ in {"dobj", "obj"} else prep.head  # "took the towns in an offensive"
        return tok.dep_ == "pobj" and prep.lower_ in PRELUDE_PREPS and (prep.head.i in takeovers or host.i in takeovers)

    def states_happening(self, span: Span, acts: set[int]) -> bool:
        """Does the trigger state an incident (see the module docstring for what does not)?"""
        root = span.root
        return not (describes_noun(root, self.stative) or habitual(root) or self._nonspecific(root)
                    or (root.dep_ == "pobj" and root.head.lower_ in self.absence)  # "ended without agreement"
                    or self._ended(span) or self._demanded(root) or self._incidental(span, acts)
                    or self._halted(span) or self._charged(root) or self._stepped_up(root)
                    or self._characterizes(root))

    def _nonspecific(self, root: Token) -> bool:
        """"any threat", "no fighting": a determiner that names no particular happening."""
        return any(c.dep_ == "det" and c.lower_ in self.nonspecific for c in root.children)

    def _ended(self, span: Span) -> bool:
        """"lifted the curfew", "ending a long siege", "ended a truce": a state whose end is told."""
        root = span.root
        verb = root.head
        demanded = verb.dep_ in {"ccomp", "xcomp"} and verb.head.lemma_.lower() in self.demand_words
        return (span.label_ in self.ended_classes and root.dep_ in {"dobj", "nsubjpass", "nsubj"}
                and verb.lemma_.lower() in self.ending_verbs and not demanded)  # "demanded that X lift the siege"

    def _halted(self, span: Span) -> bool:
        """"agreed to stop fighting", "a pause in the fighting", "halt hostilities": fighting a deal or a
        call halts is the war at large, not an incident; "stopped an attack" tells of one and stays."""
        root = span.root
        if span.label_ in self.ended_classes or any(c.dep_ == "det" and c.lower_ in INDEFINITE for c in root.children):
            return False
        if root.dep_ in {"dobj", "nsubjpass", "xcomp"}:  # "stop the fighting", "stop fighting"
            return root.head.lemma_.lower() in self.halting
        return root.dep_ == "pobj" and root.head.lower_ in {"of", "in", "to", "on"} \
            and root.head.head.lemma_.lower() in self.halting

    def _characterizes(self, root: Token) -> bool:
        """"condemned the strikes as an assault on its sovereignty": what an act is called is no second act."""
        head = root.head
        return root.dep_ == "pobj" and head.lower_ == "as" and head.head.lemma_.lower() in self.characterizing

    def _stepped_up(self, root: Token) -> bool:
        """"the group has stepped up attacks on the army": a campaign grown, no incident."""
        verb = root.head
        return root.tag_ in {"NNS", "NNPS"} and root.dep_ == "dobj" and verb.lemma_.lower() in self.intensify \
            and any(c.dep_ == "aux" and c.lower_ in PERFECT_AUX for c in verb.children)

    def _charged(self, root: Token) -> bool:
        """"accused them of looting homes", "wanted for murder and torture": a charge laid, not an
        incident told ("accused X of the shelling" points to one, and stays)."""
        head = root
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head
        if head.dep_ not in {"pobj", "pcomp"} or head.head.lower_ not in CHARGE_PREPS:
            return False
        if any(c.dep_ in {"det", "poss"} and c.lower_ in self.definite for c in head.children):
            return False
        if any(c.dep_ == "dobj" and _names_one(c, self.definite) for c in root.children) or _pinned(root):
            return False  # "accused X of shelling the village of Y": one incident, told as alleged
        charged = head.head.head  # "accused X of looting": the preposition hangs on the verb or on X
        if charged.dep_ in {"dobj", "nsubjpass"} and charged.lemma_.lower() not in self.charges:
            charged = charged.head
        return charged.lemma_.lower() in self.charges

    def _demanded(self, root: Token) -> bool:
        """"a warrant for his arrest": a request that is no event, not even a hoped-for one (a call
        for a ceasefire is kept, as a hypothetical event, by the modality rules)."""
        head = root.head
        if root.dep_ == "pobj" and head.lower_ == "for":
            return head.head.lemma_.lower() in self.no_event_requests
        return root.dep_ == "dobj" and head.lemma_.lower() in self.no_event_requests

    def _incidental(self, span: Span, acts: set[int]) -> bool:
        """"stormed the church, killing ten and setting fire to homes": a participle clause that
        tells part of another act is that act's circumstance, not an incident of its own."""
        if span.label_ not in self.incidental_classes:
            return False
        tok = span.root
        while tok.tag_ == "VBG" and tok.dep_ in ELABORATION_DEPS and tok.head.i != tok.i:
            tok = tok.head
            if tok.i in acts:
                return True
        return False


def describes_noun(root: Token, stative: frozenset[str]) -> bool:
    """"displaced persons", "a besieged hotel", "hostages held in the enclave": a participle
    that says what a noun is; after the noun, only a verb of a lasting state does ("held",
    "jailed"), and one with a by-agent or a date tells of a happening."""
    if root.tag_ not in PARTICIPLE_TAGS:
        return False
    if root.dep_ == "amod":
        return True
    if root.dep_ != "acl" or any(c.dep_ in CLAUSE_DEPS for c in root.children):
        return False  # "reports that X had massacred": a clause of its own, no reduced relative
    if root.lemma_.lower() not in stative:
        return False  # "a commander arrested in the capital": the arrest is told
    return not any(t.dep_ == "agent" or t.ent_type_ in TIME_ENTS for t in root.subtree)


def habitual(root: Token) -> bool:
    """"gangs who kidnap for ransom", "the group, which has besieged the city since May", "the group,
    which is fighting the government": a relative clause in the present, the present perfect or the
    present progressive says what someone does or is."""
    verb = clause_verb(root)
    if verb is None or verb.dep_ != "relcl":
        return False
    if verb.tag_ in PRESENT_TAGS:
        return True
    aux = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if verb.tag_ == "VBG":
        return bool(aux & PRESENT_BE)
    return verb.tag_ == "VBN" and bool(aux & PERFECT_AUX)


def clause_verb(tok: Token) -> Token | None:
    """The verb of the clause a token stands in (the token itself when it is one)."""
    cur = tok
    while cur.pos_ not in {"VERB", "AUX"}:
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return cur


def _names_one(obj: Token, definite: frozenset[str]) -> bool:
    """An object that names one thing: a proper name in it, or a definite determiner ("the village")."""
    return any(t.pos_ == "PROPN" for t in obj.subtree) \
        or any(c.dep_ in {"det", "poss"} and c.lower_ in definite for c in obj.children)


def _pinned(root: Token) -> bool:
    """"of shelling a market on Sunday", "of an attack on a camp last week": a charge told with the day
    it gives is one incident, however indefinite its object ("of looting homes in X" stays a charge)."""
    told = [t for c in root.children if c.dep_ in {"prep", "npadvmod", "dobj"} for t in c.subtree]
    return any(t.ent_type_ in TIME_ENTS for t in told)


def _unbound_by_phrase(spans: list[Span]) -> list[Span]:
    """"nine were shot dead": a word that states an act only with its doer named ("shoot") states it
    alone in a fuller phrase of the same class; the bare match of that word gives way to the phrase."""
    phrased = {(s.root.i, s.label_) for s in spans if not s.id_ and len(s) > 1}
    return [s for s in spans if s.id_ != AGENT_BOUND or (s.root.i, s.label_) not in phrased]


def _last_word(span: Span) -> Span:
    return Span(span.doc, span.end - 1, span.end, label=span.label_, span_id=span.id_)
