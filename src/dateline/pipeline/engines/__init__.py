"""Engines run the per-article stages over many documents: ``local`` (default) or ``dask`` (the scale extra).

An engine has ``run(work) -> Iterator[list[Document]]`` (each batch processed,
in input order) and ``close()``. :func:`make_engine` picks one by
``Settings.engine``; the Dask one is imported only when asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...errors import PipelineError
from ...settings import Settings
from .local import LocalEngine

ENGINES = ("local", "dask")


def make_engine(settings: Settings, names: Sequence[str]) -> Any:
    """The engine ``settings.engine`` names, for the stages ``names``."""
    if settings.engine == "local":
        return LocalEngine(settings, names)
    if settings.engine == "dask":
        from .dask import DaskEngine  # the scale extra: a one-line MissingExtra when it is not installed

        return DaskEngine(settings, names)
    raise PipelineError(f"unknown engine {settings.engine!r}: use one of {', '.join(ENGINES)}")
