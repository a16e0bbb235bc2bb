"""The one data model of dateline: articles, their annotations, and timelines.

Every extracted thing carries ``start``/``end`` character offsets into
``Article.text``; its text is derived with :meth:`Article.span`, never copied.
This module imports nothing else from dateline, and everything depends on it. What a reader asks
for (date bounds, filters) is :mod:`dateline.request`.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum, StrEnum
from typing import Any


class DateSource(str, Enum):
    """Where an article's publication date came from."""

    HEADER = "header"  # a leading metadata token or front matter in a text file
    METADATA = "metadata"  # a field of a structured record (JSONL, CSV, WARC, feed)
    HTML = "html"  # extracted from the page by htmldate / trafilatura
    PATH = "path"  # a date-named folder, as in Timeline17's InputDocs/<date>/
    INFERRED = "inferred"  # dated from evidence in the text or the corpus
    UNKNOWN = "unknown"


class Precision(str, Enum):
    """Granularity of a date."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class TimexType(str, Enum):
    """TIMEX3 types."""

    DATE = "DATE"
    TIME = "TIME"
    DURATION = "DURATION"
    SET = "SET"


class EntityKind(str, Enum):
    PERSON = "person"
    ORG = "org"
    PLACE = "place"
    OTHER = "other"


class Modality(str, Enum):
    """Whether an event is said to have happened."""

    HAPPENED = "happened"
    PLANNED = "planned"
    EXPECTED = "expected"
    HYPOTHETICAL = "hypothetical"
    NEGATED = "negated"


class QuoteKind(str, Enum):
    DIRECT = "direct"  # the source's words, in quotation marks
    INDIRECT = "indirect"  # reported speech ("said that ...")
    SOURCE = "source"  # a fact credited to a source ("according to ...", "figures show"): not its words
    STANCE = "stance"  # a belief, wish or position ascribed ("wants to ...", "called for ..."): not speech

    @property
    def is_speech(self) -> bool:
        """Whether the desk may show it as something the speaker said."""
        return self in (QuoteKind.DIRECT, QuoteKind.INDIRECT)


class Qualifier(str, Enum):
    """How a numeric claim bounds its value."""

    EXACT = "exact"
    APPROX = "approx"  # some, about, around, nearly, almost
    AT_LEAST = "at_least"  # more than, at least, over
    AT_MOST = "at_most"  # up to, fewer than, less than


class ClaimStatus(str, Enum):
    """What a claim group's figures do (see dateline.corpus.claim_groups)."""

    SINGLE = "single"  # one claim
    CONSISTENT = "consistent"  # all can be true
    CONFLICT = "conflict"  # independent sources, same time, values that cannot both hold
    UPDATE = "update"  # the value moves with time
    RELATED = "related"  # weakly grouped: shown together, never set against each other

    @classmethod
    def _missing_(cls, value: object) -> "ClaimStatus | None":
        # stores written before the statuses were renamed
        return {"conflicting": cls.CONFLICT, "changing": cls.UPDATE}.get(str(value))


class Kind(StrEnum):
    """What the corpus stages keep in the store: kinds of objects, memberships and key maps (the values are
    what the store holds, so they never change; the names say what each is)."""

    ENTITY = "entity"  # objects: canonical entities; keymap: mention key -> entity id
    ENTITY_KEY = "entity_key"  # objects: one per mention key (spellings, roles, articles)
    ENTITY_KEY_BLOCK = "entity_key_block"  # objects: a block of name forms -> the keys in it
    ENTITY_TARGET = "entity_target"  # keymap: mention key -> the key it was grouped under
    ENTITY_CONTRIB = "entity_contrib"  # objects: what each article added to the keys
    DEBRIS = "debris"  # objects: per article, the spans of its page-debris lines and the rule that found each
    DEBRIS_COUNT = "debris_count"  # objects: per outlet and line key, how many articles printed the line
    CLAIM_GROUP = "claim_group"  # objects: claim groups; members: claim index -> group
    STORY = "story"  # objects: stories (groups of threads); members: article -> story
    THREAD = "thread"  # objects: threads, the single-pass clusters stories group; members: article -> thread
    EVENT_CLUSTER = "event_cluster"  # objects: cross-document event clusters
    EVENT_MEMBER = "event"  # members: event index (or dated sentence) -> event cluster
    EVENT_UNIT = "event_unit"  # objects: one per event mention, with its term vector
    CLUSTER_DF = "cluster_df"  # objects: the document frequencies an article's terms had when it came
    EVENT_ARTICLE = "event_article"  # objects: per article, what same-event linking compares of two articles
    DAY_VOTE = "day_vote"  # objects of the dating stage: votes for a month-day's year
    EVENT_DAY = "event_day"  # ... dated event days, by governing word
    DAY_SENTENCE = "day_sentence"  # ... sentences telling a weekday's date
    DATING_WANT = "dating_want"  # ... the keys an undated article wants
    DATING_CONTRIB = "dating_contrib"  # ... what each article added (to take it back)


