"""Events: the trigger spans of a report with their agents, targets, places, time and modality."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from kg.nlp import asides, frames
from kg.nlp.attribution import named_doers, speaker_only, told_by
from kg.nlp.background import given_as_context, no_event, out_of_story
from kg.nlp.bounds import AGENT_BOUND, GROUND_BOUND, PLACE_YIELDED, bound_met
from kg.nlp.carried import carried_places
from kg.nlp.casualties import find_casualties
from kg.nlp.clauses import modality_of, subjects_of
from kg.nlp.custody import held_by_tellers
from kg.nlp.doers import claims_of_told_acts, drop_lone_killings, past_dateline, verbless_subject
from kg.nlp.driven import driven_back, withdrawn_before
from kg.nlp.eventtime import avenged, begun_before, event_time, novel, period_start, since_when
from kg.nlp.fightsides import setting_sides
from kg.nlp.flight import is_flight, located_flight
from kg.nlp.pairs import pair_doers
from kg.nlp.parties import between_preps, coordinated_names, doers_named_around, with_sides
from kg.nlp.pipeline import TRIGGER_KEY
from kg.nlp.placenames import CALLED, ends_a_name
from kg.nlp.placeslots import agreed_to, done_by, told_of_someone
from kg.nlp.re_targets import hit_sides, instrument_targets, victims
from kg.nlp.strayby import stray_by_doers
from kg.nlp.syntax import (
    LOCATIVE_PREPS,
    MODIFIERS,
    Context,
    clause_verb,
    coordination_head,
    pair_named_before,
    phrase_tokens,
    prep_objects,
    relational_modifier,
    sentence_index,
    unique,
    verb_objects,
)
from kg.records import Casualty, EventCandidate, Mention, Modality, Report

NESTED_CLAUSES = frozenset({"relcl", "acl", "advcl", "ccomp"})


def _agents(ctx: Context, t: Token) -> list[int]:
    found: list[int] = []
    hosts = [t, *(c for c in t.children if c.dep_ in {"acl", "relcl"})]
    if t.dep_ in {"nsubj", "nsubjpass", "dobj"} and t.head.pos_ == "VERB":
        hosts.append(t.head)
    for host in hosts:
        for obj in prep_objects(host, {"by", "between"}):
            found += ctx.owners(obj)
    if t.pos_ == "VERB":
        found += [i for c in t.children if c.dep_ == "nsubj" for i in ctx.owners(c)] or past_dateline(ctx, t)
        if t.dep_ in {"xcomp", "conj"} and not found and not _own_subject(t):
            # "Iran threatened to shell", "X stormed and looted"; not "X struck and two men were arrested"
            found += [i for c in t.head.children if c.dep_ == "nsubj" for i in ctx.owners(c)]
        if t.dep_ == "relcl" and not found:  # "X, which had occupied the town": X
            found += subjects_of(ctx, t)
        subject = verbless_subject(t)
        if subject is not None and not found:
            found += ctx.owners(subject)
        if t.dep_ == "advcl" and t.tag_ == "VBG" and not found and t.head.pos_ == "VERB":
            found += subjects_of(ctx, t.head)  # "gunmen burst into the town, killing 12": the gunmen
    if t.pos_ != "VERB" or t.dep_ in {"pobj", "dobj", "nsubj", "nsubjpass"}:  # a noun, even if tagged as a verb
        found += [i for i in ctx.mentions_in(c for c in t.children if c.dep_ in MODIFIERS)
                  if ctx.mentions[i].role != "locative"]  # "the Damascus raids": a place
        if t.dep_ == "acomp":  # "Syria is willing to": the subject of the copula
            found += [i for c in t.head.children if c.dep_ == "nsubj" for i in ctx.owners(c)]
    verb = t.head.head if t.dep_ == "pobj" and t.head.dep_ == "prep" else None
    if verb is not None and verb.pos_ == "VERB":  # "were killed by the regime in bombings"
        found += [i for obj in prep_objects(verb, {"by"}) for i in ctx.owners(obj)]
    if t.dep_ in {"dobj", "obj"} and t.head.pos_ == "VERB" \
            and t.head.lemma_.lower() not in ctx.w("stance_verbs") | ctx.w("blame_on_verbs"):
        # "X launched strikes", "X, which launched"; not "X condemned the strikes"
        found += subjects_of(ctx, t.head) or [i for c in t.head.children if c.dep_ == "nsubj" for i in ctx.owners(c)]
    return unique(i for i in found if ctx.mentions[i].kind != "anaphor" or _points_back(ctx.mentions[i]))


def _points_back(m: Mention) -> bool:
    """An anaphor that says what it stands for: a class ("the group") or a pronoun's kind."""
    return bool(m.refers_to or m.pronoun)


