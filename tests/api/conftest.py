"""Fixture strategy: one real server per test session for the API tests (subprocess
uvicorn on a random loopback port) with the real UN list of 2026-05-08 loaded; tests talk
to it over HTTP with httpx, like any client. Tests that change server state use their
own subjects and names so their order does not matter."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.server import Server, running_server


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("api-server-home")
    with running_server(home, [shared_data / "un" / "un_consolidated_2026-05-08.xml"]) as srv:
        yield srv
