"""Extractive summary of each selected date, without redundancy, citing every outlet.

Per date, a sentence is scored by three factors:

* **date centrality**: its TF-IDF cosine to the centroid of that date's
  candidates (centroid-based summarization, Radev et al. 2004; the summariser of
  news-tls's date-wise method, Gholipour Ghalandari & Ifrim 2020), boosted when
  the sentence names the date itself;
* **topic relevance**: its cosine to the centroid of every candidate of the
  timeline, to the power ``topic_exponent``. The topic is derived from the input
  alone (no query): what the corpus says on many dates is what it is about, so a
  reader's comment, an advertisement or another story that happens to share a
  date scores low. news-tls gets the same effect from the dataset's query
  keywords; without them this factor is worth +.010 AR-1 on Timeline17;
* **length**: lines longer than ``length_ref`` words are discounted, since a
  timeline line is one short sentence (Timeline17's reference sentences: median
  19 words, 90% under 36), and a long sentence wins a centroid cosine by the
  number of its words rather than by what it says;
* **event**: a sentence that states an event of the date (an event of the
  ``events`` layer, said to have happened, with the date or, for a sentence
  tied to its publication day, with none) is boosted by ``event_boost``; a
  sentence that is mostly a quote is commentary and loses ``quote_penalty``;
  and a sentence in an event cluster several articles report gains
  ``support_weight`` per doubling of those articles (how widely a fact is
  reported says how much it matters: the redundancy signal of multi-document
  summarization, Barzilay & McKeown 2005).

Lines are then picked greedily with maximal marginal relevance (Carbonell &
Goldstein 1998) against every line already chosen, on this date or another, so
the timeline does not repeat itself. Dates are summarised in order of
importance, so a repeated fact lands on the date that matters most.

A candidate that says the same as a chosen line (high cosine, or the same event
cluster when the corpus has been clustered) is not a new line: it becomes one of
the line's ``also`` citations, so two outlets reporting one meeting give one
line citing both. A near-duplicate of a chosen line of the same day (a copy-edit,
or the same figure in most of the same words: :mod:`.near_duplicates`) is never a
second line of that day; it is cited first among the line's ``also``.

**Dense vectors.** With ``vectors=True`` (the ``sentence_vectors`` setting) and
every candidate's article carrying the optional ``vectors`` layer
(all-MiniLM-L6-v2, :mod:`dateline.extract.vectors`), date centrality, topic
relevance and the MMR redundancy are cosines of those vectors instead of TF-IDF
(centroids of sentence embeddings: Rossiello et al. 2017). The two thresholded
decisions stay on TF-IDF: the repeat cut ``same_content`` and the ``also``
citations (``SAME_EVENT``) are calibrated on TF-IDF cosines, whose scale the
dense ones do not share (two sentences of one story picked at random, 200
bpoil_bbc articles: median 0.13, 90th percentile 0.32 in MiniLM, where most
TF-IDF pairs share no word and score 0), and neither is searched by the
cross-validation. When some candidate lacks vectors the whole timeline is
scored with TF-IDF, so that no two cosines of different spaces are ever
compared.
"""

from __future__ import annotations

import logging
import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property

import numpy as np
from scipy import sparse

from .candidates import Candidate
from .near_duplicates import near_duplicate
from ..extract.vectors import document_matrix
from ..model import (
    Document,
    Modality,
    Precision,
    SourceRef,
    SummaryLine,
    TimelineEntry,
    sentence_at,
)
from ..termvectors import cosine, terms, weigh
from .learned import SummaryParams

# The weights of the relevance factors (mention boost, topic exponent, length
# reference and exponent), the MMR trade-off and the repeat threshold are
# SummaryParams of the timeline model, chosen by cross-validation over stories
# (dateline eval tls). The constants below only decide which outlets a line cites.
# Cosine above which a sentence of another article on the same date reports the same event.
SAME_EVENT = 0.25
MAX_ALSO = 6

