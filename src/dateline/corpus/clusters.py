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
  a story and with the same date. Requiring the same date avoids what
  Gholipour Ghalandari & Ifrim (2020) report for their CLUST method: separate
  events on close dates merged into one. Event mentions are then linked by a
  learned pair score (:mod:`.event_links`, measured by ``dateline eval ecb``);
  dated sentences join on wording and participants.

Only new articles are compared with the stored objects, so ingesting more
articles never recomputes the corpus. ``story_threshold`` and
``event_threshold`` set the granularity.
"""

from __future__ import annotations

import hashlib
import logging
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..extract.sentence_dates import SentenceDate, sentence_dates
from ..model import DateSource, Document, Precision
from ..settings import Settings
from ..termvectors import WORD, cosine, names, terms, weigh
from .debris import blank, clean_spans, line_key
from .labels import headline_at

log = logging.getLogger(__name__)

STORY_THRESHOLD = Settings.story_threshold  # cosine to a story centroid needed to join it
EVENT_THRESHOLD = Settings.event_threshold  # similarity needed for two event mentions to corefer
ENTITY_WEIGHT = 0.3  # share of the context similarity given to participant overlap
# publication dates an article's events may be blocked by: those its source gave
_SURE_DATES = frozenset({DateSource.HEADER, DateSource.METADATA, DateSource.HTML, DateSource.PATH})
CENTROID_TERMS = 60  # terms kept per centroid: enough to compare, small to store
LEAD_SENTENCES = 8  # an article's story is told by its title and lead
PROFILE_TERMS = 100  # terms a thread's profile keeps (tuned on the development T17 mixed store)
CORE_SHARE = 0.02  # a story holding this share of the articles is a core small groups' threads may join
ATTACH_FLOOR = 0.05  # cosine to a core's centre a thread needs to join it



def trim(vec: Mapping[str, float], k: int = CENTROID_TERMS) -> dict[str, float]:
    """The ``k`` heaviest terms, renormalised."""
    top = dict(sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:k])
    norm = math.sqrt(sum(v * v for v in top.values())) or 1.0
    return {t: round(v / norm, 5) for t, v in top.items()}


# -- stories ---------------------------------------------------------------------

@dataclass
class Story:
    """A thread: articles about one strand of a story, with the term centroid new articles are compared to
    (stories group threads: :func:`group_threads`)."""

    id: str
    articles: list[str] = field(default_factory=list)  # those added in this run (members are stored apart)
    centroid: dict[str, float] = field(default_factory=dict)
    label: str = ""  # the title (or lead) of its first article
    size: int = 0  # articles in the story, stored ones included
    # what stories group threads by: the summed article vectors, more terms than the centroid keeps
    profile: dict[str, float] = field(default_factory=dict)
    # (label, "<outlet>|<line key>" of its line; "" for a title) from the first usable lines of its first
    # article: a line that turns out to be an outlet's teaser is passed over later (cluster_stage.group_stories)
    labels: list[list[str]] = field(default_factory=list)

    def add(self, article: str, vec: Mapping[str, float]) -> None:
        n = self.size
        merged = {t: self.centroid.get(t, 0.0) * n for t in self.centroid}
        profile = dict(self.profile)
        for t, v in vec.items():
            merged[t] = merged.get(t, 0.0) + v
            profile[t] = profile.get(t, 0.0) + v
        self.centroid = trim(merged)
        self.profile = _top(profile, PROFILE_TERMS)
        self.articles.append(article)
        self.size += 1


def _top(vec: Mapping[str, float], k: int) -> dict[str, float]:
    """The ``k`` heaviest terms, not renormalised (a sum stays a sum)."""
    return {t: round(v, 5) for t, v in sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:k]}


def story_id(article: str) -> str:
    """A story's id: from its first article, so it is the same whatever else is in the store."""
    return "s_" + article[:12]


def thread_id(article: str) -> str:
    """A thread's id: from its first article."""
    return "t_" + article[:12]


