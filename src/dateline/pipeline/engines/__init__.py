"""Engines run the per-article stages over many documents: ``local`` (default); a distributed one is optional."""
