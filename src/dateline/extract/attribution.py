"""An attribution's parts from the parse: who (the source phrase) and what (the content) of a reporting word.

Given a cue token (:mod:`dateline.extract.cue_model` decides which tokens are
cues), the source is the noun phrase of its subject, as written: determiners,
titles, appositives and a relative clause included ("Len Burman, head of the
Tax Policy Center"), a participle clause after a comma left out ("Trump,
appearing after Clinton, said"); the object of "according to"; the agent of a
passive cue ("was criticised by X"). The content is what the cue governs, in
this order: the quotation it heads; its clausal complement with the
complementizer ("that the plan failed"); an infinitive complement ("urged X to
act": "to act", with the subject "X to act" after "call for"); the clause an
"according to" phrase or a parenthetical "X said" sits in, without them; a noun
phrase object ("called for a moratorium", "denied the report"). These are the
conventions of PolNeAR (Newell et al. 2018), whose annotations the shipped
rules were measured against.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from ..resources import load_toml

from .spans import Regions

Span = tuple[int, int]
SUBJECTS = ("nsubj", "nsubjpass")
# passive cues whose subject is the speaker ("he was quoted as saying")
PASSIVE_SPEAKER = frozenset({"quote", "hear", "overhear", "record", "cite"})
RELATIVE = frozenset({"who", "that", "which", "whom"})
# a subject's modifiers after a comma that are the reporter's, not part of the source's name (a relative
# clause stays: PolNeAR's sources keep it about as often as not, and keeping it scored better on train)
_DROP_AFTER_COMMA = frozenset({"acl", "advcl"})
# focus adverbs before a source are the reporter's emphasis, not the source ("even his allies", "only 7 percent")
_FOCUS = frozenset({"even", "only", "just", "also", "virtually"})
_DASHES = frozenset({"-", "–", "—", "--"})
# object-like children, in the order they are tried as the content
_OBJECTS = ("dobj", "attr", "oprd", "nsubjpass")
_ANSWERS = frozenset({"so", "yes", "no"})
_CONTENT_PREPS = frozenset({"for", "of", "about", "on", "to", "against", "that", "as"})


def tokens_span(toks: Iterable[Any]) -> Span | None:
    """The char span from the first to the last of ``toks``, edge punctuation and quote marks trimmed."""
    toks = sorted(toks, key=lambda t: t.i)
    while toks and (toks[0].is_punct or toks[0].is_space):
        toks.pop(0)
    while toks and (toks[-1].is_punct or toks[-1].is_space):
        toks.pop()
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def subject(verb: Any) -> Any:
    """The subject of a verb, or of the verb it is conjoined with or subordinate to ("..., adding that")."""
    for _ in range(6):  # a chain of conjuncts is short in practice; the bound keeps loops out
        found = [c for c in verb.children if c.dep_ in SUBJECTS]
        # a time stamp or dateline above the paragraph is not the speaker ("5:45 p.m. / Trump says")
        found = [c for c in found if not _line_break_between(c, verb)] or found
        if found:
            # "the drawdown, which they say left a gap": the parser may hang both on the cue; "they" speaks
            return next((c for c in found if c.lower_ not in RELATIVE), found[0])
        if verb.dep_ not in ("conj", "advcl", "xcomp", "ccomp", "relcl") or verb.head.i == verb.i:
            return None
        if verb.dep_ == "advcl" and verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children):
            return None  # "Asked about the plan, the mayor said": the clause's subject is the one asked
        if verb.dep_ in ("ccomp", "relcl") and verb.head.pos_ not in ("VERB", "AUX"):
            return None
        verb = verb.head
    return None


def gerund_subject(verb: Any) -> Any:
    """Who a gerund after a preposition speaks for: the subject of the verb the preposition hangs on
    ("Ruiz was criticised for saying", "she apologised after saying"), or None."""
    if verb.tag_ != "VBG" or verb.dep_ != "pcomp" or verb.head.dep_ != "prep":
        return None
    governor = verb.head.head
    if governor.pos_ not in ("VERB", "AUX"):
        return None
    return next((c for c in governor.children if c.dep_ in SUBJECTS), None)


def _agent(verb: Any) -> Any:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def np_span(head: Any) -> Span | None:
    """A noun phrase as written: the head's subtree, a participle clause after a comma left out."""
    drop: set[int] = set()
    for child in head.rights:
        prev = head.doc[child.left_edge.i - 1] if child.left_edge.i > 0 else None
        if child.dep_ in _DROP_AFTER_COMMA and prev is not None and prev.text == ",":
            drop.update(t.i for t in child.subtree)
        elif _edge_word(child):
            drop.update(t.i for t in child.subtree)
    toks = [t for t in head.subtree if t.i not in drop]
    # the NP ends where the first dropped part begins (no gaps)
    if drop:
        stop = min(drop)
        toks = [t for t in toks if t.i < stop]
    # nor does it run over a line break (a dateline or a time stamp above a paragraph's subject)
    toks = [t for t in toks if not _line_break_between(t, head)]
    return tokens_span(_without_lead_in(toks, head))


