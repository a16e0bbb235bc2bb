"""Per-article stages: each takes a Document and returns a new one with its layer added.

sentences -> timexes (temporal/) -> parse -> mentions (entities) -> quotes -> events -> claims;
the order and each stage's ``requires``/``assigns`` are declared in :mod:`dateline.pipeline`.
"""
