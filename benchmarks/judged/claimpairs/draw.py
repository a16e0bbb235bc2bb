"""The candidate draw of the claimpairs set: strata a-d of figure pairs and never-a-claim singles.

Deterministic: every random choice comes from ``random.Random`` seeded per stratum, over
inputs read in sorted order. Stores are read with sqlite3 (read-only), so the draw does
not depend on the code that built them beyond their tables.

Strata (see README.md):
  a  pairs the shipped claim grouping puts in one group (groups of the stores, about half
     of the quota from groups flagged conflicting, one pair per group)
  b  pairs sharing unit and head noun (of the shipped extractor's claims) across articles
     of one topic family within 7 days: the future baseline's positives
  c  figures about one event from different outlets: ECB+ sub-topics and T17 families on
     the same day; same head word, about 2/3 with different values
  d  random pairs of figures within a topic (controls)
  n  figures never to be claims (dates, ages, clock times, ordinals, scores, ...)
"""

from __future__ import annotations

import json
import re
import sqlite3
import xml.etree.ElementTree as ET
import zlib
from collections import defaultdict
from datetime import date
from functools import lru_cache
from pathlib import Path

from figures import Figure, find_figures, merge_split_numbers, whitespace_tokens

SET = "claimpairs"
QUOTA_A = {"bpoil": 28, "H1N1": 20, "haiti": 8, "Finan": 6, "IraqWar": 5, "MJ": 3}
QUOTA_B = {"bpoil": 25, "H1N1": 20, "haiti": 10, "Finan": 6, "IraqWar": 6, "MJ": 3}
QUOTA_C_ECB, QUOTA_C_T17 = 10, 6  # drawn by the head-word heuristic, beside the hand picks (picks.jsonl)
QUOTA_D = {"t17": 12, "ecb": 8}
QUOTA_N = {"date": 5, "year": 3, "age": 5, "clock_time": 5, "ordinal": 5, "score": 4, "phone": 2,
           "byline_nav": 5}
SINGLE_FOLDERS = {"haiti": "haiti_bbc", "Finan": "Finan_washingtonpost", "IraqWar": "IraqWar_guardian",
                  "MJ": "MJ_bbc"}


def half(file: str) -> str:
    return "tune" if zlib.crc32(file.encode()) % 2 == 0 else "check"


