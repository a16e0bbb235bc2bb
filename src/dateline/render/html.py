"""The timeline as HTML: one self-contained file, and the templates the web app shares with it.

Templates live in ``render/templates`` (Jinja2, autoescape on: article text is
never marked safe); the stylesheet and script in ``render/static``. The exported
file carries both inline, under a Content-Security-Policy that allows exactly
those two by hash, so the page works from ``file://`` and nothing else runs.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources

from jinja2 import BaseLoader, ChoiceLoader, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..model import DisagreementSide, Timeline
from ..source_names import outlet_name
from .base import STATUS_WORDS, outlet, readable_date
from .page import Segment, timeline_page



@lru_cache(maxsize=None)
def asset(name: str) -> str:
    """A packaged stylesheet or script of ``render/static``."""
    return (resources.files("dateline.render") / "static" / name).read_text(encoding="utf-8")


def side_segments(side: DisagreementSide) -> tuple[Segment, ...]:
    """A disagreement side's sentence with its figure or date marked."""
    text, lo, hi = side.sentence, side.source.start - side.sentence_start, side.source.end - side.sentence_start
    if not (0 <= lo < hi <= len(text)):
        return (Segment(text),)
    return tuple(s for s in (Segment(text[:lo]), Segment(text[lo:hi], True), Segment(text[hi:])) if s.text)


def environment(*loaders: BaseLoader) -> Environment:
    """The Jinja2 environment of every page: autoescaped, strict, with the renderers' helpers."""
    env = Environment(loader=ChoiceLoader([*loaders, PackageLoader("dateline.render", "templates")]),
                      autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(outlet=outlet, outlet_name=outlet_name, readable_date=readable_date,
                       side_segments=side_segments, status_words=STATUS_WORDS)
    return env


@lru_cache(maxsize=1)
def _export_environment() -> Environment:
    return environment()


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def timeline_html(timeline: Timeline, get_text: Callable[[str], str | None], *, title: str = "Timeline",
                  aliases: Callable[[str], Iterable[str]] = lambda eid: ()) -> str:
    """One self-contained page: timeline, filters, zoom, sentences in context, disagreements, cited articles."""
    # get_text: an article's stored text by id; aliases: an entity's names, so that the entity filter
    # matches any spelling without a server
    css, js = asset("dateline.css"), asset("timeline.js")
    if "</" in js or "</" in css:  # would end the inline element early
        raise ValueError("a packaged asset holds '</' and cannot be inlined")
    csp = (f"default-src 'none'; script-src {csp_hash(js)}; style-src {csp_hash(css)}; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    page = timeline_page(timeline, get_text, title=title, static=True, aliases=aliases)
    return _export_environment().get_template("export.html").render(
        page=page, css=Markup(css), js=Markup(js), csp=csp)  # our packaged assets, not article data
