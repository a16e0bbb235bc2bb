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
import json
import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..extract.dated import Candidate, document_candidates
from ..model import Document, Precision
from ..settings import Settings
from ..store.view import CorpusView

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


# -- persistence and the corpus stage ------------------------------------------------
# Stories and event clusters are objects (an event cluster's block is its date, so
# a new mention reads only the clusters of its day); which story an article is in
# and which cluster each of its events is in are members. Articles are taken one
# at a time in ingest order, document frequencies updated with each before it is
# compared, so adding articles later gives what one pass over all of them gives.

STORY_KIND = "story"
EVENT_KIND = "event_cluster"
_DF_KEY = "cluster.df"


def _story(oid: str, o: Mapping) -> Story:
    return Story(id=oid, centroid=dict(o["centroid"]), label=o.get("label", ""), size=o.get("size", 0))


def _event(oid: str, o: Mapping) -> EventCluster:
    return EventCluster(id=oid, date=o["date"], type=o.get("type", ""), story=o.get("story", ""),
                        members=[tuple(m) for m in o["members"]], centroid=dict(o["centroid"]),
                        names=set(o.get("names", ())))


def _story_json(s: Story) -> dict:
    return {"centroid": s.centroid, "label": s.label, "size": s.size}


def _event_json(c: EventCluster) -> dict:
    return {"date": c.date, "type": c.type, "story": c.story, "members": [list(m) for m in c.members],
            "centroid": c.centroid, "names": sorted(c.names)}


class _Clustering:
    """One run of the clusters stage: stories in memory, event clusters loaded by date."""

    def __init__(self, view: Any, story_threshold: float, event_threshold: float):
        self.view = view
        self.story_threshold, self.event_threshold = story_threshold, event_threshold
        saved = json.loads(view.get_meta(_DF_KEY) or '{"n": 0, "df": {}}')
        self.df, self.n = Counter(saved["df"]), saved["n"]
        stories = view.objects(STORY_KIND)
        # candidates are compared in creation order (ties go to the later one, as in one pass)
        self.order = {i: o.get("order", 0) for i, o in stories.items()}
        self.stories = sorted((_story(i, o) for i, o in stories.items()), key=lambda s: (self.order[s.id], s.id))
        self.events: dict[str, list[EventCluster]] = {}
        self.touched_stories: dict[str, Story] = {}
        self.touched_events: dict[str, EventCluster] = {}
        self.story_members: list[tuple[str, str, str]] = []
        self.event_members: list[tuple[str, str, str]] = []

    def _events_of(self, dates: Iterable[str]) -> list[EventCluster]:
        dates = set(dates)
        missing = sorted(d for d in dates if d not in self.events)
        if missing:
            loaded = [_event(i, o) for i, o in self.view.objects(EVENT_KIND, blocks=missing).items()]
            seqs = self.view.seqs({c.members[0][0] for c in loaded if c.members})
            loaded.sort(key=lambda c: (seqs.get(c.members[0][0], 0), c.members[0][1:]) if c.members else (0, ()))
            for d in missing:
                self.events[d] = [c for c in loaded if c.date == d]
        return [c for d in sorted(dates) for c in self.events[d]]

    def add(self, doc: Document, order: int) -> None:
        self.df.update(set(terms(document_text(doc))))
        self.n += 1
        for s in assign_stories([doc], self.stories, self.df, self.n, threshold=self.story_threshold):
            self.touched_stories[s.id] = s
            self.order.setdefault(s.id, order)
        story = next(s.id for s in self.touched_stories.values() if doc.article.id in s.articles)
        self.story_members.append((doc.article.id, "", story))
        for u in event_units(doc, self.df, self.n):
            clusters = self._events_of([u.date])
            count = len(clusters)
            (c,) = assign_events([u], clusters, {doc.article.id: story}, threshold=self.event_threshold)
            self.touched_events[c.id] = c
            if len(clusters) > count:  # a new cluster joins its date's candidates
                self.events[u.date].append(c)
            self.event_members.append((doc.article.id, u.item, c.id))

    def save(self) -> None:
        v = self.view
        v.put_objects(STORY_KIND, [(s.id, {**_story_json(s), "order": self.order[s.id]})
                                   for s in self.touched_stories.values()])
        v.put_objects(EVENT_KIND, [(c.id, _event_json(c)) for c in self.touched_events.values()],
                      block={c.id: c.date for c in self.touched_events.values()})
        v.set_members(STORY_KIND, self.story_members)
        v.set_members("event", self.event_members)
        v.set_meta(_DF_KEY, json.dumps({"n": self.n, "df": self.df}, separators=(",", ":"), sort_keys=True))