# -- raw T17 files -----------------------------------------------------------------------------
class Bench:
    def __init__(self, root: Path):
        self.root = root

    @lru_cache(maxsize=4096)
    def text(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8", errors="replace")

    def t17_rel(self, ext_id: str) -> str:
        folder, day, name = ext_id.split("/")
        return f"t17/{folder}/InputDocs/{day}/{name}"

    def raw_span(self, rel: str, stored: str, start: int, end: int) -> tuple[int, int] | None:
        """Offsets in the raw file of a span of the stored text (the raw text stripped, maybe cleaned)."""
        raw = self.text(rel)
        lead = len(raw) - len(raw.lstrip())
        if raw.strip() == stored:
            s, e = start + lead, end + lead
        else:  # cleanup changed the text: find the span with growing context, unique in the raw file
            s = e = None
            for ctx in (80, 40, 20, 10):
                piece = stored[max(0, start - ctx):end + ctx]
                if raw.count(piece) == 1:
                    at = raw.index(piece) + (start - max(0, start - ctx))
                    s, e = at, at + (end - start)
                    break
            if s is None:
                return None
        if raw[s:e] != stored[start:end]:
            return None
        # on token boundaries of the raw (whitespace-tokenised) file
        while s > 0 and not raw[s - 1].isspace():
            s -= 1
        while e < len(raw) and not raw[e].isspace():
            e += 1
        return s, e

    def sentence(self, rel: str, start: int, end: int) -> tuple[int, int]:
        """The sentence of a span: its line, cut at sentence-final tokens (". ", "? ", "! ")."""
        raw = self.text(rel)
        ls = raw.rfind("\n", 0, start) + 1
        le = raw.find("\n", end)
        le = len(raw) if le < 0 else le
        cuts = sorted({ls, le} | {ls + m.end() for m in re.finditer(r"(?<= )[.?!](?: '')?(?= \S)", raw[ls:le])})
        s = max(c for c in cuts if c <= start)
        e = min(c for c in cuts if c >= end)
        while s < e and raw[s].isspace():
            s += 1
        while e > s and raw[e - 1].isspace():
            e -= 1
        return s, e


def _key(text: str, head: str = "") -> str:
    words = re.findall(r"[a-z0-9.,$#%£€-]+", text.lower())[:5]
    if head and head not in words:
        words.append(head)
    return " ".join(words[:6])


def t17_figure(bench: Bench, rel: str, start: int, end: int, head: str = "") -> dict:
    raw = bench.text(rel)
    ss, se = bench.sentence(rel, start, end)
    folder, _, day = rel.split("/")[1:4]
    return {"file": rel, "start": start, "end": end, "sent_start": ss, "sent_end": se,
            "published": day, "outlet": folder.rsplit("_", 1)[-1], "key": _key(raw[start:end], head),
            "half": half(rel)}


# -- stores ------------------------------------------------------------------------------------
class StoreClaims:
    """Articles, claims and claim groups of one store, claims located in the raw files."""

    def __init__(self, db: Path, bench: Bench):
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        self.articles = {aid: (ext, text) for aid, ext, text in
                         con.execute("SELECT id, external_id, text FROM articles WHERE duplicate_of IS NULL")}
        self.claims: dict[tuple[str, int], dict] = {}
        layers = "SELECT article_id, data FROM annotations WHERE layer = 'claims' ORDER BY article_id"
        for aid, data in con.execute(layers):
            if aid not in self.articles:
                continue
            ext, text = self.articles[aid]
            rel = bench.t17_rel(ext)
            for i, c in enumerate(json.loads(data)):
                span = bench.raw_span(rel, text, c["start"], c["end"])
                if span is None:
                    continue
                head = ""
                if c.get("counted_start") is not None:
                    words = re.findall(r"[A-Za-z]+", text[c["counted_start"]:c["counted_end"]])
                    head = words[-1].lower() if words else ""
                self.claims[(aid, i)] = {"rel": rel, "start": span[0], "end": span[1], "head": head,
                                         "kind": c["quantity"].split("|")[0], "day": ext.split("/")[1],
                                         "outlet": ext.split("/")[0].rsplit("_", 1)[-1], "article": aid}
        self.groups = []
        for gid, data in con.execute("SELECT id, data FROM objects WHERE kind = 'claim_group' ORDER BY id"):
            g = json.loads(data)
            members = [(c["article"], c["index"]) for c in g["claims"] if (c["article"], c["index"]) in self.claims]
            self.groups.append({"id": gid, "conflicting": g["status"] == "conflicting", "members": members})
        con.close()


def _singular(w: str) -> str:
    if len(w) > 3 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def _pair(stratum: str, family: str, fa: dict, fb: dict, **draw) -> dict:
    fa, fb = sorted([fa, fb], key=lambda f: (f["file"], f.get("start", 0), f.get("tokens", [0])[0]))
    return {"kind": "pair", "stratum": stratum, "family": family, "half": half(fa["file"]),
            "a": fa, "b": fb, "draw": draw}


def _loc(f: dict) -> tuple:
    return (f["file"], f.get("start"), tuple(f.get("tokens", ())))


def draw_a(rng, bench, stores) -> list[dict]:
    out = []
    for family, quota in QUOTA_A.items():
        st = stores.get(family)
        if st is None:
            continue
        groups = [g for g in st.groups if len({a for a, _ in g["members"]}) >= 2]
        rng.shuffle(groups)
        conflicting = [g for g in groups if g["conflicting"]]
        others = [g for g in groups if not g["conflicting"]]
        chosen = conflicting[:quota // 2]
        chosen += others[:quota - len(chosen)]
        chosen += [g for g in conflicting[quota // 2:]][:quota - len(chosen)]
        for g in chosen:
            ms = g["members"]
            pairs = [(x, y) for i, x in enumerate(ms) for y in ms[i + 1:] if x[0] != y[0]]
            cross = [(x, y) for x, y in pairs if st.claims[x]["outlet"] != st.claims[y]["outlet"]]
            x, y = rng.choice(cross or pairs)
            fx, fy = (t17_figure(bench, st.claims[k]["rel"], st.claims[k]["start"], st.claims[k]["end"],
                                 st.claims[k]["head"]) for k in (x, y))
            out.append(_pair("a", family, fx, fy, store=family, group=g["id"]))
    return out


def draw_b(rng, bench, stores, taken: set) -> list[dict]:
    out = []
    for family, quota in QUOTA_B.items():
        st = stores.get(family)
        if st is None:
            continue
        by_key = defaultdict(list)
        for k, c in sorted(st.claims.items()):
            if c["head"]:
                by_key[(c["kind"], _singular(c["head"]))].append(k)
        keys = sorted(k for k, v in by_key.items() if len({a for a, _ in v}) >= 2)
        rng.shuffle(keys)
        got = 0
        for key in keys * 3:  # up to three passes: spread over keys first
            if got >= quota:
                break
            ms = by_key[key]
            for _ in range(20):
                x, y = rng.sample(ms, 2)
                cx, cy = st.claims[x], st.claims[y]
                if x[0] == y[0] or abs((date.fromisoformat(cx["day"]) - date.fromisoformat(cy["day"])).days) > 7:
                    continue
                fx = t17_figure(bench, cx["rel"], cx["start"], cx["end"], cx["head"])
                fy = t17_figure(bench, cy["rel"], cy["start"], cy["end"], cy["head"])
                pk = frozenset([_loc(fx), _loc(fy)])
                if pk in taken:
                    continue
                taken.add(pk)
                out.append(_pair("b", family, fx, fy, store=family, baseline_key="/".join(key)))
                got += 1
                break
    return out


# -- figures found by the plain finder -------------------------------------------------------
def _value(text: str) -> float | None:
    m = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if m:
        try:
            return float(m.group().replace(",", ""))
        except ValueError:
            return None
    return None


def t17_found(bench: Bench, rel: str) -> list[tuple[Figure, dict]]:
    raw = bench.text(rel)
    toks = whitespace_tokens(raw)
    out = []
    for f in find_figures(toks):
        fig = t17_figure(bench, rel, toks[f.first][0], toks[f.last][1], f.head)
        out.append((f, fig))
    return out


@lru_cache(maxsize=2048)
def ecb_doc(root: Path, rel: str) -> tuple[list[tuple[int, int, str, int]], str]:
    """(t_id, t_id, text, sentence) tokens of an ECB+ file and the host of its source URL ('unknown')."""
    tree = ET.parse(root / rel).getroot()
    toks = [(int(t.get("t_id")), int(t.get("t_id")), t.text or "", int(t.get("sentence"))) for t in tree.iter("token")]
    first = "".join(t[2] for t in toks if t[3] == toks[0][3]) if toks else ""
    m = re.match(r"https?://(?:www\.)?([^/]+)", first)
    return toks, (m.group(1) if m else "unknown")


def ecb_found(root: Path, rel: str) -> list[tuple[Figure, dict]]:
    toks, host = ecb_doc(root, rel)
    out = []
    by_sent = defaultdict(list)
    for t in toks:
        by_sent[t[3]].append(t)
    for sent, st in sorted(by_sent.items()):
        merged = merge_split_numbers([(a, b, c) for a, b, c, _ in st])
        for f in find_figures(merged):
            ids = list(range(merged[f.first][0], merged[f.last][1] + 1))
            text = " ".join(t[2] for t in merged[f.first:f.last + 1])
            # the URL line and a date line under it are the page's byline/navigation
            header = host != "unknown" and (sent == 0 or sent <= 2 and f.category in ("date", "year", "clock_time"))
            cat = "byline_nav" if header else f.category
            out.append((Figure(f.first, f.last, cat, f.head), {
                "file": rel, "sentence": sent, "tokens": ids, "outlet": host, "key": _key(text, f.head),
                "half": half(rel), "_text": text}))
    return out


def ecb_files(root: Path) -> dict[tuple[int, str], list[str]]:
    subs = defaultdict(list)
    for p in sorted((root / "ecbplus").glob("*/*.xml"), key=lambda p: p.name):
        topic = int(p.name.split("_")[0])
        subs[(topic, "ecbplus" if "plus" in p.name else "ecb")].append(f"ecbplus/{p.parent.name}/{p.name}")
    return subs


def _strip(fig: dict) -> dict:
    return {k: v for k, v in fig.items() if not k.startswith("_")}


def _same_head_pairs(docs: list[tuple[str, list[tuple[Figure, dict]]]], outlet_differs: bool):
    """Pairs of quantity figures of different documents with one head word: (differ, same) value lists."""
    by_head = defaultdict(list)
    for rel, figs in docs:
        for f, fig in figs:
            if f.category == "quantity" and f.head:
                by_head[_singular(f.head)].append((rel, fig))
    differ, same = [], []
    for head in sorted(by_head):
        ms = by_head[head]
        for i, (ra, fa) in enumerate(ms):
            for rb, fb in ms[i + 1:]:
                if ra == rb or outlet_differs and fa["outlet"] == fb["outlet"]:
                    continue
                va, vb = _value(fa.get("_text") or fa["key"]), _value(fb.get("_text") or fb["key"])
                (same if va is not None and va == vb else differ).append((head, fa, fb))
    return differ, same


def ecb_figure(root: Path, loc: dict) -> dict:
    """The figure record of an ECB+ location (file, sentence, token ids)."""
    toks, host = ecb_doc(root, loc["file"])
    ids = set(loc["tokens"])
    text = " ".join(t[2] for t in toks if t[0] in ids)
    nxt = [t[2] for t in toks if t[0] > max(ids) and t[3] == loc["sentence"]][:1]
    head = nxt[0].lower() if nxt and re.fullmatch(r"[A-Za-z]+", nxt[0]) else ""
    return {"file": loc["file"], "sentence": loc["sentence"], "tokens": sorted(ids), "outlet": host,
            "key": _key(text, head), "half": half(loc["file"])}


def picked(bench: Bench, root: Path, path: Path) -> list[dict]:
    """Stratum c, hand-picked: pairs of a picks file (locations only), chosen by reading the texts."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        p = json.loads(line)
        figs = []
        for loc in (p["a"], p["b"]):
            if "tokens" in loc:
                figs.append(ecb_figure(root, loc))
            else:
                raw = bench.text(loc["file"])
                head = (re.findall(r"[A-Za-z]+", raw[loc["end"]:loc["end"] + 30]) or [""])[0].lower()
                figs.append(t17_figure(bench, loc["file"], loc["start"], loc["end"], head))
        fam = figs[0]["file"].split("/")[1]
        family = f"ecb{fam}" if figs[0]["file"].startswith("ecbplus/") else fam.split("_")[0]
        out.append(_pair("c", family, *figs, method="picked"))
    return out


def draw_c(rng, bench, root: Path) -> list[dict]:
    out = []
    subs = ecb_files(root)
    keys = sorted(subs)
    rng.shuffle(keys)
    per_sub = defaultdict(int)
    for _ in range(3):
        for key in keys:
            if len([r for r in out if r["family"].startswith("ecb")]) >= QUOTA_C_ECB:
                break
            if per_sub[key] >= 2:
                continue
            docs = [(rel, ecb_found(root, rel)) for rel in subs[key]]
            differ, same = _same_head_pairs(docs, outlet_differs=False)
            pool = differ if (differ and rng.random() < 0.67) or not same else same
            if not pool:
                continue
            head, fa, fb = rng.choice(pool)
            out.append(_pair("c", f"ecb{key[0]}", _strip(fa), _strip(fb), head=head, method="heuristic"))
            per_sub[key] += 1
    # T17: one day, different outlets, bpoil and H1N1
    days = defaultdict(list)
    bpoil = [f"bpoil_{o}" for o in ("bbc", "foxnews", "guardian", "reuters", "washingtonpost")]
    for family, folders in (("bpoil", bpoil), ("H1N1", ["H1N1_bbc", "H1N1_guardian", "H1N1_reuters"])):
        for folder in folders:
            for p in sorted((bench.root / "t17" / folder / "InputDocs").glob("*/*")):
                days[(family, p.parent.name)].append(f"t17/{folder}/InputDocs/{p.parent.name}/{p.name}")
    multi = sorted(k for k, v in days.items() if len({r.split("/")[1] for r in v}) >= 2)
    rng.shuffle(multi)
    used_heads = set()
    t17 = 0
    for key in multi:
        if t17 >= QUOTA_C_T17:
            break
        docs = [(rel, t17_found(bench, rel)) for rel in days[key]]
        differ, same = _same_head_pairs(docs, outlet_differs=True)
        differ = [p for p in differ if (key[0], p[0]) not in used_heads]
        same = [p for p in same if (key[0], p[0]) not in used_heads]
        pool = differ if (differ and rng.random() < 0.67) or not same else same
        if not pool:
            continue
        head, fa, fb = rng.choice(pool)
        used_heads.add((key[0], head))
        out.append(_pair("c", key[0], fa, fb, head=head, method="heuristic"))
        t17 += 1
    return out


def draw_d(rng, bench, root: Path) -> list[dict]:
    out = []
    families = {fam: [] for fam in ("bpoil", "H1N1", "haiti", "Finan", "IraqWar", "MJ")}
    for p in sorted((bench.root / "t17").glob("*/InputDocs/*/*")):
        fam = p.parts[-4].split("_")[0]
        if fam in families:
            families[fam].append(f"t17/{p.parts[-4]}/InputDocs/{p.parent.name}/{p.name}")
    names = sorted(families)
    while len(out) < QUOTA_D["t17"]:
        fam = rng.choice(names)
        ra, rb = rng.sample(families[fam], 2)
        fa = [fig for f, fig in t17_found(bench, ra) if f.category == "quantity"]
        fb = [fig for f, fig in t17_found(bench, rb) if f.category == "quantity"]
        if fa and fb:
            out.append(_pair("d", fam, rng.choice(fa), rng.choice(fb)))
    topics = defaultdict(list)
    for (topic, _), rels in sorted(ecb_files(root).items()):
        topics[topic] += rels
    tnames = sorted(topics)
    while len(out) < QUOTA_D["t17"] + QUOTA_D["ecb"]:
        topic = rng.choice(tnames)
        ra, rb = rng.sample(topics[topic], 2)
        fa = [fig for f, fig in ecb_found(root, ra) if f.category == "quantity"]
        fb = [fig for f, fig in ecb_found(root, rb) if f.category == "quantity"]
        if fa and fb:
            out.append(_pair("d", f"ecb{topic}", _strip(rng.choice(fa)), _strip(rng.choice(fb))))
    return out


def draw_n(rng, bench, root: Path) -> list[dict]:
    pools = defaultdict(list)
    t17 = sorted(str(p.relative_to(bench.root)) for p in (bench.root / "t17").glob("*/InputDocs/*/*"))
    for rel in rng.sample(t17, 150):
        for f, fig in t17_found(bench, rel):
            if f.category != "quantity":
                pools[f.category].append(("t17", fig))
    ecb = [rel for rels in ecb_files(root).values() for rel in rels]
    for rel in rng.sample(sorted(ecb), 150):
        for f, fig in ecb_found(root, rel):
            if f.category != "quantity":
                pools[f.category].append(("ecb", _strip(fig)))
    out = []
    for cat, n in QUOTA_N.items():
        pool = pools.get(cat, [])
        for _, fig in rng.sample(pool, min(n, len(pool))):
            out.append({"kind": "not_a_claim", "stratum": "n", "guess": cat, "half": half(fig["file"]), "figure": fig})
    return out


def draw_all(bench_root: Path, cache: Path, t17_stores: Path, families: dict) -> list[dict]:
    import random

    bench = Bench(bench_root)
    stores = {}
    for family in families:
        if (cache / f"{family}.db").exists():
            stores[family] = StoreClaims(cache / f"{family}.db", bench)
    for family, folder in SINGLE_FOLDERS.items():
        dbs = sorted(t17_stores.glob(f"{folder}__*.db"))
        if dbs:
            stores[family] = StoreClaims(dbs[0], bench)
    rows = draw_a(random.Random(1701), bench, stores)
    taken = {frozenset([_loc(r["a"]), _loc(r["b"])]) for r in rows}
    rows += draw_b(random.Random(1702), bench, stores, taken)
    rows += picked(bench, bench_root, Path(__file__).resolve().parent / "picks.jsonl")
    rows += draw_c(random.Random(1703), bench, bench_root)
    # a second reading pass, after the first labels showed fewer than 40 conflicts (README)
    rows += picked(bench, bench_root, Path(__file__).resolve().parent / "picks2.jsonl")
    rows += draw_d(random.Random(1704), bench, bench_root)
    rows += draw_n(random.Random(1705), bench, bench_root)
    seen: dict[str, int] = defaultdict(int)
    for row in rows:  # numbered within each stratum, so one stratum's draw never renumbers another's
        seen[row["stratum"]] += 1
        row["id"] = f"{SET}-{row['stratum']}{seen[row['stratum']]:03d}"
    return rows
