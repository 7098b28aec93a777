"""Versions of lists in the store: load, list, read, diff and look up "as of" a date.

A load is one transaction: the file is parsed completely first (a reader raises on any
problem, listing all of them), then the version row and every entry are written together,
so an error leaves the store exactly as it was. Loading bytes whose sha256 is already
stored writes nothing and says so (``created=False``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from unsc import settings
from unsc.dates import parse_date
from unsc.errors import InputError, ListFormatError, NotFoundError, Problem
from unsc.lists.diff import Amendment, ListDiff, field_changes
from unsc.lists.model import Entity, ListVersion
from unsc.lists.readers import parse_list
from unsc.store import connect, serialise
from unsc.store import lists_tables as repo

__all__ = [
    "LoadResult",
    "VersionInfo",
    "current_entities",
    "diff_versions",
    "entry_as_of",
    "get_version",
    "get_version_entities",
    "latest_versions",
    "list_versions",
    "load_list",
    "parse_as_of",
    "show_entry",
    "store_version",
]


@dataclass(frozen=True)
class LoadResult:
    """What a load did. ``created`` is False when the same bytes were already stored."""

    version: str
    list: str
    published: str
    sha256: str
    created: bool
    entities: int
    source: str

    @property
    def message(self) -> str:
        if self.created:
            return f"loaded {self.version}: {self.entities} entries ({self.list}, " \
                   f"published {self.published})"
        return f"already loaded as {self.version} (same sha256); nothing written"

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "list": self.list, "published": self.published,
                "sha256": self.sha256, "created": self.created, "entities": self.entities,
                "source": self.source, "message": self.message}


@dataclass(frozen=True)
class VersionInfo:
    """One stored version, as ``unsc lists versions`` prints it."""

    version: str
    list: str
    published: str
    sha256: str
    loaded_at: datetime
    source: str
    counts: dict[str, Any]
    generated: str | None = None
    fmt: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "list": self.list, "published": self.published,
                "sha256": self.sha256, "counts": self.counts,
                "loaded_at": self.loaded_at.isoformat(), "source": self.source,
                "generated": self.generated, "format": self.fmt}


def _info(row: dict[str, Any]) -> VersionInfo:
    loaded = row["loaded_at"]
    if loaded.tzinfo is None:  # SQLite returns naive datetimes
        loaded = loaded.replace(tzinfo=UTC)
    return VersionInfo(version=row["id"], list=row["list"], published=row["published"],
                       sha256=row["sha256"], loaded_at=loaded, source=row["source"],
                       counts=json.loads(row["counts"]), generated=row["generated"],
                       fmt=row["fmt"])


def _document(entity: Entity) -> tuple[str, str]:
    text = json.dumps(entity.to_dict(), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
    return text, hashlib.sha256(text.encode()).hexdigest()


def load_list(path: str | Path, *, data: bytes | None = None) -> LoadResult:
    """Parse a list file (any supported format) and store it as a new immutable version.

    ``data`` gives the bytes directly (a download); ``path`` then only names the source."""
    source = str(path)
    if data is None:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise ListFormatError(f"{source}: cannot read file: {exc.strerror}",
                                  [Problem(source, None, None, str(exc))]) from None
    limit = int(settings.get("max_list_bytes"))
    if len(data) > limit:
        raise ListFormatError(f"{source}: {len(data)} bytes exceeds max_list_bytes={limit}",
                              [Problem(source, None, None, "file too large")])
    sha = hashlib.sha256(data).hexdigest()
    with connect() as conn:
        existing = repo.version_by_sha(conn, sha)
    if existing:
        return LoadResult(existing["id"], existing["list"], existing["published"], sha, False,
                          existing["entity_count"], existing["source"])
    return store_version(parse_list(data, source))


def store_version(version: ListVersion) -> LoadResult:
    """Store a parsed version in one transaction (no-op when its sha256 is stored)."""
    with connect(write=True) as conn:
        # Two processes loading at once on PostgreSQL would both find no version and then
        # clash on its id; one at a time (SQLite writers are serialised already).
        serialise(conn, "unsc.lists.store_version")
        existing = repo.version_by_sha(conn, version.sha256)
        if existing:
            return LoadResult(existing["id"], existing["list"], existing["published"],
                              version.sha256, False, existing["entity_count"],
                              existing["source"])
        base = f"{version.list}-{version.published}"
        taken = repo.version_ids_like(conn, base)
        vid, n = base, 1
        while vid in taken:
            n += 1
            vid = f"{base}-{n}"
        repo.insert_version(
            conn, id=vid, list=version.list, published=version.published,
            generated=version.generated, sha256=version.sha256, loaded_at=datetime.now(UTC),
            source=version.source, fmt=version.fmt, entity_count=len(version.entities),
            counts=json.dumps(version.counts()))
        rows = []
        for entity in version.entities:
            text, digest = _document(entity)
            rows.append({"version_id": vid, "entity_id": entity.id,
                         "reference_number": entity.reference_number,
                         "schema": str(entity.schema), "caption": entity.caption,
                         "content_hash": digest, "document": text})
        repo.insert_entries(conn, rows)
    return LoadResult(vid, version.list, version.published, version.sha256, True,
                      len(version.entities), version.source)


def list_versions() -> list[VersionInfo]:
    """Every stored version, oldest publication first."""
    with connect() as conn:
        return [_info(r) for r in repo.select_versions(conn)]


def get_version(version: str) -> VersionInfo:
    with connect() as conn:
        rows = repo.select_versions(conn, ids=[version])
    if not rows:
        known = ", ".join(v.version for v in list_versions()) or "none loaded"
        raise NotFoundError(f"no list version {version!r} (known: {known})")
    return _info(rows[0])


def get_version_entities(version: str) -> list[Entity]:
    """All entities of one version, ordered by id."""
    get_version(version)
    with connect() as conn:
        rows = repo.select_entries(conn, version, ("document",))
    return [Entity.from_dict(json.loads(r["document"])) for r in rows]


def latest_versions() -> list[VersionInfo]:
    """The newest published version of each list (ties: the last loaded)."""
    latest: dict[str, VersionInfo] = {}
    for info in list_versions():  # ordered oldest first, so later rows win
        latest[info.list] = info
    return sorted(latest.values(), key=lambda v: v.list)


def current_entities(lists: Sequence[str] | None = None) -> list[Entity]:
    """Entities of the latest version of each list (or of the named lists)."""
    found: list[Entity] = []
    for info in latest_versions():
        if lists is None or info.list in lists:
            found.extend(get_version_entities(info.version))
    return found


def entry_as_of(ref_or_id: str, as_of: date | None = None,
                list_name: str | None = None) -> Entity | None:
    """The entry as it stood on ``as_of``: taken from the newest version of its list
    published on or before that date. None when it was not listed then (or no version of
    the list existed yet); ``as_of=None`` means the latest versions."""
    key = ref_or_id.strip()
    if not key:
        raise InputError("give a reference number (e.g. KPi.033) or an entity id")
    cutoff = as_of.isoformat() if as_of else None
    latest: dict[str, VersionInfo] = {}
    for info in list_versions():
        if (list_name is None or info.list == list_name) and \
                (cutoff is None or info.published <= cutoff):
            latest[info.list] = info
    ordered = sorted(latest.values(), key=lambda v: (v.list != "un", v.list))
    with connect() as conn:
        for info in ordered:
            row = repo.find_entry(conn, info.version, key)
            if row:
                return Entity.from_dict(json.loads(row["document"]))
    return None


def diff_versions(old: str, new: str) -> ListDiff:
    """Added, removed and amended entries between two stored versions."""
    get_version(old)
    get_version(new)
    with connect() as conn:
        before = {r["entity_id"]: r for r in repo.select_entries(conn, old)}
        after = {r["entity_id"]: r for r in repo.select_entries(conn, new)}

    def ref(row: dict[str, Any]) -> str:
        return str(row["reference_number"] or row["entity_id"])

    added = sorted(ref(after[k]) for k in after.keys() - before.keys())
    removed = sorted(ref(before[k]) for k in before.keys() - after.keys())
    amended: list[Amendment] = []
    for key in sorted(before.keys() & after.keys()):
        if before[key]["content_hash"] != after[key]["content_hash"]:
            changes = field_changes(json.loads(before[key]["document"]),
                                    json.loads(after[key]["document"]))
            amended.append(Amendment(ref(after[key]), changes))
    amended.sort(key=lambda a: a.ref)
    return ListDiff(old=old, new=new, added=tuple(added), removed=tuple(removed),
                    amended=tuple(amended))


def parse_as_of(text: str | None) -> date | None:
    """An ISO 8601 calendar date from user input; InvalidDateError otherwise."""
    if text is None or not text.strip():
        return None
    return parse_date(text, "as-of date")


def show_entry(ref_or_id: str, as_of: str | None = None,
               list_name: str | None = None) -> Entity:
    """Like :func:`entry_as_of` but for people: NotFoundError explains what was searched."""
    when = parse_as_of(as_of)
    entity = entry_as_of(ref_or_id, when, list_name)
    if entity is None:
        scope = f"list {list_name!r}" if list_name else "any list"
        date_text = f"as of {when.isoformat()}" if when else "in the latest versions"
        raise NotFoundError(f"{ref_or_id!r} is not on {scope} {date_text} "
                            f"({len(list_versions())} version(s) stored)")
    return entity
