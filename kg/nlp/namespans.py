"""Entity spans mended after the model: names cut by the knowledge-base ruler or run across paragraphs.

The ruler marks a generic word that stands for an institution ("army" in "Army spokesman") before
the model's ner runs, so inside a name the model would have read whole ("the Free Hills Army
(FHA) rebels") the word takes its own span and the name is left without it. A span of one
capitalised generic word right after a name the model found is rejoined to that name, which then
stands as a name of its own, not the institution; so are capitalised words the model left outside
any name right before it ("30 White Army fighters"). A generic word
the ruler took at the head of a longer name ("the Front for the Liberation of the Hills") takes the
rest of the name with it, unless what follows is a state's or a place's name ("the Army of X" is X's).
A code of letters and digits the model took for a product or a number names a group when a group
noun follows it ("the 7K rebel group"). A span the model ran over a paragraph break (a headline's last
word and the dateline's first) is cut at the break.

A name written with hyphens ("Pont-de-Riviere", "Saint-Luc-des-Bois") is one name: a span the model
cut at a hyphen takes the rest of the hyphenated word, and one joined over a lower-case particle
("des", "de la") is a place's name, not an organisation's. An organisation's name that goes on with
a capitalised body word and a place ("the Western Union Mission in Lowland") keeps the place inside.
A country's name followed by a capitalised word of broadcasting ("Lowland TV") names a media outlet.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

#: the labels of a name a generic word can end ("National Salvation" + "Front"); never a state's
#: or a people's name ("Turkish" + "Army" is the state's army)
NAME_LABELS = frozenset({"ORG", "PERSON", "FAC"})
#: the words that carry a name on after its generic head ("Front for the Liberation of ...")
NAME_LINKS = frozenset({"of", "for", "the", "and"})
NAMED_LABELS = frozenset({"ORG", "PERSON", "FAC", "GPE", "LOC", "NORP"})


@dataclass(frozen=True)
class NameSpanRepair:
    """Mends `doc.ents` as the module says; `generic` is the lexicon's `generic_heads`."""

    generic: frozenset[str]
    particles: frozenset[str] = frozenset()  #: the lexicon's `name_particles`
    bodies: frozenset[str] = frozenset()  #: the lexicon's `placed_body_words`
    outlets: frozenset[str] = frozenset()  #: the lexicon's `outlet_name_words`

    def __call__(self, doc: Doc) -> Doc:
        ents = [_code_named(piece, self.generic) for ent in doc.ents for piece in _paragraph_pieces(ent)]
        ents = [_unnamed_lead(ent, self.generic) for ent in ents]
        ents = _hyphen_joined(_extended(_rejoined(ents, self.generic), self.generic), self.particles)
        doc.ents = _outlet_names(_placed_bodies(ents, self.bodies), self.outlets)
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
            out[-1] = _unaliased(Span(ent.doc, prev.start, ent.end, label="ORG"))  # a name of its own
        else:
            out.append(ent)
    return out


def _unnamed_lead(ent: Span, generic: frozenset[str]) -> Span:
    """"30 White Army fighters", "the Black Brigade": capitalised words the model left outside any
    name, right before a capitalised generic word the ruler marked, make one name with it."""
    word = ent[0]
    if len(ent) != 1 or not word.text.istitle() or word.text.lower() not in generic \
            or ent.ent_id_ != word.text.lower():
        return ent
    doc, start = ent.doc, ent.start
    while start > 0 and _loose_name_word(doc[start - 1]):
        start -= 1
    return ent if start == ent.start else _unaliased(Span(doc, start, ent.end, label="ORG"))


def _loose_name_word(tok: Token) -> bool:
    """A capitalised proper noun in no name, and not capitalised only for opening its sentence."""
    return tok.pos_ == "PROPN" and tok.text.istitle() and not tok.ent_type_ and not tok.is_sent_start


def _cut_from(prev: Span, ent: Span, generic: frozenset[str]) -> bool:
    """Is `ent` a capitalised generic word the ruler took off the end of the name `prev`?"""
    word = ent[0]
    return (len(ent) == 1 and prev.end == ent.start and prev.label_ in NAME_LABELS and not prev.ent_id_
            and word.text.istitle() and word.text.lower() in generic and ent.ent_id_ == word.text.lower()
            and any(c.isalnum() for c in prev[-1].text))


def _extended(ents: list[Span], generic: frozenset[str]) -> list[Span]:
    out: list[Span] = []
    for ent in ents:
        if out and ent.start < out[-1].end:
            continue  # inside a name extended over it
        end = _name_end(ent, generic)
        inside = [e for e in ents if end is not None and ent.end <= e.start < end]
        if end is not None and all(e.label_ == "ORG" for e in inside):
            ent = _unaliased(Span(ent.doc, ent.start, max([end, *(e.end for e in inside)]), label="ORG"))
        out.append(ent)
    return out


