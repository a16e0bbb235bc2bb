"""Timeline summarization roles: collect dated candidates, rank dates, summarise each date.

Each role is a plain function over in-memory documents so that any one can be
swapped (see :class:`dateline.timeline.Roles`); :mod:`dateline.timeline` loads
documents from the store and wires the roles together.
"""
