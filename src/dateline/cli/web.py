"""`dateline serve`: the story desk in a browser, over the store."""

from __future__ import annotations

from typing import Annotated

import typer

from .app import app
from .common import DbOption, configure_logging, console, db_path, fail, settings_for


@app.command("serve")
def serve_cmd(db: DbOption = None,
              host: Annotated[str, typer.Option("--host", help="Address to listen on; keep the loopback default "
                                                "unless others should reach it.")] = "127.0.0.1",
              port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")] = 8000,
              allow_upload: Annotated[bool, typer.Option("--allow-upload", help="Allow adding articles from the "
                                                         "browser on a non-loopback address.")] = False,
              read_only: Annotated[bool, typer.Option("--read-only", help="Never allow adding articles.")] = False,
              allow_host: Annotated[list[str] | None, typer.Option(
                  "--allow-host", help="A Host name to answer besides the bind address (repeatable); needed for "
                                       "uploads off loopback.")] = None,
              verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log every request.")] = False) -> None:
    """Serve the timeline, disagreements, entities, articles and a JSON API in the browser.

    Adding articles (drag and drop) is on by default on a loopback address only;
    elsewhere it needs --allow-upload and the names the server is reached by
    (--allow-host). Every JSON response is what the matching command prints with
    --format json.

    Example: dateline serve --db story.db --port 8000
    """
    import uvicorn

    from ..web import create_app
    from ..web.app import is_loopback

    configure_logging(verbose)
    path = db_path(db)
    upload = not read_only and (allow_upload or is_loopback(host))
    if upload and not is_loopback(host) and not allow_host:
        fail(f"--allow-upload on {host} needs the names this server is reached by: add --allow-host NAME "
             "(a page elsewhere could otherwise write through a DNS name rebound to it)")
    if not path.exists() and not upload:
        fail(f"no store at {path}: run `dateline ingest PATH --db {path}` first, or serve it with uploads on")
    web = create_app(path, settings_for(db), upload=upload, host=host, allow_hosts=allow_host or (),
                     read_only=read_only)
    where = f"[{host}]" if ":" in host else host
    console.print(f"serving {path} on http://{where}:{port}/ ({'uploads on' if upload else 'read-only'}); "
                  "Ctrl-C stops it", highlight=False, markup=False)
    uvicorn.run(web, host=host, port=port, log_level="info" if verbose else "warning",
                limit_concurrency=200, timeout_keep_alive=5)
