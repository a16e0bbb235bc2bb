"""ECB+ reader and the mention-detection eval gate (dev topics, read from ../shared)."""

import json
from pathlib import Path

import pytest

from dateline.eval.ecb import data_files, evaluate, match_spans, read_ecb
from dateline.eval.gate import check_floors, checksum

from .conftest import SHARED

ECB = SHARED / "benchmarks" / "ecbplus"
BASELINE = Path(__file__).resolve().parents[1] / "eval_baselines" / "ecb_mentions.json"
needs_ecb = pytest.mark.skipif(not ECB.is_dir(), reason="shared ECB+ corpus not present")


@pytest.mark.parametrize("gold,pred,strict,tp", [
    ([(0, 5)], [(0, 5)], True, 1),
    ([(0, 5)], [(2, 4)], True, 0),
    ([(0, 5)], [(2, 4)], False, 1),
    ([(0, 5)], [(2, 4), (3, 5)], False, 1),  # one gold mention matches once
    ([(0, 5)], [(6, 9)], False, 0),  # negative row
])
def test_match_spans(gold, pred, strict, tp):
    assert match_spans(gold, pred, strict=strict) == tp


@needs_ecb
def test_reader_rebuilds_text_and_offsets():
    docs = read_ecb(ECB, [1])
    assert docs and all(d.topic == 1 for d in docs)
    for d in docs[:5]:
        for t in d.tokens:
            assert d.text[t.start:t.end] == t.text
        for m in d.mentions:
            assert d.text[m.start:m.end].split()[0] == next(t.text for t in d.tokens if t.t_id == m.token_ids[0])
    assert any(m.instance for d in docs for m in d.mentions)
    assert {d.subtopic for d in docs} == {"ecb", "ecbplus"}


@needs_ecb
def test_gate(nlp):
    baseline = json.loads(BASELINE.read_text())
    topics = baseline["topics"]
    if checksum(data_files(ECB, topics)) != baseline["checksum"]:
        pytest.skip("ECB+ data differs from the pinned checksum; re-pin the baseline")
    metrics = evaluate(ECB, topics, nlp)
    result = check_floors(metrics, BASELINE)
    assert result.ok, result.failures


@needs_ecb
def test_news_text_keeps_every_token_at_its_span():
    from dateline.eval.ecb import news_text

    for doc in read_ecb(ECB, [1])[:5]:
        news = news_text(doc)
        for t in doc.tokens:
            start, end = news.spans[t.t_id]
            assert news.text[start:end] in (t.text, '"', "/")  # PTB quotes and "|" are rewritten
        assert news.text.count("\n") == len({t.sentence for t in doc.tokens}) - 1  # one line per sentence


def test_gold_events_take_what_the_extractor_finds_at_each_gold_trigger(make_doc):
    from dateline.eval.ecb_coref import GoldMention, gold_events

    text = "Police arrested the suspect in Dallas on Tuesday. The city was quiet."
    doc = make_doc(text)

    def gold(word):
        start = text.index(word)
        return GoldMention(word, doc.article.id, start, start + len(word), word, word, "1:ecb")

    arrested, quiet = gold_events(doc, [gold("quiet"), gold("arrested")])  # returned in text order
    detected = next(e for e in doc.events if text[e.start:e.end] == "arrested")
    assert (arrested.start, arrested.end, arrested.type) == (detected.start, detected.end, detected.type)
    assert arrested.participants == detected.participants and arrested.participants
    assert text[quiet.start:quiet.end] == "quiet" and quiet.type == "OTHER" and not quiet.participants
    assert quiet.sentence == 1
