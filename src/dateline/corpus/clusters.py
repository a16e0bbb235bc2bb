"""Same-event and same-story clustering across documents, updated incrementally.

Two kinds of corpus objects are kept in the store:

* ``story``: articles about one unfolding story. Mixed corpora hold several;
  unrelated stories stay apart. Each new article joins the story whose term
  centroid it is closest to, or starts a new one (single-pass clustering, the
  classic topic-detection-and-tracking method; Allan et al. 1998, "On-line new
  event detection and tracking").
* ``event``: mentions of one real-world event across articles (cross-document
  event coreference). Units are the articles' event mentions when the events
  layer exists, else their dated sentences. Two units may corefer only within
  a story, on compatible dates (the same day, or one holding the other; an
  undated mention holds any) and compatible event types. Requiring the same
  day avoids what Gholipour Ghalandari & Ifrim (2020) report for their CLUST
  method: separate events on close dates merged into one. Event mentions then
  join on their trigger's stem, the cue that the ECB+ benchmark shows strongest
  (``dateline eval ecb``); reporting events and dated sentences join on wording
  and participants.

Only new articles are compared with the stored objects, so ingesting more
articles never recomputes the corpus. ``story_threshold`` and
``event_threshold`` set the granularity.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..extract.dated import Candidate, document_candidates
from ..model import Document, Precision
from ..settings import Settings

log = logging.getLogger(__name__)

STORY_THRESHOLD = Settings.story_threshold  # cosine to a story centroid needed to join it
EVENT_THRESHOLD = Settings.event_threshold  # similarity needed for two event mentions to corefer
ENTITY_WEIGHT = 0.3  # share of the context similarity given to participant overlap
# share of an event mention's similarity given to its trigger stem: above the default
# threshold, so a shared stem suffices unless dates or types conflict (measured on ECB+)
TRIGGER_WEIGHT = 0.7
# reporting events: every outlet says its own "said", so their stem is no evidence of one act
CONTEXT_ONLY_TYPES = frozenset({"STATEMENT"})
CENTROID_TERMS = 60  # terms kept per centroid: enough to compare, small to store
LEAD_SENTENCES = 8  # an article's story is told by its title and lead

_TRIGGER = "@"  # namespace of trigger stems in an event cluster's centroid
_WORD = re.compile(r"[^\W\d_][\w'-]*")
_NAME = re.compile(r"\b[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*")


def terms(text: str) -> Counter[str]:
    """Content words of a text, lower-cased, stop words removed (a crude but stable stem: 5 letters)."""
    return Counter(w.lower()[:5] for w in _WORD.findall(text)
                   if len(w) > 2 and w.lower() not in ENGLISH_STOP_WORDS)


def names(text: str) -> set[str]:
    """Capitalised word runs that are not sentence-initial stop words: a cheap participant signature."""
    out = set()
    for m in _NAME.finditer(text):
        words = [w for w in m.group().split() if w.lower() not in ENGLISH_STOP_WORDS]
        out.update(w.lower() for w in words)
    return out


def weigh(counts: Mapping[str, float], df: Mapping[str, int], n_docs: int) -> dict[str, float]:
    """(1 + log tf) * idf, L2-normalised."""
    vec = {t: (1 + math.log(c)) * math.log((n_docs + 1) / (df.get(t, 0) + 1) + 1) for t, c in counts.items() if c > 0}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def trim(vec: Mapping[str, float], k: int = CENTROID_TERMS) -> dict[str, float]:
    """The ``k`` heaviest terms, renormalised."""
    top = dict(sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:k])
    norm = math.sqrt(sum(v * v for v in top.values())) or 1.0
    return {t: round(v / norm, 5) for t, v in top.items()}


# -- stories ---------------------------------------------------------------------

@dataclass
class Story:
    """Articles about one story, with the term centroid new articles are compared to."""

    id: str
    articles: list[str] = field(default_factory=list)
    centroid: dict[str, float] = field(default_factory=dict)
    label: str = ""  # the title (or lead) of its first article

    def add(self, article: str, vec: Mapping[str, float]) -> None:
        n = len(self.articles)
        merged = {t: self.centroid.get(t, 0.0) * n for t in self.centroid}
        for t, v in vec.items():
            merged[t] = merged.get(t, 0.0) + v
        self.centroid = trim(merged)
        self.articles.append(article)


def document_text(doc: Document) -> str:
    """Title and lead of an article: what its story is about."""
    lead = doc.sentences[:LEAD_SENTENCES]
    body = " ".join(doc.article.text[s.start:s.end] for s in lead) if lead else doc.article.text[:2000]
    return f"{doc.article.title} {body}"


def assign_stories(docs: Sequence[Document], stories: list[Story], df: Counter[str], n_docs: int,
                   *, threshold: float = STORY_THRESHOLD) -> list[Story]:
    """Add each document to the closest story, or start a new one; returns the stories touched."""
    touched: dict[str, Story] = {}
    for doc in docs:
        vec = weigh(terms(document_text(doc)), df, n_docs)
        best, best_sim = None, threshold
        for story in stories:
            sim = cosine(vec, story.centroid)
            if sim >= best_sim:
                best, best_sim = story, sim
        if best is None:
            best = Story(id=f"s{len(stories) + 1:05d}", label=doc.article.title or document_text(doc)[:80].strip())
            stories.append(best)
        best.add(doc.article.id, vec)
        touched[best.id] = best
    return list(touched.values())


# -- events ----------------------------------------------------------------------

@dataclass
class EventCluster:
    """Mentions of one real-world event: (article, sentence, start, end) members."""

    id: str
    date: str
    type: str = ""
    story: str = ""
    members: list[tuple[str, int, int, int]] = field(default_factory=list)
    centroid: dict[str, float] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)

    @property
    def articles(self) -> set[str]:
        return {m[0] for m in self.members}


@dataclass(frozen=True)
class Unit:
    """One event mention to cluster: an event of the events layer (trigger span), or a dated sentence."""

    article: str
    sentence: int
    start: int
    end: int
    date: str
    type: str
    vec: dict[str, float]
    names: frozenset[str]
    trigger: str = ""  # stem of the trigger word; "" for a dated sentence


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def trigger_stem(trigger: str) -> str:
    """The Snowball (Porter2) stem of a trigger's first word: "killed", "killing" -> "kill".

    >>> trigger_stem("checked into"), trigger_stem("Checks")
    ('check', 'check')
    """
    found = _WORD.findall(trigger)
    return _stemmer().stemWord(found[0].lower()) if found else ""


def event_units(doc: Document, df: Mapping[str, int], n_docs: int) -> Iterator[Unit]:
    """Event mentions of a document: its events when extracted, else its dated sentences.

    An event's date counts only when a time expression gives it: the
    publication month an unlinked event falls back on says when it was told,
    not when it happened (reports of one event span months), except for a
    report itself. An event without such a date is a unit too (date ""), free
    to join a dated cluster, as an article that says only "the earthquake"
    reports the quake another dates.
    """
    text = doc.article.text
    if "events" in doc.layers and doc.events:
        for e in doc.events:
            if e.sentence >= len(doc.sentences):
                continue
            s = doc.sentences[e.sentence]
            part = {text[p.start:p.end].lower() for p in e.participants} | {p.entity for p in e.participants if p.entity}
            body = text[s.start:s.end]
            # a report is told when it is published: its month stands (and blocks its comparisons)
            day = e.date[:10] if e.time is not None or _kind(e.type) in CONTEXT_ONLY_TYPES else ""
            yield Unit(doc.article.id, e.sentence, e.start, e.end, day, e.type,
                       weigh(terms(body), df, n_docs), frozenset(part | names(body)), trigger_stem(text[e.start:e.end]))
        return
    for c in _dated_sentences(doc):
        body = c.text
        yield Unit(doc.article.id, c.sentence, *_span(c), c.date, "", weigh(terms(body), df, n_docs),
                   frozenset(names(body)))


def _dated_sentences(doc: Document) -> Iterator[Candidate]:
    """Sentences naming a day, and the lead sentences of an article on its publication day."""
    for c in document_candidates(doc):
        if c.precision is Precision.DAY and (c.mentioned or c.sentence < 3):
            yield c


def _span(c: Candidate) -> tuple[int, int]:
    s = c.doc.sentences[c.sentence]
    return s.start, s.end


def dates_compatible(a: str, b: str) -> bool:
    """Same date, or one holds the other ("2025-03" holds "2025-03-04"); an unknown date ("") holds any.

    >>> dates_compatible("2025-03", "2025-03-04"), dates_compatible("2025-03-04", "2025-03-05")
    (True, False)
    """
    return a.startswith(b) or b.startswith(a)


def _kind(event_type: str) -> str:
    """Top-level type of an event; "" when unknown (``OTHER`` is a predicate the ontology does not type)."""
    top = event_type.split(".")[0]
    return "" if top == "OTHER" else top


def _triggers(cluster: EventCluster) -> dict[str, float]:
    """Trigger stems of a cluster with their counts, kept in its centroid under their own namespace."""
    return {t[1:]: v for t, v in cluster.centroid.items() if t.startswith(_TRIGGER)}


def unit_similarity(u: Unit, cluster: EventCluster) -> float:
    """Trigger stem, wording (cosine) and participants (Jaccard) of a mention against a cluster.

    Two mentions corefer only on compatible dates and types (0 otherwise). The
    trigger stem is the strongest single cue of cross-document event coreference
    in news: grouping mentions by lemma is the baseline trained ECB+ systems
    report beside their own (Upadhyay et al. 2016; Kenyon-Dean et al. 2018), and
    wording and participants did not tell same-stem mentions apart any better
    there. They weigh the rest: which of several same-stem clusters a mention
    joins, and the mentions whose stem is no evidence (dated sentences,
    reporting events), which join on wording and participants alone.
    """
    if not dates_compatible(u.date, cluster.date):
        return 0.0
    kind, other = _kind(u.type), _kind(cluster.type)
    if kind and other and kind != other:
        return 0.0  # incompatible event types never corefer
    union = u.names | cluster.names
    overlap = len(u.names & cluster.names) / len(union) if union else 0.0
    context = (1 - ENTITY_WEIGHT) * cosine(u.vec, cluster.centroid) + ENTITY_WEIGHT * overlap
    if not _stem_counts(u):
        return context
    triggers = _triggers(cluster)
    # the unit's share of the cluster's stems (cosine of a one-hot vector with their counts)
    share = triggers.get(u.trigger, 0.0) / math.sqrt(sum(v * v for v in triggers.values())) if triggers else 0.0
    return TRIGGER_WEIGHT * share + (1 - TRIGGER_WEIGHT) * context


def _stem_counts(u: Unit) -> bool:
    """Whether a unit's trigger stem is evidence of its event (not a dated sentence, not a report)."""
    return bool(u.trigger) and _kind(u.type) not in CONTEXT_ONLY_TYPES


