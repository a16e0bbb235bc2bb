"""Renderers: a Timeline, stored articles and listings as JSON, text, Markdown, CSV, HTML or TimelineJS.

Every renderer treats article titles, outlets, URLs and text as untrusted (see
``base.clean`` and ``base.http_url``, and docs/cli.md "Output safety").
"""

from .base import Column, clean, http_url, outlet, readable_date
from .csv import timeline_csv, write_csv
from .document import document_md, document_text
from .html import timeline_html
from .json import JSON_VERSION, dumps, source_json, timeline_json
from . import listings
from .markdown import md_table, timeline_md
from .text import render_table, rows_table, timeline_text
from .timelinejs import timeline_timelinejs

__all__ = ["JSON_VERSION", "listings", "Column", "clean", "document_md", "document_text", "dumps", "http_url", "md_table",
           "outlet", "readable_date", "render_table", "rows_table", "source_json", "timeline_csv",
           "timeline_html", "timeline_json", "timeline_md", "timeline_text", "timeline_timelinejs", "write_csv"]
