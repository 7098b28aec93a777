"""The current version of each list, kept per process and revalidated by one small query.

Every screening asks which list versions are current: to pick the index and to record
them in the audit trail, so twice per API request. Reading and decoding every version
row for that was a sixth of a ``/match`` request's server time. The answer changes only
when a current-version pointer moves (a load, ``unsc lists use``), and every move rewrites
its pointer row (``lists_current``: list, version, when, by whom). So the process keeps the
last answer with the pointer rows it came from, and on each call reads only those rows
(one per list) and reads the versions again only when they differ. A move made by another
process or machine changes the rows, so no process screens against a version that is no
longer current; no clock is compared, so clock skew between servers cannot hide a move.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import select

from unsc import settings
from unsc.lists import service as lists_service
from unsc.lists.service import VersionInfo
from unsc.store import connect
from unsc.store.lists_tables import current

__all__ = ["current_versions", "pinned", "pointer_rows"]

_lock = threading.Lock()
_cached: dict[str, tuple[tuple[Any, ...], list[VersionInfo]]] = {}
_pinned: ContextVar[list[VersionInfo] | None] = ContextVar("unsc_pinned_versions",
                                                           default=None)


@contextmanager
def pinned() -> Iterator[list[VersionInfo]]:
    """Within the block, :func:`current_versions` answers what it answered on entry,
    without asking the store again: a batch request screens every query and records its
    audit record against one set of versions, even if a list is loaded meanwhile (the
    record then says what was really screened), and asks the store once, not per query."""
    outer = _pinned.get()
    versions = outer if outer is not None else current_versions()
    token = _pinned.set(versions)
    try:
        yield list(versions)
    finally:
        _pinned.reset(token)


def pointer_rows() -> tuple[tuple[Any, ...], ...]:
    """Every current-version pointer row of the configured store (one query)."""
    query = select(current.c.list, current.c.version_id, current.c.set_at,
                   current.c.set_by).order_by(current.c.list)
    with connect() as conn:
        return tuple(tuple(r) for r in conn.execute(query))


def current_versions() -> list[VersionInfo]:
    """``lists.service.current_versions()`` (by list name), from this process's copy when
    no pointer moved since it was read (or, inside :func:`pinned`, the pinned answer)."""
    held = _pinned.get()
    if held is not None:
        return list(held)
    url = settings.database_url()
    rows = pointer_rows()
    with _lock:
        found = _cached.get(url)
        if found is not None and found[0] == rows:
            return list(found[1])
    versions = lists_service.current_versions()
    with _lock:
        _cached.clear()  # one store at a time (tests switch stores)
        _cached[url] = (rows, versions)
    return list(versions)
