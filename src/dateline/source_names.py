"""What to call a source for a reader: its outlet, its site, its file name or its title.

Kept apart from :mod:`dateline.model` (which it serves) because every layer, from
the request to the web pages, names sources the same way; it imports nothing
else from dateline.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_PATH_SEP = re.compile(r"[\\/]")


def outlet_name(source: str = "", url: str = "", origin: str = "", title: str = "") -> str:
    """What to call a source for a reader: its outlet, else its site, else its file name, else its title.

    Never an article id: a hash tells a reader nothing.

    >>> outlet_name(url="https://www.example.org/a"), outlet_name(origin="/data/seeds/003_report.txt")
    ('example.org', '003_report.txt')
    """
    if source:
        return source
    try:
        host = urlsplit(url).hostname if url.startswith(("http://", "https://")) else None
    except ValueError:  # a malformed address names no site
        host = None
    if host:
        return host.removeprefix("www.")
    return file_name(origin) or title or "unnamed source"


def file_name(origin: str) -> str:
    """The file name (and record line) of an article's origin: '/a/b/feed.jsonl:3' -> 'feed.jsonl:3'."""
    name = _PATH_SEP.split(origin.strip())[-1]
    return "" if name in {"", "-"} or name.startswith("<stdin>") else name
