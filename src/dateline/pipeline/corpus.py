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
from .stages import CorpusStage, build_corpus_stages

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
    redo_upgraded(store, stages)
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


def version_key(name: str) -> str:
    return f"corpus_version:{name}"


def redo_upgraded(store: Store, stages: list[CorpusStage]) -> list[str]:
    """Reopen, over every article, each corpus stage whose version is newer than the one that wrote the store,
    and every later stage that reads what it writes; record the versions. Returns the stages reopened.

    Corpus stages are cheap beside the per-article analysis, so an upgrade that
    changes their rules redoes them whole rather than leaving old groups (or
    old judgements) beside new ones. A store without a record was written by
    version 1 of each stage. Only readers are redone with it: the dating
    stage rewrites its own inputs (dates, time expressions), so running it
    again over what it already dated is not what a fresh build does.
    """
    with store.transaction():
        reopened: list[str] = []
        changed: set[str] = set()  # what the reopened stages write
        for stage in stages:
            version = getattr(stage, "version", 1)
            stored = int(store.get_meta(version_key(stage.name)) or 1)
            if version > stored or changed & set(stage.reads):
                log.info("corpus stage %s redone over every article (version %d, the store's %d)",
                         stage.name, version, stored)
                reopened.append(stage.name)
                changed |= set(stage.writes)
            if str(version) != store.get_meta(version_key(stage.name)):
                store.set_meta(version_key(stage.name), str(version))
        store.reopen_corpus_everywhere(reopened)
    return reopened
