"""The HTML pages: timeline, disagreements, entity, article, stories, search, add articles."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from .. import query
from ..corpus import output
from ..source_names import file_name, outlet_name
from ..protocols import ReadStore
from ..render.page import ZOOMS, timeline_page
from ..request import TimelineRequest
from . import apidocs
from .api import access, blank, filtered_timeline, timeline_request
from .views import article_runs, entity_view, parse_span

router = APIRouter(include_in_schema=False)
LIVE_SECONDS = 5  # how often an open timeline page asks whether the store changed (a watch, an upload)
Zoom = Annotated[str, Query(description="day, week or month")]


def render(request: Request, template: str, **context: Any) -> str:
    env = request.app.state.templates
    return env.get_template(template).render(upload=request.app.state.uploads is not None, path=request.url.path,
                                             **context)


def _filters(story: TimelineRequest) -> dict[str, str]:
    return {"q": story.query or "", "entity": story.entity or "", "outlet": story.outlet or "",
            "type": story.event_type or "", **story.bounds(), "story": story.story or ""}


def downloads(path: str, params: dict[str, str] | None = None, *, csv: bool = True,
              label: str = "") -> list[tuple[str, str]]:
    """Links to a view's rows as the CLI writes them: the API route with ``format=csv`` and ``format=json``."""
    kept = {k: v for k, v in (params or {}).items() if v}
    out = []
    for fmt in (("csv", "json") if csv else ("json",)):
        out.append((f"{label}{fmt.upper()}", f"{path}?{urlencode({**kept, 'format': fmt})}"))
    return out


def _aliases(request: Request):
    entities = access(request).cached(("entities",), lambda s: output.entities(s))
    return lambda eid: [entities[eid]["name"], *entities[eid]["aliases"]] if eid in entities else []


@router.get("/", response_class=HTMLResponse)
async def timeline_html(request: Request, story: Annotated[TimelineRequest, Depends(timeline_request)], zoom: Zoom = "day"):
    zoom = zoom if zoom in ZOOMS else "day"

    def compute(store: ReadStore) -> str:
        filtered = filtered_timeline(request, story)
        timeline = filtered.timeline
        text = lambda i: (a.text if (a := store.get_article(i)) else None)  # noqa: E731
        page = timeline_page(timeline, text, title="Timeline", static=False, filters=_filters(story), zoom=zoom,
                             aliases=_aliases(request))
        qs = urlencode({k: v for k, v in _filters(story).items() if v})
        return render(request, "timeline.html", page=page, query_string=f"?{qs}" if qs else "",
                      downloads=downloads("/api/timeline", _filters(story)), generation=access(request).token(),
                      live=LIVE_SECONDS, no_match=filtered.message).encode("utf-8")

    return HTMLResponse(await access(request).cached_async(("page", story, zoom), compute))


@router.get("/disagreements", response_class=HTMLResponse)
def disagreements_html(request: Request, story: Annotated[TimelineRequest, Depends(timeline_request)]):
    filtered = filtered_timeline(request, story)
    return HTMLResponse(render(request, "disagreements.html", disagreements=filtered.timeline.disagreements,
                               filters=_filters(story), downloads=downloads("/api/disagreements", _filters(story)),
                               no_match=filtered.message))


@router.get("/entity/{entity_id}", response_class=HTMLResponse)
def entity_html(request: Request, entity_id: str):
    view = access(request).cached(("entity", entity_id), lambda store: entity_view(store, entity_id))
    if view is None:
        raise HTTPException(404, "no such entity")
    name = {"entity": view["entity"]["name"]}
    links = downloads("/api/events", name, label="events ") + downloads("/api/quotes", name, label="quotes ")
    return HTMLResponse(render(request, "entity.html", downloads=links, **view))


@router.get("/article/{article_id}", response_class=HTMLResponse)
def article_html(request: Request, article_id: str,
                 hl: Annotated[str | None, Query(description="a span to highlight: START-END")] = None):
    store = access(request).store()
    doc = store.load_document(article_id)
    if doc is None:
        raise HTTPException(404, "no such article")
    entities = access(request).cached(("entities",), lambda s: output.entities(s))
    names = {eid: e["name"] for eid, e in entities.items()}
    a = doc.article
    runs = article_runs(doc, names, parse_span(hl, len(a.text)))
    linked = sorted({m.entity for m in doc.mentions if m.entity in entities}, key=lambda e: names[e])
    return HTMLResponse(render(request, "article.html", doc=doc, article=a, runs=runs,
                               outlet=outlet_name(a.source, a.url, a.origin, a.title), file=file_name(a.origin),
                               downloads=downloads(f"/api/articles/{quote(a.id)}", csv=False),
                               entities=[(e, names[e], entities[e]["kind"]) for e in linked],
                               counts={k: len(getattr(doc, k)) for k in ("timexes", "mentions", "quotes", "claims")}))


@router.get("/stories", response_class=HTMLResponse)
def stories_html(request: Request):
    rows = access(request).cached(("stories",), query.list_stories)
    return HTMLResponse(render(request, "stories.html", stories=rows, downloads=downloads("/api/stories")))


@router.get("/search", response_class=HTMLResponse)
def search_html(request: Request, q: Annotated[str | None, Query(description="words to find")] = None):
    words = blank(q)
    rows = access(request).cached(("search", words), lambda s: query.list_articles(s, query=words)) if words else []
    found = access(request).cached(("find-entities", words), lambda s: sorted(query.find_entities(s, words))) \
        if words else []
    entities = access(request).cached(("entities",), lambda s: output.entities(s))
    return HTMLResponse(render(request, "search.html", q=words or "", rows=rows,
                               entities=[entities[e] for e in found if e in entities],
                               downloads=downloads("/api/articles", {"q": words or ""}) if words else []))


@router.get("/add", response_class=HTMLResponse)
def add_html(request: Request):
    return HTMLResponse(render(request, "add.html", max_bytes=request.app.state.settings.upload_max_bytes,
                               read_only=request.app.state.read_only))


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs_html(request: Request):
    document = request.app.openapi()
    return HTMLResponse(render(request, "api_docs.html", routes=apidocs.routes(document),
                               models=apidocs.models(document)))