def _block_key(u: Unit) -> str:
    """Key of the clusters a unit is compared with: its trigger stem, else its kind of unit.

    A unit whose stem counts can pass the threshold only with a cluster holding
    that stem (the rest weighs ``1 - TRIGGER_WEIGHT``, below it), so it meets
    only those; the cost grows with the clusters of one stem, not the corpus.
    """
    if _stem_counts(u):
        return _TRIGGER + u.trigger
    return _kind(u.type) if u.trigger else ""


def _cluster_keys(c: EventCluster) -> set[str]:
    """Block keys of a cluster: its stems and its type, or "" for a cluster of dated sentences."""
    keys = {_TRIGGER + t for t in _triggers(c)}
    if not keys:
        return {""}
    return keys | ({_kind(c.type)} if _kind(c.type) else set())


def _add(cluster: EventCluster, u: Unit) -> None:
    """Add a unit: centroid (wording, trimmed; trigger counts, kept whole), names, date, members."""
    n = len(cluster.members)
    triggers = _triggers(cluster)
    merged = {t: v * n for t, v in cluster.centroid.items() if not t.startswith(_TRIGGER)}
    for t, v in u.vec.items():
        merged[t] = merged.get(t, 0.0) + v
    cluster.centroid = trim(merged, 30)
    if u.trigger:
        triggers[u.trigger] = triggers.get(u.trigger, 0.0) + 1
    cluster.centroid.update({_TRIGGER + t: v for t, v in triggers.items()})
    cluster.names |= u.names
    if len(u.date) > len(cluster.date):
        cluster.date = u.date  # the most precise date of the members
    if not _kind(cluster.type):
        cluster.type = u.type or cluster.type
    cluster.members.append((u.article, u.sentence, u.start, u.end))


