"""Penn-Treebank-tokenised text is recognised at ingest and stored as written text; nothing else is touched."""

from __future__ import annotations

import json

import pytest

from dateline.errors import InputError
from dateline.ingest.readers import read_paths
from dateline.ingest.tokenised import detokenise, detokenise_line, looks_tokenised
from dateline.settings import Settings

# Invented news written the way a PTB tokenizer leaves it, one sentence per line.
TOKENISED = (
    "The mayor of Lakemouth -LRB- a port of 40,000 people -RRB- said the pier would reopen on Monday .\n"
    "`` We did n't expect the storm to do this much damage , '' she told reporters .\n"
    "Crews have worked 12-hour shifts since the flood , and the board 's budget rose 15 % .\n"
    "The plan , she added , costs $ 4 million -- less than the U.S. .\n"
    "One fisher said the town ca n't wait : `` It 's our living . ''\n"
)
WRITTEN = (
    "The mayor of Lakemouth (a port of 40,000 people) said the pier would reopen on Monday.\n"
    "“We didn't expect the storm to do this much damage,” she told reporters.\n"
    "Crews have worked 12-hour shifts since the flood, and the board's budget rose 15%.\n"
    "The plan, she added, costs $4 million -- less than the U.S.\n"
    "One fisher said the town can't wait: “It's our living.”\n"
)


def test_a_tokenised_text_is_recognised_and_written_back():
    assert looks_tokenised(TOKENISED)
    assert detokenise(TOKENISED) == WRITTEN


@pytest.mark.parametrize("line,written", [
    ("-LSB- Editor 's note : updated -RSB- The vote passed .", "[Editor's note: updated] The vote passed."),
    ("A note -LCB- sic -RCB- was left .", "A note {sic} was left."),
    ("He called it ` a fair deal ' and left .", "He called it ‘a fair deal’ and left."),
    ("The players ' union wo n't sign .", "The players' union won't sign."),
    ("Read it at example.org\\/news today .", "Read it at example.org/news today."),
    ("`` Go , '' he said , `` now . ''", "“Go,” he said, “now.”"),
    ("They 're sure we 'll win , I 'm told .", "They're sure we'll win, I'm told."),
])
def test_ptb_tokens_are_written_back(line, written):
    assert detokenise_line(line) == written


@pytest.mark.parametrize("text", [
    # ordinary prose, with quotes, contractions, brackets and a percentage
    "The council met on Tuesday. “We can't wait,” the mayor said (again), and costs rose 15%. "
    "It's the board's call now, officials said.",
    # code, which spaces its commas and uses '' for an empty string
    "def merge(a , b):\n    name = ''\n    return f(a , b) , g(a , b)\n# call merge(x , y) ; then log ''\n",
    # prose with a few spaced marks, as a careless writer leaves them
    "The ferry was late , again. Passengers waited for an hour in the rain, and the cafe ran out of tea. "
    "Nobody was told why ; the company said nothing until the evening, when a short note appeared.",
    # French typography: a space before ; : ? ! but not before , or .
    "Le port rouvre lundi ; les pêcheurs sont prêts. Pourquoi si tard ? Le maire répond : la tempête, "
    "les travaux, le budget. Quelle semaine !",
    # a list of figures
    "Lakemouth : 40,000\nDunmere : 12,500\nPort Calder : 8,200\n",
])
def test_ordinary_text_is_never_detokenised(text):
    assert not looks_tokenised(text)


def test_a_short_tokenised_caption_without_signs_is_left_as_it_is():
    # two spaced marks and no clitic or quote token: too little to tell, so nothing is changed
    assert not looks_tokenised("Boats in the harbour , Monday .")


def test_a_tokenised_file_is_stored_as_written_text(tmp_path):
    (tmp_path / "2024-03-04").mkdir()
    (tmp_path / "2024-03-04" / "1.htm.txt").write_text(TOKENISED, encoding="utf-8")
    (tmp_path / "records.jsonl").write_text(json.dumps({"text": TOKENISED, "title": "Pier 's reopening"}) + "\n",
                                            encoding="utf-8")
    docs = [d for d in read_paths([tmp_path], Settings()) if not isinstance(d, InputError)]
    assert [d.text for d in docs] == [WRITTEN.rstrip("\n")] * 2
    assert docs[1].title == "Pier's reopening"
    assert docs[0].published.isoformat() == "2024-03-04" and docs[0].title == ""


def test_the_setting_keeps_tokenised_text_as_it_is(tmp_path):
    (tmp_path / "a.txt").write_text(TOKENISED, encoding="utf-8")
    (doc,) = read_paths([tmp_path], Settings(detokenise=False))
    assert doc.text == TOKENISED.rstrip("\n")
