"""A comparable picture of a whole store: every table's rows, and the timeline built from it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from dateline.render import timeline_json
from dateline.settings import Settings
from dateline.store import Store
from dateline.timeline import build_timeline

TABLES = {
    "articles": "SELECT id, seq, stages, url, source, title, text, published, date_precision, date_source, "
                "date_confidence, date_evidence, origin, duplicate_of, external_id FROM articles ORDER BY seq",
    "annotations": "SELECT article_id, layer, data FROM annotations ORDER BY article_id, layer",
    "minhashes": "SELECT article_id, signature FROM minhashes ORDER BY article_id",
    "objects": "SELECT kind, id, block, data FROM objects ORDER BY kind, id",
    "members": "SELECT kind, article_id, item, target FROM members ORDER BY kind, article_id, item",
    "keymap": "SELECT kind, key, target FROM keymap ORDER BY kind, key",
    "failures": "SELECT article_id, stage, error, message FROM failures ORDER BY article_id, stage",
    "corpus_done": "SELECT stage, article_id FROM corpus_done ORDER BY stage, article_id",
    # the near-duplicate bands are an index over the minhashes, filled up to where the last ingest
    # started: how far depends on how the input was split, not on what is stored
    "meta": "SELECT key, value FROM meta WHERE key NOT LIKE 'minhash_bands.%' ORDER BY key",
}


def snapshot(path: Path) -> dict:
    """Every table of the store at ``path`` as sorted rows, plus its timeline as JSON."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        out = {name: db.execute(sql).fetchall() for name, sql in TABLES.items()}
    finally:
        db.close()
    with Store(path, readonly=True) as store:
        out["timeline"] = json.dumps(timeline_json(build_timeline(store, Settings(db_path=path))), sort_keys=True)
    return out


def differences(a: dict, b: dict) -> list[str]:
    """Names of the parts of two snapshots that differ, with a first differing row."""
    out = []
    for key in a:
        if a[key] != b[key]:
            first = next((x for x, y in zip(a[key], b[key]) if x != y), None) if isinstance(a[key], list) else None
            out.append(f"{key}: {len(a[key])} vs {len(b[key])} rows; first difference {str(first)[:300]}")
    return out
