"""Who a pronoun opening a sentence stands for: the subject the sentence before was about. "X stormed
the post, officials said. They killed five" (X, not the officials or the post's owner); "X said Y
attacked its bases. It said it repelled them" (X: a speaker goes on speaking). A reported clause
("officials said X stormed") is about its own subject, unless the pronoun too speaks ("It said").
`prior_subject` gives the offset of that subject's mention; the resolver prefers it to the nearest
name when it fits the pronoun."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.nlp.syntax import Context

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
GROUP_PRONOUNS = frozenset({"it", "they"})


def prior_subject(ctx: Context, pron: Token) -> int | None:
    """The start offset of the mention of the sentence before's subject, for "it"/"they" that is the
    subject of its sentence's main verb with no name before it in the sentence; else None."""
    sent = pron.sent
    if pron.lower_ not in GROUP_PRONOUNS or pron.dep_ not in SUBJECT_DEPS or pron.head.i != sent.root.i \
            or sent.start == 0 or any(t.i in ctx.by_token for t in ctx.doc[sent.start:pron.i]):
        return None
    before = ctx.doc[sent.start - 1].sent
    speaks = pron.head.lemma_.lower() in ctx.w("reporting_verbs")
    subject = _topic(ctx, before, speaks)
    if subject is None:
        return None
    found = ctx.owners(subject)
    return ctx.mentions[found[0]].start if len(found) == 1 else None


def _topic(ctx: Context, sent: Span, speaks: bool) -> Token | None:
    """The subject a sentence is about: its main verb's, or, when the main verb reports and the
    pronoun does not speak, the reported clause's."""
    verb = sent.root
    if not speaks and verb.lemma_.lower() in ctx.w("reporting_verbs"):
        verb = next((c for c in verb.children if c.dep_ == "ccomp"), verb)
    return next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
