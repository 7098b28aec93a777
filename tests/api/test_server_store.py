"""The API server runs on the suite's kind of store (SQLite or PostgreSQL)."""

from __future__ import annotations

import httpx

from tests.api.server import Server, prepared_home, store_url
from tests.pg import postgres_url
from unsc.store import get_engine


def test_the_api_server_uses_the_suites_kind_of_store(server: Server) -> None:
    """The subprocess server follows the suite: on PostgreSQL it has a database of its own
    on the same server (tests/api/server.py). What it writes over HTTP is read back from
    that store in-process."""
    made = httpx.post(f"{server.url}/subjects", timeout=60,
                      headers={"Authorization": f"ApiKey {server.keys['analyst']}"},
                      json={"ref": "store-kind-1", "name": "Nobody Onthelist"})
    assert made.status_code == 201, made.text
    assert (store_url(server.home) != "") is bool(postgres_url())
    with prepared_home(server.home):
        assert get_engine().dialect.name == ("postgresql" if postgres_url() else "sqlite")
        from unsc.compliance.subjects import list_subjects

        assert "store-kind-1" in {s.ref for s in list_subjects()}
