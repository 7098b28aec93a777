"""Fixture strategy: one real server for the web tests (subprocess uvicorn, random loopback
port, the real UN list of 2026-05-08 loaded), driven by httpx for form-level checks and by
a real headless Chromium (Playwright; executable from UNSC_CHROMIUM, default
/usr/bin/chromium) for the analyst's path. Screenshots go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.server import Server, running_server

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def ui_server(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("ui-server-home")
    with running_server(home, [shared_data / "un" / "un_consolidated_2026-05-08.xml"]) as srv:
        yield srv


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