def _name_end(ent: Span, generic: frozenset[str]) -> int | None:
    """Where a name goes on after the generic word the ruler marked ("the Coalition" + "of Patriots for
    Change"): the end of the run of capitalised words and links after it, if it ends in a capital."""
    head = ent[-1]
    if not (ent.ent_id_ and head.text.istitle() and head.text.lower() in generic
            and ent.ent_id_ == head.text.lower()):
        return None
    doc, i, end = ent.doc, ent.end, None
    while i < len(doc) and (doc[i].text in NAME_LINKS or doc[i].text.istitle()):
        if doc[i].text.istitle():
            end = i + 1
        i += 1
    if end is None or doc[ent.end].text not in {"of", "for"}:
        return None
    return end


def _unaliased(span: Span) -> Span:
    for tok in span:
        tok.ent_id_ = ""
    return span


def _code_named(ent: Span, generic: frozenset[str]) -> Span:
    """"the 7K rebel group": a one-word code before a group noun is the group's name, whatever label
    the model gave it."""
    tok = ent[0]
    if len(ent) == 1 and ent.label_ not in NAMED_LABELS and is_code_name(tok.text) and tok.dep_ == "compound" \
            and tok.head.text.lower() in generic:
        return Span(ent.doc, ent.start, ent.end, label="ORG")
    return ent


def is_code_name(text: str) -> bool:
    """"3R", "M23": letters and digits with a capital, a name however the tagger reads it."""
    return text.isalnum() and any(c.isdigit() for c in text) and any(c.isupper() for c in text)


HYPHEN = "-"


def _hyphen_joined(ents: list[Span], particles: frozenset[str]) -> list[Span]:
    """Each span over the whole hyphenated name it is part of; the spans it takes in are dropped."""
    out: list[Span] = []
    for ent in ents:
        start, end = _hyphen_bounds(ent, particles)
        joined = ent.doc[start:end]
        particle = any(t.text.lower() in particles and t.nbor(-1).text == HYPHEN for t in joined[1:])
        if (start, end) != (ent.start, ent.end) or (particle and ent.label_ == "ORG"):
            ent = _unaliased(Span(ent.doc, start, end, label="GPE" if particle and ent.label_ == "ORG"
                                  else ent.label_))
        if out and ent.start < out[-1].end:
            if ent.end > out[-1].end:
                out[-1] = Span(ent.doc, out[-1].start, ent.end, label=out[-1].label_)
            continue
        out.append(ent)
    return out


def _hyphen_bounds(ent: Span, particles: frozenset[str]) -> tuple[int, int]:
    """Where the hyphenated word around a span begins and ends: capitalised pieces, with lower-case
    particles only between them; a span the base knows ("Russia" in "Russia-Ukraine") is left alone
    unless a particle shows the pieces are one name."""
    doc = ent.doc

    def piece(i: int) -> bool:
        word = doc[i].text if 0 <= i < len(doc) else ""
        return word.isalpha() and (word.istitle() or word.lower() in particles) \
            and not (doc[i].ent_id_ and doc[i].ent_iob_ == "B" and i not in range(ent.start, ent.end))

    def link(i: int) -> bool:  # a hyphen written tight between two words
        return 0 < i < len(doc) - 1 and doc[i].text == HYPHEN and not doc[i - 1].whitespace_ \
            and not doc[i].whitespace_

    end, i = ent.end, ent.end
    while link(i) and piece(i + 1):
        i += 2
        end = i if doc[i - 1].text.istitle() else end
    start, i = ent.start, ent.start
    while link(i - 1) and piece(i - 2):
        i -= 2
        start = i if doc[i].text.istitle() else start
    whole = doc[start:end]
    if ent.ent_id_ and not any(t.text.lower() in particles for t in whole):
        return ent.start, ent.end
    return start, end


def _placed_bodies(ents: list[Span], bodies: frozenset[str]) -> list[Span]:
    """"the Western Union Mission in Lowland (WUML)": an organisation's name, a capitalised body word,
    "in" or "to" and a place's name are one organisation's name."""
    out: list[Span] = []
    skip_to = -1
    for n, ent in enumerate(ents):
        if ent.start < skip_to:
            continue
        doc, i = ent.doc, ent.end
        place = ents[n + 1] if n + 1 < len(ents) else None
        body = doc[i - 1] if ent[-1].text.lower() in bodies and len(ent) > 1 else doc[i] if i < len(doc) else None
        i = body.i + 1 if body is not None else i
        if ent.label_ == "ORG" and place is not None and place.label_ in {"GPE", "LOC"} and body is not None \
                and i + 1 == place.start and body.text.istitle() and body.text.lower() in bodies \
                and doc[i].text.lower() in {"in", "to", "for"}:
            ent = _unaliased(Span(doc, ent.start, place.end, label="ORG"))
            skip_to = place.end
        out.append(ent)
    return out


def _outlet_names(ents: list[Span], outlets: frozenset[str]) -> list[Span]:
    """"Armenia TV", "Georgia Radio": a country's name and a capitalised word of broadcasting after it name
    one media outlet, an organisation, not the country."""
    out: list[Span] = []
    for ent in ents:
        doc = ent.doc
        nxt = doc[ent.end] if ent.end < len(doc) else None
        if ent.label_ == "GPE" and nxt is not None and nxt.text in outlets and not nxt.ent_type_ \
                and not any(e.start == nxt.i for e in ents):
            ent = Span(doc, ent.start, ent.end + 1, label="ORG")
        out.append(ent)
    return out
