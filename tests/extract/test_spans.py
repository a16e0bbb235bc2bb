"""The bisection indexes give the answers a scan over every span gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.extract.spans import Region, Regions, SpanIndex, token_range

# lengths on both sides of spans.SHORT, so that both of SpanIndex's paths are taken
LENGTHS = st.sampled_from([1, 3, 15, 255, 256, 257, 400, 800])
SPANS = st.lists(st.tuples(st.integers(0, 900), LENGTHS).map(lambda p: (p[0], p[0] + p[1])), max_size=12)


def _offset(data, spans) -> int:
    """An offset at, just before or just after some span's edge, or anywhere."""
    edges = [x + d for s, e in spans for x in (s, e) for d in (-1, 0, 1)]
    return data.draw(st.sampled_from(edges) if edges and data.draw(st.booleans()) else st.integers(-2, 1800))


@settings(max_examples=150, deadline=None)
@given(SPANS, st.data(), st.integers(0, 600))
def test_span_index_matches_a_scan(spans, data, width):
    offset = _offset(data, spans)
    items = [Region(s, e) for s, e in spans]
    ix = SpanIndex(items)
    assert ix.positions(offset) == [i for i, m in enumerate(items) if m.start <= offset < m.end]
    assert ix.within(offset, offset + width) == [m for m in items if offset <= m.start and m.end <= offset + width]
    assert ix.overlapping(offset, offset + width) == [
        i for i, m in enumerate(items) if min(offset + width, m.end) - max(offset, m.start) > 0]
    assert ix.first(offset, lambda m: m.end % 2 == 0) is next(
        (m for m in items if m.start <= offset < m.end and m.end % 2 == 0), None)


@settings(max_examples=150, deadline=None)
@given(SPANS, st.data(), st.integers(1, 600))
def test_regions_match_a_scan(spans, data, width):
    offset = _offset(data, spans)
    r = Regions(spans)
    assert r.covers(offset) == any(s <= offset < e for s, e in spans)
    assert r.overlaps(offset, offset + width) == any(s < offset + width and offset < e for s, e in spans)
    assert r.starts_within(offset, offset + width) == any(offset <= s < offset + width for s, _ in spans)


def test_token_range():
    offsets = [0, 4, 9, 15]
    assert token_range(offsets, 4, 15) == (1, 3)
    assert token_range(offsets, 5, 9) == (2, 2)  # negative row: no token starts in [5, 9)