def _aimed_at(ctx: Context, t: Token) -> list[int]:
    """Objects of "against" / "at": parties even when they are countries ("rockets at Israel")."""
    hosts = [t, t.head] if t.dep_ in {"nsubj", "nsubjpass", "dobj"} else [t]
    return [i for h in hosts for obj in prep_objects(h, {"against", "at"}) for i in ctx.owners(obj)]


def _between_parties(ctx: Context, t: Token) -> list[int]:
    """"clashes between X and Y": the parties named after "between" on the trigger or its verb."""
    return unique(i for p in between_preps(ctx, t) for obj in p.children if obj.dep_ == "pobj" for i in ctx.owners(obj))


def _targets(ctx: Context, t: Token) -> list[int]:
    found: list[int] = []
    hosts = [t]
    if t.dep_ in {"dobj", "nsubjpass", "nsubj"} and t.head.pos_ == "VERB":
        hosts.append(t.head)
    for host in hosts:
        for obj in prep_objects(host, ctx.w("target_preps")):
            found += hit_sides(ctx, obj)
    if t.pos_ == "VERB":
        found += [i for c in verb_objects(t) for i in hit_sides(ctx, c)]
    if t.dep_ == "nsubj" and t.head.lemma_.lower() in ctx.w("target_verbs"):
        found += [i for c in verb_objects(t.head) for i in ctx.owners(c)]
    return unique(found + instrument_targets(ctx, t) + victims(ctx, t))


def _places(ctx: Context, t: Token, sent: Span, used: set[int], anywhere: bool = True,
            named_only: bool = False) -> list[int]:
    """Places attached to the trigger's phrase or clause; else (`anywhere`) any place the sentence
    locates; for a deal (`named_only`) no "the province" or "the base": that is where it is kept, not
    where it was made. A takeover is of the place it names, never of one elsewhere in the sentence."""
    hosts = [t]
    cur = t
    while cur.head.i != cur.i and cur.dep_ not in {"ccomp", "advcl", "relcl", "conj"}:
        cur = cur.head
        hosts.append(cur)
        if cur.pos_ in {"VERB", "AUX"}:
            break
    if t.pos_ == "VERB":  # "seized the zone on the X Heights", "repelled an assault on Y": where the object lies
        hosts += [c for c in t.children if c.dep_ in {"dobj", "obj"} and (not anywhere or c.i in ctx.trigger_labels())]
    else:  # "the deal, reached in Y after talks": a participle that tells where it was done
        hosts += _of_chain(t) + [c for c in t.children if c.dep_ == "acl" and c.tag_ == "VBN"]
    found: list[int] = []
    for host in hosts:
        for obj in prep_objects(host, LOCATIVE_PREPS | {"on", "at", "including"}) + _second_place_phrases(host):
            found += [i for i in ctx.mentions_in(_same_clause(obj)) if ctx.is_place(i) and not _relational(ctx, i)
                      and not _another_triggers(ctx, i, t) and not done_by(ctx, i)] \
                + pair_named_before(ctx, obj)  # "in both towns"
    if not found and anywhere:
        found = [i for i in ctx.mentions_in(sent) if ctx.is_place(i) and i not in used
                 and ctx.mentions[i].role != "agentive" and not _relational(ctx, i) and not _party_object(ctx, i)
                 and not _another_triggers(ctx, i, t) and not (named_only and agreed_to(ctx, i, t))
                 and not told_of_someone(ctx, i, t)]
    return unique(i for i in found if not ends_a_name(ctx.doc, ctx.mentions[i], ctx.lex)
                  and not (named_only and ctx.mentions[i].refers_to == CALLED))


