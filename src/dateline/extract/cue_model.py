"""Which words report what someone said or holds: a linear model over parse features.

Reporting words are a long tail ("said", "according to", "called for",
"wants", "accused", "urged", "denied", ...) whose sense depends on the frame:
"called for a ban" reports a demand, "called a meeting" does not. A logistic
regression over each candidate token's lemma and its dependency frame (the
children it governs, its subject, the words around it) learns the tail from
PolNeAR's training split (Newell et al. 2018), where every attribution's cue
is marked. The weights are data (``data/quote_model.json``), read without
scikit-learn: a score is a sum of the weights of the features a token has.
``dateline eval quotes --train`` rebuilds the file; scikit-learn does the
fitting there only.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

MODEL_FILE = "quote_model.json"
CANDIDATE_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ"})
# the child relations whose presence tells a frame apart ("said that ...", "urged X to ...")
FRAME_DEPS = frozenset({"ccomp", "xcomp", "dobj", "nsubj", "nsubjpass", "agent", "dative", "parataxis", "advcl",
                        "acomp", "attr", "oprd", "neg", "mark", "prt", "aux", "auxpass"})
QUOTE_MARKS = frozenset('"“”«»')


def is_candidate(tok: Any) -> bool:
    """Tokens the model is asked about: verbs, nouns and adjectives, and "according"."""
    return tok.pos_ in CANDIDATE_POS or tok.lower_ == "according"


def features(tok: Any, quoted: bool) -> list[str]:
    """The features of a candidate token; ``quoted``: the token lies inside quotation marks."""
    lemma = tok.lemma_.lower()
    doc = tok.doc
    out = [f"lemma={lemma}", f"pos={tok.pos_}", f"tag={tok.tag_}", f"dep={tok.dep_}", f"lemma|dep={lemma}|{tok.dep_}",
           f"lemma|tag={lemma}|{tok.tag_}", f"head={tok.head.lemma_.lower()}" if tok.head.i != tok.i else "root"]
    if quoted:
        out.append("quoted")
    deps = set()
    for child in tok.children:
        dep = child.dep_
        if dep == "prep":
            out += [f"prep={child.lower_}", f"lemma|prep={lemma}|{child.lower_}"]
        elif dep in FRAME_DEPS:
            deps.add(dep)
        if dep in ("nsubj", "nsubjpass"):
            kind = child.ent_type_ or ("PRON" if child.pos_ == "PRON" else child.pos_)
            out += [f"subj={kind}", f"lemma|subj={lemma}|{kind}"]
        if any(t.text in QUOTE_MARKS or t.text in ("``", "''") for t in (doc[child.left_edge.i], doc[child.right_edge.i])):
            out.append(f"quote_child={dep}")
    for dep in deps:
        out += [f"child={dep}", f"lemma|child={lemma}|{dep}"]
    out.append("frame=" + "+".join(sorted(deps & {"ccomp", "xcomp", "dobj", "parataxis"})))
    out.append(f"lemma|frame={lemma}|" + "+".join(sorted(deps & {"ccomp", "xcomp", "dobj", "parataxis"})))
    nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else "</s>"
    prev = doc[tok.i - 1].lower_ if tok.i > 0 else "<s>"
    out += [f"next={nxt}", f"prev={prev}", f"lemma|next={lemma}|{nxt}"]
    return out


@dataclass(frozen=True)
class CueModel:
    """A logistic regression as data: feature weights, an intercept and the threshold it is used at."""

    weights: dict[str, float]
    intercept: float
    threshold: float

    def probability(self, feats: list[str]) -> float:
        """P(cue) of a token with these features."""
        z = self.intercept + sum(self.weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-z))

    def is_cue(self, tok: Any, quoted: bool) -> bool:
        """Whether a token reports an attribution."""
        return is_candidate(tok) and self.probability(features(tok, quoted)) >= self.threshold

    def to_json(self, notes: dict[str, Any]) -> str:
        weights = {k: round(v, 4) for k, v in sorted(self.weights.items()) if abs(v) >= 1e-4}
        return json.dumps({"notes": notes, "intercept": round(self.intercept, 4), "threshold": self.threshold,
                           "weights": weights}, indent=0, sort_keys=True)


def read_model(text: str) -> CueModel:
    data = json.loads(text)
    return CueModel(dict(data["weights"]), float(data["intercept"]), float(data["threshold"]))


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> CueModel:
    """The shipped cue model, or the one at ``path``."""
    if path:
        return read_model(Path(path).read_text(encoding="utf-8"))
    return read_model(resources.files("dateline.data").joinpath(MODEL_FILE).read_text("utf-8"))
