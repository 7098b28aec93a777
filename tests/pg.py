"""PostgreSQL helpers: the suite runs on PostgreSQL when UNSC_DATABASE_URL points at one.

Each test starts from emptied tables of that database (:func:`truncate_all`). What must
outlive a test (a server started once per session, a store with the real lists loaded
once) gets a database of its own on the same server (:func:`create_database`), so the
emptying between tests does not reach it; it is dropped when its fixture ends.
"""

from __future__ import annotations

import os
import re

from sqlalchemy import create_engine, make_url, text

from unsc.store import get_engine, metadata

__all__ = ["create_database", "drop_database", "postgres_url", "truncate_all"]


def postgres_url() -> str | None:
    """The suite's PostgreSQL URL, or None when the suite runs on SQLite."""
    url = os.environ.get("UNSC_DATABASE_URL", "")
    return url if url.startswith("postgresql") else None


def truncate_all(url: str) -> None:
    get_engine(url)  # migrate first
    engine = create_engine(url)
    with engine.begin() as conn:
        names = [t.name for t in metadata.sorted_tables if t.name != "schema_migrations"]
        if names:
            conn.execute(text("TRUNCATE " + ", ".join(f'"{n}"' for n in names) + " CASCADE"))
    engine.dispose()


def create_database(base_url: str, name: str) -> str:
    """A fresh, empty database ``name`` on ``base_url``'s server; returns its URL."""
    if not re.fullmatch(r"[a-z0-9_]{1,60}", name):
        raise ValueError(f"not a safe database name: {name!r}")
    engine = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(base_url).set(database=name).render_as_string(hide_password=False)


def drop_database(base_url: str, name: str) -> None:
    engine = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()
