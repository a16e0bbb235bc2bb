"""Settings: one table of (name, default, help), and --setting name=value parsing."""

from pathlib import Path

import pytest

from dateline.settings import Settings, parse_setting, settings_table


def test_every_setting_has_help_and_a_default():
    table = settings_table()
    assert [name for name, _, _ in table][:2] == ["db_path", "spacy_model"]
    assert all(help.strip() for _, _, help in table)
    assert dict((n, d) for n, d, _ in table)["batch_size"] == Settings().batch_size


@pytest.mark.parametrize("item,expected", [
    ("jobs=2", ("jobs", 2)),
    ("event_threshold=0.45", ("event_threshold", 0.45)),
    ("progress=off", ("progress", False)),
    ("stages=sentences, timexes", ("stages", ("sentences", "timexes"))),
    ("db-path=x.db", ("db_path", Path("x.db"))),
])
def test_parse_setting_converts_to_the_field_type(item, expected):
    assert parse_setting(item) == expected


@pytest.mark.parametrize("item,message", [
    ("nosuch=1", "unknown setting"),
    ("jobs", "unknown setting"),
    ("jobs=two", "not a valid int"),
    ("progress=maybe", "not a valid bool"),
])
def test_parse_setting_refuses_bad_items_with_a_readable_message(item, message):
    with pytest.raises(ValueError, match=message):
        parse_setting(item)
