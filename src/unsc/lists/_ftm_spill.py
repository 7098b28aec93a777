"""A scratch SQLite file that holds an FtM file's records between the reader's two passes.

FtM data is a graph in no particular order: a Sanction may come a million lines before or
after the Person it names, and an OpenSanctions export is several gigabytes. Holding the
records in memory until every reference is seen does not scale, so the first pass writes
each checked record here (one row, its cleaned JSON) with the pairs "owner id -> adjacent
record id" it implies, and the second pass reads one listed entity at a time with its
adjacent records by index. Memory stays constant; the disk holds about the file's size.
The file lives in the temporary directory and is deleted on close, whatever happens.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from typing import Any

__all__ = ["ADJACENT", "LISTED", "Spill"]

LISTED = 1
ADJACENT = 2
_BATCH = 2000


class Spill:
    """The records of one file being read; ``add`` refuses a second record with a
    listed id (returns False), so duplicate ids are found without an in-memory set."""

    def __init__(self) -> None:
        handle, self.path = tempfile.mkstemp(prefix="unsc-ftm-", suffix=".sqlite")
        os.close(handle)
        self._db = sqlite3.connect(self.path)
        self._db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-16000;"
            "CREATE TABLE records (rid TEXT PRIMARY KEY, kind INTEGER NOT NULL, "
            "  seq INTEGER NOT NULL, nested INTEGER NOT NULL, body TEXT NOT NULL);"
            "CREATE TABLE refs (owner TEXT NOT NULL, rid TEXT NOT NULL);")
        self._records: list[tuple[str, int, int, str]] = []
        self._refs: list[tuple[str, str]] = []
        self._seq = 0

    def add(self, record: dict[str, Any], kind: int, owners: list[str],
            top_level: bool) -> bool:
        """Keep ``record``; False when its id is taken by another top-level record (a
        duplicate). A nested copy (yente nests the far end of a link) gives way to the
        record's own line wherever that comes; of two nested copies the first is kept."""
        self._seq += 1
        body = json.dumps(record, ensure_ascii=False)
        try:
            self._db.execute("INSERT INTO records VALUES (?, ?, ?, ?, ?)",
                             (record["id"], kind, self._seq, 0 if top_level else 1, body))
        except sqlite3.IntegrityError:
            if not top_level:
                return True
            replaced = self._db.execute(
                "UPDATE records SET kind = ?, seq = ?, nested = 0, body = ? "
                "WHERE rid = ? AND nested = 1", (kind, self._seq, body, record["id"]))
            if replaced.rowcount == 0:
                return False
        self._refs.extend((owner, record["id"]) for owner in owners)
        if len(self._refs) >= _BATCH:
            self.flush()
        return True

    def add_ref(self, owner: str, rid: str) -> None:
        """Record that ``owner`` refers to ``rid`` (a listed entity's ``addressEntity``)."""
        self._refs.append((owner, rid))

    def flush(self) -> None:
        if self._refs:
            self._db.executemany("INSERT INTO refs VALUES (?, ?)", self._refs)
            self._refs.clear()

    def finish(self) -> None:
        """Index the references once every record is in (cheaper than while writing)."""
        self.flush()
        self._db.execute("CREATE INDEX refs_owner ON refs (owner)")
        self._db.execute("CREATE INDEX refs_rid ON refs (rid)")
        self._db.commit()

    def count(self, kind: int) -> int:
        row = self._db.execute("SELECT count(*) FROM records WHERE kind = ?", (kind,)).fetchone()
        return int(row[0])

    def orphans(self) -> dict[str, int]:
        """Adjacent records no listed entity refers to, by schema: they are dropped."""
        rows = self._db.execute(
            "SELECT body FROM records r WHERE kind = ? AND NOT EXISTS (SELECT 1 FROM refs f "
            "JOIN records o ON o.rid = f.owner AND o.kind = ? WHERE f.rid = r.rid)",
            (ADJACENT, LISTED))
        found: dict[str, int] = {}
        for (body,) in rows:
            schema = json.loads(body)["schema"]
            found[schema] = found.get(schema, 0) + 1
        return found

    def listed(self) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
        """Each listed record, in file order, with its adjacent records (file order)."""
        cursor = self._db.execute("SELECT rid, body FROM records WHERE kind = ? ORDER BY seq",
                                  (LISTED,))
        lookup = self._db.cursor()
        while True:
            rows = cursor.fetchmany(500)
            if not rows:
                return
            for rid, body in rows:
                adjacent = lookup.execute(
                    "SELECT DISTINCT r.seq, r.body FROM refs f JOIN records r ON r.rid = f.rid "
                    "WHERE f.owner = ? AND r.kind = ? ORDER BY r.seq", (rid, ADJACENT))
                yield json.loads(body), [json.loads(b) for _, b in adjacent]

    def close(self) -> None:
        self._db.close()
        with contextlib.suppress(OSError):
            os.unlink(self.path)
