"""Tables of the council domain, their migrations and repository functions.

Drafts are event-sourced: ``council_drafts`` holds one row per draft (id, provenance note,
the symbol once in blue, for look-up) and ``council_draft_events`` its ordered events. Every
write replays the whole timeline first, so an illegal event never reaches the table.
``council_vetoes`` holds vetoes the user records after the shipped history ends.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from unsc.council.drafts import Draft, DraftState, Event, apply, replay
from unsc.errors import ConflictError, NotFoundError
from unsc.store.engine import connect
from unsc.store.schema import metadata

__all__ = ["MIGRATIONS", "append_event", "delete_draft", "get_draft", "list_drafts",
           "list_recorded_vetoes", "record_veto", "save_draft"]

council_drafts = Table(
    "council_drafts", metadata,
    Column("id", String(100), primary_key=True),
    Column("note", Text, nullable=False, default=""),
    Column("symbol", String(40), nullable=True, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

council_draft_events = Table(
    "council_draft_events", metadata,
    Column("draft_id", String(100), ForeignKey("council_drafts.id", ondelete="CASCADE"),
           primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("type", String(40), nullable=False),
    Column("date", String(40), nullable=False),
    Column("data", JSON, nullable=False),
)

council_vetoes = Table(
    "council_vetoes", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("date", String(10), nullable=False),
    Column("draft", String(60), nullable=True),
    Column("meeting", String(60), nullable=True),
    Column("topic", String(200), nullable=False),
    Column("agenda", Text, nullable=False, default=""),
    Column("members", String(60), nullable=False),  # comma-separated ISO3 codes
    Column("source", Text, nullable=False),
    Column("verified", Boolean, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)


def _create_0001(conn: Connection) -> None:
    metadata.create_all(conn, tables=[council_drafts, council_draft_events, council_vetoes])


MIGRATIONS: list[tuple[str, Callable[[Connection], None]]] = [
    ("council_0001_drafts_vetoes", _create_0001),
]


def _insert_events(conn: Connection, draft_id: str, events: Sequence[Event], start: int) -> None:
    rows = [{"draft_id": draft_id, "seq": start + i, "type": e.type, "date": e.date,
             "data": dict(e.data)} for i, e in enumerate(events)]
    if rows:
        conn.execute(insert(council_draft_events), rows)


def save_draft(draft: Draft, replace: bool = False) -> DraftState:
    """Store a whole draft after replaying it; ConflictError if the id exists (unless replace)."""
    state = replay(draft.events)
    with connect(write=True) as conn:
        exists = conn.execute(select(council_drafts.c.id).where(
            council_drafts.c.id == draft.id)).first()
        if exists and not replace:
            raise ConflictError(f"draft {draft.id!r} already exists (use --replace to overwrite)")
        if exists:
            conn.execute(delete(council_draft_events).where(
                council_draft_events.c.draft_id == draft.id))
            conn.execute(delete(council_drafts).where(council_drafts.c.id == draft.id))
        conn.execute(insert(council_drafts).values(id=draft.id, note=draft.note,
                                                   symbol=state.symbol,
                                                   created_at=datetime.now(UTC)))
        _insert_events(conn, draft.id, draft.events, 0)
    return state


def _load(conn: Connection, draft_id: str, note: str) -> Draft:
    rows = conn.execute(select(council_draft_events).where(
        council_draft_events.c.draft_id == draft_id).order_by(council_draft_events.c.seq)).all()
    events = tuple(Event(r.type, r.date, dict(r.data)) for r in rows)
    return Draft(draft_id, events, note)


def get_draft(ref: str) -> Draft:
    """A draft by id or by its S/ symbol."""
    with connect() as conn:
        row = conn.execute(select(council_drafts).where(
            or_(council_drafts.c.id == ref, council_drafts.c.symbol == ref))).first()
        if row is None:
            raise NotFoundError(f"no draft with id or symbol {ref!r}")
        return _load(conn, row.id, row.note)


def list_drafts() -> list[Draft]:
    with connect() as conn:
        rows = conn.execute(select(council_drafts).order_by(council_drafts.c.id)).all()
        return [_load(conn, r.id, r.note) for r in rows]


def delete_draft(ref: str) -> None:
    draft = get_draft(ref)
    with connect(write=True) as conn:
        conn.execute(delete(council_draft_events).where(
            council_draft_events.c.draft_id == draft.id))
        conn.execute(delete(council_drafts).where(council_drafts.c.id == draft.id))


def append_event(ref: str, event: Event) -> DraftState:
    """Append one event if the timeline allows it (TransitionError otherwise, nothing written)."""
    draft = get_draft(ref)
    state = apply(replay(draft.events), event)
    with connect(write=True) as conn:
        seq = conn.execute(select(func.count()).select_from(council_draft_events).where(
            council_draft_events.c.draft_id == draft.id)).scalar_one()
        if seq != len(draft.events):
            raise ConflictError(f"draft {draft.id!r} changed while the event was checked; retry")
        _insert_events(conn, draft.id, [event], seq)
        conn.execute(update(council_drafts).where(council_drafts.c.id == draft.id)
                     .values(symbol=state.symbol))
    return state


def record_veto(date: str, members: Sequence[str], topic: str, source: str,
                draft: str | None = None, meeting: str | None = None, agenda: str = "",
                verified: bool = False) -> int:
    """Store a veto cast after the shipped history; returns its row id."""
    with connect(write=True) as conn:
        result = conn.execute(insert(council_vetoes).values(
            date=date, draft=draft, meeting=meeting, topic=topic, agenda=agenda,
            members=",".join(members), source=source, verified=verified,
            recorded_at=datetime.now(UTC)))
        key = result.inserted_primary_key
        return int(key[0]) if key else 0


def list_recorded_vetoes() -> list[dict[str, Any]]:
    with connect() as conn:
        rows = conn.execute(select(council_vetoes).order_by(council_vetoes.c.date,
                                                            council_vetoes.c.id)).all()
        return [dict(r._mapping) for r in rows]
