"""Adding articles from the browser: uploaded files go through the same readers and ingest as the CLI's.

One ingest runs at a time, in a worker thread with its own store connection
and the pipeline built once; the page polls the job for its progress.
"""

from __future__ import annotations

import itertools
import logging
import re
import shutil
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..pipeline import ingest, stage_names
from ..pipeline.engines.local import LocalEngine
from ..settings import Settings
from ..store import Store

log = logging.getLogger(__name__)

MAX_FILES = 50
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str, index: int) -> str:
    """A file name that stays inside the upload folder: the last path part, plain characters only."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = _UNSAFE.sub("_", base).strip("._") or f"upload-{index}.txt"
    return base[:120]


@dataclass
class Job:
    """One upload's ingest, as the page sees it."""

    id: str
    files: list[str]
    state: str = "queued"  # queued, running, done, failed
    phase: str = ""
    done: int = 0
    total: int = 0
    summary: str = ""
    rejected: list[str] = field(default_factory=list)
    ingested: list[str] = field(default_factory=list)

    def json(self) -> dict[str, Any]:
        return {"id": self.id, "state": self.state, "phase": self.phase, "done": self.done, "total": self.total,
                "files": self.files, "summary": self.summary, "rejected": self.rejected, "ingested": self.ingested}


class Uploads:
    """Queue of upload jobs, run one after another against the store file."""

    def __init__(self, db_path: Path, settings: Settings, on_done: Callable[[], None]):
        self.db_path = db_path
        self.settings = settings
        self.on_done = on_done
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dateline-ingest")
        self._engine: Any = None  # built on the first upload, so models load once

    def submit(self, files: list[tuple[str, bytes]]) -> Job:
        """Save the files to a fresh folder and queue their ingest."""
        folder = Path(tempfile.mkdtemp(prefix="dateline-upload-"))
        names = []
        for i, (name, data) in enumerate(files):
            target = folder / safe_name(name, i)
            while target.exists():
                target = target.with_name(f"{target.stem}-{i}{target.suffix}")
            target.write_bytes(data)
            names.append(target.name)
        with self._lock:
            job = Job(id=str(next(self._ids)), files=names)
            self._jobs[job.id] = job
        self._executor.submit(self._run, job, folder)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def _run(self, job: Job, folder: Path) -> None:
        job.state = "running"

        def progress(phase: str, done: int, total: int) -> None:
            job.phase, job.done, job.total = phase, done, total

        try:
            if self._engine is None:
                job.phase = "loading models"
                self._engine = LocalEngine(self.settings, stage_names(self.settings))
            with Store(self.db_path) as store:
                report = ingest([str(folder)], store, self.settings, progress=progress, engine=self._engine)
            job.summary = report.summary()
            job.rejected = [str(e).replace(str(folder) + "/", "") for e in report.rejected]
            job.ingested = list(report.new_ids)
            job.state = "done"
        except Exception as exc:  # an upload must not take the server down; say what went wrong
            log.exception("upload %s failed", job.id)
            job.state, job.summary = "failed", f"ingest failed: {type(exc).__name__}: {exc}"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            self.on_done()

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
