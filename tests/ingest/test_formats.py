"""HTML pages, WARC archives and RSS/Atom feeds, built by hand."""

from __future__ import annotations

import io
from datetime import date

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dateline.errors import InputError
from dateline.ingest.base import RawDoc
from dateline.ingest.feeds import read_feed
from dateline.ingest.html import fragment_text, read_html
from dateline.ingest.warc import read_warc
from dateline.model import DateSource, Precision

PARAS = [
    "The city council approved the new flood barrier after a long debate on Wednesday evening.",
    "Construction is expected to start in the spring and to last about two years, officials said.",
]


def page(*, title="Council backs flood barrier", date_meta='<meta property="article:published_time" content="2023-11-08T18:00:00Z">',
         body=None) -> str:
    body = body if body is not None else "".join(f"<p>{p}</p>" for p in PARAS)
    return (f"<html><head><title>{title} | River Times</title>{date_meta}"
            '<meta property="og:site_name" content="River Times"></head>'
            f"<body><nav>Home | World | Sport</nav><article><h1>{title}</h1>{body}"
            "<p>Advertisement</p></article><footer>Copyright River Times</footer></body></html>")


def test_html_main_text_title_site_and_date():
    doc = read_html(page(), "a.html")
    assert isinstance(doc, RawDoc)
    assert doc.title == "Council backs flood barrier"
    assert doc.source == "River Times"
    assert (doc.published, doc.date_precision, doc.date_source) == (date(2023, 11, 8), Precision.DAY, DateSource.HTML)
    assert doc.text == "\n".join(PARAS)  # headline, navigation and debris gone


def test_html_without_a_date_is_undated():
    doc = read_html(page(date_meta=""), "a.html")
    assert doc.published is None and doc.date_source is DateSource.UNKNOWN


def test_html_without_a_body_is_an_error():
    error = read_html("<html><head><title>Only a title</title></head></html>", "a.html")
    assert isinstance(error, InputError) and error.origin == "a.html" and "no main text" in error.reason


def test_fragment_text():
    assert fragment_text("<p>One <b>bold</b> line.</p><p>Two.<br>Three.</p><script>x()</script>") == "One bold line.\nTwo.\nThree."
    assert fragment_text("plain words") == "plain words"


def _warc_bytes() -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)

    def response(uri: str, content_type: str, payload: bytes):
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.0")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=headers))

    response("https://example.org/barrier", "text/html; charset=utf-8", page().encode())
    response("https://example.org/logo.png", "image/png", b"\x89PNG...")
    response("https://example.org/empty", "text/html", b"<html><head><title>x</title></head></html>")
    return out.getvalue()


def test_warc_html_responses_become_articles():
    items = list(read_warc(io.BytesIO(_warc_bytes()), "crawl.warc.gz", max_record_bytes=10_000_000))
    doc, error = items
    assert isinstance(doc, RawDoc) and doc.origin == "crawl.warc.gz:1"
    assert doc.url == "https://example.org/barrier" and doc.published == date(2023, 11, 8)
    assert isinstance(error, InputError) and error.line == 3  # records are numbered; the image is skipped


def test_a_file_that_is_not_a_warc_is_reported():
    [error] = read_warc(io.BytesIO(b"plain words, not an archive\n" * 5), "bad.warc", max_record_bytes=10_000_000)
    assert isinstance(error, InputError) and error.origin == "bad.warc" and "not a WARC" in error.reason


def test_a_truncated_warc_gives_what_it_holds_without_raising():
    data = _warc_bytes()
    items = list(read_warc(io.BytesIO(data[: len(data) // 2]), "cut.warc.gz", max_record_bytes=10_000_000))
    assert len(items) <= 2


RSS = f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>River Times</title>
<item><title>Council backs flood barrier</title><link>https://example.org/barrier</link>
<pubDate>Wed, 08 Nov 2023 18:00:00 +0000</pubDate><description>&lt;p&gt;{PARAS[0]}&lt;/p&gt;</description></item>
<item><title>No date here</title><description>{PARAS[1]}</description></item>
<item><title>Odd date</title><pubDate>sometime soon</pubDate><description>{PARAS[1]} Again.</description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>River Times</title>
<entry><title>Council backs flood barrier</title><link href="https://example.org/barrier"/>
<published>2023-11-08T18:00:00Z</published><content type="html">&lt;p&gt;{PARAS[0]}&lt;/p&gt;&lt;p&gt;{PARAS[1]}&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_entries():
    first, second, third = read_feed(RSS.encode(), "news.rss")
    assert (first.origin, first.title, first.url, first.source) == (
        "news.rss:1", "Council backs flood barrier", "https://example.org/barrier", "River Times")
    assert (first.published, first.date_source) == (date(2023, 11, 8), DateSource.METADATA)
    assert first.text == PARAS[0]
    assert second.published is None and third.published is None


def test_atom_entries():
    [entry] = read_feed(ATOM.encode(), "news.atom")
    assert entry.text == "\n".join(PARAS) and entry.published == date(2023, 11, 8)


def test_not_a_feed():
    [error] = read_feed(b"<notes><note>hello</note></notes>", "notes.xml")
    assert isinstance(error, InputError) and error.origin == "notes.xml"
