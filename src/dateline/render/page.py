"""What the timeline page shows, computed once for both the exported file and the served page.

Plain data for the templates: every string here is article data or derived
from it, and the templates escape all of it (Jinja2 autoescape); nothing here
is markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

from ..model import Disagreement, SourceRef, SummaryLine, Timeline, TimelineEntry
from .base import outlet, outlet_names, readable_date

CONTEXT_CHARS = 360  # of paragraph shown each side of a cited sentence
ZOOMS = ("day", "week", "month")
FILTERS = ("q", "entity", "outlet", "type", "since", "until", "story")  # the page's query parameters


@dataclass(frozen=True)
class Segment:
    """A run of text, marked (the cited span) or not."""

    text: str
    mark: bool = False


@dataclass(frozen=True)
class Citation:
    """One outlet's report of a line: its sentence in its paragraph, and where to read it whole."""

    ref: SourceRef
    outlet: str
    segments: tuple[Segment, ...]
    href: str  # the sentence in the stored article (served page) or in the sources below (exported file)
    original: str = ""  # the article's own URL, http(s) only
    text: str = ""  # the citation to copy: outlet, title, date, URL, the sentence


@dataclass(frozen=True)
class LineView:
    line: SummaryLine
    outlets: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class EntryView:
    entry: TimelineEntry
    anchor: str
    heading: str
    lines: tuple[LineView, ...]
    outlets: tuple[str, ...]
    names: str  # "|"-joined lowercased names and aliases of the entities the entry names (client-side filter)
    text: str  # lowercased text of the entry (client-side search in the exported file)


@dataclass
class Group:
    """Entries of one month, or of one week, under a heading shown at that zoom."""

    key: str
    label: str
    entries: list[EntryView] = field(default_factory=list)
    weeks: list["Group"] = field(default_factory=list)


@dataclass(frozen=True)
class SourceText:
    """A cited article in full, every cited span marked (the exported file's sources)."""

    article: str
    heading: str
    info: str
    original: str
    segments: tuple[tuple[Segment, str], ...]  # each segment with its anchor id ("" when not cited)


@dataclass(frozen=True)
class Options:
    """What the filters offer: values present in the timeline, plus the one asked for."""

    entities: tuple[str, ...]
    outlets: tuple[str, ...]
    types: tuple[str, ...]


@dataclass(frozen=True)
class TimelinePage:
    title: str
    static: bool
    months: tuple[Group, ...]
    undated: tuple[LineView, ...]
    disagreements: tuple[Disagreement, ...]
    options: Options
    filters: dict[str, str]  # every name of FILTERS, "" when not set
    zoom: str
    count: int
    sources: tuple[SourceText, ...] = ()

    @property
    def filtered(self) -> bool:
        return any(self.filters.values())


def paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph around a span; a one-sentence paragraph (one sentence per line) widens to its neighbours."""
    sep = "\n\n" if "\n\n" in text else "\n"
    lo = text.rfind(sep, 0, start)
    lo = 0 if lo < 0 else lo + len(sep)
    hi = text.find(sep, end)
    hi = len(text) if hi < 0 else hi
    if not text[lo:start].strip() and not text[end:hi].strip():
        before = text.rfind(sep, 0, max(lo - len(sep), 0))
        lo = 0 if before < 0 or lo == 0 else before + len(sep)
        after = text.find(sep, hi + len(sep)) if hi < len(text) else -1
        hi = len(text) if after < 0 or hi == len(text) else after
    return max(lo, start - CONTEXT_CHARS), min(hi, end + CONTEXT_CHARS)


def context_segments(text: str, start: int, end: int) -> tuple[Segment, ...]:
    """The paragraph around a cited span, the span marked."""
    lo, hi = paragraph(text, start, end)
    head = ("…" if lo > 0 and text[lo - 1] not in "\n" else "") + text[lo:start]
    tail = text[end:hi] + ("…" if hi < len(text) and text[hi] not in "\n" else "")
    return tuple(s for s in (Segment(head), Segment(text[start:end], True), Segment(tail)) if s.text)


def http_url(url: str) -> str:
    """The URL when it is http(s), else nothing (a javascript: URL is never a link)."""
    return url if url.lower().startswith(("http://", "https://")) else ""


def anchor(ref: SourceRef) -> str:
    return f"s-{ref.article}-{ref.start}-{ref.end}"


def article_href(ref: SourceRef, static: bool) -> str:
    if static:
        return f"#{anchor(ref)}"
    return f"/article/{ref.article}?{urlencode({'hl': f'{ref.start}-{ref.end}'})}#{anchor(ref)}"


def line_view(line: SummaryLine, get_text: Callable[[str], str | None], static: bool) -> LineView:
    citations = []
    for ref in (line.source, *line.also):
        text = get_text(ref.article)
        segments = context_segments(text, ref.start, ref.end) if text else (Segment(line.text, True),)
        sentence = text[ref.start:ref.end] if text else line.text
        citations.append(Citation(ref=ref, outlet=outlet(ref), segments=segments, href=article_href(ref, static),
                                  original=http_url(ref.url), text=citation_text(ref, sentence)))
    return LineView(line=line, outlets=", ".join(outlet_names((line.source, *line.also))), citations=tuple(citations))


def citation_text(ref: SourceRef, sentence: str) -> str:
    """A citation an editor pastes: 'Outlet, “Title”, Sunday 2 March 2025, https://… — “the sentence”'."""
    parts = [outlet(ref)]
    if ref.title and ref.title != parts[0]:
        parts.append(f"“{' '.join(ref.title.split())}”")
    if ref.published:
        parts.append(readable_date(ref.published))
    if http_url(ref.url):
        parts.append(ref.url)
    return ", ".join(parts) + f" — “{' '.join(sentence.split())}”"


def entry_view(index: int, entry: TimelineEntry, get_text: Callable[[str], str | None], static: bool,
               aliases: Callable[[str], Iterable[str]]) -> EntryView:
    lines = tuple(line_view(line, get_text, static) for line in entry.summary)
    names = {n.lower() for eid in entry.entities for n in aliases(eid)}
    names |= {p.name.lower() for p in entry.participants}
    text = " ".join([*(line.line.shown for line in lines), *(p.name for p in entry.participants)]).lower()
    return EntryView(entry=entry, anchor=f"e{index}-{entry.date}",
                     heading=readable_date(entry.date), lines=lines, outlets=tuple(outlet_names(entry.sources)),
                     names="|".join(sorted(names)), text=text)


def week_key(value: str) -> tuple[str, str]:
    """ISO week key and label of a day ('2024-W12', 'Week of 18 March 2024'); a month or year has none."""
    if len(value) != 10:
        return "", "Over the month" if len(value) == 7 else "Over the year"
    d = date.fromisoformat(value)
    year, week, weekday = d.isocalendar()
    monday = d - timedelta(days=weekday - 1)
    return f"{year}-W{week:02d}", f"Week of {monday.day} {monday:%B %Y}"


def group_entries(views: Sequence[EntryView]) -> tuple[Group, ...]:
    """Entries by month, and within a month by ISO week, in date order."""
    months: dict[str, Group] = {}
    for view in sorted(views, key=lambda v: v.entry.date):
        key = view.entry.date[:7]
        month = months.setdefault(key, Group(key=key, label=readable_date(key)))
        month.entries.append(view)
        wkey, wlabel = week_key(view.entry.date)
        if not month.weeks or month.weeks[-1].key != wkey:
            month.weeks.append(Group(key=wkey, label=wlabel))
        month.weeks[-1].entries.append(view)
    return tuple(months.values())


def source_texts(timeline: Timeline, get_text: Callable[[str], str | None]) -> tuple[SourceText, ...]:
    """Every cited article in full, with its cited spans marked and anchored."""
    cited: dict[str, set[tuple[int, int]]] = {}
    meta: dict[str, SourceRef] = {}
    lines = [line for e in timeline.entries for line in e.summary] + list(timeline.undated)
    for ref in (r for line in lines for r in (line.source, *line.also)):
        cited.setdefault(ref.article, set()).add((ref.start, ref.end))
        meta.setdefault(ref.article, ref)
    out = []
    for article_id, spans in cited.items():
        text = get_text(article_id)
        if text is not None:
            out.append(_source_text(meta[article_id], text, spans))
    return tuple(out)


def _source_text(ref: SourceRef, text: str, spans: set[tuple[int, int]]) -> SourceText:
    parts: list[tuple[Segment, str]] = []
    pos = 0
    for start, end in sorted(spans):
        if start < pos:  # overlapping citations: mark the first, keep the text whole
            continue
        parts.append((Segment(text[pos:start]), ""))
        parts.append((Segment(text[start:end], True), anchor(SourceRef(ref.article, start, end))))
        pos = end
    parts.append((Segment(text[pos:]), ""))
    name = outlet(ref)
    heading = ref.title or ref.source or (name if ref.origin else "") or opening(text) or name
    info = " · ".join(x for x in (name, ref.published) if x)
    return SourceText(article=ref.article, heading=heading, info=info, original=http_url(ref.url),
                      segments=tuple(p for p in parts if p[0].text))


def opening(text: str, words: int = 10) -> str:
    """The first words of an untitled article, to head it."""
    first = text.split()
    return " ".join(first[:words]) + (" …" if len(first) > words else "")


def filter_options(views: Sequence[EntryView], filters: dict[str, str]) -> Options:
    """The entities, outlets and event types the filters offer."""
    entities = {p.name for v in views for p in v.entry.participants}
    outlets = {o for v in views for o in v.outlets}
    types = {t for v in views for t in v.entry.event_types}
    for value, pool in ((filters.get("entity"), entities), (filters.get("outlet"), outlets),
                        (filters.get("type"), types)):
        if value:
            pool.add(value)
    return Options(entities=tuple(sorted(entities)), outlets=tuple(sorted(outlets)), types=tuple(sorted(types)))


def timeline_page(timeline: Timeline, get_text: Callable[[str], str | None], *, title: str, static: bool,
                  filters: dict[str, str] | None = None, zoom: str = "day",
                  aliases: Callable[[str], Iterable[str]] = lambda eid: ()) -> TimelinePage:
    """The page's data: entries grouped for zooming, the undated lines, disagreements, filter options."""
    filters = {k: (filters or {}).get(k) or "" for k in FILTERS}
    views = [entry_view(i, e, get_text, static, aliases) for i, e in enumerate(timeline.entries)]
    undated = tuple(line_view(line, get_text, static) for line in timeline.undated)
    return TimelinePage(title=title, static=static, months=group_entries(views), undated=undated,
                        disagreements=timeline.disagreements, options=filter_options(views, filters),
                        filters=filters, zoom=zoom if zoom in ZOOMS else "day", count=len(views),
                        sources=source_texts(timeline, get_text) if static else ())


__all__ = ["Citation", "EntryView", "Group", "LineView", "Segment", "TimelinePage", "ZOOMS",
           "context_segments", "http_url", "timeline_page"]