def _of_chain(noun: Token) -> list[Token]:
    """"an incursion of fighters of X at Y": the nouns of an act noun's "of" phrases, on the last of
    which the parse hangs the place that locates the act."""
    out: list[Token] = []
    for _ in range(3):
        objs = prep_objects(out[-1] if out else noun, {"of"})
        if not objs:
            break
        out.append(objs[0])
    return out


def _same_clause(top: Token) -> list[Token]:
    """The tokens of a phrase outside the clauses nested in it ("on the day delegations met in Y": not Y)."""
    return phrase_tokens(top, _same_clause_child)


def _same_clause_child(c: Token) -> bool:
    """A child in the same clause: no nested clause with a subject of its own ("including X" stays)."""
    return c.dep_ not in NESTED_CLAUSES or not any(g.dep_ in {"nsubj", "nsubjpass"} for g in c.children)


def _another_triggers(ctx: Context, idx: int, t: Token) -> bool:
    """"claimed the attack as revenge for a bombing in Y": a place in the phrase of another trigger,
    one that does not govern this one, locates that trigger's event, not this one's."""
    m = ctx.mentions[idx]
    span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    triggers = ctx.trigger_labels()
    for a in span.root.ancestors:
        if a.i == t.i:
            return False
        if a.i in triggers and not any(x.i == a.i for x in t.ancestors) and not _lines_apart(ctx, a, t) \
                and not (a.head.i == t.i and a.dep_ in {"dobj", "obj"}):  # "repelled an assault on Y": Y too
            return True  # not a headline the parser ran into the lead: that names the same incident
    return False


def _lines_apart(ctx: Context, a: Token, b: Token) -> bool:
    lo, hi = sorted((a.i, b.i))  # the tokens between, not `doc.text`: spaCy rebuilds that on every access
    return any("\n" in tok.text_with_ws for tok in ctx.doc[lo:hi])
def _second_place_phrases(host: Token) -> list[Token]:
    """"at the X base and in the port of Y": the objects of a place phrase joined to the first."""
    words = LOCATIVE_PREPS | {"on", "at"}
    firsts = [c for c in host.children if c.dep_ == "prep" and c.lower_ in words]
    return [o for p in firsts for c in p.conjuncts if c.lower_ in words for o in c.children if o.dep_ == "pobj"]


def _relational(ctx: Context, idx: int) -> bool:
    """"Iran-backed", "Britain-based": a name that qualifies a relation is no place of the event."""
    m = ctx.mentions[idx]
    span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
    return span is not None and relational_modifier(ctx, span.root)


def _party_object(ctx: Context, idx: int) -> bool:
    """"a ceasefire with Y", "clashes between X and Y": a name after a party's preposition is no place."""
    m = ctx.mentions[idx]
    span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
    head = coordination_head(span.root) if span is not None else None
    return head is not None and head.dep_ == "pobj" and head.head.lower_ in ctx.w("party_preps") | {"against"}


def _blamed(ctx: Context, t: Token) -> list[int]:
    """"It blamed Russian warplanes for the raids" / "Israel was blamed for the strike"."""
    if t.dep_ != "pobj" or t.head.lower_ != "for" or t.head.head.lemma_.lower() not in ctx.w("blame_verbs"):
        return []
    verb = t.head.head
    return [i for c in verb.children if c.dep_ in {"dobj", "nsubjpass"} for i in ctx.owners(c)]


