"""Renderers: a Timeline (and stored articles) as JSON, text, Markdown, CSV, HTML or TimelineJS."""

from .base import outlet, readable_date
from .csv import timeline_csv
from .html import timeline_html
from .json import JSON_VERSION, source_json, timeline_json
from .markdown import timeline_md
from .text import timeline_text
from .timelinejs import timeline_timelinejs

__all__ = ["JSON_VERSION", "outlet", "readable_date", "source_json", "timeline_csv", "timeline_html",
           "timeline_json", "timeline_md", "timeline_text", "timeline_timelinejs"]
