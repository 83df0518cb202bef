"""Clause-level readings shared by the event and relation rules: who a verb's subjects are,
whose campaign a noun names, and whether the text states that something happened."""

from __future__ import annotations

from spacy.tokens import Token

from kg.nlp.syntax import Context, clause_verb
from kg.records import Modality

AUX_HYPOTHETICAL = {"could", "might", "may", "would"}
AUX_FUTURE = {"will", "shall"}
#: the lexicon's lists of words that put what is governed by them out of fact, and the modality each gives;
#: the first list a word of the chain is in decides ("denied trying to retake": denied)
MODAL_WORDS: tuple[tuple[str, Modality], ...] = (
    ("negation_verbs", "denied"), ("threat_verbs", "threatened"), ("plan_verbs", "planned"),
    ("attempt_words", "attempted"), ("talk_words", "planned"), ("demand_words", "hypothetical"))
#: the links through which a verb's modality reaches the words below it ("denied carrying out")
GOVERNED = {"xcomp", "ccomp", "pcomp", "csubj", "dobj"}


def modality_of(ctx: Context, t: Token) -> Modality:
    """Whether the text states that what the token names happened, from the token and the words above it:
    "denied shelling", "threatened to strike", "tried to retake", "talks on a truce", "called for a truce".
    The nearest word decides, but a denial anywhere above wins ("rejected a proposal for a truce")."""
    chain = [t, *t.ancestors]
    found: Modality | None = None
    for below, tok in zip([None, *chain], chain):
        if below is not None and tok.lemma_.lower() in ctx.w("ending_words"):
            break  # "called for an end to the attacks": the call is for the end; the attacks happen
        modal = modal_word(ctx, tok, below)
        if modal == "denied":
            return modal
        if found is None and modal is not None and not _made_when_tried(ctx, t, modal) \
                and not (below is not None and below.dep_ in {"nsubj", "nsubjpass"}):
            found = modal  # not "the strikes were intended to cut supplies": the purpose is planned, not the strikes
        if tok.pos_ in {"VERB", "AUX"}:
            found = found or _auxiliary_modality(tok)
            if tok.dep_ not in GOVERNED and not _under_modal_noun(ctx, tok) and not _content_of_report(ctx, tok):
                break
    return found or "asserted"


def _made_when_tried(ctx: Context, t: Token, modal: Modality) -> bool:
    """An attack tried is an attack made ("tried to kill the governor"); a town tried is not taken."""
    return modal == "attempted" and t.lemma_.lower() in ctx.w("tried_acts")


def _auxiliary_modality(verb: Token) -> Modality | None:
    """"did not strike", "could strike", "if they strike", "will strike"."""
    kids = {c.lower_ for c in verb.children if c.dep_ in {"aux", "neg", "mark"}}
    if kids & {"not", "n't", "never"}:
        return "negated"
    if kids & (AUX_HYPOTHETICAL | {"if", "unless"}):
        return "hypothetical"
    if kids & AUX_FUTURE:
        return "planned"
    return None


def modal_word(ctx: Context, tok: Token, below: Token | None) -> Modality | None:
    """The modality a word gives what it governs: by its lemma ("attempt"), or by its lemma and the
    preposition it governs it through ("call for")."""
    lemma = tok.lemma_.lower()
    phrase = f"{lemma} {below.lower_}" if below is not None and below.dep_ == "prep" else None
    for words, modality in MODAL_WORDS:
        if lemma in ctx.w(words) or (phrase is not None and phrase in ctx.w(words)):
            return modality
    return None


def _under_modal_noun(ctx: Context, verb: Token) -> bool:
    """"an attempt to seize X", "a bid to retake X": the clause completes a noun that puts it out of fact."""
    return verb.dep_ == "acl" and modal_word(ctx, verb.head, None) is not None


def _content_of_report(ctx: Context, verb: Token) -> bool:
    """"has not confirmed reports that it detained X": what a report says is as true as the report is
    held to be, so the words above the report noun decide."""
    return verb.dep_ in {"acl", "ccomp"} and verb.head.lemma_.lower() in ctx.w("report_nouns") \
        and any(c.dep_ == "mark" and c.lower_ == "that" for c in verb.children)


def subjects_of(ctx: Context, verb: Token) -> list[int]:
    """The verb's subject mentions; for a relative clause ("X, which controls Y") its head noun."""
    nsubj = [c for c in verb.children if c.dep_ == "nsubj"]
    relative = not nsubj or all(c.tag_ in {"WDT", "WP"} for c in nsubj)
    if relative and verb.dep_ == "relcl":
        return ctx.with_conjuncts(verb.head)
    if not nsubj and verb.dep_ in {"xcomp", "pcomp", "acomp"}:  # "X is committed to defeating Y": X
        governor = verb.head.head if verb.dep_ == "pcomp" else verb.head
        own = [c for c in governor.children if c.dep_ == "nsubjpass"]
        if verb.dep_ == "xcomp" or governor.lemma_.lower() in ctx.w("accusing_verbs"):
            # "lead the coalition to defeat Y", "accused X of carrying out the raid": the object does it
            own += [c for c in governor.children if c.dep_ in {"dobj", "obj"} and ctx.with_conjuncts(c)]
        return [i for c in own for i in ctx.with_conjuncts(c)] or subjects_of(ctx, governor)
    if not nsubj and verb.dep_ == "conj" and verb.head.pos_ == "VERB":  # "degrade and defeat Y"
        return subjects_of(ctx, verb.head)
    if not nsubj and verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return subjects_of(ctx, verb.head)  # "to defeat Y, we need ...": a purpose is the main subject's
    if not nsubj and verb.dep_ == "acl" and verb.head.lemma_.lower() in ctx.w("campaign_nouns"):
        return campaign_owners(ctx, verb.head)  # "the coalition's campaign to defeat Y"
    return [i for c in nsubj for i in ctx.with_conjuncts(c)]


def campaign_owners(ctx: Context, noun: Token) -> list[int]:
    """Whose campaign: its possessor or qualifier ("coalition operations"), else its clause's subject;
    nobody's when the clause ends or loses it ("HTS lost control of X", "Turkey ended its campaign")."""
    verb = clause_verb(noun)
    if noun.dep_ in {"dobj", "pobj", "attr"} and verb.lemma_.lower() in ctx.w("loss_verbs"):
        return []
    owners = ctx.mentions_in(c for c in noun.children if c.dep_ in {"poss", "compound", "nmod", "amod"})
    if not owners:
        owners = _enclosing_owner(ctx, noun)
    if not owners and noun.dep_ in {"dobj", "pobj", "attr"} and verb.pos_ in {"VERB", "AUX"}:
        owners = subjects_of(ctx, verb)
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
