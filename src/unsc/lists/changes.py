"""When each current entry was first seen and last changed, from the stored versions.

yente dates every entity (``first_seen``, ``last_seen``, ``last_change``) and filters
``/match`` by ``changed_since``. unsc knows the same from its immutable versions: walking a
list's versions in publication order up to the current one, an entry is first seen in the
first version that holds it and last changed in the latest version where its content hash
differs from the version before (or where it came back after being removed). The dates are
the versions' own publication dates, never the time a file happened to be loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from unsc.lists.service import VersionInfo
from unsc.store import connect
from unsc.store import lists_tables as repo

__all__ = ["EntryDates", "entry_dates"]


@dataclass(frozen=True)
class EntryDates:
    """ISO dates (YYYY-MM-DD) of one entry of the current version."""

    first_seen: str
    last_change: str
    last_seen: str


def entry_dates(current: VersionInfo) -> dict[str, EntryDates]:
    """Entity id -> dates for every entry of ``current`` (the current version of its list)."""
    with connect() as conn:
        chain = [r for r in repo.select_versions(conn, lists=[current.list])
                 if r["published"] <= current.published and r["id"] != current.version]
        chain.append({"id": current.version, "published": current.published})
        first: dict[str, str] = {}
        changed: dict[str, str] = {}
        hashes: dict[str, str] = {}
        for row in chain:
            seen = {r["entity_id"]: r["content_hash"] for r in
                    repo.select_entries(conn, row["id"], ("entity_id", "content_hash"))}
            for eid, digest in seen.items():
                first.setdefault(eid, row["published"])
                if hashes.get(eid) != digest:
                    changed[eid] = row["published"]
            hashes = seen  # an entry missing from a version counts as changed on return
    return {eid: EntryDates(first[eid], changed[eid], current.published) for eid in hashes}