def _retract(view: Any, ids: Sequence[str]) -> None:
    """Take articles processed before out of their stories and event clusters (centroids stay)."""
    story_rows = view.members(STORY_KIND, articles=ids)
    event_rows = view.members("event", articles=ids)
    if not story_rows and not event_rows:
        return
    gone = set(ids)
    stories = view.objects(STORY_KIND, ids={t for _, _, t in story_rows})
    for sid, s in stories.items():
        s["size"] = max(0, s["size"] - sum(1 for _, _, t in story_rows if t == sid))
    view.put_objects(STORY_KIND, stories.items())
    events = view.objects(EVENT_KIND, ids={t for _, _, t in event_rows})
    for o in events.values():
        o["members"] = [m for m in o["members"] if m[0] not in gone]
    view.put_objects(EVENT_KIND, events.items(), block={i: o["date"] for i, o in events.items()})
    view.drop_members(STORY_KIND, ids)
    view.drop_members("event", ids)


class ClusterStage:
    """Corpus stage: clusters new articles into the stored stories and events, one at a time."""

    name = "clusters"
    reads = ("layer:sentences", "layer:timexes", "layer:events")
    writes = (f"objects:{STORY_KIND}", f"objects:{EVENT_KIND}", f"members:{STORY_KIND}", "members:event",
              f"meta:{_DF_KEY}")

    def __init__(self, settings: Settings):
        self.settings = settings

    def run(self, view: Any, ids: Sequence[str]) -> None:
        _retract(view, ids)
        run = _Clustering(view, self.settings.story_threshold, self.settings.event_threshold)
        seqs = view.seqs(ids)
        for i in range(0, len(ids), 200):
            for doc in view.documents(ids[i:i + 200], ["sentences", "timexes", "events"]):
                run.add(doc, seqs[doc.article.id])
        run.save()
        log.info("clusters: %d articles, %d stories and %d event clusters touched", len(ids),
                 len(run.touched_stories), len(run.touched_events))


def sentence_clusters(store: Any, articles: Iterable[str] | None = None) -> dict[tuple[str, int], str]:
    """(article, sentence) -> id of its cross-document event cluster (clusters of one article are left out)."""
    rows = store.members("event", articles=articles) if articles is not None else store.members("event")
    spread = {t for _, _, t in store.members("event", targets={t for _, _, t in rows})} if rows else set()
    by_cluster: dict[str, set[str]] = defaultdict(set)
    for a, _, t in store.members("event", targets=spread):
        by_cluster[t].add(a)
    out = {}
    for cid, o in store.get_objects(EVENT_KIND, ids=[c for c, arts in by_cluster.items() if len(arts) > 1]).items():
        for article, sentence, *_ in o["members"]:
            out[(article, sentence)] = cid
    return out


def story_articles(store: Any) -> dict[str, list[str]]:
    """Story id -> its articles, in ingest order."""
    seqs = store.article_seqs(a for a, _, _ in store.members(STORY_KIND))
    out: dict[str, list[str]] = defaultdict(list)
    for a, _, sid in sorted(store.members(STORY_KIND), key=lambda r: seqs.get(r[0], 0)):
        out[sid].append(a)
    return dict(out)


def recluster(store: Any, settings: Settings) -> None:
    """Drop the stored stories and event clusters and cluster every article again (e.g. at another
    granularity: ``settings.story_threshold``, ``settings.event_threshold``)."""
    ids = store.article_ids()
    with store.transaction():
        store.delete_objects(STORY_KIND)
        store.delete_objects(EVENT_KIND)
        store.drop_members(STORY_KIND, ids)
        store.drop_members("event", ids)
        store.set_meta(_DF_KEY, '{"n": 0, "df": {}}')
        stage = ClusterStage(settings)
        stage.run(CorpusView(store, stage.name, stage.reads, stage.writes), ids)
        store.mark_corpus_done(stage.name, ids)
