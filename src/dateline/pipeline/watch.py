"""Following a story as it grows: poll RSS/Atom feeds, sitemaps and folders, and ingest what is new.

Each poll asks every source that is due what it holds now: a feed's entries and
a sitemap's pages (by URL, http(s) only) or a folder's files (by path, size and
modification time). What was not seen before is ingested the usual way: pages
are fetched into a WARC file of this poll (warcio), so each keeps its URL and the
HTML reader reads it as it reads any crawl; files are ingested by path. Dedup
is the ingest's own: a page seen under two URLs is stored once. A source that
fails (unreachable, not a feed) is reported in one line and backs off: it is
asked again after twice the interval, then four times, up to ``MAX_BACKOFF``
times; a page that cannot be fetched is reported and tried again next poll.

Time is the caller's: :func:`watch` takes a clock and a sleep (the CLI passes
``time.monotonic`` and ``time.sleep``), never reading the clock itself, and
stops after ``max_polls``.
"""

from __future__ import annotations

import json
import logging
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

import feedparser
import lxml.etree

from ..settings import Settings
from ..store import Store
from .ingest import IngestReport, ingest

log = logging.getLogger(__name__)

MAX_BACKOFF = 16  # a failing source is asked at most every 16 intervals
SEEN_KEEP = 5000  # URLs remembered per source (in the store, so a restart does not fetch them again)
USER_AGENT = "dateline-watch"
TIMEOUT = 30.0


@dataclass(frozen=True)
class Fetched:
    url: str
    data: bytes
    content_type: str = ""


class FetchError(Exception):
    """A URL that could not be fetched; the message says why in a few words."""


