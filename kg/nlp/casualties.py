"""Casualty figures: how many of whom were killed or injured, with the word that carries them."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from kg.nlp.syntax import SUBJECTS, Context, prep_objects
from kg.records import Casualty, CasualtyKind


def _number(tok: Token, ctx: Context) -> tuple[int, bool] | None:
    """The count a noun carries ("at least 12 people", "a man", "two children")."""
    nums = [c for c in tok.children if c.dep_ == "nummod" or (c.dep_ == "det" and c.lower_ in {"a", "an"})]
    if tok.pos_ == "NUM":
        nums = [tok]
    if not nums:
        return None
    value = _parse_number(nums[0].text, ctx)
    if value is None:
        return None
    tens = [_parse_number(c.text, ctx) for c in nums[0].lefts if c.dep_ == "compound"]  # "twenty - six"
    value += sum(t for t in tens if t is not None and t % 10 == 0 and t > value)
    minimum = any(t.lower_ in ctx.w("minimum_words") for t in nums[0].subtree)
    return value, minimum


def _parse_number(text: str, ctx: Context) -> int | None:
    t = text.lower().replace(",", "")
    if t.isdigit():
        return int(t)
    words = ctx.lex.table("number_words")
    if "-" in t:  # "twenty-six" as one token
        parts = [n for n in (words.get(p) for p in t.split("-")) if isinstance(n, int)]
        return sum(parts) if len(parts) == 2 == len(t.split("-")) else None
    return words.get(t)


def _category(tok: Token, ctx: Context) -> str:
    return ctx.lex.table("victim_categories").get(tok.lemma_.lower(), "people")


def _listed(tok: Token) -> list[Token]:
    """A token and everything listed with it ("a man, a woman, two children and eight fighters")."""
    out, todo = [], [tok]
    while todo:
        cur = todo.pop(0)
        if cur not in out:
            out.append(cur)
            todo.extend(c for c in cur.children if c.dep_ in {"conj", "appos"})
    return out


def _breakdown(victim: Token, ctx: Context, kind: CasualtyKind, sent: int) -> list[Casualty]:
    """The figures after "including": "a man, a woman, two children and eight fighters"."""
    out: list[Casualty] = []
    for prep in (c for c in victim.subtree if c.lower_ == "including"):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            for part in _listed(obj):
                got = _number(part, ctx)
                if got is not None:
                    out.append(Casualty(got[0], kind, _category(part, ctx), got[1], part.idx,
                                        part.idx + len(part.text), sent, part=True))
    return out


def find_casualties(ctx: Context, sent_no: int, sent: Span) -> list[tuple[Token, list[Casualty]]]:
    """Casualty figures of a sentence, each with the verb or noun that carries it."""
    out: list[tuple[Token, list[Casualty]]] = []
    kills, injures, victim_nouns = ctx.w("kill_lemmas"), ctx.w("injure_lemmas"), ctx.w("victim_nouns")
    for tok in sent:
        lemma = tok.lemma_.lower()
        toll = _toll_figure(tok, ctx, sent_no)
        if toll is not None:
            out.append((tok, [toll]))
            continue
        if lemma in ctx.w("result_verbs") and tok.pos_ == "VERB":
            left = _left_toll(tok, ctx, sent_no)
            if left:
                out.append((tok, left))
            continue
        kind: CasualtyKind | None = "killed" if lemma in kills else "injured" if lemma in injures else None
        if kind is None and lemma not in victim_nouns:
            continue
        among = tok.dep_ == "pobj" and tok.head.lower_ == "among"
        if kind and tok.pos_ in {"VERB", "ADJ"} and not among:
            victims = _victims_of(tok)
        elif lemma in victim_nouns and among:
            kind, victims = "killed", [c for c in tok.head.head.children if c.dep_ in SUBJECTS]
            figures = [replace(f, part=True) for f in _figures(victims, ctx, kind, sent_no)]
            if figures:
                out.append((tok, figures))
            continue
        else:
            continue
        figures = _figures(victims, ctx, kind, sent_no)
        if figures and not any(f.part for f in figures):
            figures = _sides_among(tok, ctx, figures) + _breakdown(tok, ctx, kind, sent_no)
        total = _summed_up(tok, ctx, kind, sent_no)
        if figures and total is not None:
            figures = [total, *(replace(f, part=True) for f in figures)]
        if figures:
            out.append((tok, figures))
    return out


def _summed_up(verb: Token, ctx: Context, kind: CasualtyKind, sent_no: int) -> Casualty | None:
    """"A captain and two of his guards were killed, three people in all": a count set off after the
    verb with a word of sum is the toll, and the figures before it its parts."""
    for c in verb.children:
        if c.dep_ in {"npadvmod", "appos"} and c.i > verb.i \
                and any(t.lower_ in ctx.w("total_markers") for t in c.subtree if t.i > c.i):
            return _figure(c, ctx, kind, sent_no)
    return None


def _sides_among(verb: Token, ctx: Context, figures: list[Casualty]) -> list[Casualty]:
    """"killed eight people, among them fighters of X": armed men of a side named among the dead with
    no figure of their own make that side one whose men the toll counts."""
    named = [n for p in verb.children if p.dep_ == "prep" and p.lower_ in ctx.w("among_words")
             for n in p.children if n.dep_ in {"pobj", "appos"}]
    if not any(n.lower_ == "them" for n in named):
        return figures
    armed = [n for n in named if _category(n, ctx) == "fighters" and _number(n, ctx) is None]
    sides = tuple(i for n in armed for i in ctx.owners(n) if _named_side(ctx, i))
    return [replace(f, sides=f.sides or sides) if not f.part else f for f in figures]


def _left_toll(verb: Token, ctx: Context, sent_no: int) -> list[Casualty]:
    """"The strike left nine people dead", "left five soldiers injured": the object and its state."""
    states = [c.lower_ for c in verb.children if c.dep_ in {"oprd", "acomp", "advcl", "xcomp", "ccomp"}]
    kind: CasualtyKind | None = "killed" if set(states) & ctx.w("dead_words") else \
        "injured" if set(states) & ctx.w("wounded_words") else None
    if kind is None:
        return []
    return _figures([c for c in verb.children if c.dep_ in {"dobj", "obj"}], ctx, kind, sent_no)


def _victims_of(verb: Token) -> list[Token]:
    if verb.pos_ == "ADJ" and verb.dep_ == "oprd":  # "60 were shot dead": those the passive verb tells of
        return _antecedents(verb.head, [c for c in verb.head.children if c.dep_ == "nsubjpass"])
    if verb.lemma_.lower() in {"die", "perish"} or verb.pos_ == "ADJ":
        return _antecedents(verb, [c for c in verb.children if c.dep_ in SUBJECTS])
    passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if passive:
        return _antecedents(verb, passive)
    own_subject = any(c.dep_ == "nsubj" for c in verb.children)  # "reports that ISIL killed 70": not the reports
    if verb.dep_ in {"acl", "relcl", "amod"} and verb.head.pos_ in {"NOUN", "NUM"} and not own_subject:
        return [verb.head]
    return [c for c in verb.children if c.dep_ in {"dobj", "obj"}]


def _antecedents(verb: Token, subjects: list[Token]) -> list[Token]:
    """"seven who were killed": a relative pronoun stands for the noun its clause qualifies."""
    if verb.dep_ == "relcl" and subjects and all(s.tag_ in {"WP", "WDT"} for s in subjects):
        return [verb.head]
    return subjects


def _figures(victims: list[Token], ctx: Context, kind: CasualtyKind, sent_no: int) -> list[Casualty]:
    out: list[Casualty] = []
    for victim in victims:
        figure = _figure(victim, ctx, kind, sent_no)
        if figure is None:
            continue
        parts = [f for f in (_figure(c, ctx, kind, sent_no) for c in victim.conjuncts) if f is not None]
        if parts:  # "12 soldiers and three civilians": the sum, and each figure as its part
            out.append(replace(figure, count=figure.count + sum(p.count for p in parts), category="people",
                               minimum=figure.minimum or any(p.minimum for p in parts),
                               sides=tuple(dict.fromkeys(i for f in [figure, *parts] for i in f.sides))))
            out.extend(replace(f, part=True) for f in [figure, *parts])
            continue
        out.append(figure)
        out.extend(_breakdown(victim, ctx, kind, sent_no))
    return out


def _figure(victim: Token, ctx: Context, kind: CasualtyKind, sent_no: int) -> Casualty | None:
    """The figure one victim noun carries, with the actors whose armed men it counts."""
    got = _number(victim, ctx)
    if got is None:
        return None
    counted = victim
    if victim.pos_ == "NUM":
        members = [g for c in victim.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        counted = members[0] if members else victim
    cat = _category(counted, ctx) if counted is not victim or victim.pos_ != "NUM" else "people"
    owners = ctx.owners(counted) or _from_on_verb(ctx, counted)
    sides = tuple(i for i in owners if _named_side(ctx, i)) if cat == "fighters" else ()
    return Casualty(got[0], kind, cat, got[1], victim.idx, victim.idx + len(victim.text), sent_no, sides=sides)


def _from_on_verb(ctx: Context, counted: Token) -> list[int]:
    """"killing 15 militants from X": the "from" the parse hangs on the killing verb, right after its
    object, says whose the dead were; never a place ("killed five soldiers from the town")."""
    verb = counted.head
    if counted.dep_ != "dobj" or verb.lemma_.lower() not in ctx.w("kill_lemmas"):
        return []
    after = counted.right_edge.i + 1
    return [i for obj in prep_objects(verb, {"from"}) if obj.head.i == after
            for i in ctx.owners(obj) if not ctx.is_place(i)]


def _named_side(ctx: Context, idx: int) -> bool:
    """A side named, or a pronoun for one ("its fighters"); not a noun such as "the assailants", which
    says what the men did rather than whose they were."""
    m = ctx.mentions[idx]
    return m.kind != "anaphor" or m.pronoun is not None


def _toll_figure(tok: Token, ctx: Context, sent_no: int) -> Casualty | None:
    """"The death toll rose to 14", "the number of dead has risen to 11", "put the toll at 19": a toll
    told as a figure that a verb moves or sets, carried by that verb."""
    if tok.pos_ not in {"VERB", "AUX"} or tok.lemma_.lower() not in ctx.w("toll_verbs"):
        return None
    tolls = [c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"} and _toll_kind(c, ctx)]
    values = [o for o in prep_objects(tok, {"to", "at"}) if o.like_num or o.pos_ == "NUM"]
    values += [c for c in tok.children if c.dep_ in {"dobj", "attr"} and c.pos_ == "NUM"]
    if not tolls or not values:
        return None
    count = _parse_number(values[0].text, ctx)
    kind = _toll_kind(tolls[0], ctx)
    if count is None or kind is None:
        return None
    minimum = any(t.lower_ in ctx.w("minimum_words") for t in values[0].subtree)
    return Casualty(count, kind, "people", minimum, values[0].idx, values[0].idx + len(values[0].text), sent_no)


def _toll_kind(noun: Token, ctx: Context) -> CasualtyKind | None:
    """What a toll noun counts: "the (death) toll" the dead, "the number of dead / wounded" either."""
    lemma = noun.lemma_.lower()
    counted = {g.lemma_.lower() for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
               for g in c.children if g.dep_ == "pobj"}
    counted |= {c.lemma_.lower() for c in noun.children if c.dep_ in {"compound", "amod"}}
    if lemma not in ctx.w("toll_nouns") and not (lemma in ctx.w("tally_nouns") and counted):
        return None
    if counted & ctx.w("injure_lemmas"):
        return "injured"
    if lemma in ctx.w("toll_nouns") or counted & (ctx.w("kill_lemmas") | ctx.w("victim_nouns")):
        return "killed"
    return None
