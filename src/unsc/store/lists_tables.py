"""Tables of the lists domain, their migrations and the repository functions over them.

A list version is immutable: one row in ``lists_versions`` (which file, which list, its own
publication date, its sha256) and one row per entry in ``lists_entries`` holding the
entity as a JSON document plus a content hash. The hash makes diffs and "as of" look-ups
cheap (compare hashes, decode only what changed); the sha256 makes a reload of the same
bytes a no-op. Only portable SQLAlchemy Core is used so PostgreSQL works unchanged.

Which version of a list is screened against is an explicit pointer, one row per list in
``lists_current``, not "the newest date wins": a wrongly dated or truncated file must not
take over by being loaded, and rolling back is moving the pointer. The pointer's foreign
key (no cascade) means the current version cannot be deleted, even by hand-written SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    ForeignKey,
    Index,
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

from unsc.store.schema import metadata

__all__ = [
    "MIGRATIONS",
    "count_changed",
    "current",
    "current_pointers",
    "delete_version",
    "entries",
    "find_entry",
    "insert_entries",
    "insert_version",
    "select_entries",
    "select_versions",
    "set_current",
    "update_version_counts",
    "version_by_sha",
    "version_ids_like",
    "versions",
]

versions = Table(
    "lists_versions",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("list", String(60), nullable=False, index=True),
    Column("published", String(10), nullable=False),
    Column("generated", String(40)),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("source", Text, nullable=False),
    Column("fmt", String(20), nullable=False),
    Column("entity_count", Integer, nullable=False),
    Column("counts", Text, nullable=False),
)

entries = Table(
    "lists_entries",
    metadata,
    Column("version_id", String(120), ForeignKey("lists_versions.id", ondelete="CASCADE"),
           primary_key=True),
    Column("entity_id", String(200), primary_key=True),
    Column("reference_number", String(120)),
    Column("schema", String(20), nullable=False),
    Column("caption", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("document", Text, nullable=False),
    Index("ix_lists_entries_entity_id", "entity_id"),
    Index("ix_lists_entries_reference_number", "reference_number"),
)


current = Table(
    "lists_current",
    metadata,
    Column("list", String(60), primary_key=True),
    Column("version_id", String(120), ForeignKey("lists_versions.id"), nullable=False),
    Column("set_at", DateTime(timezone=True), nullable=False),
    Column("set_by", String(200), nullable=False),
)


def _create_0001(conn: Connection) -> None:
    metadata.create_all(conn, tables=[versions, entries])


def _create_0002(conn: Connection) -> None:
    """Add the current-version pointers, set to what "newest published, then last
    loaded" picked before, so an existing store screens against the same versions."""
    metadata.create_all(conn, tables=[current])
    latest: dict[str, str] = {}
    for row in select_versions(conn):  # oldest first: later rows win, as before
        latest[row["list"]] = row["id"]
    now = datetime.now(UTC)
    for name, vid in sorted(latest.items()):
        conn.execute(insert(current).values(list=name, version_id=vid, set_at=now,
                                            set_by="migration lists_0002"))


MIGRATIONS: list[tuple[str, Callable[[Connection], None]]] = [
    ("lists_0001_versions_entries", _create_0001),
    ("lists_0002_current_pointer", _create_0002),
]


def current_pointers(conn: Connection, lists: Iterable[str] | None = None,
                     lock: bool = False) -> dict[str, str]:
    """List name -> current version id. ``lock`` takes row locks (PostgreSQL) so two
    concurrent loads of one list cannot both move its pointer from the same state."""
    query = select(current.c.list, current.c.version_id)
    if lists is not None:
        query = query.where(current.c.list.in_(list(lists)))
    if lock:
        query = query.with_for_update()
    return {str(r.list): str(r.version_id) for r in conn.execute(query)}


