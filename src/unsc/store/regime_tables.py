"""Tables of the regime domain (1718 humanitarian exemption requests) and their migrations.

A request row holds what Implementation Assistance Notice No. 7 asks for (submitter,
channel, items, recipients, duration) and its current status; every step of the Committee's
no-objection procedure (submission, holds, lifted holds, objections, the decision) is an
append-only event row, so the history of a decision can always be shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    insert,
    select,
    update,
)

from unsc.store.schema import metadata

__all__ = [
    "MIGRATIONS",
    "add_event",
    "exemption_events",
    "exemption_requests",
    "get_request",
    "insert_request",
    "list_events",
    "list_requests",
    "update_request",
]

exemption_requests = Table(
    "exemption_requests",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("regime", String(20), nullable=False),
    Column("submitter", String(300), nullable=False),
    Column("submitter_type", String(40), nullable=False),
    Column("channel", String(40), nullable=False),
    Column("via", String(300)),
    Column("nature", Text, nullable=False),
    Column("items", JSON, nullable=False),
    Column("recipients", JSON, nullable=False),
    Column("selection_criteria", Text),
    Column("duration_months", Integer, nullable=False),
    Column("justification", Text),
    Column("submitted_on", Date, nullable=False),
    Column("deadline", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("decided_on", Date),
    Column("valid_from", Date),
    Column("valid_until", Date),
)

exemption_events = Table(
    "exemption_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("request_id", Integer, ForeignKey("exemption_requests.id"), nullable=False,
           index=True),
    Column("day", Date, nullable=False),
    Column("action", String(20), nullable=False),
    Column("member", String(10)),
    Column("note", Text),
)


def _create_exemptions(conn: Connection) -> None:
    metadata.create_all(conn, tables=[exemption_requests, exemption_events])


MIGRATIONS: list[tuple[str, Callable[[Connection], None]]] = [
    ("regime_0001_exemptions", _create_exemptions),
]


def insert_request(conn: Connection, values: dict[str, Any]) -> int:
    result = conn.execute(insert(exemption_requests).values(**values))
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def get_request(conn: Connection, request_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(exemption_requests).where(
        exemption_requests.c.id == request_id)).mappings().first()
    return dict(row) if row else None


def list_requests(conn: Connection, status: str | None = None,
                  valid_on: date | None = None) -> list[dict[str, Any]]:
    query = select(exemption_requests).order_by(exemption_requests.c.id)
    if status:
        query = query.where(exemption_requests.c.status == status)
    if valid_on is not None:
        query = query.where(exemption_requests.c.valid_from <= valid_on,
                            exemption_requests.c.valid_until >= valid_on)
    return [dict(r) for r in conn.execute(query).mappings()]


def update_request(conn: Connection, request_id: int, values: dict[str, Any]) -> None:
    conn.execute(update(exemption_requests).where(
        exemption_requests.c.id == request_id).values(**values))


def add_event(conn: Connection, request_id: int, on: date, action: str,
              member: str | None = None, note: str | None = None) -> None:
    conn.execute(insert(exemption_events).values(request_id=request_id, day=on, action=action,
                                                 member=member, note=note))


def list_events(conn: Connection, request_id: int) -> list[dict[str, Any]]:
    query = (select(exemption_events).where(exemption_events.c.request_id == request_id)
             .order_by(exemption_events.c.id))
    return [dict(r) for r in conn.execute(query).mappings()]
