"""The web app's access to its store: a read-only connection per worker thread, and results cached per store state.

Building a timeline reads every stored document, which takes seconds on a
large corpus; the same request on an unchanged store gets the same answer, so
answers are cached under the store's *generation*: the size and modification
time of the database and its write-ahead log (any commit, by this process or
another, changes one of them), plus a counter bumped by this app's own ingests.

The CLI may read and ingest the same store while the server runs (SQLite
allows any number of readers and one writer). A connection whose file was
replaced under it (a store moved or copied into place) is opened again, and a
request that meets a disk I/O error is answered once more on a fresh connection.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool

from ..model import Document
from ..protocols import ReadStore, ReadThrough
from ..store import Store

log = logging.getLogger(__name__)

T = TypeVar("T")
MISSING = object()
MAX_DOCUMENTS = 5000  # decoded documents kept in memory (about 0.2 MB each on news articles)
READ_CHUNK = 100  # documents not cached read from the store together


class CachedReads(ReadThrough):
    """A thread's store, as a :class:`ReadStore`, whose decoded documents are shared by every thread for one
    state of the store."""

    # decoding a document's layers costs far more than reading them, and every timeline, filter and entity
    # page reads the same documents again

    def __init__(self, store: Store, documents: dict[str, Document]):
        super().__init__(store)
        self._documents = documents

    def load_document(self, article_id: str, *, raw: bool = False,
                      layers: Sequence[str] | None = None) -> Document | None:
        if raw or layers is not None:  # a decoded whole document serves it; a partial read is not kept
            return self._documents.get(article_id) or self._store.load_document(article_id, raw=raw, layers=layers)
        doc = self._documents.get(article_id)
        if doc is None:
            doc = self._store.load_document(article_id)
            # an id prefix also finds a document: keep it under its own id only
            if doc is not None and doc.article.id == article_id and len(self._documents) < MAX_DOCUMENTS:
                self._documents[article_id] = doc
        return doc

    def iter_documents(self, ids: Iterable[str] | None = None, *, include_duplicates: bool = False,
                       raw: bool = False, layers: Sequence[str] | None = None) -> Iterator[Document]:
        if ids is None:
            ids = self._store.article_ids(include_duplicates=include_duplicates)
        whole = not raw and layers is None
        it = iter(ids)
        # those not cached are read together, a few queries per chunk (one by one, a cold timeline paid
        # several queries per article)
        while chunk := list(islice(it, READ_CHUNK)):
            missing = [i for i in chunk if i not in self._documents]
            read = iter(self._store.iter_documents(missing, raw=raw, layers=layers)) if missing else iter(())
            pending = next(read, None)
            for article_id in chunk:
                doc = self._documents.get(article_id)
                if doc is None and pending is not None and pending.article.id.startswith(article_id):
                    doc, pending = pending, next(read, None)  # the store yields them in order, the gone left out
                    if whole and doc.article.id == article_id and len(self._documents) < MAX_DOCUMENTS:
                        self._documents[article_id] = doc
                if doc is not None:
                    yield doc


class StoreAccess:
    """Per-thread read-only stores over one file, and an LRU cache of results per generation."""

    def __init__(self, path: Path, *, cache_size: int = 128):
        self.path = Path(path)
        self.cache_size = cache_size
        self._local = threading.local()
        self._cache: OrderedDict[tuple[Hashable, ...], Any] = OrderedDict()
        self._lock = threading.Lock()
        self._key_locks: dict[Hashable, threading.Lock] = {}
        self._bumps = 0
        self._documents: tuple[tuple[int, ...], dict[str, Document]] = ((), {})

    def store(self) -> ReadStore:
        """This thread's connection (SQLite connections are not shared), reading through the document cache."""
        store = getattr(self._local, "store", None)
        file = _identity(self.path)
        if store is not None and self._local.file != file:  # another file was put in its place
            log.info("%s was replaced; reading it again", self.path)
            self.reset()
            store = None
        if store is None:
            store = Store(self.path)
            # defence in depth: whatever a page asks, this connection cannot write
            store.db.execute("PRAGMA query_only=ON")
            self._local.store, self._local.file = store, file
        generation = self.generation()
        with self._lock:
            if self._documents[0] != generation:
                self._documents = (generation, {})
            documents = self._documents[1]
        return CachedReads(store, documents)

    def reset(self) -> None:
        """Close this thread's connection; the next read opens a fresh one."""
        store = getattr(self._local, "store", None)
        if store is not None:
            self._local.store = None
            try:
                store.close()
            except sqlite3.Error:  # closing a connection that already failed: nothing left to release
                pass

    def generation(self) -> tuple[int, ...]:
        """A value that changes whenever the store's content may have changed."""
        out = [self._bumps]
        for p in (self.path, Path(f"{self.path}-wal")):
            try:
                st = os.stat(p)
                out += [st.st_mtime_ns, st.st_size]
            except FileNotFoundError:
                out += [0, 0]
        return tuple(out)

    def token(self) -> str:
        """The generation as a short opaque string, for a page to tell whether the store changed."""
        return hashlib.sha256(repr(self.generation()).encode()).hexdigest()[:16]

    def bump(self) -> None:
        """Mark the store changed (after an ingest by this app), whatever the file times say."""
        with self._lock:
            self._bumps += 1

    def peek(self, key: Hashable) -> Any:
        """The cached answer for ``key`` on the store as it is now, else ``MISSING``."""
        full = (self.generation(), key)
        with self._lock:
            if full in self._cache:
                self._cache.move_to_end(full)
                return self._cache[full]
        return MISSING

    async def cached_async(self, key: Hashable, compute: Callable[[ReadStore], T]) -> T:
        """:meth:`cached` for a coroutine: a hit without leaving the event loop, a miss computed in a thread."""
        hit = self.peek(key)
        if hit is not MISSING:
            return hit
        return await run_in_threadpool(self.cached, key, compute)

    def cached(self, key: Hashable, compute: Callable[[ReadStore], T]) -> T:
        """``compute(store)``, or its answer for the same key on an unchanged store."""
        # concurrent requests for one key wait for the first to finish rather than all computing it
        full = (self.generation(), key)
        with self._lock:
            if full in self._cache:
                self._cache.move_to_end(full)
                return self._cache[full]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if full in self._cache:
                    return self._cache[full]
            value = self._read(compute)
            with self._lock:
                self._cache[full] = value
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
            return value

    def _read(self, compute: Callable[[ReadStore], T]) -> T:
        """``compute(store)``, once more on a fresh connection if the first one meets a disk I/O error."""
        try:
            return compute(self.store())
        except sqlite3.OperationalError as exc:
            if "disk i/o" not in str(exc).lower():
                raise
            log.warning("reading %s failed (%s); reading again on a fresh connection", self.path, exc)
            self.reset()
            return compute(self.store())


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file is at ``path`` (device, inode); None when there is none."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino

