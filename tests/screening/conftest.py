"""Screening fixtures: the real UN (2026-05-08) and OFAC SDN (2024-05-03) lists.

- ``real_screener``: a :class:`Screener` over both lists, read with the list readers once per
  session (most matching tests need no store).
- ``loaded_store``: an UNSC_HOME where both files were loaded through the lists service,
  built once per session; tests that use it screen through the store like users do.
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
def _loaded_home(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from unsc.lists import service as lists_service

    home = tmp_path_factory.mktemp("screening-home")
    old = os.environ.get("UNSC_HOME")
    os.environ["UNSC_HOME"] = str(home)
    store_engine.reset_engines()
    try:
        lists_service.load_list(shared_data / UN_FILE)
        lists_service.load_list(shared_data / OFAC_FILE)
    finally:
        if old is None:
            del os.environ["UNSC_HOME"]
        else:
            os.environ["UNSC_HOME"] = old
        store_engine.reset_engines()
    return home


@pytest.fixture
def loaded_store(request: pytest.FixtureRequest, shared_data: Path,
                 monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    if os.environ.get("UNSC_DATABASE_URL", "").startswith("postgresql"):
        # Tables are emptied before every test on PostgreSQL: load into this test's store.
        from unsc.lists import service as lists_service

        lists_service.load_list(shared_data / UN_FILE)
        lists_service.load_list(shared_data / OFAC_FILE)
        home = Path(os.environ["UNSC_HOME"])
    else:
        home = request.getfixturevalue("_loaded_home")
        monkeypatch.setenv("UNSC_HOME", str(home))
        store_engine.reset_engines()
    yield home
    store_engine.reset_engines()