@lru_cache(maxsize=1)
def _emphasis() -> frozenset[str]:
    """Words after a source's name that stress it and are not part of it (data/cue_verbs.toml)."""
    return frozenset(load_toml("cue_verbs.toml")["source_emphasis"])


def _edge_word(child: Any) -> bool:
    """A modifier after a source's name that is the reporter's, not the source's: the day it spoke
    ("Trump on Tuesday"), an emphasis ("the candidate himself", "progressives in particular", "both")."""
    if child.dep_ == "prep":  # "on Tuesday", "in 2015": when it spoke, not who
        return any(c.ent_type_ in ("DATE", "TIME") for c in child.children if c.dep_ == "pobj")
    if child.dep_ == "npadvmod" and child.ent_type_ in ("DATE", "TIME"):
        return True
    return child.lower_ in _emphasis() and child.dep_ in ("appos", "advmod", "det", "npadvmod", "prep", "dep")


def _without_lead_in(toks: list[Any], head: Any) -> list[Any]:
    """A phrase without a focus adverb before it ("even") or a wire dateline run into it ("PARIS - ...")."""
    while toks and toks[0].i < head.i and toks[0].lower_ in _FOCUS and toks[0].dep_ == "advmod":
        toks = toks[1:]
    dash = next((k for k, t in enumerate(toks) if t.text in _DASHES and t.i < head.i), None)
    if dash is not None and dash + 1 < len(toks) and (toks[0].text.isupper() or toks[dash - 1].text == ")"):
        toks = toks[dash + 1:]
    return toks


def _line_break_between(tok: Any, head: Any) -> bool:
    lo, hi = sorted((tok.i, head.i))
    return any("\n" in head.doc[k].text_with_ws for k in range(lo, hi))


@lru_cache(maxsize=1)
def _finding_nouns() -> frozenset[str]:
    """Nouns whose "in the ..." phrase credits its clause to them (data/cue_verbs.toml)."""
    return frozenset(load_toml("cue_verbs.toml")["finding_in"])


def credits_finding(tok: Any) -> bool:
    """Whether ``tok`` is the "in" of "in the latest poll, X leads": a finding credited to a poll or survey
    (the phrase hangs off the clause it credits; "in" is the cue, the poll the source)."""
    return tok.lower_ == "in" and tok.dep_ == "prep" and tok.head.i != tok.i and any(
        c.dep_ == "pobj" and c.lemma_.lower() in _finding_nouns() for c in tok.children)


def source_head(cue: Any) -> Any:
    """The head token of a cue's source phrase, or None."""
    if credits_finding(cue):
        return next(c for c in cue.children if c.dep_ == "pobj")
    if cue.lower_ == "according":
        to = next((c for c in cue.children if c.lower_ == "to"), None)
        if to is None and cue.i + 1 < len(cue.doc) and cue.doc[cue.i + 1].lower_ == "to":
            to = cue.doc[cue.i + 1]
        return next((c for c in to.children if c.dep_ in ("pobj", "pcomp")), None) if to is not None else None
    subj = subject(cue)
    if subj is None:
        gerund = gerund_subject(cue)
        if gerund is not None:
            return gerund
    if subj is None or subj.dep_ == "nsubjpass":
        agent = _agent(cue)
        if agent is not None:
            return agent
    if subj is not None and subj.dep_ == "nsubjpass" and subj.head.i == cue.i and cue.lemma_ not in PASSIVE_SPEAKER:
        return None  # "the aide is said to have", "she was asked whether": talked about or to, not the speaker
    return subj  # "the aide who said": "who", the speaker's own mention (resolved to the aide)


def source_span(cue: Any) -> Span | None:
    """The char span of a cue's source phrase, or None."""
    head = source_head(cue)
    if head is None:
        return None
    if head.i in {t.i for t in cue.subtree} or head.dep_ != "pobj":
        pass
    if head.head.dep_ == "relcl" and head.head.head.i == head.i:
        return None
    span = np_span(head)
    if span is None:
        return None
    # a relative clause whose verb is the cue is not part of the source ("the aide who said"), nor is any
    # other clause of the cue the parser hung below the source ("A union representing X endorsed ...")
    if head.i < cue.i and cue.i in {t.i for t in head.subtree}:
        toks = [t for t in head.subtree if t.i < cue.left_edge.i]
        return tokens_span(toks) if cue.dep_ == "relcl" else _cut_at(span, toks)
    if head.i < cue.i and span[1] > cue.idx:  # a modifier the parser hung across the cue
        return _cut_at(span, [t for t in head.subtree if t.i < cue.i])
    return span


def _cut_at(span: Span, toks: list[Any]) -> Span | None:
    """A source phrase cut where the words before the cue stop."""
    cut = tokens_span(toks)
    return (span[0], min(span[1], cut[1])) if cut is not None else None


def _clause_minus(clause: Any, skip: Iterable[Any]) -> tuple[Span, ...]:
    """A clause without some subtrees (an "according to" phrase, a parenthetical "he said"), as the
    fragments around them: "The test, North Korea said, was its biggest" is "The test" and "was its
    biggest" (one span over the cue would hold the cue inside its own content)."""
    gone = {t.i for s in skip for t in s.subtree}
    runs: list[list[Any]] = [[]]
    for t in clause.subtree:
        if t.i in gone:
            runs.append([])
        else:
            runs[-1].append(t)
    return tuple(s for s in (tokens_span(r) for r in runs if r) if s is not None)


