"""Tables of the service domain (API keys, audit trail, decisions, subjects, review queue).

Timestamps in the audit trail are ISO 8601 strings rather than ``DateTime`` columns: the
record hash covers the exact text, and a database that re-formats datetimes on the way
back (PostgreSQL time zones, SQLite microseconds) must not break the hash chain.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Column,
    Connection,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    inspect,
    text,
)

from unsc.store.schema import metadata

__all__ = [
    "MIGRATIONS",
    "alerts",
    "api_keys",
    "audit_log",
    "decisions",
    "service_meta",
    "sessions",
    "subjects",
]

api_keys = Table(
    "service_api_keys",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("prefix", String(12), nullable=False),
    Column("role", String(20), nullable=False),
    Column("label", String(200), nullable=True),
    Column("created_at", String(40), nullable=False),
    Column("revoked_at", String(40), nullable=True),
)

audit_log = Table(
    "service_audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", String(40), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(100), nullable=False, index=True),
    Column("payload", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    # HMAC-SHA256 of ``hash`` under the audit key ``key_id`` (see compliance/audit_keys.py).
    # Nullable only for rows written before keyed records existed (migration 0002).
    Column("key_id", Integer, nullable=True),
    Column("mac", String(64), nullable=True),
)

subjects = Table(
    "service_subjects",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ref", String(200), nullable=False, unique=True),
    Column("kind", String(40), nullable=False),
    Column("name", String(500), nullable=False),
    Column("schema", String(40), nullable=False),
    Column("birth_date", String(20), nullable=True),
    Column("nationality", String(100), nullable=True),
    Column("id_number", String(200), nullable=True),
    Column("subject_hash", String(64), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
)

# A hit waiting for (or having received) an analyst's decision: one row per subject
# content x list entry content, so a changed entry or subject makes a new row.
alerts = Table(
    "service_alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("subject_hash", String(64), nullable=False),
    Column("subject_id", Integer, ForeignKey("service_subjects.id", ondelete="SET NULL"),
           nullable=True),
    Column("query", Text, nullable=False),
    Column("entity_id", String(200), nullable=False),
    Column("entity_hash", String(64), nullable=False),
    Column("caption", String(500), nullable=False),
    Column("list_version", String(200), nullable=True),
    Column("score", Float, nullable=False),
    Column("hit", Text, nullable=False),
    Column("source", String(40), nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("created_at", String(40), nullable=False),
    UniqueConstraint("subject_hash", "entity_id", "entity_hash", name="uq_service_alert"),
)

decisions = Table(
    "service_decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("alert_id", Integer, ForeignKey("service_alerts.id"), nullable=True),
    Column("subject_hash", String(64), nullable=False, index=True),
    Column("entity_id", String(200), nullable=False),
    Column("entity_hash", String(64), nullable=False),
    Column("decision", String(20), nullable=False),
    Column("reason", Text, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("at", String(40), nullable=False),
)

# Web sessions, revocable server-side: the cookie carries a random token, the store keeps
# its SHA-256, so logging out (or revoking the key) ends the session at once.
sessions = Table(
    "service_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("key_id", Integer, ForeignKey("service_api_keys.id"), nullable=False, index=True),
    Column("created_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
    Column("revoked_at", String(40), nullable=True),
)

# Small key/value facts of the service (last version re-screened per list, ...).
service_meta = Table(
    "service_meta",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("value", Text, nullable=False),
)


def _create_0001(conn: Connection) -> None:
    metadata.create_all(
        conn, tables=[api_keys, audit_log, subjects, alerts, decisions, service_meta])


def _keyed_audit_and_sessions_0002(conn: Connection) -> None:
    """Audit records gain ``key_id`` and ``mac``; server-side web sessions."""
    present = {c["name"] for c in inspect(conn).get_columns("service_audit_log")}
    for column in ("key_id INTEGER", "mac VARCHAR(64)"):
        if column.split()[0] not in present:
            conn.execute(text(f"ALTER TABLE service_audit_log ADD COLUMN {column}"))
    metadata.create_all(conn, tables=[sessions])


MIGRATIONS: list[tuple[str, Callable[[Connection], None]]] = [
    ("service_0001_tables", _create_0001),
    ("service_0002_keyed_audit_sessions", _keyed_audit_and_sessions_0002),
]
