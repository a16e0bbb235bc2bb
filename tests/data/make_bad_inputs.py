"""Build the bad-input corpus: each broken input next to a few good ones.

Used by ``tests/ingest/test_bad_inputs.py``; run it by hand to get the corpus
on disk (``python tests/data/make_bad_inputs.py /tmp/bad``). Nothing it
writes is committed: the 50 MB file is generated each time.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

# Invented prose, long enough to pass min_text_chars.
SENTENCE = "The harbour authority reopened the eastern pier on Monday after a week of repairs."
PARAGRAPH = " ".join([SENTENCE] * 3)
BIG_FILE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Expected:
    """What reading one input file must give."""

    name: str  # file name inside the corpus folder
    errors: tuple[tuple[str, int | None], ...] = ()  # (message fragment, line) per InputError
    good: int = 0  # articles that must still come out of the file


def _big_text(path: Path) -> None:
    block = ((SENTENCE + "\n") * 200 + "\n").encode("utf-8")
    with path.open("wb") as handle:
        for _ in range(BIG_FILE_BYTES // len(block) + 1):
            handle.write(block)


def build(folder: Path, *, big: bool = True) -> list[Expected]:
    """Write the corpus into ``folder``; return what each file must yield."""
    folder.mkdir(parents=True, exist_ok=True)
    out: list[Expected] = []

    def add(name: str, content: bytes | str, expected: Expected) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
        out.append(expected)

    add("empty.txt", b"", Expected("empty.txt", (("empty file", None),)))
    add("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        Expected("binary.txt", (("binary", None),)))
    add("invalid-utf8.txt", b"Harbour news \x81\x8d\x8f\x90\x9d " + PARAGRAPH.encode(),
        Expected("invalid-utf8.txt", (("not UTF-8", None),)))
    add("windows.txt", ("Caf\u00e9 owners on the quay \u2013 \u201cbusy\u201d again. " + PARAGRAPH).encode("cp1252"),
        Expected("windows.txt", good=1))
    records = [{"id": "a", "text": PARAGRAPH}, {"id": "b", "text": PARAGRAPH + " Again."}]
    jsonl = "\n".join([json.dumps(records[0]), '{"id": "c", "text": "broken" "line"}', json.dumps(records[1]),
                       '["not", "an", "object"]', json.dumps({"id": "d", "title": "no text"}),
                       json.dumps({"id": "e", "title": "blank", "text": ""})])
    add("mixed.jsonl", jsonl, Expected("mixed.jsonl", (("invalid JSON", 2), ("expected a JSON object", 4),
                                                      ("no text field", 5), ("empty text field", 6)), good=2))
    add("no-text.csv", "id,title,url\n1,Pier,https://example.org/1\n",
        Expected("no-text.csv", (("no text column", 1),)))
    add("no-body.html", "<html><head><title>Harbour news</title></head></html>",
        Expected("no-body.html", (("no main text", None),)))
    add("short.txt", "Pier reopened.", Expected("short.txt", (("too little text", None),)))
    add("data.xyz", b"\x00\x01\x02\x03binary blob" * 10, Expected("data.xyz", (("extension .xyz", None),)))
    add("notes.log", PARAGRAPH, Expected("notes.log", good=1))  # unknown extension, but text: read
    add("good.txt", PARAGRAPH, Expected("good.txt", good=1))
    if big:
        _big_text(folder / "big.txt")
        # read in one pass, then refused as one article far over max_article_chars
        out.append(Expected("big.txt", (("max_article_chars", None),)))
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "bad-inputs")
    for item in build(target):
        print(item.name, item.errors or f"{item.good} good")
