"""Holding a per-article stage to what it declares: the layers it may read and the layers it writes.

A stage reads the layers of its ``requires`` (they must be there) and of its
``uses`` (read when present), and writes those of its ``assigns``. With the
``check_reads`` setting (on in the test suite), the runner hands each stage a
document whose other layers are stand-ins that refuse any use, and refuses a
returned document that changed a layer the stage does not assign: what a stage
reads decides which stages ``--retry-failed`` and a new stage run again, so a
declaration that is not true leaves stale layers behind. :class:`CorpusView`
does the same for corpus stages.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, NoReturn, Protocol

from ..errors import PipelineError
from ..model import Document

# The fields of a Document that hold layers (article, layers and failures are every stage's to read).
LAYER_FIELDS = ("sentences", "timexes", "mentions", "events", "quotes", "claims", "links", "attachments", "vectors", "parse")


class Declared(Protocol):
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


def reads(stage: Any) -> frozenset[str]:
    """The layers a stage may read: what it requires, uses, and assigns (its own layer, when run again)."""
    return frozenset((*stage.requires, *getattr(stage, "uses", ()), *stage.assigns))


class Undeclared:
    """Stands in for a layer a stage did not declare: any use of it raises :class:`PipelineError`."""

    __slots__ = ("_stage", "_layer")

    def __init__(self, stage: str, layer: str):
        self._stage = stage
        self._layer = layer

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PipelineError(f"stage {self._stage!r} reads the {self._layer} layer without declaring it: "
                            "add it to the stage's requires (or uses, when it can do without)")

    __iter__ = __len__ = __getitem__ = __contains__ = __bool__ = __eq__ = __lt__ = __call__ = _refuse
    __hash__ = None  # type: ignore[assignment]

    def __getattr__(self, name: str) -> Any:
        self._refuse()

    def __repr__(self) -> str:
        return f"<{self._layer}: not declared by {self._stage}>"


def guarded(stage: Declared, doc: Document) -> Document:
    """``doc`` as ``stage`` may see it: its undeclared layers replaced by refusing stand-ins."""
    allowed = reads(stage)
    stand_ins = {f: Undeclared(stage.name, f) for f in LAYER_FIELDS if f not in allowed}
    return replace(doc, **stand_ins)


def released(stage: Declared, before: Document, after: Document) -> Document:
    """The stage's output with the layers it could not see put back; refuses an undeclared write."""
    assigns = set(stage.assigns)
    wrote = set(after.layers) - set(before.layers) - assigns
    if wrote:
        raise PipelineError(f"stage {stage.name!r} writes {', '.join(sorted(wrote))} without declaring it: "
                            "add it to the stage's assigns")
    restore: dict[str, Any] = {}
    for f in LAYER_FIELDS:
        if f in assigns:
            continue
        value = getattr(after, f)
        if f in reads(stage):
            if value is not getattr(before, f):
                raise PipelineError(f"stage {stage.name!r} changes the {f} layer, which it only reads: "
                                    "add it to the stage's assigns")
            continue
        if not isinstance(value, Undeclared):
            raise PipelineError(f"stage {stage.name!r} writes the {f} layer without declaring it: "
                                "add it to the stage's assigns")
        restore[f] = getattr(before, f)
    return replace(after, **restore)
