"""The timeline as CSV: one row per summary line, with its source span."""

from __future__ import annotations

import csv
import io

from ..model import Timeline


def timeline_csv(timeline: Timeline) -> str:
    """One row per summary line: date, text, article, start, end, the other outlets, and the text as shown."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["date", "precision", "background", "text", "article", "start", "end", "title", "url", "also", "display"])
    rows = [(e.date, e.precision.value, e.background, line) for e in timeline.entries for line in e.summary]
    rows += [("", "", False, line) for line in timeline.undated]
    for d, p, bg, line in rows:
        s = line.source
        w.writerow([d, p, int(bg), line.text, s.article, s.start, s.end, s.title, s.url,
                    ";".join(f"{r.article}:{r.start}-{r.end}" for r in line.also), line.shown])
    return buf.getvalue()