def _anaphoric(ctx: Context, t: Token) -> bool:
    return any((c.dep_ in {"det", "poss"} and c.lower_ in ctx.w("anaphoric_determiners"))
               or (c.dep_ == "amod" and c.lower_ in ctx.w("ordinal_words")) for c in t.children)


def find_events(ctx: Context, report: Report, sent_atts: dict[int, int],
                verb_atts: dict[int, int] | None = None) -> tuple[list[EventCandidate], list[Casualty]]:
    sents = list(ctx.sents)
    sent_of = sentence_index(ctx.doc)
    spans = list(ctx.doc.spans.get(TRIGGER_KEY, []))
    agreements = {s.root.i for s in spans if s.label_ in ctx.w("durative_classes")}
    triggers = [s for s in spans if _is_event_trigger(ctx, s, agreements) and not no_event(ctx, s.root)
                and not asides.tells_no_incident(ctx, s)]
    candidates: dict[int, EventCandidate] = {}
    agent_bound: set[int] = set()
    for span in triggers:
        n = sent_of[span.root.i]
        cand = _candidate(ctx, span, sents[n], n, report, told_by(span.root, verb_atts or {}, sent_atts.get(n)))
        if given_as_context(ctx, span.root) or avenged(ctx, span.root) or begun_before(span.root) \
                or since_when(span.root) or period_start(ctx, span.root) \
                or asides.counted_from(ctx, span):
            cand = replace(cand, context=True, novel=True)
        if is_flight(ctx, span.root):
            cand = located_flight(ctx, span.root, cand, candidates.values())
        if bound_met(ctx, span, cand):
            candidates[span.root.i] = cand
        if span.id_ == AGENT_BOUND:
            agent_bound.add(span.root.i)
    candidates = _fights_absorb_what_they_repel(ctx, candidates, {s.root.i for s in triggers if s.id_ == GROUND_BOUND})
    candidates = drop_lone_killings(ctx, candidates, agent_bound)
    candidates = _drop_modal_events(ctx, _share_governing_agents(ctx, _share_conjunct_agents(ctx, candidates)))
    candidates = held_by_tellers(ctx, claims_of_told_acts(ctx, candidates, sent_of, sent_atts))
    candidates = asides.assaults(ctx, asides.drop_parts_of_attacks(ctx, candidates))
    candidates = carried_places(ctx, candidates)
    orphans: list[Casualty] = []
    for n, sent in enumerate(sents):
        for carrier, figures in find_casualties(ctx, n, sent):
            if out_of_story(ctx, carrier):
                continue
            figures = [replace(f, attribution=told_by(carrier, verb_atts or {}, sent_atts.get(n))) for f in figures]
            owner = _casualty_owner(carrier, candidates, sent)
            if owner is None:
                where = tuple(_toll_places(ctx, carrier))
                orphans.extend(replace(f, places=where) for f in figures)
            else:
                c = candidates[owner]
                candidates[owner] = replace(c, casualties=c.casualties + tuple(figures))
    return [candidates[k] for k in sorted(candidates)], orphans


def _fights_absorb_what_they_repel(ctx: Context, cands: dict[int, EventCandidate],
                                   fights: set[int]) -> dict[int, EventCandidate]:
    """"Y repelled an assault by X": one incident, the fight of Y against X; the assault's doers are
    the fight's targets, its places, time and tolls the fight's ("last year's offensive was repelled":
    a fight of last year)."""
    out = dict(cands)
    for i in sorted(fights & set(cands)):
        for obj in (c for c in ctx.doc[i].children if c.dep_ in {"dobj", "obj", "nsubjpass"} and c.i in out):
            fight, repelled = out[i], out.pop(obj.i)
            out[i] = replace(fight, targets=tuple(unique(fight.targets + tuple(a for a in repelled.agents
                                                                              if a not in fight.agents))),
                             places=tuple(unique(fight.places + repelled.places)),
                             casualties=fight.casualties + repelled.casualties, time=fight.time or repelled.time,
                             context=fight.context or repelled.context, novel=fight.novel or repelled.novel)
    return out


