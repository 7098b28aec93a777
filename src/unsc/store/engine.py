"""Engines: SQLite (WAL, foreign keys, one writer) by default, PostgreSQL when configured."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event

from unsc import settings

__all__ = ["connect", "get_engine", "reset_engines", "write_lock"]

_engines: dict[str, Engine] = {}
_lock = threading.Lock()
# SQLite allows one writer; serialising writers in-process avoids "database is locked" churn.
write_lock = threading.RLock()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def get_engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (default: the configured store), migrated to the latest schema."""
    from unsc.store.migrations import migrate

    url = url or settings.database_url()
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            if url.startswith("sqlite"):
                engine = create_engine(url, connect_args={"check_same_thread": False})
                event.listen(engine, "connect", _sqlite_pragmas)
            else:
                engine = create_engine(url, pool_pre_ping=True)
            migrate(engine)
            _engines[url] = engine
    return engine


def reset_engines() -> None:
    """Forget cached engines (tests switch UNSC_HOME between cases)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


@contextmanager
def connect(write: bool = False, url: str | None = None) -> Iterator[Connection]:
    """A connection in a transaction: committed on success, rolled back on any error.

    Writers take the process-wide write lock so SQLite sees one writer at a time; that
    is what makes every load atomic: on failure the previous state stays current.
    """
    engine = get_engine(url)
    if write:
        with write_lock, engine.begin() as conn:
            yield conn
    else:
        with engine.connect() as conn:
            yield conn
