"""Screening fixtures: the real UN (2026-05-08) and OFAC SDN (2024-05-03) lists.

- ``real_screener``: a :class:`Screener` over both lists, read with the list readers once per
  session (most matching tests need no store).
- ``loaded_store``: an UNSC_HOME where both files were loaded through the lists service,
  built once per session (on PostgreSQL in a database of its own); tests that use it
  screen through the store like users do.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from unsc.lists.model import Entity
from unsc.lists.readers import read_list
from unsc.screening import Screener
from unsc.store import engine as store_engine

UN_FILE = "un/un_consolidated_2026-05-08.xml"
OFAC_FILE = "ofac/sdn_2024-05-03.csv"


@pytest.fixture(scope="session")
def real_entities(shared_data: Path) -> list[Entity]:
    un = read_list(shared_data / UN_FILE)
    ofac = read_list(shared_data / OFAC_FILE)
    return [*un.entities, *ofac.entities]


@pytest.fixture(scope="session")
def real_screener(real_entities: list[Entity]) -> Screener:
    return Screener(real_entities)


@pytest.fixture(scope="session")
def _loaded_home(shared_data: Path,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """(home, store URL): SQLite under home, or on PostgreSQL a database of its own, which
    the emptying of the suite's database before each test does not reach (tests/pg.py)."""
    from tests.pg import create_database, drop_database, postgres_url
    from unsc.lists import service as lists_service

    home = tmp_path_factory.mktemp("screening-home")
    base = postgres_url()
    url = create_database(base, f"unsc_screening_{os.getpid()}") if base else ""
    old = {name: os.environ.get(name) for name in ("UNSC_HOME", "UNSC_DATABASE_URL")}
    os.environ.update(UNSC_HOME=str(home), UNSC_DATABASE_URL=url)
    store_engine.reset_engines()
    try:
        lists_service.load_list(shared_data / UN_FILE)
        lists_service.load_list(shared_data / OFAC_FILE)
    finally:
        for name, value in old.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        store_engine.reset_engines()
    yield home, url
    if base:
        store_engine.reset_engines()
        drop_database(base, f"unsc_screening_{os.getpid()}")


@pytest.fixture
def loaded_store(request: pytest.FixtureRequest,
                 monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home, url = request.getfixturevalue("_loaded_home")
    monkeypatch.setenv("UNSC_HOME", str(home))
    monkeypatch.setenv("UNSC_DATABASE_URL", url)
    store_engine.reset_engines()
    yield home
    store_engine.reset_engines()