def set_current(conn: Connection, list_name: str, version_id: str, at: datetime,
                by: str) -> None:
    conn.execute(delete(current).where(current.c.list == list_name))
    conn.execute(insert(current).values(list=list_name, version_id=version_id, set_at=at,
                                        set_by=by))


def delete_version(conn: Connection, version_id: str) -> None:
    """Remove a version and its entries (the caller has checked it is not current)."""
    conn.execute(delete(entries).where(entries.c.version_id == version_id))
    conn.execute(delete(versions).where(versions.c.id == version_id))


def version_by_sha(conn: Connection, sha256: str) -> dict[str, Any] | None:
    row = conn.execute(select(versions).where(versions.c.sha256 == sha256)).mappings().first()
    return dict(row) if row else None


def version_ids_like(conn: Connection, prefix: str) -> set[str]:
    rows = conn.execute(select(versions.c.id).where(versions.c.id.like(prefix + "%")))
    return set(rows.scalars())


def insert_version(conn: Connection, *, id: str, list: str, published: str,
                   generated: str | None, sha256: str, loaded_at: datetime, source: str,
                   fmt: str, entity_count: int, counts: str) -> None:
    conn.execute(insert(versions).values(
        id=id, list=list, published=published, generated=generated, sha256=sha256,
        loaded_at=loaded_at, source=source, fmt=fmt, entity_count=entity_count, counts=counts))


def update_version_counts(conn: Connection, version_id: str, entity_count: int,
                          counts: str) -> None:
    """Set a version's counts once its entries are in (a streamed load learns them as it
    writes the entries, after the version row they refer to)."""
    conn.execute(update(versions).where(versions.c.id == version_id)
                 .values(entity_count=entity_count, counts=counts))


def insert_entries(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(entries), list(rows))


def select_versions(conn: Connection, lists: Iterable[str] | None = None,
                    ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Version rows, oldest publication first (ties: load order)."""
    query = select(versions).order_by(versions.c.published, versions.c.loaded_at, versions.c.id)
    if lists is not None:
        query = query.where(versions.c.list.in_(list(lists)))
    if ids is not None:
        query = query.where(versions.c.id.in_(list(ids)))
    return [dict(r) for r in conn.execute(query).mappings()]


def select_entries(conn: Connection, version_id: str,
                   columns: Sequence[str] = ("entity_id", "reference_number", "content_hash",
                                             "document")) -> list[dict[str, Any]]:
    query = (select(*[entries.c[name] for name in columns])
             .where(entries.c.version_id == version_id).order_by(entries.c.entity_id))
    return [dict(r) for r in conn.execute(query).mappings()]


def count_changed(conn: Connection, old: str | None, new: str) -> int:
    """How many entries of ``new`` are added or amended (another content hash) relative
    to ``old`` (all of them when ``old`` is None): the figure of a lists diff's added
    plus amended, counted by the database without reading the entries."""
    after = entries.alias("after")
    query = select(func.count()).select_from(after).where(after.c.version_id == new)
    if old is not None:
        before = entries.alias("before")
        query = query.select_from(after.outerjoin(before, (before.c.version_id == old) & (
            before.c.entity_id == after.c.entity_id))).where(
            or_(before.c.entity_id.is_(None), before.c.content_hash != after.c.content_hash))
    return int(conn.execute(query).scalar_one())


def find_entry(conn: Connection, version_id: str, key: str) -> dict[str, Any] | None:
    """The entry of a version whose entity id or reference number is ``key`` (exact match
    first, then case-insensitive)."""
    base = select(entries).where(entries.c.version_id == version_id)
    exact = base.where(or_(entries.c.entity_id == key, entries.c.reference_number == key))
    row = conn.execute(exact).mappings().first()
    if row is None:
        folded = key.lower()
        loose = base.where(or_(func.lower(entries.c.entity_id) == folded,
                               func.lower(entries.c.reference_number) == folded))
        row = conn.execute(loose).mappings().first()
    return dict(row) if row else None
