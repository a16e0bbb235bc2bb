"""Reading inputs: files, folders and stdin in every supported format -> cleaned :class:`RawDoc` items.

Readers never raise for a bad item: it becomes an :class:`InputError` naming the
file (and line), and the good items go on. A Parquet export comes in analysed
already (:mod:`.parquet`). :mod:`.dedup` holds the one dedup decision every
input goes through; the run itself is :mod:`dateline.pipeline.ingest`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import InputError
from ..settings import Settings
from .base import RawDoc


def read_inputs(paths: Sequence[str | Path], settings: Settings) -> tuple[list[RawDoc], list[InputError]]:
    """Read and clean every input; bad items become errors, good ones go on."""
    from .cleanup import remove_repeated_lines
    from .readers import read_paths

    raws: list[RawDoc] = []
    errors: list[InputError] = []
    for item in read_paths(paths, settings):
        (errors if isinstance(item, InputError) else raws).append(item)
    return remove_repeated_lines(raws, settings), errors
