import pytest
from conftest import make_article

from dateline.errors import PipelineError
from dateline.model import Document
from dateline.pipeline import STAGES, build_pipeline, check_order, default_stages, stage_names
from dateline.pipeline.stages import OPTIONAL_STAGES
from dateline.pipeline.engines.local import LocalEngine
from dateline.settings import Settings


class _Stage:
    def __init__(self, name, requires=(), assigns=()):
        self.name, self.requires, self.assigns = name, requires, assigns

    def __call__(self, doc):
        return doc


def test_order_is_checked_when_built():
    check_order([_Stage("a", assigns=("x",)), _Stage("b", requires=("x",))])
    with pytest.raises(PipelineError, match="'b' requires x"):
        check_order([_Stage("b", requires=("x",)), _Stage("a", assigns=("x",))])


def test_declared_stages_build_in_order_and_sentences_come_first():
    pipe = build_pipeline(Settings())
    assert pipe.names[0] == "sentences"
    assert list(pipe.names) == [n for n, _ in STAGES if n not in OPTIONAL_STAGES]


def test_stage_names_follow_the_declared_order_whatever_the_user_wrote():
    assert stage_names(Settings(stages=("timexes", "sentences"))) == ("sentences", "timexes")
    assert stage_names(Settings()) == default_stages(Settings()) == tuple(n for n, _ in STAGES if n != "vectors")


def test_unknown_stage_names_are_rejected():
    with pytest.raises(PipelineError, match="unknown stage"):
        build_pipeline(Settings(), ["sentences", "nope"])


def test_run_pipeline_in_two_processes_matches_one():
    docs = [Document(article=make_article(f"Report number {i}. It has two sentences.")) for i in range(6)]
    one = list(LocalEngine(Settings(), ["sentences"]).map(docs))
    two = list(LocalEngine(Settings(jobs=2, batch_size=2), ["sentences"]).map(docs))
    assert one == two
    assert all(len(d.sentences) == 2 and d.parse is None for d in one)
