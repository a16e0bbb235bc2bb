"""Renderers: a Timeline (and stored articles) as JSON, text, Markdown, CSV or HTML."""

from .timeline import (
    JSON_VERSION,
    outlet,
    readable_date,
    source_json,
    timeline_csv,
    timeline_html,
    timeline_json,
    timeline_md,
    timeline_text,
)

__all__ = ["JSON_VERSION", "outlet", "readable_date", "source_json", "timeline_csv", "timeline_html",
           "timeline_json", "timeline_md", "timeline_text"]