def content_id(text: str) -> str:
    """Stable id of an article: a hash of its NFC-normalized, whitespace-folded text."""
    folded = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Evidence:
    """One piece of evidence for an inferred value, pointing into the text."""

    kind: str  # e.g. "absolute-date", "event-count", "weekday", "near-duplicate"
    detail: str  # human-readable reasoning
    start: int | None = None
    end: int | None = None
    article: str | None = None  # when the evidence lives in another article


@dataclass(frozen=True, slots=True)
class Article:
    """A stored news article; all spans in dateline point into ``text``."""

    id: str
    text: str
    title: str = ""
    url: str = ""
    source: str = ""  # outlet or site name
    language: str = "en"
    published: date | None = None
    date_precision: Precision | None = None
    date_source: DateSource = DateSource.UNKNOWN
    date_confidence: float = 1.0
    date_evidence: tuple[Evidence, ...] = ()
    origin: str = ""  # file (and line) the article was read from
    external_id: str = ""  # the input's own id (a record's "id" field), kept for scripts
    duplicate_of: str | None = None  # id of the original for a near-duplicate

    def span(self, start: int, end: int) -> str:
        """Text of a span of this article."""
        return self.text[start:end]


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    index: int  # position in the article, 0-based
    paragraph: int = 0


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A TIMEX3 expression: found by the tagger, anchored by the resolver."""

    start: int
    end: int
    type: TimexType
    value: str  # TIMEX3 value ("2024-03-21", "2024-03", "P6W", "XXXX-10-07")
    rule: str = ""  # name of the rule that found it
    underspecified: str = ""  # the tagger's value before anchoring
    anchor: str = ""  # what it was anchored to: "dct", "narrative", "event", ...
    mod: str = ""  # TIMEX3 mod: START, MID, END, APPROX, ...
    precision: Precision | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A mention of a person, organization or place."""

    start: int
    end: int
    kind: EntityKind
    label: str = ""  # spaCy label it came from (PERSON, ORG, GPE, NORP, ...)
    name_start: int | None = None  # the name inside the mention, titles stripped
    name_end: int | None = None
    antecedent_start: int | None = None  # for a resolved pronoun: the name it stands for,
    antecedent_end: int | None = None  # elsewhere in the same text
    role: str = ""  # title or role found with the name ("foreign minister")
    role_of: str = ""  # whose role ("Egypt")
    entity: str | None = None  # id of the canonical Entity


@dataclass(frozen=True, slots=True)
class Role:
    title: str
    of: str = ""
    article: str = ""
    date: str = ""  # ISO date (or prefix) at which the role was seen


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world person, organization or place, across all articles."""

    id: str
    kind: EntityKind
    name: str  # canonical name
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    country: str = ""  # ISO 3166 alpha-2 for places (and demonyms)


@dataclass(frozen=True, slots=True)
class Participant:
    """An event argument: a span of the article, linked to an entity when known."""

    role: str  # "agent", "patient", "recipient", "place"
    start: int
    end: int
    entity: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """An event mention: trigger, type, participants, time and modality."""

    start: int  # trigger span
    end: int
    type: str  # ontology code, see dateline.extract.events (data/event_types.toml)
    sentence: int
    participants: tuple[Participant, ...] = ()
    time: int | None = None  # index into Document.timexes
    date: str = ""  # TIMEX3 date value of the event ("2024-03-21", "2024-03")
    precision: Precision | None = None
    modality: Modality = Modality.HAPPENED
    reported_by: int | None = None  # index into Document.quotes when reported speech
    cluster: str | None = None  # id of the cross-document event cluster
    lemma: str = ""  # the trigger's lemma, lower-cased (the parse that gave it is not stored)


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct or indirect quote, attributed to a speaker."""

    start: int  # content span
    end: int
    kind: QuoteKind
    cue_start: int | None = None  # cue verb ("said", "according to")
    cue_end: int | None = None
    speaker_start: int | None = None  # the speaker mention as written ("he", "a senior official")
    speaker_end: int | None = None
    speaker: str | None = None  # Entity id when resolved
    # the named mention the speaker resolves to (the speaker span itself when it is a name); None for a
    # described speaker ("a ministry official"), which is never linked to an entity
    resolved_start: int | None = None
    resolved_end: int | None = None
    # content fragments when the quote is broken ("...," he said, "..."); () when it is start..end
    parts: tuple[tuple[int, int], ...] = ()

    def fragments(self) -> tuple[tuple[int, int], ...]:
        """The content as fragments: ``parts``, or the one span start..end."""
        return self.parts or ((self.start, self.end),)


