"""The clusters corpus stage: stories and event clusters of :mod:`.clusters`, kept incrementally.

Threads are single-pass: each new article joins the closest thread centroid or
starts one, in ingest order, with the document frequencies as they stand after
it. Stories group the threads (:func:`.clusters.group_threads`), computed again
from all thread centroids at the end of every run, so a story that drifted over
months is one story. Event clusters are decided per *block* — one date within
one thread — since a mention is only ever compared with clusters of its date and
thread: when a
block gains or loses a mention, its clusters are rebuilt by one pass over its
mentions in ingest order. So adding articles later, or an article whose events
are dated again (the dating stage re-anchors it), gives exactly the clusters one
pass over everything gives.

Objects: ``thread`` (centroid, label, size, order), ``story`` (label, size,
threads), ``event_unit`` (one per event
mention, block ``"<date>|<thread>"``, with its term vector), ``event_cluster``
(same block), ``cluster_df`` (per article: the document frequencies its terms
had when it came, so its vectors can be computed again exactly). Members:
``thread`` and ``story`` (article -> thread, story), ``event`` (article, item -> cluster).
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Document, Kind
from ..settings import Settings
from ..store import Store
from ..store.view import CorpusView
from . import output
from .debris import debris_rules
from .clusters import (
    EventCluster,
    event_cluster_id,
    group_threads,
    Story,
    story_id,
    StoryIndex,
    Unit,
    assign_events,
    assign_stories,
    document_text,
    event_units,
    names,
    terms,
    trim,
    weigh,
)
from .event_links import ArticleInfo, load_event_model, link_events

log = logging.getLogger(__name__)

STORY_KIND = Kind.STORY
THREAD_KIND = Kind.THREAD
EVENT_KIND = Kind.EVENT_CLUSTER
UNIT_KIND = Kind.EVENT_UNIT
DF_KIND = Kind.CLUSTER_DF
EVENT_MEMBER = Kind.EVENT_MEMBER
ARTICLE_KIND = Kind.EVENT_ARTICLE
_DF_KEY = "cluster.df"


def _block(date: str, story: str) -> str:
    return f"{date}|{story}"


def _story_json(s: Story, order: int) -> dict:
    return {"centroid": s.centroid, "profile": s.profile, "label": s.label, "labels": s.labels,
            "size": s.size, "order": order}


def _event_json(c: EventCluster, first: list[int], last: list[int]) -> dict:
    return {"date": c.date, "type": c.type, "story": c.story, "members": [list(m) for m in c.members],
            "centroid": c.centroid, "names": sorted(c.names), "first": first, "last": last}


def _unit_json(u: Unit, seq: int, pos: int, story: str) -> dict:
    return {"article": u.article, "sentence": u.sentence, "start": u.start, "end": u.end, "date": u.date,
            "type": u.type, "vec": u.vec, "names": sorted(u.names), "item": u.item, "trigger": u.trigger,
            "lemma": u.lemma, "agent": sorted(u.agent), "patient": sorted(u.patient), "place": sorted(u.place),
            "times": sorted(u.times), "seq": seq, "pos": pos, "story": story}


def _unit(o: Mapping[str, Any]) -> Unit:
    return Unit(o["article"], o["sentence"], o["start"], o["end"], o["date"], o["type"], dict(o["vec"]),
                frozenset(o["names"]), o["item"], o.get("trigger", ""), o.get("lemma", ""),
                frozenset(o.get("agent", ())), frozenset(o.get("patient", ())), frozenset(o.get("place", ())),
                frozenset(o.get("times", ())))


class _Stories:
    """The stored stories in creation order, and the document frequencies, for one run."""

    def __init__(self, view: CorpusView):
        self.view = view
        saved = json.loads(view.get_meta(_DF_KEY) or '{"n": 0, "df": {}}')
        self.df, self.n = Counter(saved["df"]), saved["n"]
        stored = view.objects(THREAD_KIND)
        self.order = {i: o.get("order", 0) for i, o in stored.items()}
        # candidates are compared in creation order (ties go to the later one, as in one pass)
        self.stories = sorted((Story(id=i, centroid=dict(o["centroid"]), label=o.get("label", ""),
                                     profile=dict(o.get("profile") or o["centroid"]),
                                     size=o.get("size", 0), labels=o.get("labels", [])) for i, o in stored.items()),
                              key=lambda s: (self.order[s.id], s.id))
        self.index = StoryIndex(self.stories)
        self.touched: dict[str, Story] = {}

    def add(self, doc: Document, order: int, threshold: float, debris: tuple[str, list]) -> tuple[str, dict]:
        """File a new article (``debris``: its outlet and debris lines); returns its story and the frequencies
        its terms have now."""
        words = set(terms(document_text(doc, debris[1])))
        self.df.update(words)
        self.n += 1
        for s in assign_stories([doc], self.stories, self.df, self.n, threshold=threshold, index=self.index,
                                debris={doc.article.id: debris}):
            self.touched[s.id] = s
            self.order.setdefault(s.id, order)
        story = next(s.id for s in self.touched.values() if doc.article.id in s.articles)
        sentence_terms = set(terms(" ".join(doc.article.text[s.start:s.end] for s in doc.sentences)))
        return story, {"n": self.n, "df": {t: self.df[t] for t in sorted(sentence_terms) if self.df[t]}}

    def article_info(self, doc: Document, debris: list) -> ArticleInfo:
        """An article's title-and-lead vector (document frequencies as they stand now) and names."""
        text = document_text(doc, debris)
        return ArticleInfo(trim(weigh(terms(text), self.df, self.n)), frozenset(names(text)))

    def save(self) -> None:
        self.view.put_objects(THREAD_KIND, [(s.id, _story_json(s, self.order[s.id])) for s in self.touched.values()])
        self.view.set_meta(_DF_KEY, json.dumps({"n": self.n, "df": self.df}, separators=(",", ":"), sort_keys=True))


