"""Reading what the corpus stages decided: entities, claim groups, stories, event clusters.

The one module that knows how the corpus stages keep their output (the kinds,
the memberships, the shape of the stored objects), so the timeline, the list
functions, the web app and the evals read it here rather than in the stage
modules that write it. Every function takes a
:class:`~dateline.protocols.CorpusReader` (the store, or a view of it) and
only reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..extract.entities import strip_article
from ..extract.names import is_short_form, name_key, name_tokens
from ..model import Kind
from ..protocols import CorpusReader

__all__ = ["claim_groups", "debris_counts", "debris_spans", "entities", "entities_mentioning", "entity_names", "entity_of_keys", "event_articles",
           "event_clusters", "event_members", "event_units", "find_entities", "sentence_clusters", "stories",
           "story_articles", "thread_articles", "threads"]


def entities(reader: CorpusReader, ids: Iterable[str] | None = None) -> dict[str, Any]:
    """Entity id -> the entity (name, kind, aliases, roles, country): all, or those of ``ids``."""
    return reader.get_objects(Kind.ENTITY, ids=ids)


def entities_mentioning(reader: CorpusReader, text: str) -> dict[str, Any]:
    """The entities whose stored form holds ``text`` (ASCII letters in any case): a prefilter for a name."""
    return reader.objects_mentioning(Kind.ENTITY, text)


def entity_names(reader: CorpusReader) -> dict[str, str]:
    """Entity id -> canonical name."""
    return {eid: data["name"] for eid, data in entities(reader).items()}


def find_entities(reader: CorpusReader, name: str) -> set[str]:
    """Ids of the entities whose name or an alias matches ``name`` in any spelling: the name lookup of a
    timeline's entity focus and of every list command's --entity.

    Names are matched as the linking stage groups them (:mod:`dateline.extract.names`).
    """
    want_person, want_plain = name_key(name), strip_article(name)
    found = set()
    for eid, data in entities(reader).items():
        for n in [data["name"], *data["aliases"]]:
            if name_key(n) == want_person or strip_article(n) == want_plain or \
                    is_short_form(name_tokens(name), name_tokens(n)):
                found.add(eid)
                break
    return found


def entity_of_keys(reader: CorpusReader, keys: Iterable[str]) -> dict[str, str]:
    """Mention key -> the entity the linking stage filed it under."""
    return reader.keymap(Kind.ENTITY, keys)


def claim_groups(reader: CorpusReader, *, articles: Iterable[str] | None = None) -> dict[str, Any]:
    """Claim group id -> the group (quantity, status, claims): all, or those with a claim in ``articles``."""
    if articles is None:
        return reader.get_objects(Kind.CLAIM_GROUP)
    return reader.get_objects(Kind.CLAIM_GROUP, ids={t for _, _, t in reader.members(Kind.CLAIM_GROUP,
                                                                                        articles=articles)})


def event_clusters(reader: CorpusReader, *, articles: Iterable[str] | None = None,
                   ids: Iterable[str] | None = None) -> dict[str, Any]:
    """Event cluster id -> the cluster (date, type, story, members): all, those of ``ids``, or those with a
    mention in ``articles``."""
    if articles is not None:
        ids = {t for _, _, t in reader.members(Kind.EVENT_MEMBER, articles=articles)}
    return reader.get_objects(Kind.EVENT_CLUSTER, ids=ids)


def event_members(reader: CorpusReader, articles: Iterable[str]) -> list[tuple[str, str, str]]:
    """(article, item, event cluster) of the event mentions of ``articles`` (item: the event's index)."""
    return reader.members(Kind.EVENT_MEMBER, articles=articles)


def event_units(reader: CorpusReader) -> dict[str, Any]:
    """Unit id -> one stored event mention or dated sentence (article, item, trigger, lemma, vectors, ...)."""
    return reader.get_objects(Kind.EVENT_UNIT)


def event_articles(reader: CorpusReader) -> dict[str, Any]:
    """Article id -> what same-event linking compares of two articles (its wording and names)."""
    return reader.get_objects(Kind.EVENT_ARTICLE)


def debris_spans(reader: Any, ids: Iterable[str]) -> dict[str, tuple[str, list[tuple[int, int, str]]]]:
    """Article id -> (its outlet key, (start, end, rule) of its page-debris lines: :mod:`.debris`), for the
    articles of ``ids`` the debris stage has seen. ``reader``: a :class:`CorpusReader`, or the view of a
    corpus stage that declares it reads them."""
    return {a: (o["outlet"], [(s, e, r) for s, e, r in o["lines"]])
            for a, o in reader.get_objects(Kind.DEBRIS, ids=ids).items()}


def debris_counts(reader: Any, keys: Iterable[str]) -> dict[str, int]:
    """``"<outlet>|<line key>"`` -> how many of the outlet's articles printed the line (those ever printed)."""
    return {k: o["n"] for k, o in reader.get_objects(Kind.DEBRIS_COUNT, ids=keys).items()}


def stories(reader: CorpusReader) -> dict[str, Any]:
    """Story id -> the story (label, size, threads: its thread ids in creation order)."""
    return reader.get_objects(Kind.STORY)


def threads(reader: CorpusReader) -> dict[str, Any]:
    """Thread id -> the thread, one strand of a story (label, size, centroid)."""
    return reader.get_objects(Kind.THREAD)


def thread_articles(reader: CorpusReader) -> dict[str, list[str]]:
    """Thread id -> its articles, in ingest order."""
    return _by_target(reader, Kind.THREAD)


def story_articles(reader: CorpusReader) -> dict[str, list[str]]:
    """Story id -> its articles, in ingest order."""
    return _by_target(reader, Kind.STORY)


def _by_target(reader: CorpusReader, kind: Kind) -> dict[str, list[str]]:
    rows = reader.members(kind)
    seqs = reader.article_seqs(a for a, _, _ in rows)
    out: dict[str, list[str]] = {}
    for a, _, sid in sorted(rows, key=lambda r: seqs.get(r[0], 0)):
        out.setdefault(sid, []).append(a)
    return out


def sentence_clusters(reader: CorpusReader, articles: Iterable[str] | None = None) -> dict[tuple[str, int], str]:
    """(article, sentence) -> id of its cross-document event cluster (clusters of one article are left out)."""
    kind = Kind.EVENT_MEMBER
    rows = reader.members(kind, articles=articles) if articles is not None else reader.members(kind)
    spread = {t for _, _, t in rows}
    by_cluster: dict[str, set[str]] = {}
    for a, _, t in reader.members(kind, targets=spread) if spread else ():
        by_cluster.setdefault(t, set()).add(a)
    out = {}
    for cid, o in event_clusters(reader, ids=[c for c, arts in by_cluster.items() if len(arts) > 1]).items():
        for article, sentence, *_ in o["members"]:
            out[(article, sentence)] = cid
    return out
