"""What entity linking needs of one article: mention keys, and who speaks, takes part and claims.

The last per-article stage. Each named mention (or resolved pronoun) gets a key
that spelling variants share ("person|abdel fattah al-sisi", "place|country:EG",
"org|state department|US"); each quote speaker, event participant and
claimant is tied to the mention it is. The corpus stage
:mod:`dateline.corpus.entities` maps keys to entities across articles; the store
resolves entity ids when a document is read. Everything here depends on the
article alone, so it runs in parallel with the other per-article stages.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from ..model import (
    Claim,
    Document,
    EntityKind,
    Links,
    Mention,
    Quote,
    Sentence,
    add_layers,
)
from ..settings import Settings
from .aliases import org_key, place_name
from .entities import (
    cities,
    country_code,
    country_name,
    demonym_country,
    place_country,
    strip_article,
)
from .names import fold, name_key
from .nominals import is_named
from .spans import SpanIndex


def mention_name(doc: Document, m: Mention) -> str:
    """The name of a mention, titles stripped; a resolved pronoun goes by its antecedent's name."""
    if m.name_start is not None:
        return doc.article.span(m.name_start, m.name_end)
    if m.antecedent_start is not None:
        return doc.article.span(m.antecedent_start, m.antecedent_end)
    return doc.article.span(m.start, m.end)


def split_key(key: str) -> tuple[EntityKind, str]:
    """``"person|antony blinken"`` -> (PERSON, "antony blinken")."""
    kind, _, rest = key.partition("|")
    return EntityKind(kind), rest


def mention_key(doc: Document, m: Mention) -> tuple[str, str]:
    """(key, country) of a mention before grouping; ("", "") when it names nobody."""
    if not is_named(m) and m.antecedent_start is None:
        return "", ""  # "the actress", an unresolved "he": no name to link by
    text = mention_name(doc, m)
    if m.kind is EntityKind.PLACE:
        text = place_name(text, cities())  # "Rafah city" is Rafah
        name, code = place_country(text)
        if code and name == country_name(code):
            key, country = f"country:{code}", code
        elif code:
            key, country = f"{fold(name)}|{code}", code
        else:
            key, country = strip_article(text), ""
    elif m.kind is EntityKind.PERSON:
        key, country = name_key(text), ""
    elif m.kind is EntityKind.OTHER:
        key, country = strip_article(text), demonym_country(text)
    else:
        org = org_key(text, country_code)
        key, country = org.key, org.country
    return (f"{m.kind.value}|{key}", country) if key else ("", "")


def _span_mention(index: SpanIndex[Mention], keys: Sequence[str], start: int | None, end: int | None) -> int:
    """The keyed mention overlapping a span (the widest overlap wins, the first of equals), or -1."""
    if start is None or end is None:
        return -1
    best, size = -1, 0
    for i in index.overlapping(start, end):
        m = index.items[i]
        overlap = min(end, m.end) - max(start, m.start)
        if overlap > size and keys[i]:
            best, size = i, overlap
    return best


def _claimant(doc: Document, claim: Claim, speakers: Sequence[int], quotes: SpanIndex[Quote],
              sentences: SpanIndex[Sentence], cues: list[tuple[int, int]]) -> int:
    """Who makes a claim: the speaker of the quote holding the figure, else of an attribution in
    the figure's sentence ("..., according to the UN", "..., officials said"); else -1 (the outlet)."""
    # the lookups go through indexes: a scan of every quote and sentence per claim made long articles quadratic
    for i in quotes.positions(claim.start):
        if claim.end <= quotes.items[i].end:
            return speakers[i]
    sent = sentences.first(claim.start)
    if sent is None:
        return -1
    # "according to X" anywhere in the sentence, or "..., X said" after the figure; a cue
    # before the figure ("X stressed ..., as 1.5 million shelter in Y") may not cover it
    lo, hi = bisect_left(cues, (sent.start, -1)), bisect_left(cues, (sent.end, -1))
    cued = [(quotes.items[i], speakers[i]) for _, i in sorted(cues[lo:hi], key=lambda c: c[1])
            if speakers[i] >= 0 and (doc.article.span(quotes.items[i].cue_start, quotes.items[i].cue_end).lower()
                                     == "according" or quotes.items[i].cue_start > claim.end)]
    # the attribution nearest the figure, when several share the sentence
    best = min(cued, key=lambda qw: abs(qw[0].cue_start - claim.start), default=None)
    return best[1] if best is not None else -1


def document_links(doc: Document) -> Links:
    """The links of one document (see the module docstring)."""
    keys = [mention_key(doc, m)[0] for m in doc.mentions]
    mentions = SpanIndex(doc.mentions)
    speakers = tuple(_span_mention(mentions, keys, q.speaker_start, q.speaker_end) for q in doc.quotes)
    participants = tuple(tuple(_span_mention(mentions, keys, p.start, p.end) for p in e.participants)
                         for e in doc.events)
    quotes, sentences = SpanIndex(doc.quotes), SpanIndex(doc.sentences)
    cues = sorted((q.cue_start, i) for i, q in enumerate(doc.quotes) if q.cue_start is not None)
    claimants = tuple(_claimant(doc, c, speakers, quotes, sentences, cues) for c in doc.claims)
    return Links(mention_keys=tuple(keys), speakers=speakers, participants=participants, claimants=claimants)


class LinkStage:
    """Mention keys and the speaker, participant and claimant references of an article."""

    name = "links"
    requires = ("sentences", "mentions")
    uses = ("quotes", "events", "claims")  # whose speakers, participants and claimants are linked
    assigns = ("links",)

    def __init__(self, settings: Settings):
        self.settings = settings

    def __call__(self, doc: Document) -> Document:
        return add_layers(doc, self.assigns, links=document_links(doc))
