"""Cross-document event coreference on ECB+ (Cybulska & Vossen 2014), scored on the clusterer users get.

The articles go through the path of ``dateline ingest``: the per-article stages
of :data:`dateline.pipeline.STAGES`, the store, then the corpus stages of
:data:`dateline.pipeline.CORPUS_STAGES` (dating, event times, entity links, and
the clusters stage: threads by :func:`~dateline.corpus.clusters.assign_stories`,
the blocks events are linked in, and events by :mod:`dateline.corpus.event_links`). One stage differs:
the events stage is given ECB+'s gold action mentions in place of the triggers
it would detect, so the clustering is scored apart from mention detection (the
usual setting of the ECB+ literature, e.g. Cybulska & Vossen 2015).

What is gold:
  * the trigger spans of the action mentions (``ACTION_*``, ``NEG_ACTION_*``) of
    the fully annotated sentences, and the key: their cross-document instances
    (a mention without one is a singleton);
  * with ``gold_documents``, the grouping of documents into seminal events
    (topic and sub-topic), used in place of the predicted threads ("stories" in
    the report: what the event step blocks by).
What is predicted, by the shipped code:
  * sentences, parse, time expressions, entity mentions, quotes, claims;
  * for each gold mention, what the event extractor makes of the token at its
    trigger: type (``OTHER`` when the ontology has none), participants, time
    link, date and modality; a trigger the extractor does not consider a
    predicate gets a bare event (type ``OTHER``, no participants, the undated
    date of :func:`~dateline.extract.events.event_time`);
  * the corpus stages' dating, entity links, stories and event clusters.
What is not run: reading, cleanup and near-duplicate detection. The articles
are written from ECB+'s tokens (:func:`dateline.eval.ecb.news_text`) so that
gold offsets stay exact; ECB+ gives no publication dates, so none are set.

Baselines are scored by the same run on the same mentions and the same
grouping of documents: all singletons, one cluster per story, and the
same-stem baseline (triggers sharing their first five letters), the
"lemma" baseline of the ECB+ literature (Upadhyay et al. 2016; Kenyon-Dean
et al. 2018) that trained systems report beside their own scores.
"""

from __future__ import annotations

import logging
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..corpus.cluster_stage import recluster
from ..corpus.output import event_members, story_articles, thread_articles
from ..extract.events import event_time, extract_events, token_lemma
from ..model import Article, Document, Event, add_layers, sentence_at
from ..pipeline import Pipeline, build_pipeline, check_order, run_corpus_stages
from ..settings import Settings
from ..store import Store
from .coref import METRICS, b_cubed, conll
from .ecb import EVENT_PREFIXES, data_files, news_text, read_ecb

log = logging.getLogger(__name__)

TOPICS = tuple(t for t in range(1, 36) if t not in (15, 17))  # the topics of ../shared (15, 17 do not exist)
BASELINES = ("stem", "singletons", "story")
STEM_LETTERS = 5


@dataclass(frozen=True)
class GoldMention:
    """A gold action mention, placed in the text the pipeline reads."""

    id: str  # "1_1ecb.xml:34" (document and markable id)
    article: str  # id of the Article built from the document
    start: int  # trigger span in the article's text
    end: int
    trigger: str
    instance: str  # gold cluster key: the cross-document instance, or the mention id itself
    seminal: str  # gold seminal event of the document: "topic:ecb" or "topic:ecbplus"


@dataclass
class EcbCorpus:
    """ECB+ documents as articles, with the gold mentions to inject and score."""

    articles: list[Article]
    mentions: list[GoldMention]
    files: list[Path]

    def by_article(self) -> dict[str, list[GoldMention]]:
        out: dict[str, list[GoldMention]] = defaultdict(list)
        for m in self.mentions:
            out[m.article].append(m)
        return out

    def of_articles(self, ids: Iterable[str]) -> "EcbCorpus":
        """The part of the corpus about some of its articles."""
        keep = set(ids)
        return EcbCorpus([a for a in self.articles if a.id in keep], [m for m in self.mentions if m.article in keep],
                         self.files)

    def of_topics(self, topics: Iterable[int]) -> "EcbCorpus":
        """The part of the corpus about some of its topics."""
        keep = set(topics)
        return self.of_articles(a.id for a in self.articles if int(a.source.split("_")[0]) in keep)

    def seminal_events(self) -> dict[str, str]:
        """Article id -> its gold seminal event ("1:ecb", "1:ecbplus"), from its file name."""
        return {a.id: seminal_event(a.source) for a in self.articles}


