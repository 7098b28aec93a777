"""Files under UNSC_HOME are the owner's alone: the home 0700, the SQLite store (and its
-wal/-shm files), the audit key and the session secret 0600; a store left readable by an
older version is tightened on open."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from unsc import settings
from unsc.compliance import audit
from unsc.store import engine
from unsc.web.security import secret_key


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def sqlite_home(unsc_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("UNSC_DATABASE_URL", "")  # these are SQLite's files, even on a PG run
    engine.reset_engines()
    return unsc_home


def test_new_home_store_and_keys_are_private(sqlite_home: Path) -> None:
    audit.record("test.event", {})
    secret_key()
    assert settings.home() == sqlite_home and _mode(sqlite_home) == 0o700
    files = ["unsc.db", "unsc.db-wal", "unsc.db-shm", "audit_key", "secret_key"]
    assert {name: _mode(sqlite_home / name) for name in files} == dict.fromkeys(files, 0o600)


def test_a_world_readable_store_is_tightened(sqlite_home: Path) -> None:
    sqlite_home.mkdir(mode=0o700)
    db = sqlite_home / "unsc.db"
    db.touch(mode=0o644)
    db.chmod(0o644)
    audit.record("test.event", {})
    assert _mode(db) == 0o600