class ClusterStage:
    """Corpus stage: files new (or re-dated) articles into stories and rebuilds the event blocks they touch."""

    name = "clusters"
    reads = ("layer:sentences", "layer:timexes", "layer:events", f"objects:{Kind.DEBRIS}",
             f"objects:{Kind.DEBRIS_COUNT}")
    writes = (f"objects:{STORY_KIND}", f"objects:{THREAD_KIND}", f"objects:{EVENT_KIND}", f"objects:{UNIT_KIND}", f"objects:{DF_KIND}",
              f"objects:{ARTICLE_KIND}",
              f"members:{STORY_KIND}", f"members:{THREAD_KIND}", f"members:{EVENT_MEMBER}", f"meta:{_DF_KEY}")

    def __init__(self, settings: Settings):
        self.settings = settings

    def run(self, view: CorpusView, ids: Sequence[str]) -> None:
        stories = _Stories(view)
        seqs = view.seqs(ids)
        known_story = {a: s for a, _, s in view.members(THREAD_KIND, articles=ids)}
        snapshots = view.objects(DF_KIND, ids=known_story)
        changes: dict[str, _Change] = {}
        for i in range(0, len(ids), 200):
            debris = output.debris_spans(view, ids[i:i + 200])
            for doc in view.documents(ids[i:i + 200], ["sentences", "timexes", "events"]):
                aid = doc.article.id
                if aid in known_story:  # processed before (re-dated): its story and vectors stay
                    story, snap = known_story[aid], snapshots[aid]
                else:
                    own = debris.get(aid, ("", []))
                    story, snap = stories.add(doc, seqs[aid], self.settings.story_threshold, own)
                    view.put_objects(DF_KIND, [(aid, snap)])
                    view.put_objects(ARTICLE_KIND, [(aid, stories.article_info(doc, own[1]).to_json())])
                    view.set_members(THREAD_KIND, [(aid, "", story)])
                self._replace_units(view, doc, story, snap, seqs[aid], changes)
        stories.save()
        if stories.touched:
            group_stories(view, self.settings.story_join, set(stories.touched), stories.df, stories.n)
        for block in sorted(changes):
            self._update_block(view, block, changes[block])
        log.info("clusters: %d articles, %d stories and %d event blocks touched", len(ids), len(stories.touched),
                 len(changes))

    @staticmethod
    def _replace_units(view: CorpusView, doc: Document, story: str, snap: Mapping[str, Any], seq: int,
                       changes: dict[str, "_Change"]) -> None:
        """Store the article's event mentions (replacing earlier ones), noting what changed per block."""
        aid = doc.article.id
        old = view.objects(UNIT_KIND, ids=_unit_ids(view, aid))
        units = list(event_units(doc, snap["df"], snap["n"]))
        new = {f"{aid}|{u.item}": _unit_json(u, seq, pos, story) for pos, u in enumerate(units)}
        if old == new:
            return
        view.delete_objects(UNIT_KIND, [oid for oid in old if oid not in new])
        view.put_objects(UNIT_KIND, new.items(), block={oid: _block(o["date"], story) for oid, o in new.items()})
        view.drop_members(EVENT_MEMBER, [aid])
        for o in old.values():
            changes.setdefault(_block(o["date"], o["story"]), _Change()).removed = True
        for o in new.values():
            changes.setdefault(_block(o["date"], story), _Change()).added.append(o)

    def _update_block(self, view: CorpusView, block: str, change: "_Change") -> None:
        """Rebuild a block's clusters from all its mentions: event mentions by :func:`link_events` (which
        depends on the set of mentions alone), dated sentences by one pass in ingest order."""
        units = sorted(view.objects(UNIT_KIND, blocks=[block]).values(), key=lambda o: (o["seq"], o["pos"]))
        events = [o for o in units if o.get("trigger")]
        sentences = [o for o in units if not o.get("trigger")]
        fresh: dict[str, dict] = {}
        joined: list[tuple[str, str, str]] = []
        if events:
            infos = {i: ArticleInfo.from_json(o) for i, o in
                     view.objects(ARTICLE_KIND, ids=sorted({o["article"] for o in events})).items()}
            model = load_event_model(self.settings.event_model or None)
            for group in link_events([_unit(o) for o in events], infos, model):
                first = events[group[0]]
                cluster = EventCluster(id=event_cluster_id(first["article"], first["item"]), date=first["date"],
                                       type=next((events[i]["type"] for i in group if events[i]["type"] != "OTHER"),
                                                 first["type"]), story=first["story"])
                cluster.members = [(events[i]["article"], events[i]["sentence"], events[i]["start"],
                                    events[i]["end"]) for i in group]
                fresh[cluster.id] = _event_json(cluster, [first["seq"], first["pos"]],
                                                [events[group[-1]]["seq"], events[group[-1]]["pos"]])
                joined += [(events[i]["article"], events[i]["item"], cluster.id) for i in group]
        clusters: list[EventCluster] = []
        order: dict[str, tuple[list[int], list[int]]] = {}
        for o in sentences:
            (c,) = assign_events([_unit(o)], clusters, {o["article"]: o["story"]},
                                 threshold=self.settings.event_threshold)
            here = [o["seq"], o["pos"]]
            order[c.id] = (order.get(c.id, (here,))[0], here)
            joined.append((o["article"], o["item"], c.id))
        fresh.update((c.id, _event_json(c, *order[c.id])) for c in clusters)
        view.delete_objects(EVENT_KIND, [i for i in view.objects(EVENT_KIND, blocks=[block]) if i not in fresh])
        view.put_objects(EVENT_KIND, fresh.items(), block=block)
        view.set_members(EVENT_MEMBER, joined)


