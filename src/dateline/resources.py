"""Rule and lexicon files shipped in ``dateline/data``."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any


def load_toml(name: str) -> dict[str, Any]:
    """A rule or lexicon file of ``dateline/data``, parsed."""
    return tomllib.loads(resources.files("dateline.data").joinpath(name).read_text("utf-8"))
