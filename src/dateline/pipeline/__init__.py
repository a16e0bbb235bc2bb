"""The pipeline: read -> dedup -> per-article stages -> store -> corpus stages.

* :mod:`.stages` — the declared per-article and corpus stages, checked when built,
  and the batch runner that isolates one article's failure;
* :mod:`.ingest` — the run of an ingest, batch by batch, resumable;
* :mod:`.corpus` — the corpus stages over the articles each has not processed yet.
"""

from .corpus import CorpusReport, run_corpus_stages
from .ingest import ArticleFailure, IngestReport, IngestRun, ingest, stages_to_complete
from .stages import (
    CORPUS_STAGES,
    STAGES,
    Pipeline,
    build_corpus_stages,
    build_pipeline,
    check_order,
    completion_plan,
    default_stages,
    stage_names,
)

__all__ = ["CORPUS_STAGES", "STAGES", "ArticleFailure", "CorpusReport", "IngestReport", "Pipeline",
           "IngestRun", "build_corpus_stages", "build_pipeline", "check_order", "completion_plan",
           "default_stages", "ingest", "run_corpus_stages", "stage_names", "stages_to_complete"]
