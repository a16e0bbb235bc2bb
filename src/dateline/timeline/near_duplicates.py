"""One line per fact per day: near-duplicate lines of one day are one line citing every source.

The summariser's repeat cut compares TF-IDF cosines, which miss the same fact
told twice in different words or copy-edited from one wire story ("BP said
it was spending $100m a day" beside "BP's spending had reached $100m a
day, it said on Monday"). Two lines of one day are taken as one fact when

* one is (almost) contained in the other, or they are the same words reordered
  or lightly edited: rapidfuzz's token-set ratio at least ``SAME_WORDS``; or
* they give the same figure (a number that is not part of the day's own date)
  and still share most of their words: token-set ratio at least ``SAME_FIGURE_WORDS``.

rapidfuzz does the string similarity (a kept library; no hand-written edit distance).
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

SAME_WORDS = 90  # token-set ratio (0-100) of a copy or a contained line
SAME_FIGURE_WORDS = 60  # token-set ratio of two lines giving the same figure
# a number standing alone, of two digits or more ("H1N1" and a lone "3" are not figures to match on)
_FIGURE = re.compile(r"(?<![\w$£€])[$£€]?(\d[\d,.]*\d)(?:m|bn|k)?(?![\w])")


def figures(text: str, day: str = "") -> frozenset[str]:
    """The numbers a line gives, without the parts of its day's date ("2010", "04", "20") and clock times.

    >>> sorted(figures("On 20 April 2010 at 10:45 pm, 11 workers died and 3,000 barrels of H1N1 leaked.", "2010-04-20"))
    ['11', '3000']
    """
    text = re.sub(r"\b\d{1,2}[:.]\d{2}\b", " ", text)
    skip = {p.lstrip("0") for p in day.split("-") if p}
    found = (m.group(1).replace(",", "").rstrip(".") for m in _FIGURE.finditer(text))
    return frozenset(f for f in found if f.lstrip("0") not in skip)


def near_duplicate(a: str, b: str, day: str = "") -> bool:
    """Whether two lines of the day ``day`` tell one fact.

    >>> near_duplicate("The company said on Monday it was spending $100m a day on the clean-up.",
    ...                "The company is spending $100m a day on the clean-up, it said.", "2010-06-28")
    True
    >>> near_duplicate("Forty people were rescued from the ferry.", "Fog closed the airport.", "2010-06-28")
    False
    """
    ratio = fuzz.token_set_ratio(a, b, processor=default_process)
    if ratio >= SAME_WORDS:
        return True
    return ratio >= SAME_FIGURE_WORDS and bool(figures(a, day) & figures(b, day))
