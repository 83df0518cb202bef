"""A deterministic synthetic corpus of conflict reports, written as JSON Lines.

Sentences come from templates filled with the knowledge base's own actors, places,
sources, numbers and dates (read with `kg.kb.load()`), so the pipeline finds real
entities, events, casualty claims and relations in them. Same seed, same corpus.

    python bench/corpus.py --reports 10000 -o corpus.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from kg import kb as kb_module

ATTACKS = ["air strikes", "an air strike", "shelling", "a drone strike", "a car bomb", "rocket fire",
           "artillery shelling", "a suicide bombing", "missile strikes", "clashes"]
VERBS = ["said", "reported", "confirmed", "told reporters", "stated"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday",
        "on Sunday", "overnight", "early on Friday", "late on Sunday"]
VICTIMS = ["civilians", "people", "fighters", "children", "soldiers", "members of the group"]
TEMPLATES = [
    "{armed} fighters attacked positions of {state} forces near {town} {day}, killing {n} {victims}, "
    "{source} {verb}.",
    "{state} warplanes carried out {attack} on {town} in {province} {day}, according to {source}.",
    "At least {n} {victims} were killed and {m} wounded in {attack} on a market in {town}, {source} {verb}.",
    "{armed} claimed responsibility for {attack} that killed {n} {victims} in {town}.",
    "{source} {verb} that {n} {victims} had died in {attack} on {town} since {when}.",
    "{armed} controls most of {province}, while {armed2} holds parts of the countryside around {town}.",
    "{armed2} is affiliated with {armed}, and both oppose the government of {state}.",
    "{state} supports {armed} in its fight against {armed2} near {town}.",
    "Residents of {town} fled north after {attack} {day}, {source} {verb}.",
    "{armed} denied that its fighters had carried out {attack} in {town}.",
    "{state} and {state2} agreed on a ceasefire in {province} on {when}.",
    "Clashes between {armed} and {armed2} in {town} left {n} dead, {source} {verb}.",
    "The {armed} commander said the group would retake {town} within weeks.",
    "Officials in {province} said {m} {victims} were injured when {attack} hit a school in {town} {day}.",
    "A spokesman for {armed} told {media} that {state} forces had shelled {town} {day}.",
    "{media} reported that {armed} took over {town} after heavy fighting with {armed2}.",
    "Humanitarian groups warned that more than {big} people had been displaced from {province}.",
    "The attack came weeks after {state} and {state2} held talks on the situation in {province}.",
]


@dataclass(frozen=True)
class Names:
    armed: list[str]
    states: list[str]
    towns: list[str]
    provinces: list[str]
    sources: list[str]
    media: list[str]


def names_from_kb() -> Names:
    """The knowledge base's labels, grouped by the role they play in the templates."""
    kb = kb_module.load()

    def labels(cls: str) -> list[str]:
        return sorted(e.label for e in kb.entities.values() if kb.is_a(e.iri, cls))

    return Names(armed=labels("ArmedGroup"), states=labels("Country"), towns=labels("Settlement"),
                 provinces=labels("FirstLevelDivision"), sources=labels("NGO") + labels("MediaOrganization"),
                 media=labels("MediaOrganization"))


def report_text(rng: random.Random, names: Names, published: date) -> str:
    """One report: 8 to 14 template sentences, in two to four paragraphs."""
    sentences = []
    for template in rng.sample(TEMPLATES, rng.randint(8, 14)):
        armed, armed2 = rng.sample(names.armed, 2)
        state, state2 = rng.sample(names.states, 2)
        when = published - timedelta(days=rng.randint(1, 40))
        sentences.append(template.format(
            armed=armed, armed2=armed2, state=state, state2=state2, town=rng.choice(names.towns),
            province=rng.choice(names.provinces), source=rng.choice(names.sources),
            media=rng.choice(names.media), attack=rng.choice(ATTACKS), verb=rng.choice(VERBS),
            day=rng.choice(DAYS), victims=rng.choice(VICTIMS), n=rng.randint(2, 60), m=rng.randint(3, 90),
            big=rng.randint(2, 90) * 1000, when=f"{when.day} {when:%B %Y}"))
    cut = sorted(rng.sample(range(1, len(sentences)), rng.randint(1, 3)))
    paragraphs = [" ".join(sentences[a:b]) for a, b in zip([0, *cut], [*cut, len(sentences)])]
    return "\n".join(p[0].upper() + p[1:] for p in paragraphs)


def generate(count: int, seed: int = 7) -> list[dict[str, str]]:
    """`count` reports as JSON Lines records: id, date, publisher, title, text."""
    rng, names = random.Random(seed), names_from_kb()
    start = date(2019, 1, 1)
    out = []
    for n in range(count):
        published = start + timedelta(days=rng.randint(0, 5 * 365))
        text = report_text(rng, names, published)
        out.append({"id": f"synthetic-{n:06d}", "date": published.isoformat(),
                    "publisher": rng.choice(names.media), "title": text.split(".")[0][:90], "text": text})
    return out


def write(path: Path, count: int, seed: int = 7) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for record in generate(count, seed):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", type=Path, default=Path("bench/results/corpus.jsonl"))
    args = parser.parse_args()
    print(write(args.output, args.reports, args.seed))


if __name__ == "__main__":
    main()