def group_threads(profiles: Sequence[Mapping[str, float]], join: float, df: Mapping[str, int] | None = None,
                  n_docs: int = 0, sizes: Sequence[int] | None = None) -> list[int]:
    """The story of each thread: the position of the first thread of its group.

    Threads (the single-pass clusters) are grouped by average-link clustering of
    their profiles (summed article vectors): two groups are one story when their
    threads are, on average, at least ``join`` similar (cosine). Average link lets a story that drifted over
    months hold together through the threads between, which a single pass cannot
    (an article compared with a centroid that has moved on starts a new thread),
    without single link's chaining of unrelated stories through one shared name.
    Each thread is then filed under the closest large group (:func:`_attach`;
    ``sizes``: the threads' article counts).
    Terms in more than half the articles (``df`` of ``n_docs``) are left out: they
    tell no story from another, and in a small store they would join any two.
    The result depends on the threads (given in creation order) and the
    frequencies alone, so ingesting in parts gives the stories one ingest gives.
    """
    n = len(profiles)
    if n < 2 or join <= 0:
        return [0] * n if join <= 0 else list(range(n))
    import numpy as np
    from scipy.sparse import csr_matrix

    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    common = {t for t, k in (df or {}).items() if n_docs and k > n_docs / 2}
    for i, profile in enumerate(profiles):
        c = {t: v for t, v in profile.items() if t not in common}
        norm = math.sqrt(sum(v * v for v in c.values())) or 1.0
        for t, v in c.items():
            rows.append(i)
            cols.append(vocab.setdefault(t, len(vocab)))
            vals.append(v / norm)
    x = csr_matrix((vals, (rows, cols)), shape=(n, len(vocab)), dtype=np.float32)
    labels = _attach(x, average_link(x @ x.T, join), sizes or [1] * n)
    first: dict[int, int] = {}
    return [first.setdefault(label, i) for i, label in enumerate(labels)]


def average_link(sim: Any, join: float) -> list[int]:
    """Average-link clustering of items by their (sparse, symmetric) similarities: two groups merge while
    their mean pairwise similarity is above ``join``; each item's label is the first item of its group.

    Blocked, exactly: a mean above ``join`` needs one pair above it, so every group lies within one
    connected component of the pairs above ``join``, and each component is clustered alone (scikit-learn's
    average link over its dense distances). Only the pairs the sparse product holds (items sharing a
    term) are looked at to find the components; the dense work is quadratic in a component's size, not
    in the store's: unrelated stories never meet.
    """
    import numpy as np
    from scipy.sparse.csgraph import connected_components
    from sklearn.cluster import AgglomerativeClustering

    n = sim.shape[0]
    _, component = connected_components(sim > join, directed=False)
    labels = list(range(n))
    blocks: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(component.tolist()):
        blocks[c].append(i)
    for members in blocks.values():
        if len(members) < 2:
            continue
        distance = np.clip(1.0 - sim[members][:, members].toarray(), 0.0, 2.0)
        found = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                        distance_threshold=1.0 - join).fit(distance).labels_
        first: dict[int, int] = {}
        for i, g in zip(members, found.tolist()):
            labels[i] = first.setdefault(g, i)
    return labels


def _attach(x: Any, labels: list[int], sizes: Sequence[int]) -> list[int]:
    """Every thread filed under the closest core story (a group of at least ``CORE_SHARE`` of the articles)
    when its profile is at least ``ATTACH_FLOOR`` similar to that core's centre.

    Average link leaves a long tail of small groups (a thread told in words of
    its own, a few threads held together by an outlet's furniture), and a core
    can hold a thread that shares more with another core's centre than with its
    own: one step of filing each thread by the centres (as k-means does) takes
    the small groups apart and moves those threads where their words point. A
    thread like no core stays where it was (precision first).
    """
    import numpy as np

    total = sum(sizes)
    weight: dict[int, int] = defaultdict(int)
    for label, size in zip(labels, sizes):
        weight[label] += size
    cores = sorted(label for label, w in weight.items() if w >= CORE_SHARE * total)
    if not cores or len(cores) == len(weight) == 1:
        return labels
    centres = np.vstack([np.asarray(x[[i for i, v in enumerate(labels) if v == c]].sum(axis=0)) for c in cores])
    centres /= np.linalg.norm(centres, axis=1, keepdims=True) + 1e-12
    sims = np.asarray(x @ centres.T)
    return [cores[int(sims[i].argmax())] if sims[i].max() >= ATTACH_FLOOR else label
            for i, label in enumerate(labels)]


def event_cluster_id(article: str, item: str) -> str:
    """An event cluster's id: from its first mention."""
    return "e_" + hashlib.sha1(f"{article}:{item}".encode()).hexdigest()[:12]


def document_text(doc: Document, debris: Sequence[Sequence[Any]] = ()) -> str:
    """Title and lead of an article: what its story is about. Sentences that are mostly page debris
    (``debris``: its debris lines' spans, :mod:`.debris`) are left out, so the lead is the reporter's."""
    if not doc.sentences:
        return f"{doc.article.title} {blank(doc.article.text[:2000], debris)}"
    lead = [s for s in doc.sentences if clean_spans(debris, s.start, s.end)][:LEAD_SENTENCES]
    return f"{doc.article.title} " + " ".join(doc.article.text[s.start:s.end] for s in lead)