def seminal_event(name: str) -> str:
    """The seminal event of an ECB+ file: its topic and sub-topic ("1_10ecbplus.xml" -> "1:ecbplus")."""
    return f"{name.split('_')[0]}:{'ecbplus' if 'plus' in name else 'ecb'}"


def ecb_corpus(directory: str | Path, topics: Iterable[int] = TOPICS) -> EcbCorpus:
    """Articles and gold action mentions (annotated sentences only) of some ECB+ topics."""
    topics = list(topics)
    articles, mentions = [], []
    for doc in read_ecb(directory, topics):
        news = news_text(doc)
        article = Article(id=f"ecb:{doc.name}", text=news.text, source=doc.name, origin=doc.name)
        articles.append(article)
        for m in doc.mentions_of(EVENT_PREFIXES):
            if doc.annotated and m.sentence not in doc.annotated:
                continue
            start, end = news.span(m)
            mid = f"{doc.name}:{m.m_id}"
            mentions.append(GoldMention(mid, article.id, start, end, news.text[start:end], m.instance or mid,
                                        seminal_event(doc.name)))
    return EcbCorpus(articles, mentions, data_files(directory, topics))


# -- the events stage, with gold triggers ------------------------------------------------

def in_order(mentions: Sequence[GoldMention]) -> list[GoldMention]:
    """An article's gold mentions in text order: the order of its injected events."""
    return sorted(mentions, key=lambda m: (m.start, m.end, m.id))


def gold_events(doc: Document, mentions: Sequence[GoldMention]) -> list[Event]:
    """Events at the gold triggers (in :func:`in_order`), each with what the event extractor finds there."""
    found = extract_events(doc, typed_only=False)
    out = []
    for m in in_order(mentions):
        inside = [e for e in found if m.start <= e.start < m.end]
        if inside:
            # a multi-word trigger ("checked into") is the extractor's event at its typed, else first, token
            best = min(inside, key=lambda e: (e.type == "OTHER", e.start))
            out.append(replace(best, start=m.start, end=m.end))
            continue
        day, precision = event_time(doc, None)
        sentence = sentence_at(doc.sentences, m.start)
        out.append(Event(start=m.start, end=m.end, type="OTHER", sentence=sentence if sentence is not None else 0,
                         date=day, precision=precision, lemma=token_lemma(doc, m.start)))
    return out


class GoldEventStage:
    """The events stage of the pipeline, with ECB+'s gold triggers in place of detected ones."""

    name = "events"
    requires = ("parse", "mentions")
    assigns = ("events",)

    def __init__(self, gold: Mapping[str, Sequence[GoldMention]]):
        self.gold = gold

    def __call__(self, doc: Document) -> Document:
        return add_layers(doc, self.assigns, events=tuple(gold_events(doc, self.gold.get(doc.article.id, ()))))


def gold_pipeline(corpus: EcbCorpus, settings: Settings) -> Pipeline:
    """The declared per-article stages, the events stage swapped for :class:`GoldEventStage`."""
    shipped = build_pipeline(settings)
    gold = GoldEventStage(corpus.by_article())
    stages = tuple(gold if s.name == gold.name else s for s in shipped.stages)
    check_order(stages)
    return Pipeline(stages, raise_errors=shipped.raise_errors)


@dataclass(frozen=True)
class EcbStores:
    """Where the stores of one corpus are: all its articles, and one store per seminal event."""

    folder: Path

    @property
    def all(self) -> Path:
        return self.folder / "all.db"

    def event(self, seminal: str) -> Path:
        return self.folder / "events" / f"{seminal.replace(':', '-')}.db"


