"""Page debris found corpus-wide: the lines of an article that its page, not its reporter, wrote.

Scraped news carries the page around the article: an outlet's promotional
teasers and advertisements, navigation ("Full Article"), comment-moderation
notices, share prompts, bylines and datelines alone on a line, photo captions.
They tell no story from another, yet an article's lead is read for its story
and its label: a teaser an outlet prints under hundreds of articles joins them
all, and names a story after itself.

Three kinds of rules find them, line by line (``data/page_debris.toml``):

* ``repeated``: a line that enough articles of one outlet printed (counted in
  ingest order, up to and including the article: an article's analysis never
  depends on what comes later, so ingesting in parts gives what one ingest gives);
* ``furniture``: navigation and comment notices (the label rules' ``skip``
  rules, :mod:`.labels`) and a line that is nothing but a dateline, byline or
  timestamp (the label rules' ``prefix`` rules strip all of it);
* named ``line`` rules: captions, share prompts.

The stored article keeps every line; the debris stage records the spans (objects
of kind ``debris``), read through :func:`dateline.corpus.output.debris_spans`.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from ..extract.frames import dateline_end
from ..ingest.cleanup import DebrisRule  # one shape for a named line rule with its examples (ingest uses it too)
from ..model import Article, Kind
from ..settings import Settings
from ..source_names import outlet_name
from .labels import is_furniture, strip_front, tidy

if TYPE_CHECKING:
    from ..store.view import CorpusView

log = logging.getLogger(__name__)

REPEATED, FURNITURE = "repeated", "furniture"


@dataclass(frozen=True)
class DebrisRules:
    min_articles: int
    lines: tuple[DebrisRule, ...]


@cache
def debris_rules() -> DebrisRules:
    """The rules of ``dateline/data/page_debris.toml``, compiled (cached)."""
    raw = tomllib.loads(resources.files("dateline").joinpath("data/page_debris.toml").read_text(encoding="utf-8"))
    return DebrisRules(int(raw["repeated"]["min_articles"]),
                       tuple(DebrisRule(r["name"], re.compile(r["pattern"], re.IGNORECASE), tuple(r.get("examples", ())),
                                      tuple(r.get("keep", ()))) for r in raw.get("line", [])))


def lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, key) of each line with words; the key folds case and white space."""
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if any(c.isalnum() for c in line):
            yield start, end, _key(line)
        start = end + 1


def _key(line: str) -> str:
    return hashlib.sha1(" ".join(line.casefold().split()).encode("utf-8")).hexdigest()[:16]


def line_key(text: str, at: int) -> str:
    """The key of the line of ``text`` that starts at ``at``."""
    end = text.find("\n", at)
    return _key(text[at:] if end < 0 else text[at:end])


def blank(text: str, spans: Sequence[Sequence[int]]) -> str:
    """``text`` with the ``spans`` (debris lines) turned to spaces: what is left keeps its offsets."""
    if not spans:
        return text
    chars = list(text)
    for s, e, *_ in spans:
        chars[s:min(e, len(text))] = " " * max(0, min(e, len(text)) - s)
    return "".join(chars)


def line_rule(line: str) -> str:
    """The rule that finds a line debris by itself ("" if none): furniture or a named line rule."""
    core = tidy(line)
    if dateline_end(core, top=False):
        return ""  # a photo credit or print stamp run into the lead: the line is the lead's (frames split them)
    if is_furniture(core) or (core and not strip_front(core)):
        return FURNITURE
    return next((r.name for r in debris_rules().lines if r.pattern.fullmatch(core)), "")


def outlet_key(article: Article) -> str:
    """Whose page an article was cut from: its outlet, else its site; "" when neither is known (one group)."""
    if not article.source and not article.url.startswith(("http://", "https://")):
        return ""
    return outlet_name(article.source, article.url).casefold()


def find_debris(text: str, seen: Mapping[str, int], min_articles: int) -> list[list]:
    """[start, end, rule] of the debris lines of ``text``; ``seen``: line key -> articles of the outlet that
    printed it so far, this one included."""
    out = []
    for start, end, key in lines(text):
        rule = REPEATED if seen.get(key, 0) >= min_articles else line_rule(text[start:end])
        if rule:
            out.append([start, end, rule])
    return out


def clean_spans(spans: Sequence[Sequence[int]], start: int, end: int) -> bool:
    """Whether the text from ``start`` to ``end`` lies mostly (over half) outside the ``spans``."""
    inside = sum(max(0, min(end, e) - max(start, s)) for s, e, *_ in spans)
    return inside * 2 <= max(end - start, 1)


class DebrisStage:
    """Corpus stage: counts each outlet's lines over its articles, and records each new article's debris lines."""

    name = "debris"
    reads = ()
    writes = (f"objects:{Kind.DEBRIS}", f"objects:{Kind.DEBRIS_COUNT}")
    version = 2  # 2: a lead behind a toolbar or credit is kept (label rules, captions); comment headers are debris

    def __init__(self, settings: Settings):
        self.settings = settings

    def run(self, view: "CorpusView", ids: Sequence[str]) -> None:
        rules = debris_rules()
        done = set(view.objects(Kind.DEBRIS, ids=ids))  # recorded before (the stage was reopened): counted once
        counts: dict[str, int] = {}
        found = 0
        for i in range(0, len(ids), 200):
            docs = [d for d in view.documents([a for a in ids[i:i + 200] if a not in done], []) if d]
            keys = {d.article.id: (outlet_key(d.article), {k for _, _, k in lines(d.article.text)}) for d in docs}
            wanted = sorted({f"{o}|{k}" for o, ks in keys.values() for k in ks} - counts.keys())
            counts.update((k, v["n"]) for k, v in view.objects(Kind.DEBRIS_COUNT, ids=wanted).items())
            for doc in docs:
                outlet, own = keys[doc.article.id]
                for k in own:
                    counts[f"{outlet}|{k}"] = counts.get(f"{outlet}|{k}", 0) + 1
                seen = {k: counts[f"{outlet}|{k}"] for k in own}
                spans = find_debris(doc.article.text, seen, rules.min_articles)
                found += len(spans)
                view.put_objects(Kind.DEBRIS, [(doc.article.id, {"outlet": outlet, "lines": spans})])
        view.put_objects(Kind.DEBRIS_COUNT, [(k, {"n": n}) for k, n in sorted(counts.items())])
        log.info("debris: %d lines in %d articles", found, len(ids))
