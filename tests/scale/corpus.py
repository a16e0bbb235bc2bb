"""A small corpus for the scale tests: the demo articles (formats, a near-duplicate, an undated report) and
generated reports around them, so batches, windows and workers all have several articles to share."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from conftest import REPO

from dateline.pipeline import ingest
from dateline.settings import Settings
from dateline.store import Store


def make_corpus(root: Path, generated: int = 16) -> Path:
    """The demo articles and ``generated`` short dated reports, under ``root/corpus``."""
    src = root / "corpus"
    shutil.copytree(REPO / "examples" / "articles", src)
    rng = random.Random(12)
    places = ["the north quay", "the old lock", "the ferry slip", "the fish market", "the lighthouse road"]
    for i in range(generated):
        day = 3 + i % 20
        place = rng.choice(places)
        (src / f"gen_{i:02d}.txt").write_text(
            f" date 2025-03-{day:02d} Crews of the harbour board worked on {place} on Monday, the board said. "
            f"About {100 + 7 * i} residents asked for a second crossing at a meeting on {place}. "
            f"“We need it before the winter,” said Mara Ilic, who speaks for report {i}.\n")
    return src


def build_store(db: Path, paths: list[Path], **settings) -> None:
    """Ingest ``paths`` into a new store at ``db`` with these settings (failures raise: they are bugs here)."""
    with Store(db) as store:
        report = ingest(paths, store, Settings(db_path=db, stage_errors="raise", progress=False, **settings))
    assert report.ingested and not report.failures and not report.corpus.failed, report.summary()
