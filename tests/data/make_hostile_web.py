"""Build the hostile web corpus: names, encodings, broken archives and odd values a crawl brings.

Used by ``tests/ingest/test_hostile_web.py`` (a sample runs in CI) and by
``benchmarks/soak.py`` (all of it, through every default stage). Every text is
this file's own prose. Run it by hand to get the corpus on disk:

    python tests/data/make_hostile_web.py /tmp/hostile

Each input comes with what ingesting it must give: how many articles are
stored, which one-line messages name what is broken, and words the stored text
must hold (the proof that an encoding was read right).
"""

from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path

# Invented news, long enough for trafilatura to take it as a page's main text.
HARBOUR = ("The harbour board of Lakemouth reopened the eastern pier on Monday after six weeks of repairs. "
           "Fishing crews queued from dawn to land their first full catch since the storm in the spring. "
           "Engineers said the new concrete deck should last for forty years if it is kept clear of ice.")
FERRY = ("The evening ferry to Dunmere ran an hour late on Thursday while the crew replaced a pump. "
         "Passengers waited in the terminal cafe, where the owner handed out tea to everyone in the queue.")
ZH = ("港口管理局周一宣布，东侧码头在六周的维修后重新开放。渔民们从清晨开始排队，"
      "准备卸下暴风雨以来的第一批满载渔获。工程师表示，新的混凝土甲板如果保持无冰，可以使用四十年。")
PL = ("Zarząd portu ogłosił w poniedziałek, że wschodnie nabrzeże jest znów otwarte po sześciu tygodniach "
      "napraw. Rybacy ustawili się w kolejce już o świcie, żeby wyładować pierwszy pełny połów od burzy.")
CS = ("Správa přístavu v pondělí oznámila, že východní molo je po šesti týdnech oprav znovu otevřené. "
      "Rybáři stáli ve frontě už od úsvitu, aby vyložili první plný úlovek od jarní bouře.")
DE = ("Die Hafenverwaltung hat am Montag den östlichen Pier nach sechs Wochen Reparaturen wieder geöffnet. "
      "Die Fischer standen schon im Morgengrauen Schlange, um ihren ersten vollen Fang seit dem Sturm zu löschen.")
RU = ("Управление порта в понедельник открыло восточный причал после шести недель ремонта. "
      "Рыбаки с рассвета стояли в очереди, чтобы выгрузить первый полный улов после весеннего шторма.")
FR = ("Le port a rouvert lundi la jetée est après six semaines de travaux. Les pêcheurs faisaient la queue "
      "dès l'aube pour débarquer leur première pêche complète depuis la tempête du printemps.")


@dataclass(frozen=True)
class Expected:
    """What ingesting one input must give."""

    name: str  # file name in the corpus folder, as the origin shows it
    stored: int  # articles stored from it
    errors: tuple[tuple[str, int | None], ...] = ()  # (message fragment, line) of each one-line error
    words: tuple[str, ...] = ()  # words its stored text must hold (an encoding read right)
    published: str = ""  # the publication date its article must get ("" to not check)


def page(title: str, body: str, head: str = "", charset: str = "") -> str:
    """An HTML page whose article is ``body`` (paragraphs split on ". ")."""
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    paragraphs = "".join(f"<p>{p.strip()}.</p>" for p in body.split(". ") if p.strip())
    return (f"<html><head>{meta}<title>{title}</title>{head}</head><body><nav>Home | News | Sport</nav>"
            f"<article><h1>{title}</h1>{paragraphs}{paragraphs}</article><footer>Contact us</footer></body></html>")


