"""The web app's store connections: a file put in the store's place is read again, not the one it replaced."""

from __future__ import annotations

import os

from fastapi.testclient import TestClient

from dateline.pipeline import ingest
from dateline.settings import Settings
from dateline.store import Store
from dateline.web import create_app


def _store(path, folder, texts):
    folder.mkdir()
    for i, text in enumerate(texts):
        (folder / f"{i}.txt").write_text(f" date 2025-06-0{i + 1} {text}\n")
    with Store(path) as store:
        ingest([folder], store, Settings(db_path=path, stages=("sentences",), check_reads=True))


def test_a_store_replaced_under_the_server_is_read_again(tmp_path):
    first = ["The ferry to the island ran again on Monday after the storm had closed the harbour for a week."]
    second = [*first, "The harbour board opened a second berth on Tuesday, months before it had planned to."]
    live, fresh = tmp_path / "live.db", tmp_path / "fresh.db"
    _store(live, tmp_path / "a", first)
    _store(fresh, tmp_path / "b", second)
    with TestClient(create_app(live), base_url="http://127.0.0.1") as client:
        assert len(client.get("/api/articles").json()) == 1
        for suffix in ("-wal", "-shm"):  # the new file comes whole: checkpointed, no log of its own
            if os.path.exists(f"{fresh}{suffix}"):
                os.remove(f"{fresh}{suffix}")
        os.replace(fresh, live)  # an editor moves a rebuilt store into place
        assert len(client.get("/api/articles").json()) == 2
        assert len(client.get("/api/articles?q=berth").json()) == 1  # searched in the new file too
