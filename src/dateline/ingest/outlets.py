"""What to call an article's outlet when its input names none: a rule over its file's path.

An outlet is named, in order, by the input's metadata (front matter, a record's
``source``), by the page (``og:site_name``), by the URL's domain (at render
time, :func:`dateline.source_names.outlet_name`), and only then by the file it was read
from, with the rule of the ``outlet_rule`` setting:

- ``file`` (default): the file's own name, in words: ``01_harbour-courier.txt``
  -> "Harbour Courier". Numbers, dates and extensions are left out; a name
  with nothing else left, or with a token that mixes letters and digits (an
  id or a hash, ``000_c1a19615.txt``), names nothing.
- ``folder``: the folder holding the file, in words the same way
  (``news/harbour-courier/0412.txt`` -> "Harbour Courier").
- ``none``: never from the path.
- any other value is a regular expression with a group named ``outlet``,
  searched in the path (``/`` separators); the group's text, in words, is the
  name: ``_(?P<outlet>[a-z]+)/InputDocs/`` names ``t17/H1N1_bbc/InputDocs/...``
  "Bbc".

The rule is applied once, when the article is read, so every renderer, the
filters and the boilerplate pass (which groups articles by outlet) see one name
per outlet: the same outlet is never cited once by name and once by file.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from pathlib import PurePath

from ..errors import DatelineError
from .base import RawDoc

RULES = ("file", "folder", "none")
_SEPARATORS = re.compile(r"[\s_\-.+]+")
_NUMBERISH = re.compile(r"^[\d]+$")
_MIXED = re.compile(r"\d")
_EXTENSION = re.compile(r"^\.[A-Za-z0-9]{1,5}$")


class OutletRuleError(DatelineError):
    """The ``outlet_rule`` setting is neither a known rule nor a usable regular expression."""


@lru_cache(maxsize=16)
def compile_rule(rule: str) -> re.Pattern[str] | None:
    """The rule's pattern (None for the named rules); :class:`OutletRuleError` saying what to write instead."""
    if rule in RULES:
        return None
    try:
        pattern = re.compile(rule)
    except re.error as exc:
        raise OutletRuleError(f"outlet_rule {rule!r} is not a regular expression ({exc}): use file, folder, "
                              "none or a pattern with a group (?P<outlet>...)") from None
    if "outlet" not in pattern.groupindex:
        raise OutletRuleError(f"outlet_rule {rule!r} has no group named outlet: write it as (?P<outlet>...)")
    return pattern


def words(name: str) -> str:
    """A file or folder name as an outlet's name, or '' when it is not one.

    >>> words("01_harbour-courier"), words("BBC-news"), words("2024-03-01"), words("c1a19615e97ec875")
    ('Harbour Courier', 'BBC News', '', '')
    """
    tokens = [t for t in _SEPARATORS.split(name) if t and not _NUMBERISH.match(t)]
    if not tokens or any(_MIXED.search(t) for t in tokens):
        return ""  # nothing but numbers, or an id: no outlet is called that
    return " ".join(t.capitalize() if t.islower() else t for t in tokens)


def stem(file_name: str) -> str:
    """A file's name without its extensions: 'report.htm.txt' -> 'report', 'feed.warc.gz' -> 'feed'."""
    path = PurePath(file_name)
    name = path.name
    while True:
        suffix = PurePath(name).suffix
        if not suffix or not _EXTENSION.match(suffix) or suffix == name:
            return name
        name = name[: -len(suffix)]


def outlet_from_path(path: str, rule: str = "file") -> str:
    """The outlet a file's path names under ``rule`` ('' when it names none); see the module docstring."""
    if not path or path == "-" or path.startswith("<"):
        return ""  # stdin has no name
    posix = path.replace("\\", "/")
    pattern = compile_rule(rule)
    if pattern is not None:
        found = pattern.search(posix)
        return words(found.group("outlet") or "") if found else ""
    if rule == "file":
        return words(stem(posix))
    if rule == "folder":
        parent = PurePath(posix).parent.name
        return words(parent)
    return ""


def name_outlet(doc: RawDoc, path: str, rule: str) -> RawDoc:
    """``doc`` with its outlet named by the path rule, when its input and URL name none."""
    if doc.source.strip() or doc.url.lower().startswith(("http://", "https://")):
        return doc  # metadata, the page or the site's domain name it already
    name = outlet_from_path(path, rule)
    return replace(doc, source=name) if name else doc