_WORDS = re.compile(r"\w+")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Summariser:
    """Centroid + topic + MMR summariser; ``clusters`` maps (article, sentence) to an event cluster id."""

    clusters: Mapping[tuple[str, int], str] | None = None
    params: SummaryParams = SummaryParams()
    vectors: bool = False  # score with the stored sentence vectors when every candidate has them

    def __call__(self, candidates: Sequence[Candidate], dates: Sequence[str], per_date: int,
                 order: Sequence[str] | None = None) -> list[TimelineEntry]:
        """One entry per date in ``dates``; ``order`` is the importance order to fill them in."""
        by_date = _by_date(candidates, set(dates))
        pool = [c for d in dates for c in by_date.get(d, ())]
        if not pool:
            return []
        space = _Space(pool, dense=self.vectors)
        chosen_rows: list[int] = []  # rows of space.matrix of the lines chosen so far
        entries: dict[str, TimelineEntry] = {}
        used: set[tuple[str, int]] = set()
        for d in order or dates:
            cands = [c for c in by_date.get(d, ()) if c.key not in used]
            if not cands:
                continue
            lines = self._summarise_date(cands, per_date, space, chosen_rows)
            used.update(c.key for c, _ in lines)
            entries[d] = date_entry(d, cands, lines)
        return [entries[d] for d in dates if d in entries]

    def _summarise_date(self, cands: list[Candidate], per_date: int, space: "_Space",
                        chosen: list) -> list[tuple[Candidate, list[Candidate]]]:
        vecs = space.rows(cands)  # TF-IDF: the repeat cut and the also citations
        dense = space.dense_rows(cands)  # the scoring space when vectors are used, else None
        p = self.params
        scoring = vecs if dense is None else dense
        relevance = relevance_scores(cands, scoring, space.scoring_topic, p) * self._event_factor(cands)
        # similarity of each candidate to the closest line chosen so far, on any date:
        # in the scoring space for MMR, in TF-IDF for the repeat cut (the same array without vectors)
        redundancy = np.zeros(len(cands))
        if chosen:
            redundancy = np.asarray((vecs @ space.matrix[chosen].T).max(axis=1).todense()).ravel()
        repeat = redundancy
        if dense is not None:
            redundancy = (dense @ space.dense[chosen].T).max(axis=1) if chosen else np.zeros(len(cands))
        picked: list[int] = []
        taken = np.zeros(len(cands), dtype=bool)
        folded = np.zeros(len(cands), dtype=bool)  # near-duplicates of a picked line: its sources, not lines
        copies: dict[int, list[int]] = {}
        while len(picked) < per_date:
            score = p.redundancy * relevance - (1 - p.redundancy) * redundancy
            score[taken | folded | (repeat >= p.same_content)] = -np.inf
            # scores equal but for rounding (two copies of one sentence) must tie, so that the
            # canonical candidate order decides, not the order floating-point sums were taken in
            best = int(np.argmax(np.round(score, 9)))
            if not np.isfinite(score[best]):
                break
            picked.append(best)
            taken[best] = True
            copies[best] = [j for j in np.flatnonzero(~(taken | folded))
                            if near_duplicate(cands[best].text, cands[j].text, cands[best].date)]
            folded[copies[best]] = True
            chosen.append(space.index[cands[best].key])
            repeat = np.maximum(repeat, (vecs @ vecs[best].T).toarray().ravel())
            redundancy = repeat if dense is None else np.maximum(redundancy, dense @ dense[best])
        sims = (vecs[picked] @ vecs.T).toarray() if picked else None
        return [(cands[i], self._also(i, cands, sims[n], taken, copies[i])) for n, i in enumerate(picked)]

    @cached_property
    def sizes(self) -> dict[str, int]:
        """Articles per event cluster (computed once per summariser)."""
        return cluster_sizes(self.clusters or {})

    def _event_factor(self, cands: list[Candidate]) -> np.ndarray:
        """Boost for stating the date's event, penalty for commentary, gain for wide support."""
        p = self.params
        factor = np.ones(len(cands))
        if p.event_boost:
            factor *= 1 + p.event_boost * np.array([states_event(c) for c in cands])
        if p.quote_penalty:
            factor *= 1 - p.quote_penalty * np.array([quoted(c) for c in cands])
        if p.support_weight and self.clusters:
            sizes = self.sizes
            support = np.array([sizes.get(self.clusters.get(c.key), 1) for c in cands], dtype=float)
            factor *= 1 + p.support_weight * np.log2(support)
        return factor

    def _also(self, i: int, cands: list[Candidate], sims: np.ndarray, taken: np.ndarray,
              copies: Sequence[int] = ()) -> list[Candidate]:
        """Sentences of other articles on the same date reporting the same event, best per article.

        ``copies`` (the line's near-duplicates, folded into it) come first."""
        me = cands[i]
        cluster = self.clusters.get(me.key) if self.clusters else None
        folded = set(int(j) for j in copies)
        best: dict[str, tuple[float, int]] = {}
        for j, c in enumerate(cands):
            if taken[j] or c.doc.article.id == me.doc.article.id:
                continue
            same_cluster = cluster is not None and self.clusters.get(c.key) == cluster
            if not (same_cluster or sims[j] >= SAME_EVENT or j in folded):
                continue
            score = sims[j] + (1.0 if same_cluster else 0.0) + (2.0 if j in folded else 0.0)
            aid = c.doc.article.id
            if aid not in best or score > best[aid][0]:
                best[aid] = (score, j)
        ranked = sorted(best.values(), key=lambda x: (-x[0], cands[x[1]].doc.article.id))
        return [cands[j] for _, j in ranked[:MAX_ALSO]]