def label_lines(doc: Document, outlet: str, debris: Sequence[Sequence[Any]], most: int = 4) -> list[list[str]]:
    """Up to ``most`` labels for an article from successive usable lines (after its debris lines), each with
    the key of its line: the first is its label; the next stand in when that line turns out to be debris."""
    text, title = blank(doc.article.text, debris), doc.article.title
    out: list[list[str]] = []
    while len(out) < most:
        label, at = headline_at(title, text)
        if not label:
            break
        out.append([label, f"{outlet}|{line_key(text, at)}" if at >= 0 else ""])
        if at < 0:
            break  # a title: nothing after it stands in
        end = text.find("\n", at)
        text = blank(text, [(at, len(text) if end < 0 else end)])
    return out


class StoryIndex:
    """Stories by the terms of their centroids, so a new article is compared only with those that can take it.

    A story can reach the (positive) threshold only through terms it shares
    with the article; and the terms outside the article's heaviest few add at
    most their norm to the cosine (centroids have unit length), so a story must
    share one of those few. Kept for a whole run: rebuilt per article, the
    index of a large store cost more than the scan it saves.
    """

    def __init__(self, stories: Sequence[Story]):
        self.terms: dict[str, set[int]] = defaultdict(set)
        for pos, story in enumerate(stories):
            self.note(pos, story)

    def note(self, pos: int, story: Story) -> None:
        for t in story.centroid:
            self.terms[t].add(pos)

    def near(self, vec: Mapping[str, float], threshold: float) -> list[int]:
        """Positions of the stories that may reach ``threshold`` with ``vec``, in list order."""
        rest = sum(v * v for v in vec.values())
        needed: set[int] = set()
        for t, v in sorted(vec.items(), key=lambda kv: (-kv[1], kv[0])):
            # 0.999: centroid weights are rounded, so a norm may pass 1 by a hair
            if math.sqrt(max(rest, 0.0)) < threshold * 0.999:
                break
            needed |= self.terms.get(t, set())
            rest -= v * v
        return sorted(needed)


def assign_stories(docs: Sequence[Document], stories: list[Story], df: Counter[str], n_docs: int,
                   *, threshold: float = STORY_THRESHOLD, index: StoryIndex | None = None,
                   debris: Mapping[str, tuple[str, Sequence[Sequence[Any]]]] | None = None) -> list[Story]:
    """Add each document to the closest story, or start a new one; returns the stories touched.

    ``index`` must index ``stories`` (it is kept up to date here); without one, one is built. ``debris``:
    article id -> (outlet, debris line spans), left out of what is compared and of a new thread's label.
    """
    touched: dict[str, Story] = {}
    if index is None and threshold > 0:
        index = StoryIndex(stories)
    for doc in docs:
        outlet, spans = (debris or {}).get(doc.article.id, ("", ()))
        vec = weigh(terms(document_text(doc, spans)), df, n_docs)
        best, best_sim, best_pos = None, threshold, len(stories)
        # ties go to the later story, as in a scan of every story in list order
        for pos in index.near(vec, threshold) if index is not None and threshold > 0 else range(len(stories)):
            sim = cosine(vec, stories[pos].centroid)
            if sim >= best_sim:
                best, best_sim, best_pos = stories[pos], sim, pos
        if best is None:
            labels = label_lines(doc, outlet, spans)
            best = Story(id=thread_id(doc.article.id), label=labels[0][0] if labels else "", labels=labels)
            stories.append(best)
        best.add(doc.article.id, vec)
        if index is not None:
            index.note(best_pos, best)
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
    trigger: str = ""  # stem of the event's trigger word; "" for a dated sentence
    lemma: str = ""  # stem of the trigger's lemma ("died", "dies" -> "die"); "" for a dated sentence
    agent: frozenset[str] = frozenset()  # content words (see terms) of the event's participants, by role
    patient: frozenset[str] = frozenset()
    place: frozenset[str] = frozenset()
    times: frozenset[str] = frozenset()  # values of the time expressions of its sentence

    @property
    def args(self) -> frozenset[str]:
        return self.agent | self.patient | self.place


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def trigger_stem(trigger: str) -> str:
    """The Snowball (Porter2) stem of a trigger's first word: "killed", "killing" -> "kill".

    >>> trigger_stem("checked into"), trigger_stem("Checks")
    ('check', 'check')
    """
    found = WORD.findall(trigger)
    return _stem(found[0].lower()) if found else ""


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    # a story repeats a few hundred trigger words thousands of times: the profile of a 249-article ingest
    # spent a sixth of the clusters stage stemming the same words again
    return _stemmer().stemWord(word)


