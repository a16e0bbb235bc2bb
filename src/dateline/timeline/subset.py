"""A reader's narrowing of the corpus (one outlet, one story) as a read view of the store.

The timeline builder reads the store through the
:class:`~dateline.protocols.ReadStore` protocol; a view that answers it for a
subset of the articles lets the one builder make the timeline of that subset,
with its dates chosen among the subset's own, rather than filtering a timeline
built for everything. Listings and searches are narrowed to the subset; reads
by id and the corpus outputs are the store's (what a cited article says, or
which entity a name is, does not depend on the narrowing).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from ..corpus import output
from ..model import Article, Document
from ..source_names import outlet_name
from ..protocols import ReadStore, ReadThrough


class ArticleSubset(ReadThrough):
    """The store, as a :class:`ReadStore`, limited to some articles: listings and searches are narrowed."""

    def __init__(self, store: ReadStore, ids: Iterable[str]):
        super().__init__(store)
        self._ids = frozenset(ids)

    def article_ids(self, *, include_duplicates: bool = False) -> list[str]:
        return [i for i in self._store.article_ids(include_duplicates=include_duplicates) if i in self._ids]

    def iter_articles(self, *, include_duplicates: bool = False) -> Iterator[Article]:
        return (a for a in self._store.iter_articles(include_duplicates=include_duplicates) if a.id in self._ids)

    def iter_documents(self, ids: Iterable[str] | None = None, *, include_duplicates: bool = False,
                       raw: bool = False, layers: Sequence[str] | None = None) -> Iterator[Document]:
        wanted = self.article_ids(include_duplicates=include_duplicates) if ids is None else \
            [i for i in ids if i in self._ids]
        return self._store.iter_documents(wanted, include_duplicates=include_duplicates, raw=raw, layers=layers)

    def search(self, query: str, *, limit: int = 10_000) -> list[str]:
        return [i for i in self._store.search(query, limit=limit) if i in self._ids]


def article_outlets(store: ReadStore) -> dict[str, str]:
    """Article id -> the outlet name a reader sees, for every original."""
    return {a.id: outlet_name(a.source, a.url, a.origin, a.title) for a in store.iter_articles()}


def select_articles(store: ReadStore, *, outlet: str | None = None, story: str | None = None) -> list[str] | None:
    """Ids of the articles of one outlet and/or one story; None when neither narrows the corpus."""
    if not outlet and not story:
        return None
    ids = store.article_ids()
    if outlet:
        names = article_outlets(store)
        ids = [i for i in ids if names.get(i) == outlet]
    if story:
        members = set(output.story_articles(store).get(story, ()))
        ids = [i for i in ids if i in members]
    return ids
