"""The store migrates itself once and records each named migration."""

from __future__ import annotations

import os

from sqlalchemy import select

from tests.pg import postgres_url
from unsc.store import MIGRATIONS, connect, get_engine, migrate
from unsc.store.schema import schema_migrations


def test_migrations_recorded_once() -> None:
    engine = get_engine()
    with connect() as conn:
        names = set(conn.execute(select(schema_migrations.c.name)).scalars())
    assert names == {m.name for m in MIGRATIONS}
    assert migrate(engine) == []


def test_the_suite_runs_on_the_store_it_was_told() -> None:
    """scripts/test.sh sets TESTS_EXPECT_STORE for each pass, so a PostgreSQL pass that
    silently fell back to SQLite fails here instead of passing twice on SQLite."""
    expected = os.environ.get("TESTS_EXPECT_STORE")
    dialect = get_engine().dialect.name
    assert dialect == ("postgresql" if postgres_url() else "sqlite")
    if expected:
        assert dialect == expected

