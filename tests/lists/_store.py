"""A snapshot of everything a list load may change, read with plain SQL, so "the store is
unchanged" is checked against the tables themselves, not the service under test."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from unsc.store import connect
from unsc.store import lists_tables as repo
from unsc.store.service_tables import audit_log


@dataclass(frozen=True)
class Snapshot:
    versions: tuple[tuple[str, str, int], ...]  # id, sha256, entity_count
    entries: int
    pointers: tuple[tuple[str, str], ...]
    audit: int


def snapshot() -> Snapshot:
    with connect() as conn:
        versions = tuple(
            (str(r.id), str(r.sha256), int(r.entity_count)) for r in conn.execute(
                select(repo.versions.c.id, repo.versions.c.sha256, repo.versions.c.entity_count)
                .order_by(repo.versions.c.id)))
        entries = int(conn.execute(select(func.count()).select_from(repo.entries)).scalar_one())
        pointers = tuple((str(r.list), str(r.version_id)) for r in conn.execute(
            select(repo.current.c.list, repo.current.c.version_id).order_by(repo.current.c.list)))
        audit = int(conn.execute(select(func.count()).select_from(audit_log)).scalar_one())
    return Snapshot(versions, entries, pointers, audit)


def pointers() -> dict[str, str]:
    return dict(snapshot().pointers)


def entries_per_version() -> dict[str, int]:
    with connect() as conn:
        rows = conn.execute(select(repo.entries.c.version_id, func.count())
                            .group_by(repo.entries.c.version_id)).all()
    return {str(v): int(n) for v, n in rows}