@dataclass(frozen=True, slots=True)
class Claim:
    """A numeric claim: a value about a counted quantity."""

    start: int  # the number as written ("nearly 1.5 million")
    end: int
    value: float
    qualifier: Qualifier = Qualifier.EXACT
    unit: str = ""  # "people", "percent", "USD", ...
    counted_start: int | None = None  # what is counted, as written
    counted_end: int | None = None
    quantity: str = ""  # normalized key of what is counted, for grouping
    claimant: str | None = None  # Entity id or "" when the outlet itself
    date: str = ""
    group: str | None = None  # id of the cross-article claim group
    low: float | None = None  # the interval the wording allows ("nearly 300" -> 270..300); None: the value
    high: float | None = None  # None with a low: no upper bound ("more than 300")
    scope: str = ""  # what narrows the counted set: "confirmed", "suspected", "increment" ("a further 48"), ...
    context: tuple[str, ...] = ()  # content words of the claim's sentence, for telling one quantity's story
    topic: tuple[str, ...] = ()  # names the article's lead is about
    sketch: tuple[int, ...] = ()  # bottom-k hashes of the passage's word shingles: copies of one passage match


@dataclass(frozen=True, slots=True)
class Links:
    """What entity linking needs of one article: each mention's entity key (``"person|abdel fattah al-sisi"``,
    ``""`` when it names nobody), and which mention each quote's speaker, event participant and claimant is
    (an index into ``Document.mentions``, or -1). The corpus stage maps keys to entities; the store resolves
    the ids when a document is loaded, so linking never rewrites another stage's layer."""

    mention_keys: tuple[str, ...] = ()
    speakers: tuple[int, ...] = ()
    participants: tuple[tuple[int, ...], ...] = ()
    claimants: tuple[int, ...] = ()


class TimeRole(str, Enum):
    """What a time expression dates, read from the dependency parse of its sentence."""

    MAIN = "main"  # the sentence's main predicate, or a main clause coordinated with it
    SAYING = "saying"  # the reporting verb of "X said (on D) that ...": the saying is a main event
    REPORTED = "reported"  # the event a saying reports: "officials said the tanker sank on 3 June"
    SUBORDINATE = "subordinate"  # a predicate of a relative, adverbial or complement clause
    NOUN = "noun"  # a noun: "the vote on Sunday", "Tuesday's visit", "the April 20 explosion"
    BOUND = "bound"  # a point a span is measured from or to: since, until, by, after, before
    FRAME = "frame"  # a headline, timestamp, byline or dateline run into the sentence
    UNATTACHED = "unattached"  # not a date, or the parse ties it to nothing


class DayBasis(str, Enum):
    """How a sentence's line day is known (the basis of the linedates rubric)."""

    EXPLICIT = "explicit"  # a time expression dates the main event
    IMPLICIT = "implicit"  # nothing dates it: the sentence reports its article's news of the day
    INFERRED = "inferred"  # "the next day", "that day": the day of the event it follows, shifted
    NONE = "none"  # no day an editor would sign: ``SentenceTime.reason`` says why


