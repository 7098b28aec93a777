"""Persistence: one SQLAlchemy Core data-access layer for SQLite and PostgreSQL.

Dialect-aware SQL lives here only. Each domain keeps its tables and repository functions in
its own module (``lists_tables``, ``council_tables``, ...) on the shared ``metadata``; named
migrations are recorded in ``schema_migrations``.
"""

from unsc.store.engine import connect, get_engine, reset_engines, serialise
from unsc.store.migrations import MIGRATIONS, Migration, migrate
from unsc.store.schema import metadata

__all__ = [
    "MIGRATIONS",
    "Migration",
    "connect",
    "get_engine",
    "metadata",
    "migrate",
    "reset_engines",
    "serialise",
]