def candidate_weights(cands: Sequence[Candidate], future_weight: float) -> np.ndarray:
    """Evidence weight of each candidate: its modality weight, times ``future_weight`` for a plan or forecast."""
    # a date after the publication is a plan or a forecast, not a report of what happened
    return np.array([c.weight * (future_weight if c.mentioned and c.lag < 0 else 1.0) for c in cands])


def states_event(c: Candidate) -> bool:
    """Whether the sentence holds an event said to have happened on the candidate's date (or undated, if tied by publication)."""
    for e in c.doc.events:
        if e.sentence != c.sentence or e.modality is not Modality.HAPPENED:
            continue
        if e.date[:len(c.date)] == c.date or (not c.mentioned and not e.date):
            return True
    return False


def quoted(c: Candidate) -> bool:
    """Whether at least half of the sentence is quoted speech (commentary rather than report)."""
    start, end = c.start, c.end
    inside = sum(max(0, min(end, q.end) - max(start, q.start)) for q in c.doc.quotes)
    return inside * 2 >= end - start > 0


def cluster_sizes(clusters: Mapping[tuple[str, int], str]) -> dict[str, int]:
    """Articles per event cluster."""
    articles: dict[str, set[str]] = defaultdict(set)
    for (article, _), cid in clusters.items():
        articles[cid].add(article)
    return {cid: len(a) for cid, a in articles.items()}