class _ClusterIndex:
    """Clusters by (story, block key), then by date: a unit meets only those it may join.

    Blocking by date as well keeps the cost of a dated mention to the clusters
    of its day, month and year and the undated ones, not the whole story.
    """

    def __init__(self, clusters: Iterable[EventCluster]):
        self.buckets: dict[tuple[str, str], dict[str, list[EventCluster]]] = defaultdict(lambda: defaultdict(list))
        for c in clusters:
            self.add(c, _cluster_keys(c))

    def add(self, c: EventCluster, keys: Iterable[str]) -> None:
        for key in keys:
            self.buckets[(c.story, key)][c.date].append(c)

    def move(self, c: EventCluster, old_date: str, keys: Iterable[str]) -> None:
        """File a cluster whose date was refined under its new date."""
        for key in keys:
            self.buckets[(c.story, key)][old_date].remove(c)
        self.add(c, keys)

    def candidates(self, u: Unit, story: str) -> Iterator[EventCluster]:
        for date, bucket in self.buckets.get((story, _block_key(u)), {}).items():
            if dates_compatible(u.date, date):
                yield from bucket


def assign_events(units: Iterable[Unit], clusters: list[EventCluster], story_of: Mapping[str, str],
                  *, threshold: float = EVENT_THRESHOLD) -> list[EventCluster]:
    """Add each unit to the most similar cluster of its story, or start one; returns those touched.

    Single-pass, like the stories: each unit is compared with the clusters of
    its story that share its block key (:func:`_block_key`) and a compatible
    date. Mentions of one article may share a cluster: an article names its
    event more than once.
    """
    index = _ClusterIndex(clusters)
    touched: dict[str, EventCluster] = {}
    for u in units:
        story = story_of.get(u.article, "")
        best, best_sim = None, threshold
        for c in index.candidates(u, story):
            sim = unit_similarity(u, c)
            if sim >= best_sim:
                best, best_sim = c, sim
        if best is None:
            best = EventCluster(id=f"e{len(clusters) + 1:06d}", date=u.date, type=u.type, story=story)
            clusters.append(best)
        known = _cluster_keys(best) if best.members else set()
        old_date = best.date
        _add(best, u)
        if best.date != old_date:
            index.move(best, old_date, known)
        index.add(best, _cluster_keys(best) - known)
        touched[best.id] = best
    return list(touched.values())


