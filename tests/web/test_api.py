"""The JSON API answers exactly what the CLI prints with --format json, and the schema is pinned."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dateline.cli import app as cli
from dateline.web import create_app

SNAPSHOT = Path(__file__).with_name("openapi.json")


@pytest.fixture(scope="module")
def client(seeds_db):
    with TestClient(create_app(seeds_db), base_url="http://127.0.0.1") as c:
        yield c


def _cli_json(db: Path, *args: str):
    result = CliRunner().invoke(cli, [*args, "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


CASES = [
    ("/api/timeline", ["timeline"]),
    ("/api/timeline?entity=Sisi&since=2024-03", ["timeline", "--entity", "Sisi", "--since", "2024-03"]),
    ("/api/timeline?q=Rafah&max_dates=3", ["timeline", "--query", "Rafah", "--max-dates", "3"]),
    ("/api/timeline?type=consult", ["timeline", "--type", "consult"]),
    ("/api/entities?kind=person", ["entities", "--kind", "person"]),
    ("/api/events?entity=Blinken&type=CONSULT", ["events", "--entity", "Blinken", "--type", "CONSULT"]),
    ("/api/quotes?entity=Shoukry", ["quotes", "--entity", "Shoukry"]),
    ("/api/claims?status=consistent", ["claims", "--status", "consistent"]),
    ("/api/articles?q=Rafah", ["articles", "--query", "Rafah"]),
    ("/api/stories", ["stories"]),
]


@pytest.mark.parametrize("url,args", CASES, ids=[c[0] for c in CASES])
def test_every_route_answers_what_the_command_prints(client, seeds_db, url, args):
    response = client.get(url)
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    expected = _cli_json(seeds_db, *args)
    assert response.json() == expected
    assert expected  # a route compared on an empty answer would prove nothing


def test_an_article_is_what_show_prints(client, seeds_db):
    (first, *_) = client.get("/api/articles").json()
    assert client.get(f"/api/articles/{first['id']}").json() == _cli_json(seeds_db, "show", first["id"])
    assert client.get("/api/articles/nosuchid").status_code == 404


def test_a_bad_date_is_a_422_that_says_why(client):
    response = client.get("/api/timeline?since=2024-13")
    assert response.status_code == 422 and "YYYY" in response.json()["detail"]


def test_a_month_without_its_zero_is_that_month_in_the_cli_and_the_api(client, seeds_db):
    padded = _cli_json(seeds_db, "timeline", "--since", "2024-03")
    assert padded["entries"] and padded != _cli_json(seeds_db, "timeline")  # the bound takes some days out
    assert _cli_json(seeds_db, "timeline", "--since", "2024-3") == padded
    assert client.get("/api/timeline?since=2024-3").json() == padded
    assert _cli_json(seeds_db, "events", "--until", "2024-3") == _cli_json(seeds_db, "events", "--until", "2024-03")


@pytest.mark.parametrize("route,option,value", [
    ("timeline", "since", "2024-13"), ("timeline", "until", "March"), ("timeline", "since", "2024-02-30"),
    ("events", "since", "24-03"), ("quotes", "until", "2024/03"), ("claims", "since", "2024-3-"),
])
def test_a_bad_bound_gets_the_same_line_from_the_cli_and_the_api(client, seeds_db, route, option, value):
    response = client.get(f"/api/{route}", params={option: value})
    result = CliRunner().invoke(cli, [route, f"--{option}", value, "--db", str(seeds_db)])
    assert response.status_code == 422 and result.exit_code == 1
    (line,) = [x for x in result.output.splitlines() if x.strip()]
    assert line == f"error: {response.json()['detail']}"
    assert response.json()["detail"] == f"{option} {value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"


def test_bounds_in_the_wrong_order_are_refused_alike(client, seeds_db):
    response = client.get("/api/timeline?since=2024-04&until=2024-03")
    result = CliRunner().invoke(cli, ["timeline", "--since", "2024-04", "--until", "2024-03", "--db", str(seeds_db)])
    assert response.status_code == 422 and result.exit_code == 1
    assert result.output.strip() == f"error: {response.json()['detail']}"


def api_surface(schema: dict) -> dict:
    """What the schema says of our API, without what the FastAPI version decides (its error models)."""
    out = {"title": schema["info"]["title"], "version": schema["info"]["version"], "paths": {}}
    for path, methods in sorted(schema["paths"].items()):
        for method, op in sorted(methods.items()):
            params = [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                       "type": p["schema"].get("type") or [t.get("type") for t in p["schema"].get("anyOf", [])],
                       "description": p.get("description", "")} for p in op.get("parameters", [])]
            out["paths"][f"{method.upper()} {path}"] = {"summary": op.get("summary", ""), "parameters": params,
                                                         "body": "requestBody" in op}
    return out


def test_the_openapi_schema_is_pinned(client):
    surface = api_surface(client.get("/api/openapi.json").json())
    if os.environ.get("DATELINE_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(json.dumps(surface, indent=1) + "\n")
    assert surface == json.loads(SNAPSHOT.read_text()), \
        "the API changed: check it is on purpose, then DATELINE_UPDATE_SNAPSHOTS=1 pytest tests/web/test_api.py"
    assert {"GET /api/timeline", "GET /api/entities", "GET /api/articles/{article_id}", "POST /api/upload"} \
        <= set(surface["paths"])