def relevance_scores(cands: Sequence[Candidate], vecs: sparse.csr_matrix | np.ndarray, topic: np.ndarray,
                     params: SummaryParams = SummaryParams()) -> np.ndarray:
    """Date centrality x mention boost x topic relevance x length discount of each candidate.

    ``vecs`` holds the candidates' unit rows: sparse TF-IDF, or dense sentence vectors.
    """
    # a sentence of an article published on the date counts as much as one naming it: half
    # weight (news-tls's PM-Mean balances the two kinds) cost .004 AR-1 on Timeline17
    weights = candidate_weights(cands, params.future_weight)
    if sparse.issparse(vecs):
        centroid = _normalise(np.asarray(vecs.multiply(weights[:, None]).sum(axis=0)).ravel())
    else:
        centroid = _normalise(weights @ vecs)
    mentioned = np.array([c.mentioned for c in cands]) * weights
    prior = 1 + params.mention_boost * mentioned
    if params.topic_exponent:
        prior *= np.power(np.maximum(vecs @ topic, 1e-6), params.topic_exponent)
    if params.length_exponent:
        words = np.array([len(_WORDS.findall(c.text)) for c in cands])
        prior *= np.power(np.minimum(1.0, params.length_ref / np.maximum(words, 1)), params.length_exponent)
    return (vecs @ centroid) * prior


class _Space:
    """A TF-IDF space fitted on the candidates of the selected dates, and their topic centroid.

    With ``dense`` and vectors stored for every candidate's article, also the
    candidates' sentence vectors (``dense``, rows in the same order) and their topic.
    """

    def __init__(self, cands: Sequence[Candidate], *, dense: bool = False):
        unique: dict[tuple[str, int], str] = {}
        first: dict[tuple[str, int], Candidate] = {}
        for c in cands:
            unique.setdefault(c.key, c.text)
            first.setdefault(c.key, c)
        texts = list(unique.values())
        # imported here, not at the top: scikit-learn costs every CLI command 1.5 s of start-up otherwise
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, lowercase=True)
        try:
            matrix = self.vectorizer.fit_transform(texts)
        except ValueError:  # only stop words: fall back to every token
            self.vectorizer = TfidfVectorizer(sublinear_tf=True, token_pattern=r"(?u)\b\w+\b")
            matrix = self.vectorizer.fit_transform(texts)
        self.matrix = matrix.tocsr()
        self.index = {k: i for i, k in enumerate(unique)}
        # the topic: what the timeline's candidates say, all dates together
        self.topic = _normalise(np.asarray(self.matrix.sum(axis=0)).ravel())
        self.dense = _dense_rows(list(first.values())) if dense else None
        if dense and self.dense is None:
            log.info("sentence vectors missing for some candidates; summarising with TF-IDF")
        self.scoring_topic = self.topic if self.dense is None else _normalise(self.dense.sum(axis=0))

    def rows(self, cands: Sequence[Candidate]) -> sparse.csr_matrix:
        """L2-normalised sparse rows of the candidates."""
        return self.matrix[[self.index[c.key] for c in cands]]

    def dense_rows(self, cands: Sequence[Candidate]) -> np.ndarray | None:
        """Unit sentence vectors of the candidates, or None when the space has none."""
        return None if self.dense is None else self.dense[[self.index[c.key] for c in cands]]


def _dense_rows(cands: Sequence[Candidate]) -> np.ndarray | None:
    """One stored sentence vector per candidate, or None when any article lacks them (or a model differs)."""
    matrices: dict[str, np.ndarray | None] = {}
    models = set()
    for c in cands:
        aid = c.doc.article.id
        if aid not in matrices:
            matrices[aid] = document_matrix(c.doc)
            models.add(c.doc.vectors.model if c.doc.vectors else None)
        if matrices[aid] is None:
            return None
    if len(models) != 1 or not cands:
        return None
    rows = np.vstack([matrices[c.doc.article.id][c.sentence] for c in cands])
    # stored as float16 unit vectors: renormalise the rounding away
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)


def _normalise(v: np.ndarray) -> np.ndarray:
    # an elementwise sum, not np.linalg.norm: BLAS dot on a long dense vector is slow on some builds
    n = math.sqrt(float(np.square(v).sum()))
    return v / n if n else v


