"""Attribution: who a sentence is attributed to ("according to X", "X said")."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.nlp.syntax import PLACE_LABELS, Context, prep_objects
from kg.records import Attribution

QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d"})


def find_attributions(ctx: Context) -> tuple[list[Attribution], dict[int, int], dict[int, int]]:
    """Who each sentence is attributed to ("according to X", "X said", "X confirmed"), and who each
    reporting verb's clause is ("A said X attacked ..., B said"): sentence -> and verb token -> index."""
    found: list[Attribution] = []
    by_sentence: dict[int, int] = {}
    by_verb: dict[int, int] = {}
    for n, sent in enumerate(ctx.sents):
        according = _according_to(ctx, sent)
        verbs = _reporting_verbs(ctx, sent) if according is None else []  # "according to X" tells the whole sentence
        att = according or (verbs[0][1] if verbs else None)
        if att is not None:
            by_sentence[n] = len(found)
            found.append(att)
        for i, said in verbs:
            if said != att:
                found.append(said)
            by_verb[i] = found.index(said)
    for n, last in _quoted_on(ctx.sents).items():  # '"X took the town. We hold it," P said.'
        if n not in by_sentence and last in by_sentence:
            by_sentence[n] = by_sentence[last]
    return found, by_sentence, by_verb


def _quoted_on(sents: tuple[Span, ...]) -> dict[int, int]:
    """The sentences of a quotation that runs on into a later sentence, each with the sentence where the
    quotation closes (whose speaker says all of it)."""
    out: dict[int, int] = {}
    opened: list[int] = []
    for n, sent in enumerate(sents):
        if opened:
            opened.append(n)
        if sum(1 for t in sent if t.text in QUOTE_MARKS) % 2 == 0:
            continue
        if opened and n != opened[0]:  # the quotation closes here
            out.update((k, n) for k in opened[:-1])
            opened = []
        else:
            opened = [n]
    return out


def told_by(tok: Token, by_verb: dict[int, int], sentence: int | None) -> int | None:
    """The attribution of the nearest reporting verb whose clause holds the token, else the sentence's."""
    return next((by_verb[a.i] for a in tok.ancestors if a.i in by_verb), sentence)


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


def _reporting_verbs(ctx: Context, sent: Span) -> list[tuple[int, Attribution]]:
    """Each reporting verb of the sentence that names who says (or that nobody is named), first first."""
    found = ((tok.i, _reporting_verb(ctx, tok, sent)) for tok in sent
             if tok.pos_ == "VERB" and (tok.lemma_.lower() in ctx.w("reporting_verbs") or _finding(ctx, tok)))
    return [(i, att) for i, att in found if att is not None]


def _reporting_verb(ctx: Context, tok: Token, sent: Span) -> Attribution | None:
    """Who a reporting verb names as saying: its subject, or the name right before a closing "said"."""
    closing = _closes_sentence(tok, sent)
    if tok.dep_ != "ROOT" and not closing and not any(c.dep_ == "ccomp" for c in tok.children):
        return None
    subjects = [c for c in tok.children if c.dep_ in {"nsubj"}]
    if not subjects and _unnamed_accuser(ctx, tok):
        return Attribution(None, tok.lemma_.lower(), tok.idx, tok.idx + len(tok.text))
    before = _mention_before(ctx, tok) if closing else None
    if before is not None:  # ", killing 9 civilians, the Observatory said (on Monday)."
        return Attribution(before, tok.lemma_.lower(), min(ctx.mentions[before].start, tok.idx),
                           tok.idx + len(tok.text))
    if not subjects:
        return None
    idx = _speaker(ctx, subjects[0]) if subjects[0].pos_ != "PRON" else None
    if idx is None:
        idx = _mention_before(ctx, tok)
    start = ctx.mentions[idx].start if idx is not None else subjects[0].idx
    return Attribution(idx, tok.lemma_.lower(), min(start, tok.idx), tok.idx + len(tok.text))


