"""Organization and place short forms (rules in data/organizations.toml)."""

import pytest

from dateline.extract.aliases import org_groups, org_key, place_name, rules
from dateline.extract.entities import cities, country_code


def _groups(*names):
    keys = [org_key(n, country_code) for n in names]
    mapping = org_groups(keys)
    return [mapping[k.key] for k in keys]


@pytest.mark.parametrize("example", rules().examples, ids=lambda e: " / ".join(e.get("same") or e["different"]))
def test_examples(example):
    a, b = _groups(*(example.get("same") or example["different"]))
    assert (a == b) is ("same" in example)


@pytest.mark.parametrize("names,joined", [
    # a bare key joins a country's only when one country has it
    (["State Department", "US State Department"], True),
    (["Foreign Ministry", "Egyptian Foreign Ministry", "Israeli Foreign Ministry"], False),
    # an acronym joins a full name only when one full name has its initials
    (["UN", "United Nations"], True),
    (["UN", "United Nations", "Union Nationals"], False),
    (["WHO", "World Health Organization"], True),
    (["IRS", "International Red Cross Society", "Internal Revenue Service"], False),
])
def test_guards(names, joined):
    groups = _groups(*names)
    assert (groups[0] == groups[1]) is joined


@pytest.mark.parametrize("text,name", [
    ("Rafah city", "Rafah"),
    ("Velmora town", "Velmora"),
    ("Mexico City", "Mexico City"),  # negative row: the generic word is part of the name
    ("Cairo", "Cairo"),
])
def test_place_name(text, name):
    assert place_name(text, cities()) == name
