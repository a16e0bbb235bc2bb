"""Engines run the per-article stages over many documents: ``local`` (default) or ``dask`` (the scale extra).

An engine has ``run(work) -> Iterator[list[Document]]`` (each batch processed,
in input order) and ``close()``. :func:`make_engine` picks one by
``Settings.engine``; the Dask one is imported only when asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol

from ...errors import PipelineError
from ...model import Document
from ...settings import Settings
from .local import LocalEngine, Work

ENGINES = ("local", "dask")


class Engine(Protocol):
    """Runs the per-article stages over batches of documents."""

    def run(self, work: Iterable[Work]) -> Iterator[list[Document]]:
        """The processed documents of each batch (a batch, and the stages to run per document), in input order."""
        ...

    def close(self) -> None: ...


def make_engine(settings: Settings, names: Sequence[str]) -> Engine:
    """The engine ``settings.engine`` names, for the stages ``names``."""
    if settings.engine == "local":
        return LocalEngine(settings, names)
    if settings.engine == "dask":
        from .dask import DaskEngine  # the scale extra: a one-line MissingExtra when it is not installed

        return DaskEngine(settings, names)
    raise PipelineError(f"unknown engine {settings.engine!r}: use one of {', '.join(ENGINES)}")
