"""A reader's narrowing of the corpus (one outlet, one story) as a read view of the store.

The timeline builder reads the store through ``article_ids``, ``iter_documents``
and ``search``; a view that answers those for a subset of the articles lets the
one builder make the timeline of that subset, with its dates chosen among the
subset's own, rather than filtering a timeline built for everything.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..corpus.cluster_stage import story_articles
from ..model import Document, outlet_name


class ArticleSubset:
    """The store, as far as reading goes, limited to some articles; anything else passes through."""

    def __init__(self, store: Any, ids: Iterable[str]):
        self._store = store
        self._ids = frozenset(ids)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def article_ids(self, *, include_duplicates: bool = False) -> list[str]:
        return [i for i in self._store.article_ids(include_duplicates=include_duplicates) if i in self._ids]

    def iter_documents(self, ids: Iterable[str] | None = None, *, include_duplicates: bool = False,
                       **read: Any) -> Iterator[Document]:
        wanted = self.article_ids(include_duplicates=include_duplicates) if ids is None else \
            [i for i in ids if i in self._ids]
        return self._store.iter_documents(wanted, include_duplicates=include_duplicates, **read)

    def search(self, query: str, **options: Any) -> list[str]:
        return [i for i in self._store.search(query, **options) if i in self._ids]


def article_outlets(store: Any) -> dict[str, str]:
    """Article id -> the outlet name a reader sees, for every original."""
    return {a.id: outlet_name(a.source, a.url, a.origin, a.title) for a in store.iter_articles()}


def select_articles(store: Any, *, outlet: str | None = None, story: str | None = None) -> list[str] | None:
    """Ids of the articles of one outlet and/or one story; None when neither narrows the corpus."""
    if not outlet and not story:
        return None
    ids = store.article_ids()
    if outlet:
        names = article_outlets(store)
        ids = [i for i in ids if names.get(i) == outlet]
    if story:
        members = set(story_articles(store).get(story, ()))
        ids = [i for i in ids if i in members]
    return ids
