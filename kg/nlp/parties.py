"""Who took part in an event where the words around its trigger name them: the sides of a fight told
as "between X and Y", the members a party list names ("between X and armed factions, including Y"),
a name coordinated into another's ("X and Y troops"), the doer a copula or a blame names ("X was behind
the attack", "blamed the bombing on X"), and who acts under an agreement ("withdrew under a truce")."""

from __future__ import annotations

from spacy.tokens import Token

from kg.lexicon import Lexicon
from kg.nlp.clauses import subjects_of
from kg.nlp.doers import past_dateline
from kg.nlp.syntax import MODIFIERS, Context, prep_objects, unique

TIME_ENTITIES = frozenset({"DATE", "TIME"})


def doers_named_around(ctx: Context, t: Token, cls: str) -> list[int]:
    """The doers the words around a trigger name: "X was behind it", "blamed it on X", "X acted under it"."""
    under = acting_under(ctx, t) if cls in ctx.w("durative_classes") else []
    return copula_doers(ctx, t) + blamed_on(ctx, t) + under


def with_sides(ctx: Context, t: Token, cls: str, roles: tuple[list[int], list[int]], between: list[int],
               outside: set[int]) -> tuple[list[int], list[int]]:
    """The agents and targets with the parties a "between" phrase names (and those an "including" after it
    adds): each a doer of an agreement or a fight of equals; else the first the doer, the others targets.
    A fight of equals between a named side and one told by what it is ("Islamist groups") is the named
    side's."""
    agents, targets = roles
    preps = between_preps(ctx, t)
    parties = unique(between + listed_members(ctx, preps))
    if len(parties) == 1 and mutual(ctx, cls) and _two_sides(preps) and not ctx.is_place(parties[0]) \
            and parties[0] not in outside:  # "clashes between X and Islamist groups": X fought
        return unique(agents + parties), [i for i in targets if i not in parties]
    if len(parties) < 2:
        return agents, targets
    if cls in ctx.w("durative_classes") or mutual(ctx, cls):
        return unique(agents + [i for i in parties if i not in outside]), [i for i in targets if i not in parties]
    return [i for i in agents if i not in parties[1:]], unique(targets + parties[1:])


def _two_sides(preps: list[Token]) -> bool:
    """Does a "between" name two sides joined by "and", whether or not each is a name?"""
    return any(o.dep_ == "pobj" and any(c.dep_ == "conj" for c in o.children) for p in preps for o in p.children)


def mutual(ctx: Context, cls: str) -> bool:
    """Is the class a fight of equals, where every side named "between" is a doer ("fighting between X and Y")?"""
    return cls in ctx.w("mutual_classes")


def listed_members(ctx: Context, between: list[Token]) -> list[int]:
    """"between X and armed factions, including Y": the actors an "including" phrase right after a
    party list names, whether the parse hangs it on the list or on the verb before it."""
    found: list[int] = []
    for prep in between:
        end = prep.right_edge.i
        listing = [c for tok in prep.subtree for c in tok.children] \
            + [c for c in prep.head.children if _follows(ctx, end, c)]
        for inc in listing:
            if inc.dep_ == "prep" and inc.lower_ in ctx.w("listing_preps"):
                found += [i for o in inc.children if o.dep_ == "pobj"
                          for i in ctx.with_conjuncts(o) if not ctx.is_place(i)]
    return unique(found)


def _follows(ctx: Context, end: int, inc: Token) -> bool:
    """Does the word open the tokens after `end`, with only punctuation between ("X and Y, including")?"""
    return inc.i > end and all(t.is_punct for t in ctx.doc[end + 1:inc.i])


