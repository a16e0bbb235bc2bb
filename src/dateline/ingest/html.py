"""HTML pages: main text, title, site name and date via trafilatura (dates by htmldate)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from datetime import date

import lxml.etree
import lxml.html
import trafilatura
from htmldate import find_date

from ..errors import InputError
from ..model import DateSource
from .base import RawDoc
from .cleanup import clean_text
from .dates import ParsedDate, parse_date

log = logging.getLogger(__name__)

# htmldate rejects dates after ``max_date``, which defaults to the clock; a fixed
# bound keeps extraction independent of the day it runs. ``original_date`` asks
# for the publication date rather than the last modification. The first search
# reads the page's metadata only; see :func:`text_date` for the second.
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

    ``line`` numbers a page inside a container (a WARC record). The main text
    keeps the tables of the article (as trafilatura's own benchmark runs it).
    """
    origin = path if line is None else f"{path}:{line}"
    try:
        with naming_logs(origin):
            page = trafilatura.bare_extraction(
                markup, url=url or None, with_metadata=True, include_comments=False,
                include_tables=True, date_extraction_params=DATE_PARAMS,
            )
    except Exception as exc:  # noqa: BLE001 - a parser crash on hostile markup is bad input, not a bug of ours
        log.debug("%s: trafilatura failed", origin, exc_info=True)
        return InputError(path, f"HTML could not be parsed ({type(exc).__name__})", line=line)
    if page is None or not (page.text or "").strip():
        return InputError(path, f"no main text found in the HTML ({_visible_chars(markup):,} characters of text "
                                "in the whole page)", line=line)
    title = " ".join((page.title or "").split())
    text = page.text
    first, _, rest = text.partition("\n")
    if title and " ".join(first.split()) == title:
        text = rest  # trafilatura repeats the <h1> headline as the first line
    doc = RawDoc(origin=origin, text=clean_text(text), title=title, url=page.url or url,
                 source=" ".join((page.sitename or "").split()))
    when = parse_date(page.date) if page.date else None
    if when is None:
        when = cjk_date(markup) or text_date(markup, url, origin)
    if when is None:
        return doc
    return replace(doc, published=when.value, date_precision=when.precision, date_source=DateSource.HTML)


# A <meta> element about a date or time, and its content; attributes in either order.
_META_DATE = re.compile(
    r"""<meta\s(?=[^>]*?(?:name|property|itemprop)\s*=\s*["']?[^"'>]*(?:date|time|pub)[^"'>]*["']?)"""
    r"""[^>]*?content\s*=\s*["'](?P<value>[^"']{6,60})["']""", re.IGNORECASE)
# A CJK full date after a publication cue: 发布/發布 (published), 发表, 日期, 时间/時間, 公開, 掲載, 作成, 게시, 등록, 입력.
_CJK_CUED = re.compile(
    r"(?:发布|發布|发表|發表|日期|时间|時間|公開|掲載|作成|更新|게시|등록|입력|기사)[^<\d]{0,12}"
    r"(?P<value>\d{4}\s*[年년]\s*\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일])")


def cjk_date(markup: str) -> ParsedDate | None:
    """A publication date written the Chinese, Japanese or Korean way (``2024年3月15日``), which htmldate does
    not read: in a date ``<meta>`` element, else after a publication cue ("发布时间：") in the page."""
    if not re.search("[年년]", markup):
        return None
    for found in _META_DATE.finditer(markup):
        when = parse_date(found["value"])
        if when is not None:
            return when
    found = _CJK_CUED.search(markup)
    return parse_date(found["value"]) if found else None


def text_date(markup: str, url: str, origin: str) -> ParsedDate | None:
    """The publication date htmldate's extensive search finds in the page's text, when the metadata gave none.

    That search ends with guesses: a month named in the page ("2019-05"), a
    copyright year. Such a guess, returned as the first of a month, is not a
    publication day and is left out (the dating stage may infer a date, marked
    as inferred, with its evidence): a date on the 1st is kept only when the
    page writes that very day.
    """
    try:
        with naming_logs(origin):
            found = find_date(markup, url=url or None, extensive_search=True, original_date=True,
                              outputformat="%Y-%m-%d", max_date=DATE_PARAMS["max_date"])
    except Exception:  # noqa: BLE001 - htmldate failing on hostile markup means no date, not a failed page
        log.debug("%s: htmldate failed", origin, exc_info=True)
        return None
    when = parse_date(found) if found else None
    if when is None or when.value.day != 1 or writes_day(markup, when.value):
        return when
    log.info("%s: only a month or year found in the page (%s); no publication date taken from it", origin, found)
    return None


def writes_day(markup: str, day: date) -> bool:
    """Whether ``markup`` writes ``day`` as a full date in a common numeric or English form."""
    y, m, d = day.year, day.month, day.day
    month = day.strftime("%B")
    forms = [
        rf"{y}-0?{m}-0?{d}(?!\d)", rf"{y}/0?{m}/0?{d}(?!\d)", rf"{y}\.0?{m}\.0?{d}(?!\d)",
        rf"(?<!\d)0?{d}\.\s?0?{m}\.\s?{y}", rf"(?<!\d)0?{d}/0?{m}/{y}", rf"(?<!\d)0?{m}/0?{d}/{y}",
        rf"{y}\s*年\s*0?{m}\s*月\s*0?{d}\s*日", rf"(?<!\d)0?{d}(?:st)?\s+{month[:3]}\w*\.?,?\s+{y}",
        rf"{month[:3]}\w*\.?\s+0?{d}(?:st)?,?\s+{y}",
    ]
    return any(re.search(form, markup, re.IGNORECASE) for form in forms)


def _visible_chars(markup: str) -> int:
    try:
        root = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError):
        return 0
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    return len(" ".join(root.text_content().split()))


class _Naming(logging.Filter):
    """Prefixes what trafilatura and htmldate log with the page it is about ("discarding data: None")."""

    def filter(self, record: logging.LogRecord) -> bool:
        origin = _PAGE.get()
        if origin:
            record.msg, record.args = f"{origin}: {record.getMessage()}", ()
        return True


_PAGE: ContextVar[str] = ContextVar("page", default="")
_NAMING = _Naming()
_LIBRARY_LOGGERS = ("trafilatura.core", "trafilatura.main_extractor", "trafilatura.metadata",
                    "trafilatura.htmlprocessing", "trafilatura.utils", "trafilatura.external",
                    "htmldate.core", "htmldate.extractors", "htmldate.utils", "htmldate.validators")


@contextmanager
def naming_logs(origin: str) -> Iterator[None]:
    """Within the block, lines the extraction libraries log name ``origin``."""
    for name in _LIBRARY_LOGGERS:  # adding the same filter again is a no-op
        logging.getLogger(name).addFilter(_NAMING)
    token = _PAGE.set(origin)
    try:
        yield
    finally:
        _PAGE.reset(token)


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
