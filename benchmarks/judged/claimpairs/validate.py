"""Join the sampler's candidates with the hand labels into items.jsonl, and check every item resolves.

    python validate.py --write   # candidates.jsonl + labels.jsonl -> items.jsonl, then check it
    python validate.py           # check items.jsonl only (what a test would run)

Checks: every figure lies inside its benchmark file (T17: character offsets on token
boundaries of the raw file, inside the sentence span; ECB+: the token ids exist in the
named sentence), spans are non-empty, ``half`` follows ``zlib.crc32(file) % 2``, labels
come from the allowed sets and agree with each other, intervals are ordered, keys are at
most six lowercase words, and no label text repeats six consecutive words of the figure's
sentence (labels are in the labeller's own words). Exit code 1 and one line per problem
when anything fails; the benchmark files are looked up under ``$CLAIMPAIRS_BENCH`` or
``../shared/benchmarks`` beside the repository (checks that need them are skipped, with a
note, when they are absent).
"""

from __future__ import annotations

import json
import os
import re
import sys
import xml.etree.ElementTree as ET
import zlib
from datetime import date
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
BENCH = Path(os.environ.get("CLAIMPAIRS_BENCH", REPO / ".." / "shared" / "benchmarks")).resolve()

RELATIONS = ("conflict", "compatible", "update", "different", "unrelated")
SAME_QUANTITY = {"conflict", "compatible", "update"}
STRATA = ("a", "b", "c", "d")
CATEGORIES = ("date", "year", "age", "clock_time", "ordinal", "phone", "score", "list_item", "byline_nav")
PAIR_LABELS = ("relation", "same_quantity", "independent", "same_day", "ambiguous", "acceptable", "why")
FIGURE_LABELS = ("value_low", "value_high", "unit", "counted", "as_of", "outlet")


def half(file: str) -> str:
    return "tune" if zlib.crc32(file.encode()) % 2 == 0 else "check"


@lru_cache(maxsize=1024)
def _text(rel: str) -> str:
    return (BENCH / rel).read_text(encoding="utf-8", errors="replace")


@lru_cache(maxsize=1024)
def _ecb_sentences(rel: str) -> dict[int, dict[int, str]]:
    out: dict[int, dict[int, str]] = {}
    for t in ET.parse(BENCH / rel).getroot().iter("token"):
        out.setdefault(int(t.get("sentence")), {})[int(t.get("t_id"))] = t.text or ""
    return out


def figure_text(fig: dict) -> tuple[str, str]:
    """(span text, sentence text) of a figure in its benchmark file."""
    if "tokens" in fig:
        sent = _ecb_sentences(fig["file"])[fig["sentence"]]
        return " ".join(sent[t] for t in fig["tokens"]), " ".join(sent.values())
    raw = _text(fig["file"])
    return raw[fig["start"]:fig["end"]], raw[fig["sent_start"]:fig["sent_end"]]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:[.,][0-9]+)*", text.lower())


def _copies(label: str, sentence: str, n: int = 6) -> bool:
    """Whether a label repeats n consecutive words of the sentence."""
    sw, lw = _words(sentence), _words(label)
    grams = {tuple(sw[i:i + n]) for i in range(len(sw) - n + 1)}
    return any(tuple(lw[i:i + n]) in grams for i in range(len(lw) - n + 1))


def check_figure(fig: dict, where: str, labelled: bool) -> list[str]:
    errs = []
    file = fig.get("file", "")
    if fig.get("half") != half(file):
        errs.append(f"{where}: half {fig.get('half')!r} is not {half(file)!r}")
    key = fig.get("key", "")
    if len(key.split()) > 6 or key != key.lower():
        errs.append(f"{where}: key {key!r} is not at most six lowercase words")
    if labelled:
        missing = [k for k in FIGURE_LABELS if k not in fig]
        if missing:
            errs.append(f"{where}: missing {missing}")
        else:
            lo, hi = fig["value_low"], fig["value_high"]
            if not isinstance(lo, (int, float)) or hi is not None and (not isinstance(hi, (int, float)) or hi < lo):
                errs.append(f"{where}: interval {lo!r}..{hi!r}")
            if not re.fullmatch(r"[a-z_]+", fig["unit"] or ""):
                errs.append(f"{where}: unit {fig['unit']!r}")
            if not fig["counted"] or len(fig["counted"].split()) > 6 or fig["counted"] != fig["counted"].lower():
                errs.append(f"{where}: counted {fig['counted']!r} is not 1-6 lowercase words")
            if fig["as_of"]:
                try:
                    date.fromisoformat(fig["as_of"])
                except ValueError:
                    errs.append(f"{where}: as_of {fig['as_of']!r}")
    if not BENCH.is_dir():
        return errs
    if not (BENCH / file).is_file():
        return errs + [f"{where}: no file {file}"]
    if "tokens" in fig:
        sents = _ecb_sentences(file)
        sent = sents.get(fig.get("sentence"))
        if sent is None or not fig["tokens"] or any(t not in sent for t in fig["tokens"]):
            errs.append(f"{where}: tokens {fig.get('tokens')} not all in sentence {fig.get('sentence')}")
    else:
        raw = _text(file)
        s, e, ss, se = fig["start"], fig["end"], fig["sent_start"], fig["sent_end"]
        if not (0 <= ss <= s < e <= se <= len(raw)):
            errs.append(f"{where}: offsets {ss}<={s}<{e}<={se}<={len(raw)} do not hold")
        elif not raw[s:e].strip() or (s > 0 and not raw[s - 1].isspace()) or (e < len(raw) and not raw[e].isspace()):
            errs.append(f"{where}: span {s}-{e} is empty or not on token boundaries")
        elif not re.search(r"\d|[a-z]", raw[s:e].lower()):
            errs.append(f"{where}: span {s}-{e} holds no number")
    return errs