# -- persistence and the corpus stage ------------------------------------------------

STORY_KIND = "story"
EVENT_KIND = "event_cluster"
_DF_KEY = "cluster.df"


def load_stories(store) -> list[Story]:
    return [Story(id=i, articles=list(o["articles"]), centroid=dict(o["centroid"]), label=o.get("label", ""))
            for i, o in sorted(store.get_objects(STORY_KIND).items())]


def load_events(store) -> list[EventCluster]:
    return [EventCluster(id=i, date=o["date"], type=o.get("type", ""), story=o.get("story", ""),
                         members=[tuple(m) for m in o["members"]], centroid=dict(o["centroid"]),
                         names=set(o.get("names", ())))
            for i, o in sorted(store.get_objects(EVENT_KIND).items())]


def _story_json(s: Story) -> dict:
    return {"articles": s.articles, "centroid": s.centroid, "label": s.label}


def _event_json(c: EventCluster) -> dict:
    return {"date": c.date, "type": c.type, "story": c.story, "members": [list(m) for m in c.members],
            "centroid": c.centroid, "names": sorted(c.names)}


def _document_frequencies(store, docs: Sequence[Document]) -> tuple[Counter[str], int]:
    """Stored document frequencies updated with ``docs`` (kept in the store's meta, not recomputed)."""
    import json

    saved = json.loads(store.get_meta(_DF_KEY) or '{"n": 0, "df": {}}')
    df = Counter(saved["df"])
    for doc in docs:
        df.update(set(terms(document_text(doc))))
    n = saved["n"] + len(docs)
    # rare terms never weigh much against a centroid; dropping them keeps the table small
    kept = {t: c for t, c in df.items() if c > 1 or n < 2000}
    store.set_meta(_DF_KEY, json.dumps({"n": n, "df": kept}, separators=(",", ":")))
    return df, n


