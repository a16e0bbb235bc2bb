"""The timeline as one self-contained HTML page, each line linked to its sentence in the stored article."""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Callable

from ..model import SourceRef, SummaryLine, Timeline
from .base import outlet, readable_date

_CSS = """
body{font:16px/1.5 Georgia,serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-family:system-ui,sans-serif} h2{font-family:system-ui,sans-serif;font-size:1.05rem;margin:1.6rem 0 .3rem;color:#444}
.entry.background h2{color:#888} .entry.background li{color:#555}
li{margin:.3rem 0} .cite{font:12px system-ui,sans-serif;margin-left:.4rem}
.cite a{color:#0645ad;text-decoration:none;margin-right:.35rem}
.sources article{border-top:1px solid #ddd;margin-top:1.5rem;padding-top:.5rem}
.sources pre{white-space:pre-wrap;font:14px/1.45 Georgia,serif}
mark{background:#fff3a8} mark:target{background:#ffd54f;outline:2px solid #e0a800}
.meta{font:12px system-ui,sans-serif;color:#666}
"""


def timeline_html(timeline: Timeline, get_text: Callable[[str], str | None], *, title: str = "Timeline") -> str:
    """One self-contained page: the timeline, each line linked to its sentence in the stored article.

    ``get_text`` returns an article's stored text by id; every text is escaped.
    """
    cited: dict[str, set[tuple[int, int]]] = defaultdict(set)
    meta: dict[str, SourceRef] = {}
    lines = [line for e in timeline.entries for line in e.summary] + list(timeline.undated)
    for line in lines:
        for ref in (line.source, *line.also):
            cited[ref.article].add((ref.start, ref.end))
            meta.setdefault(ref.article, ref)
    body = [f"<h1>{html.escape(title)}</h1>"]
    for e in timeline.entries:
        cls = "entry background" if e.background else "entry"
        body.append(f'<section class="{cls}"><h2><time datetime="{html.escape(e.date)}">'
                    f'{html.escape(readable_date(e.date))}</time>'
                    f'{" · background" if e.background else ""}</h2><ul>')
        body += [_html_line(line) for line in e.summary]
        body.append("</ul></section>")
    if timeline.undated:
        body.append('<section class="entry"><h2>Undated</h2><ul>')
        body += [_html_line(line) for line in timeline.undated]
        body.append("</ul></section>")
    body.append('<section class="sources"><h1>Sources</h1>')
    for article_id, spans in cited.items():
        text = get_text(article_id)
        if text is None:
            continue
        body.append(_html_article(meta[article_id], text, spans))
    body.append("</section>")
    return ("<!doctype html><html lang=en><head><meta charset=utf-8>"
            f"<meta name=viewport content='width=device-width,initial-scale=1'><title>{html.escape(title)}</title>"
            f"<style>{_CSS}</style></head><body>{''.join(body)}</body></html>\n")


def _opening(text: str, words: int = 10) -> str:
    """The first words of an untitled article, to head it in the sources list."""
    first = text.split()
    return " ".join(first[:words]) + (" …" if len(first) > words else "")


def _anchor(ref: SourceRef) -> str:
    return f"s-{ref.article}-{ref.start}-{ref.end}"


def _html_line(line: SummaryLine) -> str:
    links = "".join(f'<a href="#{_anchor(r)}">{html.escape(outlet(r))}</a>'
                    for r in (line.source, *line.also))
    return f'<li>{html.escape(line.text)}<span class="cite">{links}</span></li>'


def _html_article(ref: SourceRef, text: str, spans: set[tuple[int, int]]) -> str:
    parts, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:  # overlapping citations: mark the first, keep the text whole
            continue
        parts.append(html.escape(text[pos:start]))
        parts.append(f'<mark id="{_anchor(SourceRef(ref.article, start, end))}">{html.escape(text[start:end])}</mark>')
        pos = end
    parts.append(html.escape(text[pos:]))
    head = html.escape(ref.title or ref.source or _opening(text) or ref.article)
    info = " · ".join(html.escape(x) for x in (ref.source, ref.published, ref.article) if x)
    url = f' <a href="{html.escape(ref.url, quote=True)}">original</a>' if ref.url.startswith(("http://", "https://")) else ""
    return (f'<article id="a-{ref.article}"><h2>{head}</h2><div class="meta">{info}{url}</div>'
            f"<pre>{''.join(parts)}</pre></article>")