def content_spans(cue: Any, quotes: Regions) -> tuple[Span, ...]:
    """The content a cue governs (see the module docstring), as fragments; () when it governs none."""
    if cue.lower_ == "according":
        phrase = cue if cue.dep_ == "prep" else cue.head
        return _clause_minus(phrase.head, [phrase]) if phrase.head.i != phrase.i else ()
    if credits_finding(cue):
        return _clause_minus(cue.head, [cue])
    children = list(cue.children)
    for dep in ("ccomp", "xcomp"):
        comp = next((c for c in children if c.dep_ == dep), None)
        if comp is not None:
            span = _comp_span(cue, comp)
            obj = next((c for c in children if c.dep_ == "dobj" and c.i < comp.i), None)
            if span and obj is not None and dep == "xcomp":
                # "urged North Korea to resume talks": the addressee is the infinitive's subject
                start = tokens_span(obj.subtree)
                span = (start[0], span[1]) if start else span
            if span:
                return (span,)
    if cue.dep_ in ("parataxis", "ccomp") and cue.head.i != cue.i and cue.head.i > cue.i - 40 and _aside(cue):
        # "The test, North Korea said, was its biggest": the clause around the cue, without it
        parts = _clause_minus(cue.head, [cue])
        if parts:
            return parts
    for dep in _OBJECTS:
        obj = next((c for c in children if c.dep_ == dep), None)
        if obj is not None:
            # "urged X to act", "called the charges false", "accused X of lying": the object and what follows
            more = [c for c in children if c.i > obj.i and (c.dep_ in ("xcomp", "oprd", "ccomp") or (
                c.dep_ == "prep" and c.lower_ in ("as", "of"))) and c.doc[c.left_edge.i - 1].text != ","]
            if obj.i < cue.i and more:
                # "which he called “a disgrace”", "what she describes as a habit": the relative word and the
                # words after the cue, without the source and the cue between them
                parts = (tokens_span(obj.subtree), _trimmed(sorted((t for x in more for t in x.subtree),
                                                                   key=lambda t: t.i), more[0]))
                if all(parts):
                    return parts
            span = _trimmed(sorted((t for x in [obj, *more] for t in x.subtree), key=lambda t: t.i), obj)
            if span:
                return (span,)
    for prep in (c for c in children if c.dep_ == "prep" and c.lower_ in _CONTENT_PREPS):
        obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
        if obj is not None:
            span = tokens_span(obj.subtree)
            if span:
                return (span,)
    # "55 percent said so", "most said no": the one word that stands for the answer
    answer = next((c for c in children if c.lower_ in _ANSWERS and c.i > cue.i), None)
    return ((answer.idx, answer.idx + len(answer.text)),) if answer is not None else ()


def _aside(cue: Any) -> bool:
    """Whether a cue stands in its clause as an aside ("The test, North Korea said, was ..."), not as the
    clause a speech verb reports ("said people had responded"): a parataxis, or set off by a comma or dash."""
    if cue.dep_ == "parataxis":
        return True
    first = cue.left_edge.i
    return first > 0 and cue.doc[first - 1].text in (",", "—", "–", "--", "-")


def complement_of(cue: Any, tok: Any) -> Any:
    """The child of ``cue`` whose subtree holds ``tok`` (None when ``tok`` is not below it)."""
    while tok.head.i != tok.i:
        if tok.head.i == cue.i:
            return tok
        tok = tok.head
    return None


def _comp_span(cue: Any, comp: Any) -> Span | None:
    """A complement clause's span, without the reporter's additions after a comma or dash at its end
    ("..., engaging in ...", "..., which ...", "; they ...")."""
    return _trimmed(list(comp.subtree), comp)


def _trimmed(toks: list[Any], comp: Any) -> Span | None:
    """The span of ``toks`` (a content's subtree) up to the first comma-led part that is the reporter's."""
    cut = len(toks)
    for k in range(1, len(toks)):
        t = toks[k]
        if toks[k - 1].text in (",", "—", "–", "--", ";") and _reporters_addition(t, comp):
            cut = k - 1
            break
    return tokens_span(toks[:cut])


def _reporters_addition(tok: Any, comp: Any) -> bool:
    """Whether the comma-led part starting at ``tok`` is the reporter's addition: a relative or participle
    clause, an apposition or a clause after a semicolon that hangs off the complement, not what was said."""
    root = tok
    while root.head.i != root.i and root.head.i != comp.i and root.head.left_edge.i == tok.i:
        root = root.head
    if root.head.i == comp.i and root.left_edge.i != tok.i:
        return False
    if root.dep_ in ("relcl",):
        return True
    if root.dep_ != "advcl":
        return False
    # "..., adding ...", "..., as thousands fled": the reporter's circumstance, not the speaker's words
    return root.tag_ == "VBG" or any(c.dep_ == "mark" and c.lower_ in ("as", "while") for c in root.children)
