"""Engines: SQLite (WAL, foreign keys, one writer) by default, PostgreSQL when configured.

Writers must serialise across processes too, not only across threads: two ``unsc serve``
processes (or a server and a CLI command) share one SQLite file. pysqlite's implicit
transactions begin at the first INSERT, so a writer that reads "the last audit seq" and
then inserts can interleave with another process doing the same, and one of them fails on
the duplicate seq. SQLite writers here therefore open with ``BEGIN IMMEDIATE`` (the write
lock is taken before the first read, and ``busy_timeout`` makes the other writer wait);
PostgreSQL writers that need the same guarantee take a transaction-scoped advisory lock
with :func:`serialise`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url, text

from unsc import settings

__all__ = ["connect", "get_engine", "reset_engines", "serialise", "write_lock"]

_engines: dict[str, Engine] = {}
_lock = threading.Lock()
# SQLite allows one writer; serialising writers in-process avoids "database is locked" churn.
write_lock = threading.RLock()
WRITE_OPTION = "unsc_write"
"""Execution option marking a connection as a writer (SQLite: ``BEGIN IMMEDIATE``)."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Autocommit at the driver level: transactions are begun by _sqlite_begin, so a writer's
    # first statement (often a SELECT) already runs under the write lock.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    immediate = bool(conn.get_execution_options().get(WRITE_OPTION))
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _private_file(url: str) -> None:
    """Create the SQLite file owner-only (0600) before SQLite creates it with the umask;
    SQLite gives its -wal and -shm files the same mode. An existing store readable by
    others is tightened, since it holds the audit trail and the key hashes."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    try:
        fd = os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except FileExistsError:
        mode = os.stat(database).st_mode & 0o777
        if mode & 0o077:
            with contextlib.suppress(PermissionError):  # not ours: SQLite still opens it
                os.chmod(database, mode & 0o700)
    except FileNotFoundError:  # a missing directory: let SQLite report it
        pass


def get_engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (default: the configured store), migrated to the latest schema."""
    from unsc.store.migrations import migrate

    url = url or settings.database_url()
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            if url.startswith("sqlite"):
                _private_file(url)
                engine = create_engine(url, connect_args={"check_same_thread": False})
                event.listen(engine, "connect", _sqlite_pragmas)
                event.listen(engine, "begin", _sqlite_begin)
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

    Writers take the process-wide write lock and (SQLite) the database write lock before
    their first statement, so SQLite sees one writer at a time across threads and
    processes; that is what makes every load atomic: on failure the previous state stays
    current.
    """
    engine = get_engine(url)
    if write:
        with write_lock, engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                yield conn
    else:
        with engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                # A reader needs no transaction on PostgreSQL: under READ COMMITTED each
                # statement has its own snapshot anyway, and in autocommit the driver sends
                # no BEGIN and no ROLLBACK, two round trips fewer per read (docs/benchmarks.md).
                conn.execution_options(isolation_level="AUTOCOMMIT")
            yield conn


def serialise(conn: Connection, name: str) -> None:
    """Hold the lock ``name`` until ``conn``'s transaction ends, across processes.

    SQLite writers already hold the database's write lock (``BEGIN IMMEDIATE``); on
    PostgreSQL this takes a transaction-scoped advisory lock, so e.g. two servers appending
    to the audit trail read and extend its head one after the other.
    """
    if conn.dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
