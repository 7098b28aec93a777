"""The store migrates itself once and records each named migration."""

from __future__ import annotations

from sqlalchemy import select

from unsc.store import MIGRATIONS, connect, get_engine, migrate
from unsc.store.schema import schema_migrations


def test_migrations_recorded_once() -> None:
    engine = get_engine()
    with connect() as conn:
        names = set(conn.execute(select(schema_migrations.c.name)).scalars())
    assert names == {m.name for m in MIGRATIONS}
    assert migrate(engine) == []
