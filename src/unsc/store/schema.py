"""The shared SQLAlchemy ``MetaData`` every table module registers on."""

from sqlalchemy import Column, DateTime, MetaData, String, Table

__all__ = ["metadata", "schema_migrations"]

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)