def _toll_places(ctx: Context, carrier: Token) -> list[int]:
    """The places of a toll told without an event ("16 were killed in the X area", "In X two were killed")."""
    objs = prep_objects(carrier, LOCATIVE_PREPS | {"at"}) + _second_place_phrases(carrier)
    return [i for i in ctx.mentions_in(t for o in objs for t in _same_clause(o)) if ctx.is_place(i)
            and not _relational(ctx, i)]


def _about_agreement(tok: Token, agreements: set[int]) -> bool:
    """"a deal struck by Russia", "strike a deal": a verb whose noun is an agreement is no attack."""
    if tok.pos_ != "VERB":
        return False
    related = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass", "nsubj"}]
    if tok.dep_ in {"acl", "relcl"}:
        related.append(tok.head)
    return any(r.i in agreements for r in related)


def _vehicle_class(ctx: Context, t: Token, cls: str) -> str:
    """"Russian jets bombed": the vehicle that carries out a generic attack names its kind."""
    if cls not in ("Attack", "Bombing"):
        return cls
    doers = [c for c in t.children if c.dep_ in {"nsubj", "agent"}] if t.pos_ == "VERB" else []
    doers += [g for c in t.children if c.dep_ in {"prep", "agent"} and c.lower_ == "by" for g in c.children]
    lemmas = {d.lemma_.lower() for d in doers}
    if lemmas & ctx.w("aerial_vehicles"):
        return "AirStrike"
    if lemmas & ctx.w("artillery_nouns"):
        return "Shelling"
    return cls


def _captives_class(ctx: Context, t: Token, cls: str) -> str:
    """"seized 240 hostages", "captured dozens of soldiers": people taken are an abduction, no takeover."""
    if cls != "Takeover" or t.pos_ != "VERB":
        return cls
    taken = [o for c in t.children if c.dep_ == "dobj" for o in [c, *(g for p in c.children if p.lower_ == "of"
                                                                     for g in p.children)]]
    return "Arrest" if any(o.lemma_.lower() in ctx.w("captive_nouns") for o in taken) else cls


def _is_event_trigger(ctx: Context, span: Span, agreements: set[int]) -> bool:
    root = span.root
    if root.i in ctx.by_token:
        return False
    if span.label_ not in ctx.w("durative_classes") and _about_agreement(root, agreements):
        return False
    if root.dep_ == "compound" and root.head.i not in range(span.start, span.end):
        return False
    if any(c.dep_ == "neg" for c in root.children) and root.pos_ != "VERB":
        return False
    if span.label_ == "Takeover" and any(c.dep_ == "dobj" and c.lemma_.lower() in ctx.w("seized_goods")
                                         for c in root.children):
        return False  # "seized weapons and vehicles": goods taken are no place taken
    needs = ctx.lex.data.get("subject_bound_triggers", {}).get(root.lemma_.lower())
    if needs is not None and not _subject_among(root, ctx.w(needs)):
        return False  # "residents fled", not "the gunmen fled"
    blockers = ctx.lex.table("trigger_blockers").get(root.lemma_.lower(), [])
    return not any(c.lower_ in blockers for c in root.children)  # "a hunger strike"


def _subject_among(verb: Token, words: frozenset[str]) -> bool:
    """Is the verb's subject, or the noun of its "of" ("thousands of residents"), one of the words?"""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    heads = subjects + [o for s in subjects for o in prep_objects(s, {"of"})]
    return any(h.lemma_.lower() in words or h.lower_ in words for h in heads)


def _drop_modal_events(ctx: Context, cands: dict[int, EventCandidate]) -> dict[int, EventCandidate]:
    """"X threatened to shell Y": the threat is the shelling's modality, not a second event."""
    modal = ctx.lex.table("modal_event_classes")
    return {i: c for i, c in cands.items()
            if c.cls not in modal or not any(o.sentence == c.sentence and o.modality == modal[c.cls]
                                            and j != i for j, o in cands.items())}


