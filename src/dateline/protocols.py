"""What the readers of a store may read: typed protocols the store, and the views standing in for it, provide.

* :class:`CorpusReader` — what the corpus stages decided: objects, memberships and
  key maps by :class:`~dateline.model.Kind`, and the ingest order of articles.
  :mod:`dateline.corpus.output` reads every corpus output through it.
* :class:`ReadStore` — a corpus reader that also reads the articles and their
  layers: what the timeline, the list functions of :mod:`dateline.query`, the
  web app and the evals are given. It has no method that writes.

:class:`dateline.store.Store` provides both; so do the web app's per-request
cache (:class:`dateline.web.state.CachedReads`) and a reader's narrowing of the
corpus (:class:`dateline.timeline.subset.ArticleSubset`), each in full, never
by passing unknown names through.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from .model import Article, Document, Kind, StageFailure


class CorpusReader(Protocol):
    """Reads what the corpus stages keep (see :mod:`dateline.store.corpus` for the tables)."""

    def get_objects(self, kind: Kind, *, ids: Iterable[str] | None = None,
                    blocks: Iterable[str] | None = None) -> dict[str, Any]: ...

    def objects_mentioning(self, kind: Kind, text: str) -> dict[str, Any]: ...

    def members(self, kind: Kind, *, articles: Iterable[str] | None = None,
                targets: Iterable[str] | None = None) -> list[tuple[str, str, str]]: ...

    def keymap(self, kind: Kind, keys: Iterable[str] | None = None) -> dict[str, str]: ...

    def article_seqs(self, ids: Iterable[str]) -> dict[str, int]: ...


class ReadStore(CorpusReader, Protocol):
    """Reads articles, their layers (with what the corpus stages decided filled in) and the corpus outputs."""

    path: Path

    def get_article(self, article_id: str) -> Article | None: ...

    def article_ids(self, *, include_duplicates: bool = False) -> list[str]: ...

    def iter_articles(self, *, include_duplicates: bool = False) -> Iterator[Article]: ...

    def load_document(self, article_id: str, *, raw: bool = False,
                      layers: Sequence[str] | None = None) -> Document | None: ...

    def iter_documents(self, ids: Iterable[str] | None = None, *, include_duplicates: bool = False,
                       raw: bool = False, layers: Sequence[str] | None = None) -> Iterator[Document]: ...

    def search(self, query: str, *, limit: int = 10_000) -> list[str]: ...

    def failures(self, article_id: str | None = None) -> list[tuple[str, StageFailure]]: ...


class ReadThrough:
    """A :class:`ReadStore` that reads through to another one, every method spelled out.

    The views standing in for the store (a narrowing to some articles, a cache
    of decoded documents) derive from it and override what they change; a
    name the protocol does not have is an AttributeError, never passed on.
    """

    def __init__(self, store: ReadStore):
        self._store = store
        self.path: Path = store.path

    def get_article(self, article_id: str) -> Article | None:
        return self._store.get_article(article_id)

    def article_ids(self, *, include_duplicates: bool = False) -> list[str]:
        return self._store.article_ids(include_duplicates=include_duplicates)

    def iter_articles(self, *, include_duplicates: bool = False) -> Iterator[Article]:
        return self._store.iter_articles(include_duplicates=include_duplicates)

    def load_document(self, article_id: str, *, raw: bool = False,
                      layers: Sequence[str] | None = None) -> Document | None:
        return self._store.load_document(article_id, raw=raw, layers=layers)

    def iter_documents(self, ids: Iterable[str] | None = None, *, include_duplicates: bool = False,
                       raw: bool = False, layers: Sequence[str] | None = None) -> Iterator[Document]:
        return self._store.iter_documents(ids, include_duplicates=include_duplicates, raw=raw, layers=layers)

    def search(self, query: str, *, limit: int = 10_000) -> list[str]:
        return self._store.search(query, limit=limit)

    def failures(self, article_id: str | None = None) -> list[tuple[str, StageFailure]]:
        return self._store.failures(article_id)

    def get_objects(self, kind: Kind, *, ids: Iterable[str] | None = None,
                    blocks: Iterable[str] | None = None) -> dict[str, Any]:
        return self._store.get_objects(kind, ids=ids, blocks=blocks)

    def objects_mentioning(self, kind: Kind, text: str) -> dict[str, Any]:
        return self._store.objects_mentioning(kind, text)

    def members(self, kind: Kind, *, articles: Iterable[str] | None = None,
                targets: Iterable[str] | None = None) -> list[tuple[str, str, str]]:
        return self._store.members(kind, articles=articles, targets=targets)

    def keymap(self, kind: Kind, keys: Iterable[str] | None = None) -> dict[str, str]:
        return self._store.keymap(kind, keys)

    def article_seqs(self, ids: Iterable[str]) -> dict[str, int]:
        return self._store.article_seqs(ids)
