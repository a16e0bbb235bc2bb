"""Cross-document entity coreference on ECB+, scored on the entity linking users get.

The stores are those of :mod:`dateline.eval.ecb_coref` (the articles through
every per-article stage of an ingest, then the corpus stages, entity linking
among them). The key: ECB+'s entity mentions of the fully annotated sentences
(human and non-human participants, locations, times) grouped by their
cross-document instance (a mention without one is a singleton). The response:
each gold mention takes the entity of the dateline mention that overlaps it
most (a name, a resolved pronoun); a gold mention no linked mention overlaps
(an unnamed "the car", "Tuesday", a pronoun left unresolved) is a singleton,
as dateline does not link it.

The baseline groups the same gold mentions by their head word (the last
word of the mention) within each story, the same-head baseline of the entity
coreference literature (e.g. Lee et al. 2012), on the stories the shipped run
predicted (or the gold seminal events with ``gold_documents``). Rows are given
for all entity mentions, for participants, locations and times apart, and for
the mentions written as names (what dateline's linking is built for; the other
rows count every unnamed mention it leaves alone as a singleton).
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..corpus.output import story_articles
from ..settings import Settings
from ..store import Store
from .ecb import news_text, read_ecb
from .ecb_coref import TOPICS, EcbCorpus, ecb_corpus, score_row, seminal_event, stores_for

GROUPS = {"participants": ("HUMAN_PART", "NON_HUMAN_PART"), "locations": ("LOC_",), "times": ("TIME_",)}
ENTITY_PREFIXES = tuple(p for prefixes in GROUPS.values() for p in prefixes)


@dataclass(frozen=True)
class EntityMention:
    """A gold entity mention placed in the article text the pipeline reads."""

    id: str  # "1_1ecb.xml:12"
    article: str
    start: int
    end: int
    head: str  # lowercase last word
    group: str  # participants, locations, times
    instance: str  # cross-document instance, or the id itself
    named: bool = False  # written as a name (every word capitalised but minor ones)


def gold_mentions(directory: str | Path, topics: Iterable[int]) -> list[EntityMention]:
    """The entity mentions of the annotated sentences of ``topics``, in the articles' text offsets."""
    out = []
    for doc in read_ecb(directory, topics):
        news = news_text(doc)
        for m in doc.mentions_of(ENTITY_PREFIXES):
            if doc.annotated and m.sentence not in doc.annotated:
                continue
            start, end = news.span(m)
            words = news.text[start:end].lower().split()
            group = next(g for g, prefixes in GROUPS.items() if m.type.startswith(prefixes))
            mid = f"{doc.name}:{m.m_id}"
            out.append(EntityMention(mid, f"ecb:{doc.name}", start, end, words[-1] if words else "", group,
                                     m.instance or mid, is_name(news.text[start:end])))
    return out


_MINOR = frozenset({"of", "the", "and", "for", "de", "al", "bin", "van", "von", "'s"})


def is_name(text: str) -> bool:
    """Whether a mention is written as a name: every word capitalised but minor ones, not a bare "The"."""
    words = [w for w in text.split() if w.lower() not in _MINOR]
    return bool(words) and all(w[:1].isupper() for w in words)


def shipped_response(store: Store, mentions: Sequence[EntityMention]) -> list[set[str]]:
    """Gold mentions grouped by the entity of the linked dateline mention overlapping each most."""
    by_article: dict[str, list[EntityMention]] = defaultdict(list)
    for m in mentions:
        by_article[m.article].append(m)
    clusters: dict[str, set[str]] = defaultdict(set)
    for doc in store.iter_documents(list(by_article)):
        linked = [m for m in doc.mentions if m.entity]
        for g in by_article.get(doc.article.id, ()):
            best, size = None, 0
            for m in linked:
                overlap = min(g.end, m.end) - max(g.start, m.start)
                if overlap > size:
                    best, size = m, overlap
            clusters[best.entity if best is not None else g.id].add(g.id)
    placed = {x for c in clusters.values() for x in c}
    return list(clusters.values()) + [{m.id} for m in mentions if m.id not in placed]


def same_head(mentions: Sequence[EntityMention], story_of: Mapping[str, str]) -> list[set[str]]:
    """The baseline: mentions sharing a story and a head word."""
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m in mentions:
        groups[(story_of.get(m.article, m.article), m.head)].add(m.id)
    return list(groups.values())


def gold_key(mentions: Sequence[EntityMention]) -> list[set[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        groups[m.instance].add(m.id)
    return list(groups.values())


def evaluate(directory: str | Path, topics: Iterable[int] = TOPICS, settings: Settings | None = None, *,
             gold_documents: bool = False, workdir: Path | None = None) -> dict[str, Any]:
    """MUC, B³, CEAF-e and CoNLL F1 of the shipped entity linking and the same-head baseline."""
    settings = settings or Settings(progress=False)
    topics = list(topics)
    corpus: EcbCorpus = ecb_corpus(directory, topics)
    mentions = gold_mentions(directory, topics)
    with tempfile.TemporaryDirectory() as tmp:
        stores = stores_for(corpus, settings, workdir or Path(tmp), reuse=workdir is not None)
        with Store(stores.all) as store:
            predicted = {a: sid for sid, arts in story_articles(store).items() for a in arts}
            response = shipped_response(store, mentions)
    story_of = {a.id: seminal_event(a.source) for a in corpus.articles} if gold_documents else predicted
    label = "gold seminal events" if gold_documents else "predicted stories"
    rows = []
    for group in ("all", *GROUPS, "names"):
        chosen = [m for m in mentions if group == "all" or m.group == group or (group == "names" and m.named)]
        ids = {m.id for m in chosen}
        key = gold_key(chosen)
        shipped = [c & ids for c in response if c & ids]
        for method, resp in (("shipped", shipped), ("same-head", same_head(chosen, story_of))):
            rows.append({"mentions": group, **score_row(method, label, key, resp)})
    return {"documents": len(corpus.articles), "mentions": len(mentions), "rows": rows}