def event_units(doc: Document, df: Mapping[str, int], n_docs: int) -> Iterator[Unit]:
    """Event mentions of a document: its events when extracted, else its dated sentences.

    An event's date keeps it apart from the events of other days only when the
    article's publication date came with it: anchored on a date the dating stage
    inferred, relative times and the publication-month fallback are guesses
    (reports of one ECB+ event, dated so, fall in different months). Events of
    such articles, and of undated ones, have date "" and meet each other.
    """
    text = doc.article.text
    sure = doc.article.date_source in _SURE_DATES
    if "events" in doc.layers and doc.events:
        for i, e in enumerate(doc.events):
            if e.sentence >= len(doc.sentences):
                continue
            s = doc.sentences[e.sentence]
            # participants as written, not their corpus entity ids: an id can change as later articles
            # arrive, and what a mention is compared with must not depend on what comes after it
            part = {text[p.start:p.end].lower() for p in e.participants}
            body = text[s.start:s.end]
            roles = _role_words(text, e)
            yield Unit(doc.article.id, e.sentence, s.start, s.end, e.date[:10] if sure else "", e.type,
                       weigh(terms(body), df, n_docs), frozenset(part | names(body)), str(i),
                       trigger_stem(text[e.start:e.end]), trigger_stem(e.lemma or text[e.start:e.end]),
                       roles["agent"], roles["patient"], roles["place"],
                       frozenset(t.value for t in doc.timexes if s.start <= t.start < s.end and t.value))
        return
    for d in _dated_sentences(doc):
        s = doc.sentences[d.sentence]
        body = text[s.start + d.skip:s.end]  # the line as a timeline cites it: after a wire dateline
        yield Unit(doc.article.id, d.sentence, s.start, s.end, d.date, "", weigh(terms(body), df, n_docs),
                   frozenset(names(body)), f"s{d.sentence}:{d.date}")


def _role_words(text: str, event: Any) -> dict[str, frozenset[str]]:
    """Content words of an event's participants: agents, patients (recipients too) and places."""
    out: dict[str, set[str]] = {"agent": set(), "patient": set(), "place": set()}
    for p in event.participants:
        role = "patient" if p.role == "recipient" else p.role
        if role in out:
            out[role] |= set(terms(text[p.start:p.end]))
    return {k: frozenset(v) for k, v in out.items()}


def _dated_sentences(doc: Document) -> Iterator[SentenceDate]:
    """Sentences naming a day, and the lead sentences of an article on its publication day."""
    for d in sentence_dates(doc):
        if d.precision is Precision.DAY and (d.mentioned or d.sentence < 3):
            yield d


def _kind(event_type: str) -> str:
    """Top-level type of an event; "" when unknown (``OTHER`` is a predicate the ontology does not type)."""
    top = event_type.split(".")[0]
    return "" if top == "OTHER" else top


def unit_similarity(u: Unit, cluster: EventCluster) -> float:
    """Wording (cosine) and participants (Jaccard) of a dated sentence against a cluster of them.

    Two sentences corefer only with the same date and compatible types (0
    otherwise). Event mentions are compared by the learned pair score of
    :mod:`.event_links` instead.
    """
    if u.date != cluster.date:
        return 0.0
    kind, other = _kind(u.type), _kind(cluster.type)
    if kind and other and kind != other:
        return 0.0  # incompatible event types never corefer
    union = u.names | cluster.names
    overlap = len(u.names & cluster.names) / len(union) if union else 0.0
    return (1 - ENTITY_WEIGHT) * cosine(u.vec, cluster.centroid) + ENTITY_WEIGHT * overlap


def _add(cluster: EventCluster, u: Unit) -> None:
    """Add a unit: centroid (wording, trimmed), names, type, members.

    The cluster keeps the date it was filed under: the store blocks clusters by it.
    """
    n = len(cluster.members)
    merged = {t: v * n for t, v in cluster.centroid.items()}
    for t, v in u.vec.items():
        merged[t] = merged.get(t, 0.0) + v
    cluster.centroid = trim(merged, 30)
    cluster.names |= u.names
    if not _kind(cluster.type):
        cluster.type = u.type or cluster.type
    cluster.members.append((u.article, u.sentence, u.start, u.end))


def assign_events(units: Iterable[Unit], clusters: list[EventCluster], story_of: Mapping[str, str],
                  *, threshold: float = EVENT_THRESHOLD) -> list[EventCluster]:
    """Add each dated sentence to the most similar cluster of its story, or start one; returns those touched.

    Single-pass, like the stories; ``clusters`` are the candidates (the
    clusters stage passes those of the unit's block). Sentences of one article
    may share a cluster: an article names its event more than once.
    """
    touched: dict[str, EventCluster] = {}
    for u in units:
        story = story_of.get(u.article, "")
        best, best_sim = None, threshold
        for c in clusters:
            if c.story != story:
                continue
            sim = unit_similarity(u, c)
            if sim >= best_sim:
                best, best_sim = c, sim
        if best is None:
            best = EventCluster(id=event_cluster_id(u.article, u.item), date=u.date, type=u.type, story=story)
            clusters.append(best)
        _add(best, u)
        touched[best.id] = best
    return list(touched.values())
