"""Corpora the tests build on disk: the demo articles and generated short reports around them."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from conftest import REPO


def harbour_corpus(root: Path, generated: int, seed: int) -> Path:
    """The demo articles (formats, a near-duplicate, an undated report) and ``generated`` short dated
    reports of one story, under ``root/corpus``; ``seed`` picks their places."""
    src = root / "corpus"
    shutil.copytree(REPO / "examples" / "articles", src)
    rng = random.Random(seed)
    places = ["the north quay", "the old lock", "the ferry slip", "the fish market", "the lighthouse road"]
    for i in range(generated):
        day = 3 + i % 20
        place = rng.choice(places)
        (src / f"gen_{i:02d}.txt").write_text(
            f" date 2025-03-{day:02d} Crews of the harbour board worked on {place} on Monday, the board said. "
            f"About {100 + 7 * i} residents asked for a second crossing at a meeting on {place}. "
            f"“We need it before the winter,” said Mara Ilic, who speaks for report {i}.\n")
    return src
