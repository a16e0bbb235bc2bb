"""HTML pages: main text, title, site name and date via trafilatura (dates by htmldate)."""

from __future__ import annotations

import logging
from dataclasses import replace

import lxml.etree
import lxml.html
import trafilatura

from ..errors import InputError
from ..model import DateSource
from .base import RawDoc
from .cleanup import clean_text
from .dates import parse_date

log = logging.getLogger(__name__)

# htmldate rejects dates after ``max_date``, which defaults to the clock; a fixed
# bound keeps extraction independent of the day it runs. ``original_date`` asks
# for the publication date rather than the last modification, and without
# ``extensive_search`` no date is guessed from stray numbers in the page text.
DATE_PARAMS = {
    "extensive_search": False,
    "original_date": True,
    "outputformat": "%Y-%m-%d",
    "max_date": "2199-12-31",
}

_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre table tr section article header footer figure".split()
)


def read_html(markup: str, path: str, *, line: int | None = None, url: str = "") -> RawDoc | InputError:
    """One article from an HTML page, or an error when the page holds no main text.

    ``line`` numbers a page inside a container (a WARC record).
    """
    origin = path if line is None else f"{path}:{line}"
    try:
        page = trafilatura.bare_extraction(
            markup, url=url or None, with_metadata=True, include_comments=False,
            include_tables=False, date_extraction_params=DATE_PARAMS,
        )
    except Exception as exc:  # noqa: BLE001 - a parser crash on hostile markup is bad input, not a bug of ours
        log.debug("%s: trafilatura failed", origin, exc_info=True)
        return InputError(path, f"HTML could not be parsed ({type(exc).__name__})", line=line)
    if page is None or not (page.text or "").strip():
        return InputError(path, "no main text found in the HTML", line=line)
    title = " ".join((page.title or "").split())
    text = page.text
    first, _, rest = text.partition("\n")
    if title and " ".join(first.split()) == title:
        text = rest  # trafilatura repeats the <h1> headline as the first line
    doc = RawDoc(origin=origin, text=clean_text(text), title=title, url=page.url or url,
                 source=" ".join((page.sitename or "").split()))
    when = parse_date(page.date) if page.date else None
    if when is None:
        return doc
    return replace(doc, published=when.value, date_precision=when.precision, date_source=DateSource.HTML)


def fragment_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed summary, a record body), one block per line."""
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return markup
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)
