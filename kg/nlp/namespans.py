"""Entity spans mended after the model: names cut by the knowledge-base ruler or run across paragraphs.

The ruler marks a generic word that stands for an institution ("army" in "Army spokesman") before
the model's ner runs, so inside a name the model would have read whole ("the Free Hills Army
(FHA) rebels") the word takes its own span and the name is left without it. A span of one
capitalised generic word right after a name the model found is rejoined to that name, which then
stands as a name of its own, not the institution. A span the model ran over a paragraph break
(a headline's last word and the dateline's first) is cut at the break.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

#: the labels of a name a generic word can end ("National Salvation" + "Front"); never a state's
#: or a people's name ("Turkish" + "Army" is the state's army)
NAME_LABELS = frozenset({"ORG", "PERSON", "FAC"})


@dataclass(frozen=True)
class NameSpanRepair:
    """Mends `doc.ents` as the module says; `generic` is the lexicon's `generic_heads`."""

    generic: frozenset[str]

    def __call__(self, doc: Doc) -> Doc:
        ents = [piece for ent in doc.ents for piece in _paragraph_pieces(ent)]
        doc.ents = _rejoined(ents, self.generic)
        return doc


def _paragraph_pieces(ent: Span) -> list[Span]:
    """The parts of a span between the whitespace tokens that hold a line break."""
    breaks = [t.i for t in ent if t.text.isspace() and "\n" in t.text]
    if not breaks:
        return [ent]
    pieces: list[Span] = []
    start = ent.start
    for cut in [*breaks, ent.end]:
        if cut > start:
            pieces.append(Span(ent.doc, start, cut, label=ent.label_, kb_id=ent.kb_id_, span_id=ent.id_))
        start = cut + 1
    return pieces


def _rejoined(ents: list[Span], generic: frozenset[str]) -> list[Span]:
    out: list[Span] = []
    for ent in ents:
        prev = out[-1] if out else None
        if prev is not None and _cut_from(prev, ent, generic):
            out[-1] = Span(ent.doc, prev.start, ent.end, label="ORG")
            for tok in out[-1]:
                tok.ent_id_ = ""  # a name of its own, not the ruler's institution
        else:
            out.append(ent)
    return out


def _cut_from(prev: Span, ent: Span, generic: frozenset[str]) -> bool:
    """Is `ent` a capitalised generic word the ruler took off the end of the name `prev`?"""
    word = ent[0]
    return (len(ent) == 1 and prev.end == ent.start and prev.label_ in NAME_LABELS and not prev.ent_id_
            and word.text.istitle() and word.text.lower() in generic and ent.ent_id_ == word.text.lower()
            and any(c.isalnum() for c in prev[-1].text))
