"""Quotes in Penn-Treebank-tokenised text, once ingest has written it back, are direct quotes."""

from __future__ import annotations

from dateline.ingest.tokenised import detokenise
from dateline.model import QuoteKind

TOKENISED = ("Rescue teams reached the village on Friday .\n"
             "`` We will rebuild every house before the winter , '' Mayor Ana Ortiz said on Saturday .\n")


def test_a_quote_between_ptb_quote_tokens_is_found_after_ingest_writes_them_back(make_doc):
    doc = make_doc(detokenise(TOKENISED))
    text = doc.article.text
    direct = [(text[q.start:q.end], text[q.speaker_start:q.speaker_end]) for q in doc.quotes
              if q.kind is QuoteKind.DIRECT]
    assert ("We will rebuild every house before the winter", "Mayor Ana Ortiz") in direct
    # and nothing starts with a stray PTB quote token
    assert not any(text[q.start:q.end].startswith("``") for q in doc.quotes)