def _candidate(ctx: Context, span: Span, sent: Span, n: int, report: Report, att: int | None) -> EventCandidate:
    t = span.root
    args = frames.arguments(ctx, t, span.label_)
    agents = unique(_agents(ctx, t) + _blamed(ctx, t) + _yielded_to(ctx, t) + list(args.agents) + named_doers(ctx, t)
                    + doers_named_around(ctx, t, span.label_) + pair_doers(ctx, t) + stray_by_doers(ctx, t))
    defenders = _subjects_of_head(ctx, t, "defence_verbs")
    outside = set(_subjects_of_head(ctx, t, "mediation_verbs")) | set(defenders)
    agents = [i for i in agents if i not in args.places and i not in outside and not speaker_only(ctx, t, i)
              and not frames.qualifier(ctx, i)]
    agents += coordinated_names(ctx, agents)
    targets = [i for i in unique(_targets(ctx, t) + list(args.targets) + defenders + driven_back(ctx, t)
                                 + withdrawn_before(ctx, t, span.label_)) if i not in agents]
    targets += [i for i in coordinated_names(ctx, targets) if i not in agents]
    if span.id_ == PLACE_YIELDED:  # "X lost the town to Y": Y took it from X
        targets = unique(targets + [i for i in agents if i not in args.agents])
        agents = [i for i in agents if i in args.agents]
    agents, targets = with_sides(ctx, t, span.label_, (agents, targets), _between_parties(ctx, t), outside)
    agents, targets = setting_sides(ctx, t, span.label_, (agents, targets))
    if span.label_ == "Takeover":
        places_from_targets = unique(i for i in targets + list(args.places) if ctx.is_place(i))  # "the capture of X"
        targets = [i for i in targets if not ctx.is_place(i)]
    else:
        aimed = set(_aimed_at(ctx, t))
        places_from_targets = [i for i in targets if ctx.is_place(i) and ctx.mentions[i].role != "agentive"
                               and i not in aimed and not _opposed(ctx, i)]
        targets = [i for i in targets if i not in places_from_targets]
        places_from_targets = unique(places_from_targets + [i for i in args.places if i not in agents])
    used = set(agents) | set(targets)
    anywhere = span.label_ != "Takeover" and not _anaphoric(ctx, t)  # "the attack happened when X met in Y"
    places = unique(places_from_targets + _places(ctx, t, sent, used, anywhere,
                                                  span.label_ in ctx.w("durative_classes")))
    return EventCandidate(
        cls=_captives_class(ctx, t, _vehicle_class(ctx, t, span.label_)), start=span.start_char,
        end=span.end_char, text=span.text, sentence=n,
        agents=tuple(agents), targets=tuple(targets), places=tuple(p for p in places if p not in agents),
        time=event_time(ctx, t, sent, report.meta.date, span.label_), attribution=att,
        modality=_intent(ctx, span.label_) or modality_of(ctx, t), anaphoric=_anaphoric(ctx, t), novel=novel(ctx, t),
        aimed_at=tuple(p for p in places_from_targets if p not in agents and p not in args.located),
    )


def _subjects_of_head(ctx: Context, t: Token, verbs: str) -> list[int]:
    """The subjects of the verb, of the lexicon's list `verbs`, whose object the trigger is: mediators
    ("Qatar brokered the truce", "Egypt helped mediate the deal") are no party to a deal, and defenders
    ("troops repelled an attack", "Israel intercepted the missiles") are the attack's targets."""
    if t.dep_ not in {"dobj", "obj"} or t.head.lemma_.lower() not in ctx.w(verbs):
        return []
    return subjects_of(ctx, t.head) or [i for c in t.head.children if c.dep_ == "nsubj" for i in ctx.owners(c)]


def _intent(ctx: Context, cls: str) -> Modality | None:
    """A class that announces an action to come ("pledged to send troops"): the action is planned."""
    return "planned" if cls in ctx.w("intent_classes") else None


