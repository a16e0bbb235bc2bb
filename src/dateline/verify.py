"""``dateline verify``: re-read the store and check that every stored span points into its article.

Every extracted item carries offsets into its article's text and derives its
text from them; this checks that it is so for everything stored — sentences,
time expressions, mentions, quotes, events, claims, date evidence, claim
groups, event clusters — and for every citation of the timeline built from the
store, whose line text must equal the span it cites. SQLite's own integrity
check comes first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .corpus import output
from .model import Document
from .settings import Settings
from .store import Store
from .timeline import build_timeline

MAX_PROBLEMS = 50  # listed in full; the rest are counted


@dataclass
class VerifyReport:
    """Spans checked per kind, and what did not hold."""

    checked: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    more: int = 0  # problems beyond MAX_PROBLEMS

    @property
    def ok(self) -> bool:
        return not self.problems

    def fail(self, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(message)
        else:
            self.more += 1


def _spans(doc: Document) -> Iterator[tuple[str, int, int | None, int | None]]:
    """(kind, item index, start, end) of every span of every stored layer."""
    for i, s in enumerate(doc.sentences):
        yield "sentence", i, s.start, s.end
    for i, t in enumerate(doc.timexes):
        yield "timex", i, t.start, t.end
    for i, m in enumerate(doc.mentions):
        yield "mention", i, m.start, m.end
        if m.name_start is not None:
            yield "mention name", i, m.name_start, m.name_end
        if m.antecedent_start is not None:
            yield "antecedent", i, m.antecedent_start, m.antecedent_end
    for i, q in enumerate(doc.quotes):
        yield "quote", i, q.start, q.end
        if q.cue_start is not None:
            yield "quote cue", i, q.cue_start, q.cue_end
        if q.speaker_start is not None:
            yield "speaker", i, q.speaker_start, q.speaker_end
    for i, e in enumerate(doc.events):
        yield "event", i, e.start, e.end
        for p in e.participants:
            yield "participant", i, p.start, p.end
    for i, c in enumerate(doc.claims):
        yield "claim", i, c.start, c.end
        if c.counted_start is not None:
            yield "counted", i, c.counted_start, c.counted_end
    for i, ev in enumerate(doc.article.date_evidence):
        if ev.start is not None and ev.article is None:
            yield "date evidence", i, ev.start, ev.end


def check_document(doc: Document, report: VerifyReport) -> None:
    """Check every span of one document (and that its links match its layers)."""
    size, aid = len(doc.article.text), doc.article.id
    for kind, i, start, end in _spans(doc):
        report.checked[kind] += 1
        if start is None or end is None or not 0 <= start <= end <= size:
            report.fail(f"article {aid}: {kind} {i} spans [{start}, {end}) outside its text of {size} characters")
    links = doc.links
    if links is not None:
        report.checked["links"] += 1
        if len(links.mention_keys) != len(doc.mentions) or any(
                not -1 <= j < len(doc.mentions) for j in (*links.speakers, *links.claimants)):
            report.fail(f"article {aid}: its links do not match its mentions")


def _check_span(report: VerifyReport, texts: Callable[[str], str | None], kind: str, article: str, start: int, end: int,
                text: str | None) -> None:
    report.checked[kind] += 1
    full = texts(article)
    if full is None:
        report.fail(f"{kind}: cites article {article}, which is not stored")
    elif not 0 <= start <= end <= len(full):
        report.fail(f"{kind}: span [{start}, {end}) outside article {article}")
    elif text is not None and full[start:end] != text:
        report.fail(f"{kind}: text {text[:60]!r} is not the span [{start}, {end}) of article {article}")


def verify_store(store: Store, settings: Settings, *, timeline: bool = True) -> VerifyReport:
    """Check the whole store (see the module docstring)."""
    report = VerifyReport()
    integrity = store.integrity_check()
    report.checked["sqlite integrity"] += 1
    if integrity != "ok":
        report.fail(f"sqlite integrity_check: {integrity}")
    cache: dict[str, str | None] = {}

    def texts(article_id: str) -> str | None:
        if article_id not in cache:
            a = store.get_article(article_id)
            cache[article_id] = a.text if a else None
        return cache[article_id]

    for doc in store.iter_documents(include_duplicates=True, raw=True):
        check_document(doc, report)
    for group in output.claim_groups(store).values():
        for c in group["claims"]:
            _check_span(report, texts, "claim group member", c["article"], c["start"], c["end"], c["text"])
    for cluster in output.event_clusters(store).values():
        for article, _, start, end in cluster["members"]:
            _check_span(report, texts, "event cluster member", article, start, end, None)
    if timeline:
        built = build_timeline(store, settings)
        lines = [line for e in built.entries for line in e.summary] + list(built.undated)
        for line in lines:
            _check_span(report, texts, "timeline line", line.source.article, line.source.start, line.source.end,
                        line.text)
            for ref in line.also:
                _check_span(report, texts, "timeline citation", ref.article, ref.start, ref.end, None)
    return report