@dataclass(frozen=True, slots=True)
class TimeAttachment:
    """One time expression tied to the predicate or noun it modifies (``head_start``/``head_end``; None: unattached).

    ``tense``: the "past"/"future" of the verb governing a weekday that names a noun ("Tuesday's visit will"),
    re-anchoring it from the publication day. ``follows``: for "the next day", "hours later", the index in
    ``times`` of the time of the event it follows (None: it dates nothing); ``offset``: days after it."""

    timex: int  # index into Document.timexes
    role: TimeRole
    head_start: int | None = None
    head_end: int | None = None
    tense: str = ""
    follows: int | None = None
    offset: int = 0


@dataclass(frozen=True, slots=True)
class Predicate:
    """A main event of a sentence: its predicate word, and its part ("main", "saying", "reported")."""

    start: int
    end: int
    part: str = "main"


@dataclass(frozen=True, slots=True)
class SentenceTime:
    """The main event(s) of one sentence and how its line day is known (an implicit day is read when asked).

    ``time``: index in ``Attachments.times`` of the time giving the day (explicit, inferred). With basis ``none``,
    ``reason``: ``state``, ``generic``, ``negated``, ``no_event``, ``frame`` (a headline, timestamp or byline),
    ``unanchored`` ("the next day" with no dated event before it), ``coarse`` (dated coarser than a day) or
    ``unsure`` (undated, beside a noun dated another day)."""

    sentence: int  # index into Document.sentences
    events: tuple[Predicate, ...] = ()
    basis: DayBasis = DayBasis.NONE
    time: int | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Attachments:
    """The time-attachment layer: ``times[i]`` for ``timexes[i]``, ``sentences[j]`` for ``sentences[j]``.

    A line's day is read from it by :func:`dateline.extract.sentence_dates.line_day`."""

    times: tuple[TimeAttachment, ...] = ()
    sentences: tuple[SentenceTime, ...] = ()


@dataclass(frozen=True, slots=True)
class SentenceVectors:
    """One dense vector per sentence (the optional ``vectors`` stage): ``data`` is the row-major
    ``len(sentences) x dim`` matrix of unit vectors as base64 little-endian float16 (a third of JSON floats,
    exact enough for cosines); ``model`` names the encoder, so two models' vectors are never compared."""

    model: str
    dim: int
    data: str = ""


@dataclass(frozen=True, slots=True)
class StageFailure:
    """A stage that raised on one article (or was skipped because a layer it needs is missing)."""

    stage: str
    error: str  # exception type, or "skipped"
    message: str


@dataclass(frozen=True)
class Document:
    """An article with its annotation layers, as the per-article stages fill them.

    ``layers`` names what has been assigned; ``parse`` holds a transient parser
    output (a spaCy Doc) that is never stored.
    """

    article: Article
    sentences: tuple[Sentence, ...] = ()
    timexes: tuple[TimeExpression, ...] = ()
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    links: Links | None = None
    attachments: Attachments | None = None  # what each time expression dates, each sentence's line day
    vectors: SentenceVectors | None = None  # only with the optional vectors stage
    layers: frozenset[str] = frozenset()
    failures: tuple[StageFailure, ...] = ()  # of this run's stages; stored apart from the layers
    parse: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A cited span of a stored article."""

    article: str
    start: int
    end: int
    title: str = ""
    url: str = ""
    source: str = ""
    published: str = ""
    origin: str = ""  # file (and line) the article was read from, to name a source without an outlet


@dataclass(frozen=True, slots=True)
class SummaryLine:
    """One summary sentence of a timeline entry and where it was written."""

    text: str  # equals the cited span of the stored article
    source: SourceRef
    also: tuple[SourceRef, ...] = ()  # other outlets reporting the same
    display: str = ""  # the text for a reader ("[Blinken] is scheduled ..."); empty: the text itself

    @property
    def shown(self) -> str:
        """What a renderer shows: the display text when there is one, else the source text."""
        return self.display or self.text


@dataclass(frozen=True, slots=True)
class EntryParticipant:
    """An entity taking part in the events of a timeline entry, with its role at that date."""

    entity: str  # Entity id
    name: str  # canonical name
    kind: EntityKind
    role: str = ""  # title held at the entry's date ("secretary of state")
    role_of: str = ""  # whose ("United States")


@dataclass(frozen=True, slots=True)
class EntryPlace:
    """Where an entry's main event took place: a place mention of a stored article."""

    name: str  # canonical name, else the mention as written
    source: SourceRef  # the mention's span
    entity: str | None = None
    text: str = ""  # the mention as written: the span of ``source``


