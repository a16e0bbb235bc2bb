"""Safe by default: methods, hosts, origins and body sizes checked before a request reaches a route.

A local web server is reachable by any page the user opens (a form posted to
127.0.0.1, a DNS name rebound to it), so on a loopback bind only loopback Host
names are served and a write must come from the app's own pages.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# No inline script or style, nothing from elsewhere: article text that slipped
# past escaping still could not run.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
MAX_BODY = 64 * 1024  # a request other than an upload carries no body worth more


def host_name(value: str) -> str:
    """'127.0.0.1:8000' -> '127.0.0.1'; '[::1]:8000' -> '[::1]'; names in lower case."""
    value = value.strip().lower().rstrip(".")
    if value.startswith("["):
        return value.split("]")[0] + "]"
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def host_names(host: str) -> set[str]:
    """The Host header values that name a bind address: '::1' is written '[::1]' in a Host header."""
    host = host.strip().lower().strip("[]")
    if host in ("", "0.0.0.0", "::"):  # every address: it names no one host
        return set()
    return {host, f"[{host}]"} if ":" in host else {host}


def allowed_hosts(host: str, loopback: bool, extra: Iterable[str] = ()) -> frozenset[str] | None:
    """The Host names a server bound to ``host`` answers: None means any.

    The bind address itself is always one of them (a server on 127.0.0.2 answers
    to 127.0.0.2); on loopback, the loopback names too, and nothing else unless
    listed. Off loopback with no list, any name is answered: that server is
    read-only (``dateline serve`` refuses uploads there without a list).
    """
    names = set(host_names(host)) | {n for x in extra for n in host_names(x)}
    if loopback:
        return frozenset(LOOPBACK_NAMES | names)
    return frozenset(names) if set(extra) else None


class Guard:
    """ASGI middleware: allowed methods and hosts, same-origin writes, bounded bodies, security headers."""

    def __init__(self, app: ASGIApp, *, write_paths: Iterable[str] = (), max_upload: int = MAX_BODY,
                 allowed_hosts: Iterable[str] | None = None):
        self.app = app
        self.write_paths = frozenset(write_paths)
        self.max_upload = max_upload
        self.allowed_hosts = frozenset(allowed_hosts) if allowed_hosts is not None else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        problem = self._refuse(scope, headers)
        if problem is not None:
            await _reply(send, *problem)
            return
        limit = self.max_upload if scope["path"] in self.write_paths else MAX_BODY
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _reply(send, 413, f"request body over {limit} bytes")
            return
        await self.app(scope, _bounded(receive, limit), _with_headers(send))

    def _refuse(self, scope: Scope, headers: Headers) -> tuple[int, str] | None:
        if self.allowed_hosts is not None and host_name(headers.get("host", "")) not in self.allowed_hosts:
            return 400, "unknown Host: this server answers to its own address and the names it was given only"
        method, path = scope["method"], scope["path"]
        if method in ("GET", "HEAD"):
            return None
        if method != "POST" or path not in self.write_paths:
            return 405, "this server is read-only here"
        origin = headers.get("origin")
        if origin is not None and origin.split("://", 1)[-1] != headers.get("host", ""):
            return 403, "writes are accepted from this app's own pages only"
        return None


def _bounded(receive: Receive, limit: int) -> Receive:
    """Count the body as it arrives and stop it past the limit (a chunked body declares no length)."""
    received = 0

    async def inner() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise HTTPException(413, f"request body over {limit} bytes")
        return message

    return inner


def _with_headers(send: Send) -> Send:
    async def inner(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            for name, value in SECURITY_HEADERS.items():
                if name not in headers:
                    headers[name] = value
        await send(message)

    return inner


async def _reply(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