def build_stores(corpus: EcbCorpus, stores: EcbStores, settings: Settings) -> None:
    """The per-article stages once, then the corpus stages over every article and over each seminal event.

    The store of a seminal event is clustered with ``story_threshold`` 0, so its
    articles make one story: the gold grouping of documents, given to the
    clusters stage as it runs.
    """
    pipe = gold_pipeline(corpus, settings)
    with Store(stores.all) as store:
        for start in range(0, len(corpus.articles), settings.batch_size):
            batch = [Document(article=a) for a in corpus.articles[start:start + settings.batch_size]]
            docs = pipe.run_batch(batch)
            with store.transaction():
                for doc in docs:
                    store.add_article(doc.article, doc=doc, stages=pipe.names)
        by_event: dict[str, list[str]] = defaultdict(list)
        for article, seminal in corpus.seminal_events().items():
            by_event[seminal].append(article)
        for seminal, ids in by_event.items():
            with Store(stores.event(seminal)) as one:
                with one.transaction():
                    for doc in store.iter_documents(ids):
                        one.add_article(doc.article, doc=doc, stages=pipe.names)
                run_corpus_stages(one, gold_settings(settings))
        run_corpus_stages(store, settings)
        store.set_meta("ecb.built", "1")


def gold_settings(settings: Settings) -> Settings:
    """Settings of a seminal event's store: every article joins the first story."""
    return settings.with_(story_threshold=0.0)


# -- clusters of the shipped code, and the baselines ------------------------------------

def shipped_response(store: Store, corpus: EcbCorpus) -> list[set[str]]:
    """The event clusters the clusters stage stored, as sets of gold mention ids (event members' items
    are the indices of the injected events); a gold mention left out of every cluster is a singleton."""
    ordered = {a: [m.id for m in in_order(ms)] for a, ms in corpus.by_article().items()}
    clusters: dict[str, set[str]] = defaultdict(set)
    for article, item, cluster in event_members(store, list(ordered)):
        if item.isdigit() and int(item) < len(ordered[article]):
            clusters[cluster].add(ordered[article][int(item)])
    placed = {mid for c in clusters.values() for mid in c}
    return list(clusters.values()) + [{m.id} for m in corpus.mentions if m.id not in placed]


def stem(trigger: str) -> str:
    """The first letters of a trigger's first word: the stem the baseline groups by."""
    words = trigger.lower().split()
    return words[0][:STEM_LETTERS] if words else ""


def baseline(name: str, mentions: Sequence[GoldMention], story_of: Mapping[str, str]) -> list[set[str]]:
    """A trivial response over the same mentions and stories: ``stem``, ``singletons`` or ``story``."""
    keys = {
        "stem": lambda m: (story_of.get(m.article, ""), stem(m.trigger)),
        "singletons": lambda m: m.id,
        "story": lambda m: story_of.get(m.article, ""),
    }
    if name not in keys:
        raise ValueError(f"unknown baseline {name!r}: use one of {', '.join(keys)}")
    groups: dict[Any, set[str]] = defaultdict(set)
    for m in mentions:
        groups[keys[name](m)].add(m.id)
    return list(groups.values())


