"""Response shapes of the JSON API, for the OpenAPI document and the /api/docs page.

The routes return the library's JSON unchanged (what the CLI prints); these
models only describe it, so a client can be generated from the document. They
follow docs/formats.md and docs/extraction.md; ``extra="allow"`` because a
contract may gain fields, never lose them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Shape(BaseModel):
    model_config = ConfigDict(extra="allow")


class Source(_Shape):
    """A cited span of a stored article and what to call its source."""

    article: str
    start: int = Field(description="character offset into the article's text")
    end: int
    title: str = ""
    url: str = ""
    source: str = ""
    published: str | None = None
    origin: str = ""
    outlet: str = Field("", description="what a reader calls the source: outlet, site, or file name in words")
    line: int | None = Field(None, description="the summary line it cites (entries' sources)")
    primary: bool | None = Field(None, description="the span whose text is the line")


class Participant(_Shape):
    entity: str
    name: str
    kind: str
    role: str = ""
    role_of: str = ""


class Entry(_Shape):
    """One date of the timeline."""

    date: str = Field(description="YYYY-MM-DD, YYYY-MM or YYYY")
    precision: str
    summary: list[str]
    display: list[str]
    sources: list[Source]
    background: bool
    score: float
    outlets: list[str]
    participants: list[Participant]
    place: dict[str, Any] | None = None
    event_type: str | None = None
    modality: str | None = None
    event_types: list[str] = []
    entities: list[str] = []
    quotes: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    story: dict[str, Any] | None = None


class Side(Source):
    text: str
    date: str | None = None
    value: float | None = None
    sentence: str = ""
    sentence_start: int = 0
    sentence_end: int = 0


class Disagreement(_Shape):
    kind: str = Field(description="figure or date")
    status: str = Field(description="conflict, update, consistent, related or dated-differently")
    conflict: bool
    label: str
    group: str | None = None
    sides: list[Side]


class Timeline(_Shape):
    """The version-2 timeline contract (docs/formats.md)."""

    version: int
    entries: list[Entry]
    undated: list[dict[str, Any]]
    disagreements: list[Disagreement]


class Entity(_Shape):
    id: str
    kind: str
    name: str
    aliases: list[str]
    roles: list[dict[str, Any]]
    count: int
    articles: int
    mentions: list[dict[str, Any]]


class Event(_Shape):
    article: str
    type: str
    trigger: str
    start: int
    end: int
    date: str
    modality: str
    outlet: str
    participants: list[dict[str, Any]]


class Quote(_Shape):
    article: str
    kind: str
    date: str
    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_name: str = ""
    speaker_text: str = ""
    outlet: str


class ClaimGroup(_Shape):
    id: str
    label: str = Field(description="what the group counts, what happened, where and when, in words")
    quantity: str
    status: str = Field(description="single, consistent, conflict, update or related")
    confidence: float = Field(description="the weakest link that joined the group (0-1)")
    claims: list[dict[str, Any]] = Field(description="each with article, start, end, text, value, outlet, ...")


class ArticleRow(_Shape):
    id: str
    title: str
    url: str
    source: str
    published: str | None = None
    date_source: str
    origin: str
    chars: int


class Document(_Shape):
    """An article with every annotation layer (dateline show ID --format json)."""

    article: dict[str, Any]
    layers: list[str]
    sentences: list[dict[str, Any]]
    timexes: list[dict[str, Any]]
    mentions: list[dict[str, Any]]
    events: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    entities: list[dict[str, Any]] = []


class Thread(_Shape):
    """One strand of a story: the articles the single pass filed together."""

    thread: str
    label: str = Field(description="the title or first usable line of its first article")
    ids: list[str] = Field(description="its articles, in ingest order")


class Story(_Shape):
    """Articles about one developing story (dateline stories), with its threads."""

    story: str
    articles: int
    threads: int = Field(description="how many threads (strands) the story holds")
    first: str
    last: str
    label: str
    ids: list[str]
    thread_list: list[Thread] = Field(description="its threads, largest first")


class UploadJob(_Shape):
    id: str
    state: str = Field(description="queued, running, done or failed")
    phase: str
    done: int
    total: int
    files: list[str]
    summary: str
    rejected: list[str]
    ingested: list[str]
    articles: list[dict[str, str]] = Field(description="the new articles: id, title, outlet")


class State(_Shape):
    generation: str = Field(description="an opaque value that changes whenever the store may have changed")


class Problem(_Shape):
    detail: str = Field(description="what went wrong and what to write instead")


def responses(model: Any, *, csv: bool = False, errors: dict[int, str] | None = None) -> dict[int | str, Any]:
    """The ``responses`` of a route: its JSON model, CSV when it has one, and its errors."""
    ok: dict[str, Any] = {"model": model, "description": "what the matching command prints with --format json"}
    if csv:
        ok["content"] = {"text/csv": {"schema": {"type": "string"}}}
        ok["description"] += " (with format=csv: its --format csv)"
    out: dict[int | str, Any] = {200: ok, 422: {"model": Problem, "description": "a parameter that cannot be read"}}
    for status, why in (errors or {}).items():
        out[status] = {"model": Problem, "description": why}
    return out