def group_stories(view: CorpusView, join: float, touched: set[str], df: Mapping[str, int], n_docs: int) -> None:
    """Group every thread into stories again; file the articles of threads whose story changed, or that
    gained articles (``touched``).

    A story takes its id from its first thread's first article and its label
    from its largest thread (the earliest of equals): the label of the thread
    most of its articles were filed under. A label taken from a line its
    outlet printed under many articles (a teaser: :mod:`.debris`, as counted
    now, not when the thread began) gives way to the thread's next label, or
    to the next largest thread's.
    """
    threads = sorted(view.objects(THREAD_KIND).items(), key=lambda kv: (kv[1].get("order", 0), kv[0]))
    first = group_threads([o.get("profile") or o["centroid"] for _, o in threads], join, df, n_docs,
                          [o.get("size", 1) for _, o in threads])
    groups: dict[int, list[int]] = {}
    for i, g in enumerate(first):
        groups.setdefault(g, []).append(i)
    fresh, story_of = {}, {}
    counts = output.debris_counts(view, {k for _, o in threads for _, k in o.get("labels", ()) if k})
    least = debris_rules().min_articles
    for g, members in groups.items():
        sid = story_id(threads[g][0][2:])
        main = max(members, key=lambda i: (threads[i][1].get("size", 0), -i))
        by_size = sorted(members, key=lambda i: (-threads[i][1].get("size", 0), i))
        label = next((lab for i in by_size for lab, k in threads[i][1].get("labels", ()) if counts.get(k, 0) < least),
                     threads[main][1].get("label", ""))
        fresh[sid] = {"label": label, "size": sum(threads[i][1].get("size", 0)
                                                                                for i in members),
                      "threads": [threads[i][0] for i in members], "order": threads[g][1].get("order", 0)}
        story_of.update((threads[i][0], sid) for i in members)
    stored = view.objects(STORY_KIND)
    before = {t: sid for sid, o in stored.items() for t in o.get("threads", ())}
    moved = [t for t, sid in story_of.items() if before.get(t) != sid or t in touched]
    view.delete_objects(STORY_KIND, [sid for sid in stored if sid not in fresh])
    view.put_objects(STORY_KIND, [(sid, o) for sid, o in fresh.items() if stored.get(sid) != o])
    if moved:
        view.set_members(STORY_KIND, [(a, "", story_of[t]) for a, _, t in view.members(THREAD_KIND, targets=moved)])


@dataclass
class _Change:
    """What one run did to a block: mentions added, and whether any was taken out."""

    added: list[dict] = field(default_factory=list)
    removed: bool = False


def _unit_ids(view: CorpusView, article: str) -> list[str]:
    return [f"{article}|{item}" for _, item, _ in view.members(EVENT_MEMBER, articles=[article])]


def recluster(store: Store, settings: Settings) -> None:
    """Drop the stored page debris, stories and event clusters and find them again for every article (e.g.
    at another granularity: ``settings.story_threshold``, ``settings.event_threshold``)."""
    from .debris import DebrisStage

    ids = store.article_ids()
    with store.transaction():
        for kind in (Kind.DEBRIS, Kind.DEBRIS_COUNT, STORY_KIND, THREAD_KIND, EVENT_KIND, UNIT_KIND, DF_KIND,
                     ARTICLE_KIND):
            store.delete_objects(kind)
        store.drop_members(STORY_KIND, ids)
        store.drop_members(THREAD_KIND, ids)
        store.drop_members(EVENT_MEMBER, ids)
        store.set_meta(_DF_KEY, '{"n": 0, "df": {}}')
        for stage in (DebrisStage(settings), ClusterStage(settings)):
            stage.run(CorpusView(store, stage.name, stage.reads, stage.writes), ids)
            store.mark_corpus_done(stage.name, ids)