def gold_key(mentions: Sequence[GoldMention]) -> list[set[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        groups[m.instance].add(m.id)
    return list(groups.values())


def score_row(method: str, documents: str, key: Sequence[set[str]], response: Sequence[set[str]]) -> dict[str, Any]:
    """One row of the report: P, R and F of MUC, B³ and CEAF-e, and the CoNLL F1."""
    scores = conll(key, response)
    row: dict[str, Any] = {"method": method, "documents": documents, "clusters": len(response)}
    for metric in METRICS[:-1]:
        for part, value in zip(("p", "r", "f1"), scores[metric]):
            row[f"{metric}_{part}"] = round(value, 4)
    row["conll_f1"] = round(scores["conll"][2], 4)
    return row


# -- the eval ------------------------------------------------------------------------------------

def evaluate(directory: str | Path, topics: Iterable[int] = TOPICS, settings: Settings | None = None, *,
             gold_documents: bool = False, workdir: Path | None = None,
             baselines: Sequence[str] = BASELINES) -> dict[str, Any]:
    """Scores of the shipped clusterer and the baselines on the gold action mentions of ``topics``.

    ``workdir`` keeps the stores built for these topics and reuses them (the
    clusters are then computed again with ``settings``); delete it after a
    change to the per-article stages.
    """
    settings = settings or Settings(progress=False)
    corpus = ecb_corpus(directory, topics)
    seminal = corpus.seminal_events()
    with tempfile.TemporaryDirectory() as tmp:
        stores = stores_for(corpus, settings, workdir or Path(tmp), reuse=workdir is not None)
        with Store(stores.all) as store:
            if workdir is not None and not gold_documents:
                recluster(store, settings)
            predicted = {a: sid for sid, arts in thread_articles(store).items() for a in arts}
            grouped = {a: sid for sid, arts in story_articles(store).items() for a in arts}
            response = shipped_response(store, corpus)
        if gold_documents:
            response = []
            for event in sorted(set(seminal.values())):
                with Store(stores.event(event)) as one:
                    if workdir is not None:
                        recluster(one, gold_settings(settings))
                    response += shipped_response(one, corpus.of_articles(one.article_ids()))
    return report(corpus, response, predicted, gold_documents=gold_documents, baselines=baselines,
                  stories=grouped)


def report(corpus: EcbCorpus, response: Sequence[set[str]], predicted: Mapping[str, str], *,
           gold_documents: bool, baselines: Sequence[str] = BASELINES,
           stories: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The eval's result: the shipped clusters' scores and the baselines' on the same mentions and stories;
    with ``stories`` (article -> story, as `dateline stories` groups them), their B³ against the topic."""
    seminal = corpus.seminal_events()
    story_of = seminal if gold_documents else predicted
    key = gold_key(corpus.mentions)
    label = "gold seminal events" if gold_documents else "predicted stories"
    rows = [score_row("shipped", label, key, response)]
    rows += [score_row(name, label, key, baseline(name, corpus.mentions, story_of)) for name in baselines]
    out = {"documents": len(corpus.articles), "mentions": len(corpus.mentions), "key_clusters": len(key),
           **story_figures(predicted, seminal), "rows": rows}
    if stories:
        topic = {a: s.split(":")[0] for a, s in seminal.items()}
        figures = story_figures(stories, topic)
        out.update(topic_stories=figures["stories"], topics=figures["seminal_events"],
                   topic_story_b3=figures["story_b3"])
    return out


def story_figures(predicted: Mapping[str, str], seminal: Mapping[str, str]) -> dict[str, Any]:
    """How the predicted stories group the documents, against their seminal events (B³ P, R, F)."""
    by_event: dict[str, set[str]] = defaultdict(set)
    by_story: dict[str, set[str]] = defaultdict(set)
    for article, story in predicted.items():
        by_event[seminal[article]].add(article)
        by_story[story].add(article)
    return {"stories": len(by_story), "seminal_events": len(by_event),
            "story_b3": [round(v, 4) for v in b_cubed(list(by_event.values()), list(by_story.values()))]}


def stores_for(corpus: EcbCorpus, settings: Settings, folder: Path, *, reuse: bool) -> EcbStores:
    """The corpus' stores under ``folder``: built, or (``reuse``) those a finished earlier build left."""
    import shutil

    from .gate import checksum

    stores = EcbStores(folder / f"ecb-{checksum(corpus.files)[:12]}")
    if reuse and stores.all.exists():
        with Store(stores.all) as store:
            if store.get_meta("ecb.built") == "1":
                return stores
    shutil.rmtree(stores.folder, ignore_errors=True)  # a build that did not finish
    (stores.folder / "events").mkdir(parents=True)
    build_stores(corpus, stores, settings)
    return stores