def warc(pages: int, *, gzipped: bool, name: str) -> tuple[bytes, list[int]]:
    """A WARC of ``pages`` HTML responses and the offset of each record (and of the end)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    offsets = []
    for i in range(pages):
        offsets.append(out.tell())
        html = page(f"Pier news {i}", f"Report number {i} of {name}. {HARBOUR} {FERRY}").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://example.org/pier/{i}", "response",
                                                      payload=io.BytesIO(html), http_headers=headers))
    offsets.append(out.tell())
    return out.getvalue(), offsets


def feed(entries: int) -> bytes:
    """An RSS feed of ``entries`` items."""
    items = "".join(
        f"<item><title>Quay report {i}</title><link>https://example.org/quay/{i}</link>"
        f"<description>Report {i}. {HARBOUR}</description><pubDate>Mon, 0{1 + i % 9} Apr 2024 08:00:00 +0000</pubDate>"
        "</item>" for i in range(entries))
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Quay</title>{items}</channel></rss>'.encode()


def build(folder: Path) -> list[Expected]:
    """Write the corpus into ``folder``; return what each input must give."""
    folder.mkdir(parents=True, exist_ok=True)
    out: list[Expected] = []

    def add(name: str | bytes, content: bytes | str, expected: Expected) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = folder.joinpath(name.decode("utf-8", "surrogateescape") if isinstance(name, bytes) else name)
        path.write_bytes(data)
        out.append(expected)

    _names_and_values(add)
    _encodings(add)
    _archives(add)
    _dates(add)
    return out


def _names_and_values(add) -> None:
    # a file name that is not UTF-8 (latin-1 "café"), beside a good file
    add(b"caf\xe9.txt", f"{HARBOUR} Filed from the cafe.", Expected("caf\\xe9.txt", 1, words=("eastern pier",)))
    add("good.txt", FERRY, Expected("good.txt", 1))
    lines = [json.dumps({"id": "a", "text": f"{FERRY} Half an emoji: \ud83d in the middle."}),
             json.dumps({"id": "b", "title": "Quay \ud83d update", "text": f"{HARBOUR} A copy with a title."}),
             json.dumps({"id": "c", "text": f"Crew notes.\u0000 {FERRY} A NUL was here."}),
             '{"id": "d", "text": "The harbour master wrote a note that ends in the mid']
    add("values.jsonl", "\n".join(lines) + "\n",
        Expected("values.jsonl", 3, (("Unterminated string starting at column", 4),)))


def _encodings(add) -> None:
    add("gb2312.html", page("港口新闻", ZH + "国标编码。", charset="gb2312").encode("gb2312"),
        Expected("gb2312.html", 1, words=("码头",)))
    add("gbk.html", page("港口新闻", ZH + "扩展编码。", head='<meta charset="GBK">').encode("gbk"),
        Expected("gbk.html", 1, words=("混凝土",)))
    add("latin2.html", page("Wiadomości portowe", PL, charset="ISO-8859-2").encode("iso-8859-2"),
        Expected("latin2.html", 1, words=("nabrzeże",)))
    add("cp1250.html", page("Zprávy z přístavu", CS, charset="windows-1250").encode("cp1250"),
        Expected("cp1250.html", 1, words=("přístavu",)))
    add("latin1.html", page("Hafennachrichten", DE, charset="iso-8859-1").encode("latin-1"),
        Expected("latin1.html", 1, words=("Hafenverwaltung", "östlichen")))
    add("cp1251.html", page("Новости порта", RU, head='<meta charset="windows-1251">').encode("cp1251"),
        Expected("cp1251.html", 1, words=("причал",)))
    add("russian.txt", RU.encode("cp1251"), Expected("russian.txt", 1, words=("Рыбаки",)))
    add("french.txt", FR.encode("latin-1"), Expected("french.txt", 1, words=("jetée", "pêcheurs")))
    lines = [json.dumps({"text": f"{HARBOUR} Line one."}).encode(),
             json.dumps({"text": f"{FR} Ligne deux."}, ensure_ascii=False).encode("latin-1"),
             b'{"text": "Bytes no code page reads \x81\x8d\x8f\x90\x9d as text"}',
             json.dumps({"text": f"{FERRY} Line four."}, ensure_ascii=False).encode()]
    add("mixed-lines.jsonl", b"\n".join(lines) + b"\n",
        Expected("mixed-lines.jsonl", 3, (("not UTF-8 (invalid byte 0x81", 3),), words=()))


def _archives(add) -> None:
    data, offsets = warc(30, gzipped=True, name="the first archive")
    broken = bytearray(data)
    middle = (offsets[14] + offsets[15]) // 2
    broken[middle:middle + 48] = b"\x00" * 48  # record 15's gzip member is damaged
    add("broken.warc.gz", bytes(broken), Expected("broken.warc.gz", 29, (("corrupt record", 15),)))
    plain, offsets = warc(30, gzipped=False, name="the second archive")
    cut = offsets[29] + (offsets[30] - offsets[29]) // 3
    add("cut.warc", plain[:cut], Expected("cut.warc", 29, (("record cut short", 30),)))
    data, offsets = warc(12, gzipped=True, name="the third archive")
    add("cut.warc.gz", data[:offsets[11] + (offsets[12] - offsets[11]) // 2],
        Expected("cut.warc.gz", 11, (("record cut short", 12),)))
    rss = feed(10)
    add("cut.rss", rss[:rss.index(b"<item>", rss.index(b"Quay report 8")) + 80],
        Expected("cut.rss", 9, (("entry cut short", 10),)))


def _dates(add) -> None:
    far = f"{HARBOUR} The lease on the old warehouse runs until December 31, 9999 on paper."
    add("far-future.jsonl", json.dumps({"text": far, "date": "2023-06-01"}) + "\n",
        Expected("far-future.jsonl", 1, published="2023-06-01"))
    add("year-9999.jsonl", json.dumps({"text": f"{FERRY} Dated far ahead.", "date": "9999-12-31"}) + "\n",
        Expected("year-9999.jsonl", 1))
    add("cjk-date.html", page("港口新闻", ZH + "三月的报道。", head='<meta name="pubdate" content="2024年3月15日">'),
        Expected("cjk-date.html", 1, published="2024-03-15"))
    add("no-text.html", "<html><head><title>Wait</title><script src='/check.js'></script></head><body></body></html>",
        Expected("no-text.html", 0, (("no main text", None),)))


def file_of(origin: str) -> str:
    """The file name of an origin (``path`` or ``path:line``), as :class:`Expected` names it."""
    head, _, line = origin.rpartition(":")
    return Path(head if line.isdigit() else origin).name


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-web")
    for item in build(target):
        print(item.name, item.stored, item.errors or "")
