"""Markdown: the timeline, listings and an article page, with untrusted text escaped.

Everything taken from an article is written so that a Markdown renderer shows it
as text: HTML is written as entities (``<script>`` stays visible and never runs,
in CommonMark and in the older renderers that do not honour ``\\<``), Markdown
punctuation is backslash-escaped, line breaks cannot start a new block, and a link
is made only to an http(s) URL; any other URL leaves a plain label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from ..model import Disagreement, Timeline, TimelineEntry
from .base import STATUS_WORDS, clean, entry_facts, figure_of, http_url, outlet, plain, readable_date

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# CommonMark's inline punctuation; escaping it everywhere is simpler to check than
# escaping it only where it would start a link, emphasis or code span
_PUNCT = set("\\`*_[]|~!")
# what makes a block when it starts a line: heading, list item, quote, setext or thematic break
_BLOCK_START = re.compile(r"^(\s*)([#+\-=]|\d{1,9}[.)])")


def md_text(text: str) -> str:
    """One line of untrusted text as Markdown that renders to exactly that text."""
    text = clean(text).strip()
    out = []
    for i, ch in enumerate(text):
        # "_" inside a word never starts emphasis in CommonMark: date_source stays as written
        inner = ch == "_" and 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()
        out.append(_ENTITIES.get(ch) or ("\\" + ch if ch in _PUNCT and not inner else ch))
    escaped = "".join(out)
    match = _BLOCK_START.match(escaped)
    if match:  # "1. " or "# " at the start would turn the line into a list or a heading
        i = match.end() - 1
        escaped = escaped[:i] + "\\" + escaped[i:]
    return escaped


def md_link(label: str, url: str) -> str:
    """A link to ``url`` when it is http(s), else the plain label."""
    target = http_url(url)
    if not target:
        return md_text(label)
    # percent-encode what could end the destination or the link: blanks, brackets, quotes
    return f"[{md_text(label)}]({quote(target, safe=':/?#@!$&*+,;=%~')})"


def md_table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A GitHub-style table; every cell escaped, pipes included."""
    lines = ["| " + " | ".join(md_text(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md_text(plain(v)) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def md_paragraphs(text: str) -> str:
    """A multi-line text as Markdown paragraphs, one per non-empty line."""
    return "\n\n".join(md_text(line) for line in clean(text, multiline=True).split("\n") if line.strip())


def _refs(refs) -> str:
    return " · ".join(md_link(outlet(r), r.url) for r in refs)


def _entry_md(e: TimelineEntry) -> list[str]:
    """An entry: heading, what and where, each line with its sources, who took part, quotes and figures."""
    out = [f"## {md_text(readable_date(e.date))}", "", f"*{md_text(' · '.join(entry_facts(e)))}*", ""]
    out += [f"- {md_text(line.shown)} — {_refs((line.source, *line.also))}" for line in e.summary]
    out.append("")
    if e.participants:
        who = ", ".join(md_text(p.name) + (f" ({md_text(p.role)})" if p.role else "") for p in e.participants)
        out += [f"**With** {who}", ""]
    for q in e.quotes:
        out.append(f"- **{md_text(q.speaker_name or 'someone')}**: “{md_text(q.text)}” — {_refs((q.source,))}")
    for c in e.claims:
        out.append(f"- **{md_text(c.text)}** ({md_text(figure_of(c))}) — {_refs((c.source,))}")
    if e.quotes or e.claims:
        out.append("")
    return out


def _disagreement_md(d: Disagreement) -> list[str]:
    rows = [(s.text or s.date, outlet(s.source), s.date or "undated", s.sentence) for s in d.sides]
    return [f"### {md_text(d.label)} — {md_text(STATUS_WORDS.get(d.status, d.status))}", "",
            md_table(["Figure" if d.kind.value == "figure" else "Date given", "Outlet", "Date", "Sentence"], rows)]


def timeline_md(timeline: Timeline) -> str:
    """A heading per date with who, where, quotes and figures; each line followed by links to its sources."""
    out = ["# Timeline", ""]
    for e in timeline.entries:
        out += _entry_md(e)
    if timeline.undated:
        out += ["## Undated", ""] + [f"- {md_text(line.shown)} — {_refs((line.source, *line.also))}"
                                     for line in timeline.undated] + [""]
    if timeline.disagreements:
        out += ["## Where the sources disagree", ""]
        for d in timeline.disagreements:
            out += _disagreement_md(d)
    return "\n".join(out).rstrip() + "\n"
