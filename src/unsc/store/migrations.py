"""Named migrations, applied once each and recorded in ``schema_migrations``.

Each table module exports ``MIGRATIONS``; their order here is the order they run in. A
migration is never edited after it has shipped: change a schema by adding a new one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, insert, select

from unsc.store import council_tables, lists_tables, regime_tables, screening_tables, service_tables
from unsc.store.schema import metadata, schema_migrations

__all__ = ["MIGRATIONS", "Migration", "migrate"]


@dataclass(frozen=True)
class Migration:
    name: str
    apply: Callable[[Connection], None]


def _create_migrations_table(conn: Connection) -> None:
    metadata.create_all(conn, tables=[schema_migrations])


def _collect() -> list[Migration]:
    found: list[Migration] = []
    for module in (lists_tables, screening_tables, council_tables, regime_tables, service_tables):
        for name, fn in module.MIGRATIONS:
            found.append(Migration(name, fn))
    names = [m.name for m in found]
    if len(names) != len(set(names)):
        raise RuntimeError(f"duplicate migration names: {names}")
    return found


MIGRATIONS: list[Migration] = _collect()


def migrate(engine: Engine) -> list[str]:
    """Apply every migration not yet recorded; return the names applied."""
    from unsc.store.engine import WRITE_OPTION, serialise

    applied: list[str] = []
    # A writer transaction (SQLite BEGIN IMMEDIATE, PostgreSQL advisory lock): two processes
    # opening a new store at once migrate one after the other instead of racing.
    with engine.connect() as conn, conn.execution_options(**{WRITE_OPTION: True}).begin():
        serialise(conn, "unsc.migrate")
        _create_migrations_table(conn)
        done = set(conn.execute(select(schema_migrations.c.name)).scalars())
        for migration in MIGRATIONS:
            if migration.name in done:
                continue
            migration.apply(conn)
            conn.execute(insert(schema_migrations).values(
                name=migration.name, applied_at=datetime.now(UTC)))
            applied.append(migration.name)
    return applied
