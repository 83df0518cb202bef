"""Actors on one side of a fight: "X and Y attacked Z", "X, together with Y, is fighting Z".

Coordinated doers of a fight verb that names its opponent stand with each other (both ways);
a partner named by "together with", "along with", "in coordination with" stands with the doer
and shares the fight of its clause. The words are `opposition_verbs` (lexicon.json) and the
`company_*` lists of lexicon-sides.json.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.nlp.clauses import modality_of, subjects_of
from kg.nlp.offices import candidate
from kg.nlp.standing import stands
from kg.nlp.syntax import Context, prep_objects, unique
from kg.records import RelationCandidate

OPPONENT_PREPS = {"against"}


def side_relations(ctx: Context) -> Iterator[RelationCandidate]:
    """Both rules of the module, in order."""
    yield from joint_doers(ctx)
    yield from company(ctx)


def _fights(ctx: Context, verb: Token) -> bool:
    return verb.pos_ == "VERB" and verb.lemma_.lower() in ctx.w("opposition_verbs") \
        and modality_of(ctx, verb) == "asserted" and stands(ctx, verb, "opposes")


def _opponents(ctx: Context, verb: Token) -> list[int]:
    """The actors a fight verb names as fought (its object or "against" object), not places."""
    objs = [c for c in verb.children if c.dep_ in {"dobj", "obj"}] + prep_objects(verb, OPPONENT_PREPS)
    if not objs:  # "to defeat and destroy Z": the last verb's object is the first's too
        objs = [c for v in verb.conjuncts if v.i > verb.i for c in v.children if c.dep_ in {"dobj", "obj"}]
    return unique(i for o in objs for i in ctx.owners(o) if not ctx.is_place(i))


def joint_doers(ctx: Context) -> Iterator[RelationCandidate]:
    """"X and Y attacked Z": X and Y support each other; not "X and Y clashed" (no one else fought)."""
    for verb in ctx.tokens:
        if not _fights(ctx, verb):
            continue
        fought = _opponents(ctx, verb)
        doers = [i for i in subjects_of(ctx, verb) if i not in fought]
        if not fought or len(doers) < 2:
            continue
        for a in doers:
            for b in doers:
                if a != b:
                    yield candidate(ctx, a, "supports", b, verb, "rule:joint-doers", 0.6)


def company(ctx: Context) -> Iterator[RelationCandidate]:
    """"X, together with Y, is working to defeat Z": X and Y support each other and oppose Z;
    only where the clause names whom they fight."""
    for prep in ctx.tokens:
        if prep.lower_ != "with" or not _companion_word(ctx, prep):
            continue
        partners = unique(i for o in prep.children if o.dep_ == "pobj" for i in ctx.owners(o))
        holder = _holder(ctx, prep)
        doers = ctx.owners(holder) if holder.pos_ in {"NOUN", "PROPN"} else subjects_of(ctx, holder)
        doers = [i for i in doers if i not in partners]
        fought = [z for z in _shared_fight(ctx, doers, holder) if z not in partners]
        for x in doers if fought else ():  # "X, along with Y, was hanged": company, not a side
            for y in partners:
                yield candidate(ctx, x, "supports", y, prep, "rule:together-with", 0.6)
                yield candidate(ctx, y, "supports", x, prep, "rule:together-with", 0.6)
        for y in doers + partners:  # the doers too: "the men of X" are no name the verb rules see
            for z in fought:
                yield candidate(ctx, y, "opposes", z, prep, "rule:together-with-fight", 0.6)


def _companion_word(ctx: Context, prep: Token) -> bool:
    """"together with", "along with" (the adverb just before "with"), "in coordination with"."""
    if prep.i > 0 and ctx.doc[prep.i - 1].lower_ in ctx.w("company_adverbs"):
        return True
    head = prep.head
    return head.lemma_.lower() in ctx.w("company_nouns") and head.dep_ == "pobj" and head.head.lower_ == "in"


def _holder(ctx: Context, prep: Token) -> Token:
    """The noun or verb the phrase hangs on, past the adverb or "in coordination"."""
    head = prep.head
    if head.lemma_.lower() in ctx.w("company_nouns"):
        return head.head.head
    return head.head if head.lower_ in ctx.w("company_adverbs") else head


def _shared_fight(ctx: Context, doers: list[int], holder: Token) -> list[int]:
    """Whom the doers fight in the sentence, by a fight verb whose subject they or the holder are
    ("the men of X, together with Y, are working to defeat Z")."""
    if not doers:
        return []
    return unique(z for verb in holder.sent if _fights(ctx, verb)
                  and (set(doers) & set(subjects_of(ctx, verb)) or _subject_token(verb) == holder)
                  for z in _opponents(ctx, verb))


def _subject_token(verb: Token) -> Token | None:
    """The subject word of a verb, or of the clause it completes ("are working hard to defeat Z")."""
    for _ in range(4):
        found = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if found:
            return found[0]
        if verb.dep_ not in {"xcomp", "pcomp", "prep", "acomp", "advcl", "conj"}:
            return None
        verb = verb.head
    return None