def fetch_url(url: str, max_bytes: int) -> Fetched:
    """GET an http(s) URL, at most ``max_bytes`` of body; :class:`FetchError` with the reason otherwise."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError("only http(s) URLs are fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - scheme checked above
            data = response.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise FetchError(f"over {max_bytes} bytes")
            return Fetched(response.geturl(), data, response.headers.get("content-type", ""))
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(" ".join(str(reason).split())[:120] or type(exc).__name__) from None


def listed_urls(data: bytes) -> tuple[str, list[str]]:
    """('feed', 'sitemap' or 'sitemapindex', the URLs it lists, in order); ValueError when it is none of them.

    A sitemap index lists other sitemaps, not pages.
    """
    head = data[:2048].lstrip().lower()
    if b"<urlset" in head or b"<sitemapindex" in head:
        root = lxml.etree.fromstring(data, parser=lxml.etree.XMLParser(resolve_entities=False, no_network=True))
        locs = [el.text.strip() for el in root.iter("{*}loc") if el.text and el.text.strip()]
        return ("sitemapindex" if b"<sitemapindex" in head else "sitemap"), locs
    parsed = feedparser.parse(data)
    if not parsed.entries:
        raise ValueError("neither an RSS/Atom feed with entries nor a sitemap")
    return "feed", [e.get("link", "") for e in parsed.entries if e.get("link")]


@dataclass
class SourceState:
    """What a watched source held at the last poll, and when to ask it again."""

    target: str
    is_url: bool
    seen: dict[str, Any] = field(default_factory=dict)  # URL -> True, or path -> (size, mtime)
    failures: int = 0
    next_due: float = 0.0
    kind: str = ""  # feed, sitemap or folder, once known


@dataclass
class PollReport:
    """One poll: what each source gave, what failed, and the ingest of what was new."""

    number: int
    new: dict[str, int] = field(default_factory=dict)  # source -> new pages or files
    failed: list[str] = field(default_factory=list)  # one line each
    ingest: IngestReport | None = None

    def lines(self) -> list[str]:
        """One line per failure, then the summary."""
        found = sum(self.new.values())
        summary = f"poll {self.number}: {found} new from {len(self.new)} source{'s' * (len(self.new) != 1)}"
        if self.ingest is not None:
            summary += f"; {self.ingest.summary()}"
        rejected = [f"rejected: {e}" for e in (self.ingest.rejected if self.ingest else ())]
        return [f"failed: {f}" for f in self.failed] + rejected + [summary]


class Watcher:
    """The sources of one watch over one store, polled by :meth:`poll`."""

    def __init__(self, targets: Sequence[str], store: Store, settings: Settings, *, interval: float,
                 fetch: Callable[[str, int], Fetched] = fetch_url, engine: Any = None):
        self.store = store
        self.settings = settings
        self.interval = interval
        self.fetch = fetch
        self.engine = engine
        self.sources = [SourceState(t, t.lower().startswith(("http://", "https://"))) for t in targets]
        self.polls = 0
        for s in self.sources:
            if s.is_url:
                s.seen = dict.fromkeys(json.loads(store.get_meta(_seen_key(s.target), "[]") or "[]"), True)

    def poll(self, now: float) -> PollReport:
        """Ask every due source for what is new, and ingest it all in one ingest."""
        self.polls += 1
        report = PollReport(self.polls)
        pages: list[Fetched] = []
        files: list[str] = []
        done_urls: dict[str, list[str]] = {}
        for source in self.sources:
            if source.next_due > now:
                continue
            try:
                if source.is_url:
                    fresh, failed = self._new_pages(source)
                    pages += fresh
                    done_urls[source.target] = [p.url for p in fresh]
                    report.failed += failed
                    report.new[source.target] = len(fresh)
                else:
                    new_files = self._new_files(source)
                    files += new_files
                    report.new[source.target] = len(new_files)
                source.failures, source.next_due = 0, now + self.interval
            except (FetchError, ValueError, OSError) as exc:
                source.failures += 1
                wait = self.interval * min(2 ** source.failures, MAX_BACKOFF)
                source.next_due = now + wait
                report.failed.append(f"{source.target}: {exc}; asked again in {wait:g} s")
        if pages or files:
            report.ingest = self._ingest(pages, files)
            for source in self.sources:
                self._remember(source, done_urls.get(source.target, ()))
        return report

    def _new_pages(self, source: SourceState) -> tuple[list[Fetched], list[str]]:
        listing = self.fetch(source.target, self.settings.max_file_bytes)
        source.kind, urls = listed_urls(listing.data)
        if source.kind == "sitemapindex":  # one level down: the pages of each sitemap it lists
            urls = [u for child in urls for u in listed_urls(self.fetch(child, self.settings.max_file_bytes).data)[1]]
        fresh, failed = [], []
        for url in dict.fromkeys(urls):
            if url in source.seen or not url.lower().startswith(("http://", "https://")):
                continue
            try:
                fresh.append(self.fetch(url, self.settings.max_file_bytes))
            except FetchError as exc:  # tried again next poll
                failed.append(f"{url}: {exc}")
        return fresh, failed

    def _new_files(self, source: SourceState) -> list[str]:
        source.kind = "folder"
        root = Path(source.target)
        if not root.exists():
            raise OSError(f"no such file or folder: {root}")
        paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()
                                                       and not any(part.startswith(".") for part in p.parts))
        new = []
        for p in paths:
            st = p.stat()
            mark = (st.st_size, st.st_mtime_ns)
            if source.seen.get(str(p)) != mark:
                source.seen[str(p)] = mark
                new.append(str(p))
        return new

    def _ingest(self, pages: list[Fetched], files: list[str]) -> IngestReport:
        with tempfile.TemporaryDirectory(prefix="dateline-watch-") as tmp:
            inputs = list(files)
            if pages:
                warc = Path(tmp) / f"poll-{self.polls:04d}.warc.gz"
                write_warc(warc, pages)
                inputs.append(str(warc))
            return ingest(inputs, self.store, self.settings, engine=self.engine)

    def _remember(self, source: SourceState, urls: Iterable[str]) -> None:
        if not source.is_url:
            return
        for url in urls:
            source.seen[url] = True
        keep = list(source.seen)[-SEEN_KEEP:]
        source.seen = dict.fromkeys(keep, True)
        self.store.set_meta(_seen_key(source.target), json.dumps(keep))


def _seen_key(target: str) -> str:
    return f"watch:seen:{target}"


def write_warc(path: Path, pages: Iterable[Fetched]) -> None:
    """The fetched pages as a gzipped WARC, one response record per page with its URL."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for page in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", page.content_type or "text/html")],
                                       protocol="HTTP/1.1")
            record = writer.create_warc_record(page.url, "response", payload=BytesIO(page.data),
                                               http_headers=headers)
            writer.write_record(record)


def watch(targets: Sequence[str], store: Store, settings: Settings, *, interval: float, max_polls: int,
          clock: Callable[[], float], sleep: Callable[[float], None],
          on_report: Callable[[PollReport], None] = lambda r: None,
          fetch: Callable[[str, int], Fetched] = fetch_url, engine: Any = None) -> list[PollReport]:
    """Poll ``targets`` every ``interval`` seconds, ``max_polls`` times (0: until interrupted)."""
    watcher = Watcher(targets, store, settings, interval=interval, fetch=fetch, engine=engine)
    reports = []
    while not max_polls or watcher.polls < max_polls:
        started = clock()
        report = watcher.poll(started)
        reports.append(report)
        on_report(report)
        if max_polls and watcher.polls >= max_polls:
            break
        sleep(max(0.0, started + interval - clock()))
    return reports


__all__ = ["FetchError", "Fetched", "PollReport", "Watcher", "fetch_url", "listed_urls", "watch", "write_warc"]