def _finding(ctx: Context, verb: Token) -> bool:
    """"The Commission's report found that ...", "a study by X showed that ...": a report that finds."""
    return verb.lemma_.lower() in ctx.w("finding_verbs") \
        and any(c.dep_ == "nsubj" and c.lemma_.lower() in ctx.w("finding_nouns") for c in verb.children)


def _speaker(ctx: Context, subject: Token) -> int | None:
    """The mention a speaking subject names: itself or its first conjunct ("The committee and X said"),
    whose office it is ("Norway's foreign ministry"), who wrote a report ("a report by X found"), else the
    first non-place name in its phrase ("The Commission (NHRC), a state body, said")."""
    found = ctx.owners(subject)
    if not found and subject.lemma_.lower() in ctx.w("finding_nouns"):
        found = [i for o in prep_objects(subject, {"by", "from", "of"}) for i in ctx.owners(o)]
    if not found:
        found = [i for i in ctx.mentions_in(subject.subtree) if ctx.mentions[i].role != "locative"
                 and ctx.mentions[i].label not in PLACE_LABELS - {"GPE"}]
    return found[0] if found else None


def _unnamed_accuser(ctx: Context, verb: Token) -> bool:
    """"B was accused of the shelling": an accusation whose accuser the sentence does not name."""
    return verb.lemma_.lower() in ctx.w("accusing_verbs") and any(c.dep_ == "nsubjpass" for c in verb.children)


def _closes_sentence(verb: Token, sent: Span) -> bool:
    """A reporting verb that ends its sentence after a comma-set phrase, bar the time or place of its
    saying: ", the Observatory said.", ", the ministry said on Friday."."""
    said = {t.i for c in verb.children if c.dep_ in {"prep", "npadvmod", "advmod"} and c.i > verb.i
            for t in c.subtree}
    rest = [t for t in sent if t.i > verb.i]
    return all(t.is_punct or t.i in said for t in rest) and any(t.text == "," for t in sent if t.i < verb.i)


def _mention_before(ctx: Context, verb: Token) -> int | None:
    """", the Observatory said.": the mention that ends right before a sentence-final reporting verb."""
    if verb.i == 0:
        return None
    before = ctx.doc[verb.i - 1]
    idx = ctx.mention_of(before)
    if idx is None or ctx.mentions[idx].label in PLACE_LABELS:
        return None
    return idx


def named_doers(ctx: Context, t: Token) -> list[int]:
    """Who a speaker names as the doer of what the token names: "A accused B of shelling X" (B),
    "B was accused of the shelling" (B), "B claimed responsibility for the bombing" (B), "B denied any role
    in the attack" (B, in a denied event), "A accused B of carrying out the killings" (B)."""
    if t.dep_ in {"dobj", "obj"} and t.head.dep_ == "pcomp" and t.head.lemma_.lower() in ctx.w("light_verbs"):
        t = t.head  # "of carrying out the killings": the act is the light verb's object
    up = t.head
    if t.dep_ in {"pobj", "pcomp"} and up.lower_ == "of" and up.head.lemma_.lower() in ctx.w("accusing_verbs"):
        return [i for c in up.head.children if c.dep_ in {"dobj", "nsubjpass"} for i in ctx.owners(c)]
    noun = up.head if t.dep_ == "pobj" and up.lower_ in {"for", "in"} else None
    if noun is not None and noun.lemma_.lower() in ctx.w("responsibility_nouns") \
            and noun.head.lemma_.lower() in ctx.w("claiming_verbs") | ctx.w("negation_verbs"):
        return [i for c in noun.head.children if c.dep_ == "nsubj" for i in ctx.owners(c)]
    return []


def speaker_only(ctx: Context, t: Token, idx: int) -> bool:
    """Is the mention only the one who tells of what the token names ("the ministry reported the raid",
    "the Observatory documented the killings"), not its doer?"""
    verb = t.head
    if t.dep_ not in {"dobj", "npadvmod", "attr", "oprd"} or verb.lemma_.lower() not in ctx.w("telling_verbs"):
        return False
    return idx in [i for c in verb.children if c.dep_ == "nsubj" for i in ctx.owners(c)]
