"""The entry of the nlp stage: `Extractor` parses reports and runs the rules over each parse.

Every caller (the build, `kg eval`, the benchmarks) goes through `Extractor`; `extract` is the
rules alone, over a `Doc` parsed already (by the pipeline, or built by hand in a test).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from kg.kb import KnowledgeBase
from kg.lexicon import Lexicon, load_lexicon
from kg.nlp import doctokens
from kg.nlp.attribution import find_attributions
from kg.nlp.datelines import dateline_names
from kg.nlp.events import find_events
from kg.nlp.filed import filed_deals
from kg.nlp.mentions import find_mentions
from kg.nlp.pipeline import DEFAULT_MODEL, build_pipeline
from kg.nlp.relations import find_relations
from kg.nlp.syntax import Context
from kg.records import Extraction, Report, Sentence

T = TypeVar("T")


def extract(doc: Doc, report: Report, kb: KnowledgeBase, lex: Lexicon) -> Extraction:
    """The rules over one parsed report: mentions, attributions, events, relations."""
    mentions = find_mentions(doc, kb, lex)
    ctx = Context(doc, kb, lex, mentions)
    attributions, sent_atts, verb_atts = find_attributions(ctx)
    events, orphans = find_events(ctx, report, sent_atts, verb_atts)
    relations = find_relations(ctx, sent_atts)
    mentions, events = filed_deals(ctx, mentions, events)  # last: the rules above never see the dateline
    sentences = tuple(Sentence(s.start_char, s.end_char) for s in doctokens.sentences(doc))
    return Extraction(report, sentences, tuple(mentions), tuple(attributions), tuple(events),
                      tuple(relations), tuple(orphans), dateline_names(doc))


class Extractor:
    """Holds one loaded pipeline and turns reports into `Extraction` records."""

    def __init__(self, kb: KnowledgeBase, model: str = DEFAULT_MODEL, nlp: Language | None = None) -> None:
        self.kb = kb
        self.nlp = nlp if nlp is not None else build_pipeline(kb, model)
        self.lexicon = load_lexicon()

    def extract(self, report: Report) -> Extraction:
        return self.records(self.parse_one(report.text), report)

    def extract_many(self, reports: Iterable[Report], batch_size: int = 32,
                     n_process: int = 1) -> Iterator[Extraction]:
        """Stream reports through nlp.pipe, yielding one extraction per report in order."""
        for doc, report in self.parse(((r.text, r) for r in reports), batch_size, n_process):
            yield self.records(doc, report)

    def parse(self, items: Iterable[tuple[str, T]], batch_size: int = 32,
              n_process: int = 1) -> Iterator[tuple[Doc, T]]:
        """Each text parsed by the pipeline, with the value that came with it, in order."""
        yield from self.nlp.pipe(items, as_tuples=True, batch_size=batch_size, n_process=n_process)

    def parse_one(self, text: str) -> Doc:
        return self.nlp(text)

    def records(self, doc: Doc, report: Report) -> Extraction:
        """The rules over a report parsed by `parse` or `parse_one`."""
        return extract(doc, report, self.kb, self.lexicon)
