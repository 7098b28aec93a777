"""Fixture strategy.

- Real data only: tests read the real UN, OFAC, veto and calendar files from
  ``../shared/data`` (override with ``UNSC_SHARED_DATA``) through :func:`shared_data`; a
  missing file fails the test with a clear message, it is never skipped.
- Every test gets its own empty ``UNSC_HOME`` (and so its own SQLite store) unless
  ``UNSC_DATABASE_URL`` points at PostgreSQL, in which case the suite runs against that
  server and each test starts from emptied tables.
- Expensive parsed objects (a full list version) are cached per session, never
  hard-coded: ``tests/lists/_data.py`` (``parsed``) and the session fixtures of
  ``tests/screening/conftest.py``; servers for the API and web tests are started once per
  session by ``tests/api/server.py``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from unsc.store import engine as store_engine

ROOT = Path(__file__).resolve().parent.parent


def shared_data_dir() -> Path:
    path = Path(os.environ.get("UNSC_SHARED_DATA", ROOT.parent / "shared" / "data"))
    if not path.is_dir():
        pytest.fail(f"shared data not found at {path}; set UNSC_SHARED_DATA", pytrace=False)
    return path


@pytest.fixture(scope="session")
def shared_data() -> Path:
    return shared_data_dir()


@pytest.fixture(autouse=True)
def unsc_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "unsc-home"
    monkeypatch.setenv("UNSC_HOME", str(home))
    store_engine.reset_engines()
    if os.environ.get("UNSC_DATABASE_URL", "").startswith("postgresql"):
        from tests.pg import truncate_all

        truncate_all(os.environ["UNSC_DATABASE_URL"])
    yield home
    store_engine.reset_engines()
