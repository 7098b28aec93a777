"""PostgreSQL helpers: the suite runs on PostgreSQL when UNSC_DATABASE_URL points at one."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from unsc.store import get_engine, metadata


def truncate_all(url: str) -> None:
    get_engine(url)  # migrate first
    engine = create_engine(url)
    with engine.begin() as conn:
        names = [t.name for t in metadata.sorted_tables if t.name != "schema_migrations"]
        if names:
            conn.execute(text("TRUNCATE " + ", ".join(f'"{n}"' for n in names) + " CASCADE"))
    engine.dispose()
