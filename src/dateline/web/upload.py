"""Adding articles from the browser: uploaded files go through the same readers and ingest as the CLI's.

One ingest runs at a time, in a worker thread with its own store connection
and the pipeline built once; the page polls the job for its progress. What a
stranger's upload can cost is bounded: only text formats are taken, compressed
files may not expand past the upload limit (per record and for the whole
upload), at most ``MAX_WAITING`` uploads wait (then 429), finished jobs are
forgotten after ``KEEP_FINISHED``, and the temporary folders live under one
folder per server process, removed at shutdown and swept at start-up when their
process is gone.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import shutil
import tempfile
import threading
import time
import zlib
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..ingest.readers import format_for_name
from ..source_names import outlet_name
from ..pipeline import ingest, stage_names
from ..pipeline.engines.local import LocalEngine
from ..settings import Settings
from ..store import Store

log = logging.getLogger(__name__)

MAX_FILES = 50
MAX_WAITING = 8  # uploads queued behind the running one; more are refused with 429
KEEP_FINISHED = 100  # finished jobs a page can still ask about
UPLOADS_DIR = "dateline-uploads"  # under the system's temporary folder: one subfolder per server process
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_SVG = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype svg[^>]*>\s*)?<svg[\s>]", re.I | re.S)


class UploadRefused(Exception):
    """An upload that is not taken at all: ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def safe_name(name: str, index: int) -> str:
    """A file name that stays inside the upload folder: the last path part, plain characters only."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = _UNSAFE.sub("_", base).strip("._") or f"upload-{index}.txt"
    return base[:120]


def expanded_size(data: bytes, limit: int) -> int:
    """Bytes a file holds once gzip (every member) is undone, counted only up to just past ``limit``.

    Output is taken 64 KB at a time, so a gzip bomb is never expanded in memory:
    counting stops as soon as the limit is passed.
    """
    if not data.startswith(b"\x1f\x8b"):
        return len(data)
    total, rest = 0, data
    while rest[:2] == b"\x1f\x8b":
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        chunk = rest
        while chunk:
            total += len(d.decompress(chunk, 64 * 1024))
            if total > limit:
                return total
            chunk = d.unconsumed_tail
        if not d.eof:
            return total  # a truncated member: the reader says so
        rest = d.unused_data
    return total


def not_text(name: str, data: bytes) -> str:
    """Why a file is not an article dateline reads ('' when it may be one): images and unknown formats."""
    if format_for_name(name) is None:
        return f"not a text format dateline reads (extension {Path(name).suffix or '(none)'})"
    if _SVG.match(data[:4096]):  # an image in XML, whatever its name says
        return "an SVG image, not an article"
    return ""


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
    articles: list[dict[str, str]] = field(default_factory=list)  # id, title, outlet: the page links to them
    finished: float = 0.0  # monotonic time it finished, for pruning

    def json(self) -> dict[str, Any]:
        return {"id": self.id, "state": self.state, "phase": self.phase, "done": self.done, "total": self.total,
                "files": self.files, "summary": self.summary, "rejected": self.rejected, "ingested": self.ingested,
                "articles": self.articles}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def sweep(root: Path) -> list[Path]:
    """Remove the upload folders of server processes that are gone (a killed server leaves its own behind)."""
    removed = []
    for folder in root.glob("*"):
        pid = folder.name.split("-", 1)[0]
        if folder.is_dir() and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


class Uploads:
    """Queue of upload jobs, run one after another against the store file."""

    def __init__(self, db_path: Path, settings: Settings, on_done: Callable[[], None], *,
                 root: Path | None = None):
        self.db_path = db_path
        # a record of a compressed upload may not expand past what the upload itself may weigh
        self.settings = settings.with_(max_file_bytes=min(settings.max_file_bytes, settings.upload_max_bytes))
        self.on_done = on_done
        self.root = root or Path(tempfile.gettempdir()) / UPLOADS_DIR
        self.folder: Path | None = None
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dateline-ingest")
        self._engine: LocalEngine | None = None  # built on the first upload, so models load once
        self._closed = False

    def start(self) -> None:
        """Sweep the folders dead servers left and make this process's own."""
        self.root.mkdir(parents=True, exist_ok=True)
        for gone in sweep(self.root):
            log.info("removed %s, left by a server that stopped", gone)
        self.folder = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=self.root))

    def submit(self, files: list[tuple[str, bytes]]) -> Job:
        """Check the files, save the readable ones to a fresh folder and queue their ingest."""
        limit = self.settings.upload_max_bytes
        if sum(expanded_size(data, limit) for _, data in files) > limit:
            raise UploadRefused(413, f"the files expand past the upload limit of {limit} bytes")
        with self._lock:
            if self._closed:
                raise UploadRefused(503, "the server is stopping")
            waiting = sum(1 for j in self._jobs.values() if j.state == "queued")
            if waiting >= MAX_WAITING:
                raise UploadRefused(429, f"{waiting} uploads are waiting already: try again in a minute")
            job = Job(id=str(next(self._ids)), files=[])
            self._jobs[job.id] = job
            self._prune()
        if self.folder is None:
            self.start()
        folder = Path(tempfile.mkdtemp(prefix=f"job{job.id}-", dir=self.folder))
        for i, (name, data) in enumerate(files):
            clean = safe_name(name, i)
            why = not_text(clean, data)
            if why:
                job.rejected.append(f"{clean}: {why}")
                continue
            target = folder / clean
            while target.exists():
                target = target.with_name(f"{target.stem}-{i}{target.suffix}")
            target.write_bytes(data)
            job.files.append(target.name)
        self._executor.submit(self._run, job, folder)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def _prune(self) -> None:
        """Forget the oldest finished jobs past KEEP_FINISHED (the lock is held)."""
        finished = [j for j in self._jobs.values() if j.state in ("done", "failed")]
        for job in sorted(finished, key=lambda j: j.finished)[: max(0, len(finished) - KEEP_FINISHED)]:
            del self._jobs[job.id]

    def _run(self, job: Job, folder: Path) -> None:
        job.state = "running"

        def progress(phase: str, done: int, total: int) -> None:
            job.phase, job.done, job.total = phase, done, total

        try:
            if not job.files:
                job.summary = "nothing to ingest"
            else:
                if self._engine is None:
                    job.phase = "loading models"
                    self._engine = LocalEngine(self.settings, stage_names(self.settings))
                with Store(self.db_path) as store:
                    report = ingest([str(folder)], store, self.settings, progress=progress, engine=self._engine)
                    job.articles = [{"id": a.id, "title": a.title,
                                     "outlet": outlet_name(a.source, a.url, a.origin, a.title)}
                                    for i in report.new_ids if (a := store.get_article(i)) is not None]
                job.summary = report.summary()
                job.rejected += [str(e).replace(str(folder) + os.sep, "") for e in report.rejected]
                job.ingested = list(report.new_ids)
            job.state = "done"
        except Exception as exc:  # an upload must not take the server down; say what went wrong
            log.exception("upload %s failed", job.id)
            job.state = "failed"
            job.summary = f"ingest failed: {type(exc).__name__}: {str(exc).replace(str(folder), '(upload)')}"
        finally:
            job.finished = time.monotonic()
            shutil.rmtree(folder, ignore_errors=True)
            self.on_done()

    def shutdown(self) -> None:
        """Stop taking uploads, drop the queued ones and remove this process's folders."""
        with self._lock:
            self._closed = True
        self._executor.shutdown(wait=False, cancel_futures=True)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
