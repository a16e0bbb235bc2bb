"""A news site on 127.0.0.1 for the watch tests: an RSS feed, a sitemap and article pages, growing on demand.

The reports are written for these tests (a ferry line on a fictional coast); the
site serves whatever ``pages`` holds at the moment of each request, so a test adds
a report between two polls and the next poll finds it.
"""

from __future__ import annotations

import threading
from email.utils import format_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REPORTS = [
    ("2025-06-02", "Ferry line to Osterholm opens",
     "The new ferry line between Lindholm and the island of Osterholm opened on Monday, the operator said. "
     "Two boats will run every hour in summer and every two hours in winter."),
    ("2025-06-04", "Ferry crews strike over rosters",
     "Crews of the Osterholm ferry stopped work on Wednesday over new rosters, the union said. "
     "About 1,200 passengers were told to take the bridge road instead."),
    ("2025-06-06", "Ferry strike ends after talks",
     "The strike on the Osterholm ferry ended on Friday after talks in Lindholm, the operator said. "
     "Boats will run to the summer timetable again from Saturday morning."),
]


def page(title: str, day: str, text: str) -> bytes:
    paragraphs = "".join(f"<p>{s.strip()}.</p>" for s in text.split(". ") if s.strip())
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title} | Coast Post</title>
<meta property="og:site_name" content="Coast Post">
<meta property="article:published_time" content="{day}T08:00:00Z"></head>
<body><nav><a href="/">Home</a></nav><article><h1>{title}</h1>{paragraphs.replace('..', '.')}</article>
<footer>Coast Post</footer></body></html>""".encode()


class Site:
    """The site's pages by path; ``add(i)`` publishes report ``i`` in the feed and the sitemap."""

    def __init__(self) -> None:
        self.published: list[int] = []
        self.broken: set[str] = set()  # paths answered with 500
        self.requests: list[str] = []
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                with site.lock:
                    site.requests.append(self.path)
                    body, kind = site.body(self.path)
                if body is None:
                    self.send_error(404 if self.path not in site.broken else 500)
                    return
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def add(self, i: int) -> None:
        with self.lock:
            self.published.append(i)

    def body(self, path: str) -> tuple[bytes | None, str]:
        if path in self.broken:
            return None, ""
        if path == "/feed.rss":
            return self.feed(), "application/rss+xml"
        if path == "/sitemap.xml":
            locs = "".join(f"<url><loc>{self.url}/news/{i}</loc></url>" for i in self.published)
            return (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}'
                    "</urlset>").encode(), "application/xml"
        if path.startswith("/news/") and path[6:].isdigit() and int(path[6:]) in self.published:
            day, title, text = REPORTS[int(path[6:])]
            return page(title, day, text), "text/html; charset=utf-8"
        return None, ""

    def feed(self) -> bytes:
        items = ""
        for i in self.published:
            day, title, text = REPORTS[i]
            when = format_datetime(datetime.fromisoformat(day).replace(hour=8, tzinfo=timezone.utc))
            items += (f"<item><title>{title}</title><link>{self.url}/news/{i}</link><pubDate>{when}</pubDate>"
                      f"<description>{text[:60]}</description></item>")
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Coast Post</title>'
                f"<link>{self.url}/</link><description>News</description>{items}</channel></rss>").encode()

    def __enter__(self) -> "Site":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