def between_preps(ctx: Context, t: Token) -> list[Token]:
    """The "between" of the trigger, or of the verb whose subject or object it is ("fighting broke out
    between"), or of a time the trigger or verb is told at ("clashes went on for a third day between X
    and Y", where the parse hangs "between" on the day), or of the place it is told at when that names
    sides ("clashes broke out in the district between X and Y")."""
    hosts = [t, t.head] if t.dep_ in {"nsubj", "nsubjpass", "dobj"} else [t]
    objects = [o for h in list(hosts) for c in h.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"]
    hosts += [o for o in objects if o.lemma_.lower() in ctx.w("time_span_nouns") or o.ent_type_ in TIME_ENTITIES]
    found = [c for h in hosts for c in h.children if c.dep_ == "prep" and c.lower_ == "between"]
    placed = [o for o in objects if o.head.lower_ in ctx.w("locative_preps") and o not in hosts
              and o.lemma_.lower() not in ctx.w("stretch_nouns")]
    return found + [c for o in placed for c in o.children if c.dep_ == "prep" and c.lower_ == "between"
                    and _sides_not_places(ctx, c)]


def _sides_not_places(ctx: Context, prep: Token) -> bool:
    """"clashes in the district between X and armed men": a "between" the parse hangs on the place of
    the fight names its sides when it names an actor and no place ("the area between X and Y" does not)."""
    named = [i for o in prep.children if o.dep_ == "pobj" for i in ctx.owners(o)]
    return bool(named) and not any(ctx.is_place(i) for i in named)


def copula_doers(ctx: Context, t: Token) -> list[int]:
    """"X was behind the attack", "X said it is responsible for the bombing": the copula's subject,
    unless the copula is negated or denied ("X denied it was behind the attack")."""
    prep = t.head
    if t.dep_ != "pobj" or prep.dep_ != "prep":
        return []
    if prep.lower_ in ctx.w("doer_preps") and prep.head.lemma_ == "be":
        verb = prep.head
    elif prep.lower_ == "for" and prep.head.dep_ == "acomp" and prep.head.lemma_.lower() in ctx.w("doer_adjectives"):
        verb = prep.head.head
    else:
        return []
    denied = verb.head.lemma_.lower() in ctx.w("negation_verbs") and verb.dep_ in {"ccomp", "xcomp"}
    if denied or any(c.dep_ == "neg" for c in verb.children):
        return []
    return [i for c in verb.children if c.dep_ == "nsubj" for i in ctx.owners(c)]


def owns_a_deed(tok: Token, lex: Lexicon) -> bool:
    """Is the token the subject of a copula that names a deed as the subject's ("it was behind the
    attack", "it is responsible for the bombing")?"""
    verb = tok.head
    if tok.dep_ != "nsubj" or verb.lemma_ != "be":
        return False
    sets = lex.sets
    return any(c.dep_ == "prep" and c.lower_ in sets.get("doer_preps", frozenset())
               or c.dep_ == "acomp" and c.lemma_.lower() in sets.get("doer_adjectives", frozenset())
               for c in verb.children)


def coordinated_names(ctx: Context, found: list[int]) -> list[int]:
    """"Armenian and British troops": a name before a noun, coordinated with the name of a mention
    that spans the noun ("British troops"), is a party too."""
    out: list[int] = []
    for idx in found:
        m = ctx.mentions[idx]
        span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        inside = range(span.start, span.end)
        out += ctx.mentions_in(c for c in span.root.children if c.i not in inside and c.dep_ in MODIFIERS
                               and any(x.i in inside for x in c.conjuncts))
    return [i for i in unique(out) if i not in found and not ctx.is_place(i)]


def blamed_on(ctx: Context, t: Token) -> list[int]:
    """"X blamed the attack on Y", "pinned the bombing on Y": Y did it (the blamer's word alleges it)."""
    verb = t.head
    if t.dep_ != "dobj" or verb.lemma_.lower() not in ctx.w("blame_on_verbs"):
        return []
    return [i for o in prep_objects(verb, {"on"}) + prep_objects(t, {"on"})  # the parse hangs "on Y" on either
            for i in ctx.owners(o) if not ctx.is_place(i) or ctx.mentions[i].role == "agentive"]


def acting_under(ctx: Context, t: Token) -> list[int]:
    """"X's troops withdrew under a ceasefire", "X has soldiers backing Y under a deal": who acts under an
    agreement is a party to it; not when the agreement names its parties ("a deal between A and B")."""
    if t.dep_ != "pobj" or t.head.lower_ not in ctx.w("acting_under_preps") or _names_parties(ctx, t) \
            or t.head.head.pos_ != "VERB":
        return []
    verb = t.head.head
    if verb.dep_ == "acl":  # "soldiers backing Y under a deal": theirs; not "weapons supplied under a deal"
        noun = verb.head
        found = ctx.owners(noun) or (subjects_of(ctx, noun.head) if noun.dep_ == "dobj" else [])
        found = found if verb.tag_ == "VBG" else []
    else:
        found = subjects_of(ctx, verb) or past_dateline(ctx, verb) or (
            past_dateline(ctx, verb.head) if verb.dep_ == "xcomp" else [])
    return [i for i in found if ctx.mentions[i].label != "PERSON"]  # an office holder's state is the party


def _names_parties(ctx: Context, agreement: Token) -> bool:
    """"a deal between A and B", "the treaty the two countries signed": the agreement says who made it."""
    return bool(between_preps(ctx, agreement)) or any(
        c.dep_ in {"relcl", "acl"} and any(g.dep_ in {"nsubj", "agent"} for g in c.children)
        for c in agreement.children)
