"""The web desk finished: downloads are the CLI's rows, no server path on any page, the entity page's sentences,
the API documented with its response shapes on a page that needs no network."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dateline.cli import app as cli
from dateline.web import create_app

from .support import copy_store
from .test_safety import runnable


@pytest.fixture(scope="module")
def client(seeds_db):
    with TestClient(create_app(seeds_db), base_url="http://127.0.0.1") as c:
        yield c


def _cli(db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--db", str(db)])
    assert result.exit_code == 0, result.output
    return result.stdout


DOWNLOADS = [
    ("/api/timeline?entity=Sisi", ["timeline", "--entity", "Sisi"]),
    ("/api/disagreements", ["disagreements"]),
    ("/api/disagreements?q=Rafah", ["disagreements", "--query", "Rafah"]),
    ("/api/entities?kind=person", ["entities", "--kind", "person"]),
    ("/api/events?entity=Blinken", ["events", "--entity", "Blinken"]),
    ("/api/quotes?entity=Shoukry", ["quotes", "--entity", "Shoukry"]),
    ("/api/claims", ["claims"]),
    ("/api/articles?q=Rafah", ["articles", "--query", "Rafah"]),
    ("/api/stories", ["stories"]),
]


@pytest.mark.parametrize("url,args", DOWNLOADS, ids=[d[0] for d in DOWNLOADS])
def test_every_download_is_the_commands_rows(client, seeds_db, url, args):
    sep = "&" if "?" in url else "?"
    as_csv = client.get(f"{url}{sep}format=csv")
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in as_csv.headers["content-disposition"]
    expected = _cli(seeds_db, *args, "--format", "csv")
    # the runner reads the command's stdout as text, which turns the CSV's \r\n into \n
    assert as_csv.text.replace("\r\n", "\n") == expected.replace("\r\n", "\n")
    assert expected.count("\n") > 1  # a header and rows, not an empty answer
    assert client.get(f"{url}{sep}format=json").json() == json.loads(_cli(seeds_db, *args, "--format", "json"))


def test_every_page_links_to_its_downloads(client):
    entity = client.get("/api/entities?kind=person").json()[0]["id"]
    article = client.get("/api/articles").json()[0]["id"]
    pages = {"/": "/api/timeline?format=csv", "/?entity=Sisi": "/api/timeline?entity=Sisi&amp;format=csv",
             "/disagreements": "/api/disagreements?format=csv", "/stories": "/api/stories?format=csv",
             "/search?q=Rafah": "/api/articles?q=Rafah&amp;format=csv", f"/entity/{entity}": "/api/events?entity=",
             f"/article/{article}": f"/api/articles/{article}?format=json"}
    for page, link in pages.items():
        text = client.get(page).text
        assert link in text, page
        for href in re.findall(r'class="downloads[^"]*">.*?</p>', text, re.S):
            for target in re.findall(r'href="([^"]+)"', href):
                assert client.get(target.replace("&amp;", "&")).status_code == 200, target


def test_no_page_shows_a_server_path(client, seeds_db):
    folder = str(Path(seeds_db).parent)
    origins = [a["origin"] for a in client.get("/api/articles").json()]
    seeds = {str(Path(o).parent) for o in origins if "/" in o}
    assert seeds  # the seeds were read from files under a folder: that folder must not show
    entity = client.get("/api/entities").json()[0]["id"]
    pages = ["/", "/disagreements", "/stories", "/search?q=Rafah", "/add", f"/entity/{entity}", "/api/docs",
             "/article/nosuchid"] + [f"/article/{a['id']}" for a in client.get("/api/articles").json()]
    for page in pages:
        text = client.get(page).text
        for path in seeds | {folder}:
            assert path not in text, (page, path)
    article = client.get("/api/articles").json()[0]
    assert Path(article["origin"]).name in client.get(f"/article/{article['id']}").text  # the file's name only


def test_the_entity_page_shows_each_events_sentence(client):
    blinken = next(e for e in client.get("/api/entities").json() if e["name"] == "Antony Blinken")
    page = client.get(f"/entity/{blinken['id']}").text
    events = [e for e in client.get("/api/events?entity=Blinken").json()
              if any(p["entity"] == blinken["id"] for p in e["participants"])]
    assert events
    sentences = re.findall(r'<q class="sentence">(.*?)</q>', page, re.S)
    assert len(sentences) == len(events)
    for e, sentence in zip(sorted(events, key=lambda e: (e["date"] or "undated", e["article"], e["start"])),
                           sentences):
        assert f'<mark class="cited">{e["trigger"]}</mark>' in sentence  # the trigger, inside its sentence
        assert len(re.sub(r"<[^>]+>", "", sentence)) > len(e["trigger"]) + 20


def test_response_shapes_are_in_the_openapi_document(client):
    schema = client.get("/api/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            ok = op["responses"]["200"]["content"]
            assert ok["application/json"]["schema"], (method, path)
    assert "text/csv" in schema["paths"]["/api/claims"]["get"]["responses"]["200"]["content"]
    assert {"Timeline", "Entry", "Disagreement", "ClaimGroup", "UploadJob"} <= set(schema["components"]["schemas"])


def test_served_stories_match_their_declared_schema_threads_included(client):
    from dateline.web.schemas import Story

    declared = client.get("/api/openapi.json").json()["components"]["schemas"]["Story"]
    assert {"threads", "thread_list"} <= set(declared["required"])
    rows = client.get("/api/stories").json()
    assert rows
    for row in rows:
        story = Story.model_validate(row)
        assert story.threads == len(story.thread_list) >= 1
        assert sorted(i for t in story.thread_list for i in t.ids) == sorted(story.ids)


def test_the_api_docs_page_works_without_network(client):
    response = client.get("/api/docs")
    assert response.status_code == 200 and runnable(response.text) == []
    assert "http://" not in response.text.replace('http://127.0.0.1', '') and "https://" not in response.text
    for route in ("/api/timeline", "/api/disagreements", "/api/claims", "/api/upload"):
        assert f"<code>GET {route}" in response.text or f"<code>POST {route}" in response.text
    assert 'id="m-Timeline"' in response.text and "list of Disagreement" in response.text


def test_a_copy_citation_carries_outlet_title_date_url_and_sentence(client):
    page = client.get("/").text
    citations = re.findall(r'data-citation="([^"]+)"', page)
    assert citations
    first = citations[0].replace("&#34;", '"').replace("&amp;", "&")
    outlet, rest = first.split(", ", 1)
    assert outlet and " — “" in rest and rest.endswith("”")
    assert re.search(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} \w+ \d{4}", rest)


def test_the_exported_file_offers_copy_citation_too(seeds_db, tmp_path):
    db = copy_store(seeds_db, tmp_path / "e.db")
    html = _cli(db, "timeline", "--format", "html")
    assert 'class="copy"' in html and runnable(html.split("<script>")[0]) == []
