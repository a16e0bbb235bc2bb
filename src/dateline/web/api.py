"""The JSON API: each response is exactly what the matching CLI command prints with ``--format json``.

Each route parses its parameters, calls the one library function the command
calls, and returns its data unchanged (see docs/web.md for the table).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from .. import query
from ..corpus import output
from ..render.json import document_json, timeline_json
from ..errors import RequestError
from ..request import TimelineRequest
from ..timeline.story import story_timeline
from .state import StoreAccess

router = APIRouter(prefix="/api", tags=["api"])


def access(request: Request) -> StoreAccess:
    return request.app.state.access


def parse_request(**options: Any) -> TimelineRequest:
    """The request of the query string (``TimelineRequest.parse``, as the CLI's), or a 422 with its one line."""
    try:
        return TimelineRequest.parse(**options)
    except RequestError as exc:
        raise HTTPException(422, str(exc)) from None


def blank(value: str | None) -> str | None:
    """An empty form field means no filter."""
    return value.strip() or None if value else None


Since = Annotated[str | None, Query(description="Only dates on or after this (YYYY[-MM[-DD]]).")]
Until = Annotated[str | None, Query(description="Only dates on or before this (YYYY[-MM[-DD]]).")]
EntityParam = Annotated[str | None, Query(description="Only items about this entity (id or any spelling).")]


async def timeline_request(q: Annotated[str | None, Query(description="Full-text (FTS5) query.")] = None,
                  entity: EntityParam = None,
                  outlet: Annotated[str | None, Query(description="Only this outlet's articles.")] = None,
                  type: Annotated[str | None, Query(description="Only dates with an event of this type.")] = None,
                  story: Annotated[str | None, Query(description="Only this story's articles.")] = None,
                  since: Since = None, until: Until = None,
                  max_dates: Annotated[int | None, Query(ge=1, le=500, description="Number of dates.")] = None,
                  per_date: Annotated[int | None, Query(ge=1, le=50, description="Summary sentences per date.")] = None,
                  ) -> TimelineRequest:
    """The timeline options of ``dateline timeline``, from the query string."""
    return parse_request(query=q, entity=entity, outlet=outlet, event_type=type, story=story, since=since,
                         until=until, max_dates=max_dates, per_date=per_date)


def cached_timeline(request: Request, wanted: TimelineRequest):
    """The timeline of a request, built once per store state."""
    settings = request.app.state.settings
    return access(request).cached(("timeline", wanted), lambda store: story_timeline(store, settings, wanted))


def _json(data: Any) -> Response:
    return Response(json.dumps(data, ensure_ascii=False).encode("utf-8"), media_type="application/json")


def _cached_json(request: Request, key: tuple, compute) -> Response:
    """A JSON body computed once per store state."""
    body = access(request).cached(("json", *key), lambda store: json.dumps(compute(store), ensure_ascii=False))
    return Response(body.encode("utf-8"), media_type="application/json")


@router.get("/timeline", summary="The timeline (dateline timeline --format json)")
async def timeline_api(request: Request, wanted: Annotated[TimelineRequest, Depends(timeline_request)]) -> Response:
    body = await access(request).cached_async(("timeline-json", wanted), lambda store: json.dumps(
        timeline_json(cached_timeline(request, wanted)), ensure_ascii=False).encode("utf-8"))
    return Response(body, media_type="application/json")


@router.get("/entities", summary="Entities (dateline entities --format json)")
def entities_api(request: Request, entity: EntityParam = None,
                 kind: Annotated[str | None, Query(description="person, org, place or other.")] = None,
                 since: Since = None, until: Until = None) -> Response:
    wanted, kind = parse_request(entity=entity, since=since, until=until), blank(kind)
    return _cached_json(request, ("entities", wanted, kind), lambda s: query.list_entities(s, wanted, kind=kind))


@router.get("/events", summary="Events (dateline events --format json)")
def events_api(request: Request, entity: EntityParam = None,
               type: Annotated[str | None, Query(description="Event type code, e.g. CONSULT.")] = None,
               modality: Annotated[str | None, Query(description="happened, planned, expected, ...")] = None,
               since: Since = None, until: Until = None) -> Response:
    wanted, modality = parse_request(entity=entity, event_type=type, since=since, until=until), blank(modality)
    return _cached_json(request, ("events", wanted, modality),
                        lambda s: query.list_events(s, wanted, modality=modality))


@router.get("/quotes", summary="Quotes (dateline quotes --format json)")
def quotes_api(request: Request, entity: EntityParam = None, since: Since = None, until: Until = None) -> Response:
    wanted = parse_request(entity=entity, since=since, until=until)
    return _cached_json(request, ("quotes", wanted), lambda s: query.list_quotes(s, wanted))


@router.get("/claims", summary="Claim groups (dateline claims --format json)")
def claims_api(request: Request, entity: EntityParam = None,
               status: Annotated[str | None, Query(description="single, consistent, conflicting or changing.")] = None,
               since: Since = None, until: Until = None) -> Response:
    wanted, status = parse_request(entity=entity, since=since, until=until), blank(status)
    return _cached_json(request, ("claims", wanted, status), lambda s: query.list_claims(s, wanted, status=status))


@router.get("/articles", summary="Stored articles (dateline articles --format json)")
def articles_api(request: Request, q: Annotated[str | None, Query(description="Full-text filter.")] = None,
                 duplicates: Annotated[bool, Query(description="Include near-duplicates.")] = False) -> Response:
    args = dict(query=blank(q), duplicates=duplicates)
    return _cached_json(request, ("articles", tuple(args.items())), lambda s: query.list_articles(s, **args))


@router.get("/articles/{article_id}", summary="One article with its annotations (dateline show ID --format json)")
def article_api(request: Request, article_id: str) -> Response:
    store = access(request).store()
    doc = store.load_document(article_id)
    if doc is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return _json(document_json(doc, access(request).cached(("entities",), output.entities)))


@router.get("/stories", summary="Stories (dateline stories --format json)")
def stories_api(request: Request) -> Response:
    return _cached_json(request, ("stories",), query.list_stories)


@router.post("/upload", summary="Add articles: multipart files, ingested in the background")
async def upload_api(request: Request) -> Response:
    uploads = request.app.state.uploads
    if uploads is None:
        raise HTTPException(403, "uploads are off: start `dateline serve` on a loopback address or with --allow-upload")
    from .upload import MAX_FILES

    form = await request.form(max_files=MAX_FILES, max_fields=10)
    files = [(f.filename or "", await f.read()) for f in form.getlist("files") if hasattr(f, "read")]
    await form.close()
    if not files:
        raise HTTPException(422, "no files: send them as multipart field 'files'")
    return _json(uploads.submit(files).json())


@router.get("/upload/{job_id}", summary="Progress of an upload's ingest")
def upload_status_api(request: Request, job_id: str) -> Response:
    uploads = request.app.state.uploads
    job = uploads.get(job_id) if uploads is not None else None
    if job is None:
        raise HTTPException(404, f"no upload {job_id!r}")
    return _json(job.json())
