"""Stages declare all they read and write; the runner holds them to it, and retries follow what they read."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import REPO, make_document

from dateline.errors import PipelineError
from dateline.extract.temporal import TemporalStage
from dateline.model import Quote, QuoteKind, add_layers
from dateline.pipeline import STAGES, build_pipeline, check_order, completion_plan, ingest
from dateline.pipeline.stages import TRANSIENT_LAYERS, Pipeline, stage_meta, stage_table
from dateline.settings import Settings
from dateline.store import Store
from dateline.store.codec import LAYERS, SINGLE_LAYERS


class _Toy:
    """A stage whose body is given: ``body(doc) -> doc``."""

    def __init__(self, name, body, requires=("sentences",), uses=(), assigns=("quotes",)):
        self.name, self.body = name, body
        self.requires, self.uses, self.assigns = requires, uses, assigns

    def __call__(self, doc):
        return self.body(doc)


def _quote(doc):
    return add_layers(doc, ["quotes"], quotes=(Quote(0, 3, QuoteKind.DIRECT),))


def _run(stage, doc, *, check=True):
    return Pipeline((stage,), raise_errors=True, check_reads=check).run_batch([doc])[0]


def test_a_stage_reading_a_layer_it_did_not_declare_is_stopped():
    doc = make_document("The mayor spoke. The council listened.")
    reads_timexes = _Toy("toy", lambda d: _quote(d) if len(d.timexes) >= 0 else d)
    with pytest.raises(PipelineError, match="'toy' reads the timexes layer without declaring it"):
        _run(reads_timexes, doc)
    assert _run(reads_timexes, doc, check=False).quotes  # unchecked, it runs (as in use)
    declared = _Toy("toy", reads_timexes.body, uses=("timexes",))
    assert _run(declared, doc).quotes


@pytest.mark.parametrize("body,message", [
    (lambda d: add_layers(_quote(d), ["claims"], claims=()), "writes claims without declaring it"),
    (lambda d: replace(_quote(d), mentions=()), "writes the mentions layer without declaring it"),
    (lambda d: replace(_quote(d), sentences=()), "changes the sentences layer, which it only reads"),
])
def test_a_stage_writing_a_layer_it_did_not_declare_is_stopped(body, message):
    with pytest.raises(PipelineError, match=message):
        _run(_Toy("toy", body), make_document("The mayor spoke. The council listened."))


def test_what_a_stage_could_not_see_comes_back_whole():
    doc = replace(make_document("The mayor spoke on Monday."), timexes=())
    out = _run(_Toy("toy", _quote), doc)
    assert out.sentences == doc.sentences and out.timexes == () and out.quotes and out.mentions == ()


@pytest.mark.stage_failures
def test_an_undeclared_read_in_use_is_one_stage_failure():
    doc = make_document("The mayor spoke. The council listened.")
    pipe = Pipeline((_Toy("toy", lambda d: _quote(d) if d.claims else d),), check_reads=True)
    (out,) = pipe.run_batch([doc])
    assert [(f.stage, f.error) for f in out.failures] == [("toy", "PipelineError")]


def test_every_shipped_stage_reads_only_what_it_declares():
    """The whole default pipeline over the demo articles, under the check (the test suite's setting too)."""
    from dateline.ingest import read_inputs
    from dateline.ingest.base import to_article
    from dateline.model import Document

    settings = Settings(check_reads=True, stage_errors="raise")
    raws, errors = read_inputs([REPO / "examples" / "articles"], settings)
    assert raws and not errors
    docs = build_pipeline(settings).run_batch([Document(article=to_article(r)) for r in raws])
    assert all(not d.failures and {"events", "links", "quotes"} <= d.layers for d in docs)


def test_a_stage_that_uses_what_a_later_stage_assigns_is_refused():
    early = _Toy("early", _quote, uses=("claims",))
    later = _Toy("later", lambda d: d, assigns=("claims",))
    with pytest.raises(PipelineError, match="'early' uses claims, which the later stage 'later' assigns"):
        check_order([early, later], have=["sentences"])
    check_order([later, early], have=["sentences"])


def test_the_registry_and_the_store_agree_on_the_layers():
    assigned = {a for n, _ in STAGES for a in stage_meta(n)[2]}
    assert assigned - TRANSIENT_LAYERS == LAYERS.keys() | SINGLE_LAYERS.keys()
    assert TRANSIENT_LAYERS == {"parse"}


def test_the_docs_hold_the_generated_stage_table():
    doc = (REPO / "docs" / "extraction.md").read_text(encoding="utf-8")
    assert stage_table() in doc, "regenerate the table of docs/extraction.md from stage_table()"


def test_a_redone_stage_brings_every_stage_that_reads_it():
    names = [n for n, _ in STAGES if n != "vectors"]
    stored = names  # the store records every stage a run ran, the parse too
    assert completion_plan(stored, names, redo=["timexes"]) == ("timexes", "parse", "attachments", "events", "links")
    assert completion_plan(stored, names, redo=["claims"]) == ("parse", "claims", "links")
    assert completion_plan(stored, names, redo=["sentences"]) == tuple(names)  # everything reads sentences


ARTICLE = (" date 2025-03-06 The harbour council approved the new breakwater on Tuesday after a long debate. "
           "Mayor Ana Ortiz said on Wednesday that work would start in May. The council first discussed the "
           "plan on Feb. 12, when fishermen asked for safer moorings.\n")


@pytest.mark.stage_failures
def test_a_retried_timexes_re_times_the_events(tmp_path: Path, monkeypatch):
    src = tmp_path / "in" / "a.txt"
    src.parent.mkdir()
    src.write_text(ARTICLE)
    clean = Settings(db_path=tmp_path / "clean.db", check_reads=True)
    with Store(clean.db_path) as store:
        ingest([src], store, clean)
        (expected,) = store.iter_documents()
    assert any(e.time is not None and e.date for e in expected.events)  # the article's events are dated

    def broken(self, doc):
        raise ValueError("a rule file failed to load")

    monkeypatch.setattr(TemporalStage, "compute", broken)
    settings = replace(clean, db_path=tmp_path / "retried.db")
    with Store(settings.db_path) as store:
        first = ingest([src], store, settings)
        assert [f.failure.stage for f in first.failures] == ["timexes"]
        (untimed,) = store.iter_documents()
        assert "timexes" not in untimed.layers and untimed.events and all(e.time is None for e in untimed.events)

        monkeypatch.undo()  # the rule file is fixed: --retry-failed runs timexes and every stage reading it
        again = ingest([], store, settings, retry_failed=True)
        assert (again.completed, again.failures) == (1, [])
        (retried,) = store.iter_documents()
    assert (retried.timexes, retried.events, retried.links) == (expected.timexes, expected.events, expected.links)
    assert retried.article.published == expected.article.published
