"""The JSON API: each response is exactly what the matching CLI command prints with ``--format json``.

Each route parses its parameters, calls the one library function the command
calls, and returns its data unchanged (see docs/web.md for the table); with
``?format=csv`` a listing is the command's ``--format csv``, the same rows
(``render.listings``), which is what the pages' download links ask for. The
response shapes are documented in the OpenAPI document (``web/schemas.py``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from .. import query
from ..corpus import output
from ..errors import RequestError
from ..protocols import ReadStore
from ..render import listings, timeline_csv
from ..render.json import disagreement_json, document_json, timeline_json
from ..request import TimelineRequest
from ..settings import Settings
from ..timeline.filters import Filtered, apply_filters
from ..timeline.story import story_timeline
from . import schemas
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


def desk_timeline(store: ReadStore, settings: Settings, story: TimelineRequest) -> Filtered:
    """The timeline of a request held to its filters, with the message when nothing matched (as the CLI)."""
    return apply_filters(store, story_timeline(store, settings, story), story)


def filtered_timeline(request: Request, story: TimelineRequest) -> Filtered:
    """The timeline of a request and its no-match message, built once per store state."""
    settings = request.app.state.settings
    return access(request).cached(("timeline", story), lambda store: desk_timeline(store, settings, story))


def cached_timeline(request: Request, story: TimelineRequest):
    """The timeline of a request, built once per store state."""
    return filtered_timeline(request, story).timeline


def _json(data: Any) -> Response:
    return Response(json.dumps(data, ensure_ascii=False).encode("utf-8"), media_type="application/json")


Fmt = Annotated[Literal["json", "csv"], Query(
    alias="format", description="json (the command's --format json) or csv (its --format csv).")]
CSV_TYPE = "text/csv; charset=utf-8"


def _download(body: str | bytes, fmt: str, name: str) -> Response:
    """A JSON or CSV body; CSV comes as a file to save (named after the view)."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    if fmt == "csv":
        return Response(data, media_type=CSV_TYPE,
                        headers={"content-disposition": f'attachment; filename="{name}.csv"'})
    return Response(data, media_type="application/json")


def _listing(request: Request, key: tuple, fmt: str, compute: Callable[[ReadStore], tuple[Any, list, Sequence]]) -> Response:
    """A listing as the command writes it: ``compute`` gives (JSON records, flat rows, columns)."""
    def body(store: ReadStore) -> str:
        records, flat, columns = compute(store)
        return listings.rows_csv(flat, columns) if fmt == "csv" else json.dumps(records, ensure_ascii=False)

    return _download(access(request).cached((fmt, *key), body), fmt, key[0])


