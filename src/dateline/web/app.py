"""The story desk in a browser: the FastAPI app behind ``dateline serve``.

Thin like the CLI: each route parses, calls one library function (through a
cache keyed by the store's state), and renders. Every asset is packaged and
served from a fixed list; nothing is fetched from elsewhere at view time.
"""

from __future__ import annotations

import ipaddress
import logging
import threading
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from jinja2 import PackageLoader
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import DatelineError
from ..render.html import environment
from ..settings import Settings
from ..request import TimelineRequest
from . import api, pages
from .security import Guard, allowed_hosts
from .state import StoreAccess
from .upload import Uploads

log = logging.getLogger(__name__)

# name -> (package, media type): the only files /static serves, so no path ever reaches the disk
STATIC = {
    "dateline.css": ("dateline.render", "text/css; charset=utf-8"),
    "timeline.js": ("dateline.render", "text/javascript; charset=utf-8"),
    "upload.js": ("dateline.web", "text/javascript; charset=utf-8"),
}


def is_loopback(host: str) -> bool:
    """Whether binding to ``host`` keeps the server to this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@lru_cache(maxsize=None)
def _asset(name: str) -> bytes:
    package, _ = STATIC[name]
    return (resources.files(package) / "static" / name).read_bytes()


def _warm(access: StoreAccess, settings: Settings) -> None:
    """Build the default timeline into the cache, as the timeline page and API ask for it."""
    try:
        access.cached(("timeline", TimelineRequest()), lambda store: api.desk_timeline(store, settings,
                                                                                      TimelineRequest()))
    except Exception:  # a store that cannot be read yet shows its error on the first visit instead
        log.warning("could not build the timeline ahead of the first visit", exc_info=True)


def create_app(db_path: Path, settings: Settings | None = None, *, upload: bool = False,
               host: str = "127.0.0.1", allow_hosts: Iterable[str] = (), read_only: bool = False) -> FastAPI:
    """The web app over the store at ``db_path``: read-only unless ``upload``; see :func:`allowed_hosts`.

    Off loopback, uploads need an explicit list of the Host names to answer
    (``allow_hosts``): otherwise a web page anywhere could reach the server
    through a DNS name rebound to it and write to the store.
    """
    loopback = is_loopback(host)
    if upload and not loopback and not list(allow_hosts):
        raise ValueError(f"uploads on {host} need the host names to answer (--allow-host NAME): a page elsewhere "
                         "could otherwise write through a DNS name rebound to this server")
    settings = (settings or Settings()).with_(db_path=Path(db_path))
    access = StoreAccess(Path(db_path))
    uploads = Uploads(Path(db_path), settings, on_done=access.bump) if upload else None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if uploads is not None:
            uploads.start()  # sweeps the upload folders of servers that were killed
        # the first timeline of a large store takes a while: start it now rather than on the first visit
        threading.Thread(target=_warm, args=(access, settings), daemon=True, name="dateline-warm").start()
        try:
            yield
        finally:
            if uploads is not None:
                uploads.shutdown()

    app = FastAPI(title="dateline", version="2", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
                  description="The story desk: every JSON response is the matching CLI command's `--format json`.",
                  lifespan=lifespan)
    app.state.settings = settings
    app.state.access = access
    app.state.uploads = uploads
    app.state.read_only = read_only  # why uploads are off: the Add page says so
    app.state.templates = environment(PackageLoader("dateline.web", "templates"))
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_middleware(Guard, write_paths={"/api/upload"}, max_upload=settings.upload_max_bytes,
                       allowed_hosts=allowed_hosts(host, loopback, allow_hosts))
    _routes(app)
    return app


def _routes(app: FastAPI) -> None:
    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in STATIC:
            raise HTTPException(404, "no such file")
        return Response(_asset(name), media_type=STATIC[name][1], headers={"cache-control": "max-age=300"})

    @app.exception_handler(DatelineError)
    def dateline_error(request: Request, exc: DatelineError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/") or request.url.path.startswith("/static/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        page = pages.render(request, "error.html", status=exc.status_code, detail=str(exc.detail))
        return Response(page, status_code=exc.status_code, media_type="text/html; charset=utf-8")