@dataclass(frozen=True, slots=True)
class EntryQuote:
    """What a participant said on an entry's date."""

    text: str  # equals the quote's span of the stored article
    source: SourceRef
    kind: QuoteKind
    speaker: str | None = None  # Entity id
    speaker_name: str = ""  # canonical name, else the speaker as written


@dataclass(frozen=True, slots=True)
class EntryClaim:
    """A figure reported on an entry's date, with the status of its quantity across sources."""

    text: str  # the figure as written: the span of ``source``
    source: SourceRef
    value: float
    qualifier: Qualifier = Qualifier.EXACT
    unit: str = ""
    quantity: str = ""  # the normalized key of what is counted
    group: str | None = None  # claim group id
    status: ClaimStatus | None = None  # the group's status (an unsure conflict reads as related)
    label: str = ""  # the group's label in words ("people injured in Qeshm, 27 November 2005")


class DisagreementKind(str, Enum):
    FIGURE = "figure"  # outlets give different figures for one quantity
    DATE = "date"  # outlets date one event differently


@dataclass(frozen=True, slots=True)
class DisagreementSide:
    """One outlet's version: the figure or date as written, its date and its sentence."""

    text: str  # the figure or time expression as written: the span of ``source``
    source: SourceRef
    date: str  # the date the outlet gives (DATE) or reports on (FIGURE); "" when unknown
    sentence_start: int  # the sentence holding it, in the same article
    sentence_end: int
    sentence: str = ""  # derived: the sentence's text
    value: float | None = None  # the figure (FIGURE)
    outlet: str = ""  # the source as a reader knows it


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Sources that give different figures for one quantity, or different dates for one event."""

    kind: DisagreementKind
    status: str  # a ClaimStatus value (FIGURE: conflict, update, consistent, related) or "dated-differently" (DATE)
    label: str  # what is counted, where and when, or the event, in words
    sides: tuple[DisagreementSide, ...]
    conflict: bool = False  # the sides cannot all be true (a contradiction, not a rounding)
    group: str | None = None  # claim group or event cluster ids it comes from
    confidence: float = 0.0  # how surely the sides are one quantity (or one event): 0 to 1
    summary: str = ""  # what the figures do, in words ("rose from 12 to 31 between 3 and 6 May")
    folded: bool = False  # shown folded, as related figures: too unsure to set side by side


@dataclass(frozen=True, slots=True)
class StoryRef:
    """The story (cluster of articles) a timeline entry belongs to."""

    id: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    date: str  # "YYYY-MM-DD", "YYYY-MM" or "YYYY"
    precision: Precision
    summary: tuple[SummaryLine, ...]
    sources: tuple[SourceRef, ...]
    background: bool = False  # told in passing, not the main thread
    score: float = 0.0
    participants: tuple[EntryParticipant, ...] = ()
    place: EntryPlace | None = None  # of the main event, where known
    event_type: str = ""  # of the main event
    modality: Modality | None = None  # of the main event
    quotes: tuple[EntryQuote, ...] = ()
    claims: tuple[EntryClaim, ...] = ()
    event_types: tuple[str, ...] = ()  # of every event the entry's lines report
    entities: tuple[str, ...] = ()  # ids of every entity its cited sentences name
    story: StoryRef | None = None


@dataclass(frozen=True, slots=True)
class Timeline:
    entries: tuple[TimelineEntry, ...]
    undated: tuple[SummaryLine, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()


# -- helpers over the model ------------------------------------------------------------
def add_layers(doc: Document, names: Iterable[str], **values: Any) -> Document:
    """A copy of ``doc`` with new annotation values and their layer names recorded."""
    return replace(doc, layers=doc.layers | frozenset(names), **values)


def sentence_at(sentences: Sequence[Sentence], offset: int) -> int | None:
    """Position in ``sentences`` (sorted, non-overlapping) of the one holding ``offset``; None between them.

    >>> sentence_at((Sentence(0, 5, 0), Sentence(6, 12, 1)), 7)
    1
    """
    lo, hi = 0, len(sentences) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s = sentences[mid]
        if offset < s.start:
            hi = mid - 1
        elif offset >= s.end:
            lo = mid + 1
        else:
            return mid
    return None