def _with_outlets(store: ReadStore, rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    outlets = listings.article_outlets(listings.cited_articles(rows), store.get_article)
    return listings.with_outlets(rows, outlets), outlets


def _timeline_body(request: Request, story: TimelineRequest, fmt: str):
    def compute(store: ReadStore) -> bytes:
        timeline = cached_timeline(request, story)
        text = timeline_csv(timeline) if fmt == "csv" else json.dumps(timeline_json(timeline), ensure_ascii=False)
        return text.encode("utf-8")
    return compute


@router.get("/timeline", summary="The timeline (dateline timeline --format json|csv)",
            responses=schemas.responses(schemas.Timeline, csv=True))
async def timeline_api(request: Request, story: Annotated[TimelineRequest, Depends(timeline_request)],
                       fmt: Fmt = "json") -> Response:
    body = await access(request).cached_async(("timeline-" + fmt, story), _timeline_body(request, story, fmt))
    return _download(body, fmt, "timeline")


@router.get("/state", summary="The store's state: changes whenever the store may have (the open page polls it)",
            responses=schemas.responses(schemas.State))
def state_api(request: Request) -> Response:
    return _json({"generation": access(request).token()})


@router.get("/disagreements", summary="Where the sources disagree (dateline disagreements --format json|csv)",
            responses=schemas.responses(list[schemas.Disagreement], csv=True))
def disagreements_api(request: Request, story: Annotated[TimelineRequest, Depends(timeline_request)],
                      fmt: Fmt = "json") -> Response:
    def compute(store: ReadStore):
        found = cached_timeline(request, story).disagreements
        return [disagreement_json(d) for d in found], listings.disagreement_rows(found), listings.DISAGREEMENT_COLUMNS
    return _listing(request, ("disagreements", story), fmt, compute)


@router.get("/entities", summary="Entities (dateline entities --format json|csv)",
            responses=schemas.responses(list[schemas.Entity], csv=True))
def entities_api(request: Request, entity: EntityParam = None,
                 kind: Annotated[str | None, Query(description="person, org, place or other.")] = None,
                 since: Since = None, until: Until = None, fmt: Fmt = "json") -> Response:
    wanted, kind = parse_request(entity=entity, since=since, until=until), blank(kind)

    def compute(store: ReadStore):
        rows = query.list_entities(store, wanted, kind=kind)
        return rows, listings.entity_rows(rows), listings.ENTITY_COLUMNS
    return _listing(request, ("entities", wanted, kind), fmt, compute)


@router.get("/events", summary="Events (dateline events --format json|csv)",
            responses=schemas.responses(list[schemas.Event], csv=True))
def events_api(request: Request, entity: EntityParam = None,
               type: Annotated[str | None, Query(description="Event type code, e.g. CONSULT.")] = None,
               modality: Annotated[str | None, Query(description="happened, planned, expected, ...")] = None,
               since: Since = None, until: Until = None, fmt: Fmt = "json") -> Response:
    wanted, modality = parse_request(entity=entity, event_type=type, since=since, until=until), blank(modality)

    def compute(store: ReadStore):
        rows, outlets = _with_outlets(store, query.list_events(store, wanted, modality=modality))
        return rows, listings.event_rows(rows, outlets), listings.EVENT_COLUMNS
    return _listing(request, ("events", wanted, modality), fmt, compute)


@router.get("/quotes", summary="Quotes (dateline quotes --format json|csv)",
            responses=schemas.responses(list[schemas.Quote], csv=True))
def quotes_api(request: Request, entity: EntityParam = None, since: Since = None, until: Until = None,
               fmt: Fmt = "json") -> Response:
    wanted = parse_request(entity=entity, since=since, until=until)

    def compute(store: ReadStore):
        rows, outlets = _with_outlets(store, query.list_quotes(store, wanted))
        return rows, listings.quote_rows(rows, outlets), listings.QUOTE_COLUMNS
    return _listing(request, ("quotes", wanted), fmt, compute)


@router.get("/claims", summary="Claim groups (dateline claims --format json|csv)",
            responses=schemas.responses(list[schemas.ClaimGroup], csv=True))
def claims_api(request: Request, entity: EntityParam = None,
               status: Annotated[str | None, Query(description="single, consistent, conflicting or changing.")] = None,
               since: Since = None, until: Until = None, fmt: Fmt = "json") -> Response:
    wanted, status = parse_request(entity=entity, since=since, until=until), blank(status)

    def compute(store: ReadStore):
        rows, outlets = _with_outlets(store, query.list_claims(store, wanted, status=status))
        return rows, listings.claim_rows(rows, outlets), listings.CLAIM_COLUMNS
    return _listing(request, ("claims", wanted, status), fmt, compute)


@router.get("/articles", summary="Stored articles (dateline articles --format json|csv)",
            responses=schemas.responses(list[schemas.ArticleRow], csv=True))
def articles_api(request: Request, q: Annotated[str | None, Query(description="Full-text filter.")] = None,
                 duplicates: Annotated[bool, Query(description="Include near-duplicates.")] = False,
                 fmt: Fmt = "json") -> Response:
    args = dict(query=blank(q), duplicates=duplicates)

    def compute(store: ReadStore):
        rows = query.list_articles(store, **args)
        return rows, rows, listings.ARTICLE_COLUMNS
    return _listing(request, ("articles", tuple(args.items())), fmt, compute)


@router.get("/articles/{article_id}", summary="One article with its annotations (dateline show ID --format json)",
            responses=schemas.responses(schemas.Document))
def article_api(request: Request, article_id: str) -> Response:
    store = access(request).store()
    doc = store.load_document(article_id)
    if doc is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return _json(document_json(doc, access(request).cached(("entities",), output.entities)))


@router.get("/stories", summary="Stories (dateline stories --format json|csv)",
            responses=schemas.responses(list[schemas.Story], csv=True))
def stories_api(request: Request, fmt: Fmt = "json") -> Response:
    def compute(store: ReadStore):
        rows = query.list_stories(store)
        return rows, rows, listings.STORY_COLUMNS
    return _listing(request, ("stories",), fmt, compute)


@router.post("/upload", summary="Add articles: multipart files, ingested in the background",
             responses=schemas.responses(schemas.UploadJob, errors={413: "over the upload limit, also once "
                                         "decompressed", 429: "too many uploads waiting", 503: "stopping"}))
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
    from .upload import UploadRefused

    try:
        job = uploads.submit(files)
    except UploadRefused as exc:
        raise HTTPException(exc.status, str(exc), headers={"retry-after": "60"} if exc.status in (429, 503)
                            else None) from None
    return _json(job.json())


@router.get("/upload/{job_id}", summary="Progress of an upload's ingest", responses=schemas.responses(schemas.UploadJob))
def upload_status_api(request: Request, job_id: str) -> Response:
    uploads = request.app.state.uploads
    job = uploads.get(job_id) if uploads is not None else None
    if job is None:
        raise HTTPException(404, f"no upload {job_id!r}")
    return _json(job.json())
