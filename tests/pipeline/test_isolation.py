"""One bad article never sinks the batch: per-article and corpus stage failures are isolated,
stored, reported, and completed later."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.corpus.claim_groups import ClaimGroupingStage
from dateline.extract.quotes import QuoteStage
from dateline.pipeline import ingest
from dateline.pipeline.stages import CORPUS_STAGES
from dateline.settings import Settings
from dateline.store import Store

GOOD = [
    "The harbour council approved a new breakwater on Tuesday, the mayor said. Work starts in May.",
    "Fishermen welcomed the decision. “It keeps our boats safe,” said Ana Ortiz, who chairs their union.",
    "More than 300 people attended the meeting in the town hall on Tuesday evening, officials said.",
]
BAD = "The ferry company said BOOM its crossings would resume on Friday. “We are ready,” its chief said."


@pytest.fixture
def corpus(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i, text in enumerate([*GOOD, BAD]):
        (src / f"{i}.txt").write_text(f" date 2025-03-0{i + 2} {text}\n")
    return src


def _break_quotes(monkeypatch):
    real = QuoteStage.__call__

    def broken(self, doc):
        if "BOOM" in doc.article.text:
            raise IndexError("list index out of range")
        return real(self, doc)

    monkeypatch.setattr(QuoteStage, "__call__", broken)


@pytest.mark.stage_failures
def test_a_stage_that_raises_on_one_article_does_not_sink_the_batch(corpus, tmp_path, monkeypatch):
    _break_quotes(monkeypatch)
    settings = Settings(db_path=tmp_path / "s.db")
    with Store(settings.db_path) as store:
        report = ingest([corpus], store, settings)
        assert (report.ingested, report.failed_articles, report.exit_code) == (4, 1, 3)
        assert "4 ingested, 0 duplicates, 0 rejected, 1 with stage failures" in report.summary()
        (failure,) = report.failures
        assert (failure.failure.stage, failure.failure.error) == ("quotes", "IndexError")
        assert failure.origin.endswith("3.txt")
        bad = next(a for a in store.iter_articles() if "BOOM" in a.text)
        doc = store.load_document(bad.id)
        # stored with every layer that succeeded; the stages that can do without quotes ran
        assert "quotes" not in doc.layers
        assert {"sentences", "timexes", "mentions", "events", "claims", "links"} <= doc.layers
        assert [(f.stage, f.error) for _, f in store.failures(bad.id)] == [("quotes", "IndexError")]
        # the good articles are whole, and the corpus stages ran over all four
        assert all("quotes" in store.load_document(a).layers for a in store.article_ids() if a != bad.id)
        assert report.corpus.processed["clusters"] == 4

        monkeypatch.undo()  # the bug is fixed (an upgrade): --retry-failed re-runs what failed
        again = ingest([], store, settings, retry_failed=True)
        assert (again.completed, again.failures, again.exit_code) == (1, [], 0)
        assert "quotes" in store.load_document(bad.id).layers and store.failures() == []
        # every corpus stage, in its order, takes the one retried article once
        assert list(again.corpus.processed.items()) == [(name, 1) for name, _ in CORPUS_STAGES]


@pytest.mark.stage_failures
def test_the_cli_names_each_failure_in_one_line_and_lists_them(corpus, tmp_path, monkeypatch):
    _break_quotes(monkeypatch)
    monkeypatch.setenv("DATELINE_STAGE_ERRORS", "record")
    db = str(tmp_path / "c.db")
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", db])
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    failed = [line for line in result.output.splitlines() if line.startswith("failed:")]
    assert len(failed) == 1 and "3.txt" in failed[0] and "quotes" in failed[0] and "IndexError" in failed[0]
    assert "1 with stage failures" in result.output
    listed = CliRunner().invoke(app, ["articles", "--failed", "--db", db, "--format", "json"])
    rows = json.loads(listed.stdout)
    assert [(r["stage"], r["error"]) for r in rows] == [("quotes", "IndexError")]
    assert rows[0]["origin"].endswith("3.txt")


@pytest.mark.stage_failures
def test_a_failing_corpus_stage_keeps_the_store_and_the_next_run_completes(corpus, tmp_path, monkeypatch):
    settings = Settings(db_path=tmp_path / "s.db")
    names = sorted(corpus.iterdir())
    with Store(settings.db_path) as store:
        ingest([names[0], names[2]], store, settings)  # the third holds a figure
        before = store.get_objects("claim_group")
        assert before

        def broken(self, view, ids):
            raise ValueError("too many values to unpack")

        monkeypatch.setattr(ClaimGroupingStage, "run", broken)
        report = ingest([names[1], names[3]], store, settings)
        assert report.exit_code == 3 and [f.stage for f in report.corpus.failed] == ["claim-groups"]
        assert "clusters" in report.corpus.processed  # it does not read what claim grouping writes
        assert store.get_objects("claim_group") == before  # the previous groups are kept
        assert [f.stage for a, f in store.failures() if a == ""] == ["claim-groups"]
        assert len(store.corpus_pending("claim-groups")) == 2

        monkeypatch.undo()
        done = ingest([], store, settings)
        assert done.corpus.processed == {"claim-groups": 2} and done.exit_code == 1  # no input: nothing ingested
        assert store.corpus_pending("claim-groups") == [] and store.failures() == []
        assert len(store.get_objects("claim_group")) >= len(before)


@pytest.mark.stage_failures
def test_claim_groups_wait_for_the_stories_they_read(corpus, tmp_path, monkeypatch):
    from dateline.corpus.cluster_stage import ClusterStage

    def broken(self, view, ids):
        raise ValueError("no stories today")

    monkeypatch.setattr(ClusterStage, "run", broken)
    settings = Settings(db_path=tmp_path / "s.db")
    with Store(settings.db_path) as store:
        report = ingest([corpus], store, settings)
        assert [f.stage for f in report.corpus.failed] == ["clusters"]
        assert "claim-groups" not in report.corpus.processed  # it groups within stories: it waits for them
        assert store.corpus_pending("claim-groups") and not store.get_objects("claim_group")
        monkeypatch.undo()
        done = ingest([], store, settings)
        assert set(done.corpus.processed) >= {"clusters", "claim-groups"}
        assert store.corpus_pending("claim-groups") == [] and store.get_objects("claim_group")


def test_stage_errors_raise_when_asked(corpus, tmp_path, monkeypatch):
    _break_quotes(monkeypatch)
    settings = Settings(db_path=tmp_path / "s.db", stage_errors="raise")
    with Store(settings.db_path) as store, pytest.raises(IndexError):
        ingest([corpus], store, settings)
