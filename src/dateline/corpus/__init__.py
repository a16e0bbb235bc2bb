"""Corpus stages: work across articles after the per-article stages have stored them.

dating -> event-times -> entities -> claim groups -> clusters; declared, with what
each reads and writes, in :mod:`dateline.pipeline`.
"""