def check_item(item: dict) -> list[str]:
    where = item.get("id", "?")
    errs = []
    if item.get("kind") == "not_a_claim":
        if item.get("category") not in CATEGORIES:
            errs.append(f"{where}: category {item.get('category')!r}")
        errs += check_figure(item["figure"], where, labelled=False)
        if item["figure"].get("half") != item.get("half"):
            errs.append(f"{where}: item half differs from its figure's")
        if BENCH.is_dir() and not errs and _copies(item.get("why", ""), figure_text(item["figure"])[1]):
            errs.append(f"{where}: why repeats the article's words")
        return errs
    if item.get("kind") != "pair":
        return [f"{where}: kind {item.get('kind')!r}"]
    if item.get("stratum") not in STRATA:
        errs.append(f"{where}: stratum {item.get('stratum')!r}")
    missing = [k for k in PAIR_LABELS if k not in item]
    if missing:
        return errs + [f"{where}: missing {missing}"]
    rel, acc = item["relation"], item["acceptable"]
    if rel not in RELATIONS or any(a not in RELATIONS for a in acc) or rel not in acc:
        errs.append(f"{where}: relation {rel!r} / acceptable {acc!r}")
    if item["same_quantity"] != (rel in SAME_QUANTITY):
        errs.append(f"{where}: same_quantity disagrees with relation")
    if item["ambiguous"] != (len(acc) > 1):
        errs.append(f"{where}: ambiguous disagrees with acceptable")
    a, b = item["a"], item["b"]
    if item["same_day"] != bool(a.get("as_of") and a.get("as_of") == b.get("as_of")):
        errs.append(f"{where}: same_day disagrees with as_of")
    if a["file"] == b["file"]:
        errs.append(f"{where}: both figures in one article")
    if item.get("half") != half(min(a["file"], b["file"])):
        errs.append(f"{where}: pair half is not that of its first file")
    if not item["why"].strip():
        errs.append(f"{where}: empty why")
    errs += check_figure(a, where + ".a", labelled=True) + check_figure(b, where + ".b", labelled=True)
    if not errs and a["unit"] == b["unit"] and not item["ambiguous"] and rel in SAME_QUANTITY:
        # the rubric: overlap first -- compatible exactly when the intervals (same unit) overlap
        inf = float("inf")
        overlap = max(a["value_low"], b["value_low"]) <= min(a["value_high"] if a["value_high"] is not None else inf,
                                                             b["value_high"] if b["value_high"] is not None else inf)
        if overlap != (rel == "compatible"):
            errs.append(f"{where}: {rel} but the intervals {'overlap' if overlap else 'do not overlap'}")
    if BENCH.is_dir() and not errs:
        for fig in (a, b):
            sentence = figure_text(fig)[1]
            # keys may repeat the figure itself ("25,000 to 30,000 barrels"): that is what they are for
            if any(_copies(t, sentence) for t in (item["why"], fig["counted"])):
                errs.append(f"{where}: a label repeats the article's words")
    return errs


def merge(candidates: Path, labels: Path) -> tuple[list[dict], list[str]]:
    """Items from candidates joined with labels; not_a_claim candidates judged to be claims are left out."""
    labs = {}
    for n, line in enumerate(labels.read_text(encoding="utf-8").splitlines(), 1):
        lab = json.loads(line)
        if lab["id"] in labs:
            raise SystemExit(f"{labels}:{n}: duplicate id {lab['id']}")
        labs[lab["id"]] = lab
    items, notes = [], []
    for line in candidates.read_text(encoding="utf-8").splitlines():
        cand = json.loads(line)
        lab = labs.pop(cand["id"], None)
        if lab is None:
            notes.append(f"{cand['id']}: not labelled")
            continue
        if cand["kind"] == "not_a_claim":
            if not lab["not_a_claim"]:
                notes.append(f"{cand['id']}: left out, judged a claim ({lab['category']})")
                continue
            items.append({"id": cand["id"], "kind": "not_a_claim", "stratum": "n", "half": cand["half"],
                          "category": lab["category"], "why": lab["why"], "figure": cand["figure"]})
            continue
        item = {k: cand[k] for k in ("id", "kind", "stratum", "family", "half", "draw")}
        item.update({k: lab[k] for k in PAIR_LABELS})
        for side in ("a", "b"):
            item[side] = {**cand[side], **lab[side]}
        items.append(item)
    notes += [f"{i}: label without candidate" for i in labs]
    return items, notes


def main(argv: list[str]) -> int:
    path = HERE / "items.jsonl"
    if "--write" in argv:
        items, notes = merge(HERE / "candidates.jsonl", HERE / "labels.jsonl")
        with path.open("w", encoding="utf-8") as f:
            for item in items:
                f.write(json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n")
        for note in notes:
            print(note)
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    ids = [i["id"] for i in items]
    errs = [f"duplicate id {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for item in items:
        errs += check_item(item)
    if not BENCH.is_dir():
        print(f"note: {BENCH} is absent; file checks skipped")
    for e in errs:
        print(e)
    print(f"{len(items)} items, {len(errs)} problems")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
