"""The --since/--until filter every command shares, so it means the same everywhere."""

from __future__ import annotations


def in_range(value: str, since: str | None, until: str | None) -> bool:
    """Whether a date value of any precision ("2025", "2025-03", "2025-03-02") overlaps [since, until].

    Values and bounds are compared at the coarser of their two precisions, so a
    month overlapping a bound is kept. An undated item is out once a bound is set.

    >>> in_range("2025-02", "2025-02-10", None), in_range("", None, "2025")
    (True, False)
    """
    if not value:
        return not (since or until)
    if since and value[: len(since)] < since[: len(value)]:
        return False
    if until and value[: len(until)] > until[: len(value)]:
        return False
    return True
