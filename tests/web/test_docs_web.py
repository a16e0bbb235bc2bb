"""Docs are tested: every route of the web app appears in docs/web.md."""

from __future__ import annotations

from dateline.web import api, pages

from .support import REPO


def test_every_route_is_documented():
    doc = (REPO / "docs" / "web.md").read_text()
    routes = [r.path for r in (*api.router.routes, *pages.router.routes)]
    assert "/api/timeline" in routes and "/entity/{entity_id}" in routes
    for path in routes:
        assert f"`{path}`" in doc or f"`{path}?" in doc or f" {path}`" in doc or f" {path}?" in doc, \
            f"docs/web.md does not mention {path}"
