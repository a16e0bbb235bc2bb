"""Running the corpus stages: each over the articles it has not processed yet, one transaction each."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import StoreError
from ..model import StageFailure
from ..settings import Settings
from ..store import Store
from ..store.view import CorpusView
from .stages import build_corpus_stages

log = logging.getLogger(__name__)


@dataclass
class CorpusReport:
    """What the corpus stages did: articles processed per stage, and the stages that failed."""

    processed: dict[str, int] = field(default_factory=dict)
    failed: list[StageFailure] = field(default_factory=list)


def run_corpus_stages(store: Store, settings: Settings,
                      progress: Callable[[str, int, int], None] | None = None) -> CorpusReport:
    """Run every corpus stage over the articles it has not processed yet (all pending work is resumed).

    Each stage's work, with the record of the articles it processed, is one
    transaction: killed or failed half-way, the store keeps the previous state.
    """
    report = CorpusReport()
    stages = build_corpus_stages(settings)
    stale: set[str] = set()  # what failed stages should have written
    for n, stage in enumerate(stages):
        if progress:
            progress("corpus stages", n, len(stages))
        if stale & set(stage.reads):
            log.info("corpus stage %s waits: it reads %s", stage.name, ", ".join(sorted(stale & set(stage.reads))))
            stale |= set(stage.writes)  # its articles stay pending; the next run completes them
            continue
        try:
            with store.transaction():
                # what is pending is read under the write lock: two ingests never process an article twice
                ids = store.corpus_pending(stage.name)
                if not ids:
                    continue
                log.info("corpus stage %s over %d articles", stage.name, len(ids))
                stage.run(CorpusView(store, stage.name, stage.reads, stage.writes), ids)
                store.mark_corpus_done(stage.name, ids)
                store.record_corpus_failure(stage.name, None)
            report.processed[stage.name] = len(ids)
        except StoreError:
            raise  # the store itself (locked, read-only): not this stage's failure
        except Exception as exc:
            if settings.stage_errors == "raise":
                raise
            message = " ".join(str(exc).split())[:300] or "(no message)"
            log.info("corpus stage %s failed: %s: %s", stage.name, type(exc).__name__, message, exc_info=True,
                     extra={"stage_failure": True})
            failure = StageFailure(stage.name, type(exc).__name__, message)
            store.record_corpus_failure(stage.name, failure)
            report.failed.append(failure)
            stale |= set(stage.writes)
    if progress:
        progress("corpus stages", len(stages), len(stages))
    return report


