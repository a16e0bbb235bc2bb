"""The web app of ``dateline serve``: timeline, disagreements, entities, articles, stories, search, uploads."""

from .app import create_app

__all__ = ["create_app"]