def _yielded_to(ctx: Context, t: Token) -> list[int]:
    """"the fall of Mosul to ISIL", "Raqqa fell to the SDF": who a place falls to takes it."""
    if t.lemma_.lower() not in ctx.w("yield_nouns"):
        return []
    to = prep_objects(t, {"to"})
    after = t.right_edge.i + 1  # "to ISIL" parsed onto another word: still the phrase right after
    if not to and after < len(ctx.doc) and ctx.doc[after].lower_ == "to" and ctx.doc[after].dep_ == "prep":
        to = [g for g in ctx.doc[after].children if g.dep_ == "pobj"]
    return [i for obj in to for i in ctx.owners(obj)]


def _opposed(ctx: Context, idx: int) -> bool:
    """"attacks against the United States": a state named after "against" is a party, not a place."""
    m = ctx.mentions[idx]
    span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
    head = coordination_head(span.root) if span is not None else None
    return head is not None and head.dep_ == "pobj" and head.head.lower_ == "against"


def _own_subject(t: Token) -> bool:
    """Has the clause a subject of its own? The parser sometimes hangs it on the clause's conjunction
    as an object ("before government troops retook it": troops under "before")."""
    return any(c.dep_ in {"nsubj", "nsubjpass"} or (c.dep_ == "mark" and any(g.dep_ == "pobj" for g in c.children))
               for c in t.children)


def _share_conjunct_agents(ctx: Context, cands: dict[int, EventCandidate]) -> dict[int, EventCandidate]:
    """"Russian airstrikes and artillery fire": the second trigger shares the first's agent."""
    out = dict(cands)
    for i, c in cands.items():
        tok = ctx.doc[i]
        if c.agents or tok.dep_ != "conj" or tok.head.i not in cands or _own_subject(tok):
            continue
        head = cands[tok.head.i]
        out[i] = replace(c, agents=head.agents, time=c.time or head.time, anaphoric=head.anaphoric)
    return out


def _share_governing_agents(ctx: Context, cands: dict[int, EventCandidate]) -> dict[int, EventCandidate]:
    """"X conducted strikes using artillery against Y": a trigger inside another's phrase, with no
    agent of its own, is done by the governing trigger's agent."""
    out = dict(cands)
    for i, c in cands.items():
        if c.agents or _own_subject(ctx.doc[i]):  # a clause with a subject of its own is no phrase of another
            continue
        governor = _governing_trigger(ctx, ctx.doc[i], cands)
        if governor is not None and cands[governor].sentence == c.sentence:
            agents = tuple(a for a in cands[governor].agents if a not in c.targets)
            out[i] = replace(c, agents=agents)
    return out


def _governing_trigger(ctx: Context, tok: Token, cands: dict[int, EventCandidate]) -> int | None:
    """The trigger with agents whose phrase holds this token: a trigger above it, or the object of
    the nearest light verb above it ("conducted strikes using ... artillery against Y")."""
    if clause_verb(tok).dep_ == "relcl":
        return None  # a relative clause tells what its own subject did
    for a in tok.ancestors:
        if a.i in cands and cands[a.i].agents:
            return a.i
        if a.pos_ == "VERB" and a.lemma_.lower() in ctx.w("light_verbs"):
            return next((c.i for c in a.children if c.dep_ in {"dobj", "obj"} and c.i in cands
                         and cands[c.i].agents), None)
    return None


def _casualty_owner(carrier: Token, cands: dict[int, EventCandidate], sent: Span) -> int | None:
    """The event a casualty figure belongs to: its own trigger ("X killed 12"), a trigger in or above its
    clause, else none."""
    if carrier.i in cands:
        return carrier.i
    below = sorted((t.i for t in carrier.subtree if t.i in cands and t.i != carrier.i),
                   key=lambda i: (cands[i].context, i))  # the news before an event told as context
    if below:
        return below[0]
    for tok in carrier.ancestors:
        if tok.i in cands:
            return tok.i
    in_sentence = [i for i in cands if sent.start <= i < sent.end]
    return in_sentence[0] if len(in_sentence) == 1 else None
