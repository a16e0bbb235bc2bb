"""The Dask engine: per-article stages on a Dask distributed cluster; results stream back to one writer.

Batches of documents are submitted as tasks (at most ``2 * workers`` in
flight, so neither the scheduler nor this process holds the whole input); each
task runs the same :class:`~dateline.pipeline.stages.Pipeline` as the local
engine, so one bad article is isolated the same way. A worker builds the stages
once per process and settings (models load once): a worker plugin builds them
when the worker starts, and the stage cache keeps them. Results come back in
input order to the process that owns the store, the only writer.

Without a scheduler address a ``LocalCluster`` is started on this machine and
closed with the engine. Dask is the ``scale`` extra: importing this module
without it raises :class:`~dateline.errors.MissingExtra`.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ...errors import MissingExtra, PipelineError
from ...model import Document
from ...settings import Settings
from ..stages import build_pipeline

try:
    import distributed
    from distributed.client import FutureCancelledError
    from distributed.diagnostics.plugin import WorkerPlugin
    from distributed.scheduler import KilledWorker
except ImportError:  # pragma: no cover - exercised only without the extra
    raise MissingExtra("the Dask engine needs the scale extra: pip install 'dateline[scale]'") from None

log = logging.getLogger(__name__)

Work = tuple[list[Document], list[tuple[str, ...]] | None]


def run_batch(settings: Settings, names: Sequence[str], docs: list[Document],
              only: list[tuple[str, ...]] | None) -> list[Document]:
    """A task: one batch through the stages (built once per worker process and settings)."""
    return build_pipeline(settings, names).run_batch(docs, only)


class LoadStages(WorkerPlugin):
    """Builds the stages when a worker starts, so the first batch does not wait for the models."""

    name = "dateline-stages"

    def __init__(self, settings: Settings, names: Sequence[str]):
        self.settings = settings
        self.names = tuple(names)

    def setup(self, worker: Any) -> None:
        build_pipeline(self.settings, self.names)


def _result(future: Any) -> list[Document]:
    """A batch's documents; a lost worker or connection is one line (stage errors never get here)."""
    try:
        return future.result()
    except (FutureCancelledError, KilledWorker, OSError) as exc:
        raise PipelineError(f"the Dask cluster lost a batch ({type(exc).__name__}: {exc}); the batches stored so "
                            "far are kept: run the ingest again to complete it") from None


class DaskEngine:
    """Runs batches on a Dask cluster (``settings.scheduler``, else a LocalCluster); results in input order."""

    def __init__(self, settings: Settings, names: Sequence[str]):
        self.settings = settings
        self.names = tuple(names)
        self._client: Any = None
        self._cluster: Any = None

    def _connect(self) -> Any:
        if self._client is not None:
            return self._client
        try:
            if self.settings.scheduler:
                self._client = distributed.Client(self.settings.scheduler, timeout="10s")
            else:
                # one thread a worker: the stages hold the GIL, and each worker keeps its own models
                self._cluster = distributed.LocalCluster(
                    n_workers=self.settings.workers or None, threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.WARNING)
                self._client = distributed.Client(self._cluster)
        except (OSError, TimeoutError) as exc:
            where = self.settings.scheduler or "a LocalCluster"
            raise PipelineError(f"cannot reach the Dask scheduler at {where} ({exc}); "
                                "check --scheduler, or leave it out to start a LocalCluster") from None
        self._client.register_plugin(LoadStages(self.settings, self.names))
        log.info("dask engine: %s", self._client)
        return self._client

    def in_flight(self) -> int:
        """Batches kept submitted at once: two per worker thread, so workers never wait for the next."""
        threads = sum(self._connect().nthreads().values()) or 1
        return 2 * threads

    def run(self, work: Iterable[Work]) -> Iterator[list[Document]]:
        """The processed documents of each batch, in input order."""
        client, limit = None, 0
        pending: deque[Any] = deque()
        for docs, only in work:
            if client is None:
                client, limit = self._connect(), self.in_flight()
            pending.append(client.submit(run_batch, self.settings, self.names, docs, only, pure=False))
            if len(pending) >= limit:
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())

    def close(self) -> None:
        """Disconnect, and stop the LocalCluster this engine started."""
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None