def update_clusters(store, new_ids: Sequence[str], *, story_threshold: float = STORY_THRESHOLD,
                    event_threshold: float = EVENT_THRESHOLD) -> tuple[int, int]:
    """Cluster the new articles into the stored stories and events; returns (stories, events) touched."""
    stored = {a for s in load_stories(store) for a in s.articles}
    docs = [d for d in store.iter_documents([i for i in new_ids if i not in stored])
            if d.article.duplicate_of is None]
    if not docs:
        return 0, 0
    df, n = _document_frequencies(store, docs)
    stories = load_stories(store)
    touched_stories = assign_stories(docs, stories, df, n, threshold=story_threshold)
    story_of = {a: s.id for s in stories for a in s.articles}
    events = load_events(store)
    units = [u for d in docs for u in event_units(d, df, n)]
    touched_events = assign_events(units, events, story_of, threshold=event_threshold)
    store.put_objects(STORY_KIND, ((s.id, _story_json(s)) for s in touched_stories))
    store.put_objects(EVENT_KIND, ((c.id, _event_json(c)) for c in touched_events))
    log.info("clustered %d articles: %d stories and %d events touched", len(docs), len(touched_stories),
             len(touched_events))
    return len(touched_stories), len(touched_events)


def recluster(store, *, story_threshold: float = STORY_THRESHOLD, event_threshold: float = EVENT_THRESHOLD) -> tuple[int, int]:
    """Drop the stored clusters and cluster every article again (e.g. at another granularity)."""
    store.delete_objects(STORY_KIND)
    store.delete_objects(EVENT_KIND)
    store.set_meta(_DF_KEY, '{"n": 0, "df": {}}')
    return update_clusters(store, store.article_ids(), story_threshold=story_threshold,
                           event_threshold=event_threshold)


def sentence_clusters(store) -> dict[tuple[str, int], str]:
    """(article, sentence) -> id of its cross-document event cluster (clusters of one article are left out)."""
    out = {}
    for cid, o in store.get_objects(EVENT_KIND).items():
        members = o.get("members", ())
        if len({m[0] for m in members}) > 1:
            for article, sentence, *_ in members:
                out[(article, sentence)] = cid
    return out


class ClusterStage:
    """Corpus stage: clusters newly ingested articles into stories and events."""

    name = "clusters"

    def __init__(self, settings: Settings):
        self.settings = settings

    def run(self, store, new_ids: Sequence[str], settings: Settings) -> None:
        update_clusters(store, new_ids, story_threshold=settings.story_threshold,
                        event_threshold=settings.event_threshold)
