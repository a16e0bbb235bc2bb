"""The local engine: per-article stages in this process, or in ``jobs`` worker processes.

Workers build the stages once (models load once per process) and take whole
batches, so a stage that batches (the parse's ``nlp.pipe``) sees a batch at a
time. At most ``2 * jobs`` batches are in flight: reading the next batches
overlaps with analysis, and memory stays bounded however large the input.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from ...model import Document
from ...settings import Settings
from ..stages import Pipeline, build_pipeline, iter_batches

Work = tuple[list[Document], list[tuple[str, ...]] | None]  # a batch, and the stages to run per document

_WORKER: Pipeline | None = None
_THREADS: object = None  # the BLAS thread limit of a worker, kept for the worker's life


def _init_worker(settings: Settings, names: Sequence[str]) -> None:
    global _WORKER, _THREADS
    _THREADS = limit_threads(settings.jobs)
    _WORKER = build_pipeline(settings, names)


def limit_threads(processes: int) -> object:
    """Give each of ``processes`` workers its share of the cores for BLAS (spaCy's matrix products).

    OpenBLAS starts a thread per core in every process; with one worker per
    core those threads only compete for the same cores. Dask's nanny does the
    same for its workers. Returns the limiter, or None without threadpoolctl.
    """
    try:
        from threadpoolctl import threadpool_limits  # scikit-learn's dependency, so always there
    except ImportError:  # pragma: no cover
        return None
    return threadpool_limits(max(1, (os.cpu_count() or 1) // max(1, processes)))


def _run(work: Work) -> list[Document]:
    assert _WORKER is not None
    docs, only = work
    return _WORKER.run_batch(docs, only)


class LocalEngine:
    """Runs batches of documents through the per-article stages; results come back in order."""

    def __init__(self, settings: Settings, names: Sequence[str]):
        self.settings = settings
        self.names = tuple(names)
        self._pipeline: Pipeline | None = None

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = build_pipeline(self.settings, self.names)
        return self._pipeline

    def map(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Every document through every stage, in batches of ``settings.batch_size``, in input order."""
        work = ((batch, None) for batch in iter_batches(docs, self.settings.batch_size))
        for batch in self.run(work):
            yield from batch

    def run(self, work: Iterable[Work]) -> Iterator[list[Document]]:
        """The processed documents of each batch, in input order."""
        if self.settings.jobs <= 1:
            for docs, only in work:
                yield self.pipeline.run_batch(docs, only)
            return
        with ProcessPoolExecutor(max_workers=self.settings.jobs, initializer=_init_worker,
                                 initargs=(self.settings, self.names)) as pool:
            pending: deque[Future[list[Document]]] = deque()
            for item in work:
                pending.append(pool.submit(_run, item))
                if len(pending) >= 2 * self.settings.jobs:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

    def close(self) -> None:
        """Nothing to release: worker processes live only as long as one ``run``."""
