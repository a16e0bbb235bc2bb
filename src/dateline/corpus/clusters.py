"""Same-event and same-story clustering across documents, updated incrementally.

Two kinds of corpus objects are kept in the store:

* ``story``: articles about one unfolding story. Mixed corpora hold several;
  unrelated stories stay apart. Each new article joins the story whose term
  centroid it is closest to, or starts a new one (single-pass clustering, the
  classic topic-detection-and-tracking method; Allan et al. 1998, "On-line new
  event detection and tracking").
* ``event``: mentions of one real-world event across articles (cross-document
  event coreference). Units are the articles' event mentions when the events
  layer exists, else their dated sentences. Two units may corefer only with the
  same day (or compatible precision) and compatible event type; they then join
  when their wording and participants are similar enough. Requiring the same
  date avoids what Gholipour Ghalandari & Ifrim (2020) report for their CLUST
  method: separate events on close dates merged into one.

Only new articles are compared with the stored objects, so ingesting more
articles never recomputes the corpus. ``story_threshold`` and
``event_threshold`` set the granularity.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..extract.dated import Candidate, document_candidates
from ..model import Document, Precision
from ..settings import Settings

log = logging.getLogger(__name__)

STORY_THRESHOLD = Settings.story_threshold  # cosine to a story centroid needed to join it
EVENT_THRESHOLD = Settings.event_threshold  # similarity needed for two event mentions to corefer
ENTITY_WEIGHT = 0.3  # share of the event similarity given to participant overlap
CENTROID_TERMS = 60  # terms kept per centroid: enough to compare, small to store
LEAD_SENTENCES = 8  # an article's story is told by its title and lead

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
    articles: list[str] = field(default_factory=list)  # those added in this run (members are stored apart)
    centroid: dict[str, float] = field(default_factory=dict)
    label: str = ""  # the title (or lead) of its first article
    size: int = 0  # articles in the story, stored ones included

    def add(self, article: str, vec: Mapping[str, float]) -> None:
        n = self.size
        merged = {t: self.centroid.get(t, 0.0) * n for t in self.centroid}
        for t, v in vec.items():
            merged[t] = merged.get(t, 0.0) + v
        self.centroid = trim(merged)
        self.articles.append(article)
        self.size += 1


def story_id(article: str) -> str:
    """A story's id: from its first article, so it is the same whatever else is in the store."""
    return "s_" + article[:12]


def event_cluster_id(article: str, item: str) -> str:
    """An event cluster's id: from its first mention."""
    return "e_" + hashlib.sha1(f"{article}:{item}".encode()).hexdigest()[:12]


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
            best = Story(id=story_id(doc.article.id), label=doc.article.title or document_text(doc)[:80].strip())
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
    """One event mention to cluster: a dated sentence or an event of the events layer."""

    article: str
    sentence: int
    start: int
    end: int
    date: str
    type: str
    vec: dict[str, float]
    names: frozenset[str]
    item: str = ""  # which item of its article: the event's index, or "s<sentence>:<date>"


def event_units(doc: Document, df: Mapping[str, int], n_docs: int) -> Iterator[Unit]:
    """Event mentions of a document: its events when extracted, else its dated sentences."""
    text = doc.article.text
    if "events" in doc.layers and doc.events:
        for i, e in enumerate(doc.events):
            if not e.date or e.sentence >= len(doc.sentences):
                continue
            s = doc.sentences[e.sentence]
            # participants as written, not their corpus entity ids: an id can change as later articles
            # arrive, and what a mention is compared with must not depend on what comes after it
            part = {text[p.start:p.end].lower() for p in e.participants}
            body = text[s.start:s.end]
            yield Unit(doc.article.id, e.sentence, s.start, s.end, e.date[:10], e.type,
                       weigh(terms(body), df, n_docs), frozenset(part | names(body)), str(i))
        return
    for c in _dated_sentences(doc):
        body = c.text
        yield Unit(doc.article.id, c.sentence, *_span(c), c.date, "", weigh(terms(body), df, n_docs),
                   frozenset(names(body)), f"s{c.sentence}:{c.date}")


def _dated_sentences(doc: Document) -> Iterator[Candidate]:
    """Sentences naming a day, and the lead sentences of an article on its publication day."""
    for c in document_candidates(doc):
        if c.precision is Precision.DAY and (c.mentioned or c.sentence < 3):
            yield c


def _span(c: Candidate) -> tuple[int, int]:
    s = c.doc.sentences[c.sentence]
    return s.start, s.end


def unit_similarity(u: Unit, cluster: EventCluster) -> float:
    """Wording (cosine) and participants (Jaccard) of a mention against a cluster."""
    if u.type and cluster.type and u.type.split(".")[0] != cluster.type.split(".")[0]:
        return 0.0  # incompatible event types never corefer
    union = u.names | cluster.names
    overlap = len(u.names & cluster.names) / len(union) if union else 0.0
    return (1 - ENTITY_WEIGHT) * cosine(u.vec, cluster.centroid) + ENTITY_WEIGHT * overlap


def assign_events(units: Iterable[Unit], clusters: list[EventCluster], story_of: Mapping[str, str],
                  *, threshold: float = EVENT_THRESHOLD) -> list[EventCluster]:
    """Add each unit to the most similar cluster of its date and story, or start one; returns those touched."""
    by_date: dict[str, list[EventCluster]] = defaultdict(list)
    for c in clusters:
        by_date[c.date].append(c)
    touched: dict[str, EventCluster] = {}
    for u in units:
        story = story_of.get(u.article, "")
        best, best_sim = None, threshold
        for c in by_date[u.date]:
            if c.story != story or u.article in c.articles:
                continue  # one mention per article: within-document coreference is not our job here
            sim = unit_similarity(u, c)
            if sim >= best_sim:
                best, best_sim = c, sim
        if best is None:
            best = EventCluster(id=event_cluster_id(u.article, u.item), date=u.date, type=u.type, story=story)
            clusters.append(best)
            by_date[u.date].append(best)
        n = len(best.members)
        merged = {t: best.centroid.get(t, 0.0) * n for t in best.centroid}
        for t, v in u.vec.items():
            merged[t] = merged.get(t, 0.0) + v
        best.centroid = trim(merged, 30)
        best.names |= u.names
        best.members.append((u.article, u.sentence, u.start, u.end))
        touched[best.id] = best
    return list(touched.values())
