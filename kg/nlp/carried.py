"""Where an attack told in a sentence of its own was, when that sentence names no place: the place of
the news told in the sentence just before ("Rebels took the town of X on Monday. Gunmen raided
it at night, setting the town hall on fire."): a report goes on about the incident it opened with,
unless the sentence says it turns to another (`elsewhere_words` in lexicon.json: "Elsewhere, ...")."""

from __future__ import annotations

from dataclasses import replace

from kg.nlp.syntax import Context
from kg.records import EventCandidate


def carried_places(ctx: Context, cands: dict[int, EventCandidate]) -> dict[int, EventCandidate]:
    """Each placeless asserted attack in a sentence that names no place takes the one place of the
    asserted news events of the sentence before it; "that strike" points back to its own event."""
    out = dict(cands)
    for i, c in cands.items():
        if c.places or c.context or c.anaphoric or c.modality != "asserted" \
                or not ctx.kb.subclass_of(c.cls, "Attack") or c.sentence == 0 or _names_a_place(ctx, c.sentence):
            continue
        before = [o for o in cands.values() if o.sentence == c.sentence - 1 and o.modality == "asserted"
                  and not o.context]
        places = {ctx.mentions[p].alias or ctx.mentions[p].text for o in before for p in o.places}
        if before and len(places) == 1 and all(o.places for o in before):
            out[i] = replace(c, places=before[0].places[:1])
    return out


def _names_a_place(ctx: Context, n: int) -> bool:
    """Does the sentence name a place, or say that it tells of another incident?"""
    sent = ctx.sents[n]
    turns = any(t.lower_ in ctx.w("elsewhere_words") for t in sent)
    return turns or any(ctx.is_place(i) for i in ctx.mentions_in(sent))