def _by_date(candidates: Sequence[Candidate], dates: set[str]) -> dict[str, list[Candidate]]:
    out: dict[str, dict[tuple[str, int], Candidate]] = defaultdict(dict)
    for c in candidates:
        if c.date in dates and c.line:  # a date the sentence names as evidence is not what it reports
            prev = out[c.date].get(c.key)
            if prev is None or (c.mentioned and not prev.mentioned):
                out[c.date][c.key] = c
    # the same sentence published twice (wire copy) is one candidate
    deduped: dict[str, list[Candidate]] = {}
    for d, cands in out.items():
        seen: dict[str, Candidate] = {}
        for c in sorted(cands.values(), key=lambda c: (c.doc.article.id, c.sentence)):
            seen.setdefault(" ".join(c.text.split()).lower(), c)
        deduped[d] = list(seen.values())
    return deduped


def source_ref(c: Candidate) -> SourceRef:
    """A citation of a candidate's sentence."""
    a = c.doc.article
    return SourceRef(article=a.id, start=c.start, end=c.end, title=a.title, url=a.url, source=a.source,
                     published=a.published.isoformat() if a.published else "")


def date_entry(value: str, cands: list[Candidate], lines: list[tuple[Candidate, list[Candidate]]]) -> TimelineEntry:
    """The entry of a date: its lines (each with the candidates it also cites), scored by its articles."""
    summary = tuple(SummaryLine(text=c.text, source=source_ref(c), also=tuple(source_ref(o) for o in also))
                    for c, also in lines)
    sources = tuple(ref for line in summary for ref in (line.source, *line.also))
    precision = Precision.DAY if len(value) == 10 else Precision.MONTH
    return TimelineEntry(date=value, precision=precision, summary=summary, sources=sources,
                         score=float(len({c.doc.article.id for c in cands})))


# Weekday of a TIMEX3 value the resolver could not anchor ("XXXX-WXX-4": a Thursday).
_WEEKDAY = re.compile(r"^XXXX-WXX-(?P<day>[1-7])$")


def cite_undated(entries: Sequence[TimelineEntry], docs: Sequence[Document],
                 *, threshold: float = SAME_EVENT) -> list[TimelineEntry]:
    """Add undated articles as ``also`` citations of the lines that report the same event.

    An article without a publication date cannot anchor "on Thursday"; but when a
    sentence names the weekday of an entry's date and is worded like one of its
    lines, it reports that event (compatible time, similar wording: the
    coreference test of :mod:`dateline.corpus.clusters`) and the entry cites it too.
    """
    pool = [(doc, s, int(m["day"])) for doc in docs if doc.article.published is None
            for s, m in _weekday_sentences(doc)]
    if not pool:
        return list(entries)
    out = []
    for e in entries:
        if len(e.date) != 10:
            out.append(e)
            continue
        weekday = date.fromisoformat(e.date).isoweekday()
        lines = tuple(_cite_line(line, [(d, s) for d, s, w in pool if w == weekday], threshold) for line in e.summary)
        sources = tuple(ref for line in lines for ref in (line.source, *line.also))
        out.append(replace(e, summary=lines, sources=sources))
    return out


def _weekday_sentences(doc: Document):
    for t in doc.timexes:
        m = _WEEKDAY.match(t.value)
        i = sentence_at(doc.sentences, t.start) if m else None
        if i is not None:
            yield doc.sentences[i], m


def _cite_line(line: SummaryLine, pool: list, threshold: float) -> SummaryLine:
    mine = weigh(terms(line.text), {}, 1)
    best: dict[str, tuple[float, SourceRef]] = {}
    for doc, s in pool:
        a = doc.article
        sim = cosine(mine, weigh(terms(a.text[s.start:s.end]), {}, 1))
        if sim >= threshold and (a.id not in best or sim > best[a.id][0]):
            best[a.id] = (sim, SourceRef(article=a.id, start=s.start, end=s.end, title=a.title, url=a.url,
                                         source=a.source))
    extra = tuple(ref for _, ref in sorted(best.values(), key=lambda x: (-x[0], x[1].article)))
    return replace(line, also=line.also + extra) if extra else line
