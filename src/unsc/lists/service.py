"""Versions of lists in the store: load, list, read, diff, look up "as of" a date, and
choose which version of each list is current.

A load is one transaction: the file is parsed completely first (a reader raises on any
problem, listing all of them), then the load gates decide whether it may become current
(:mod:`unsc.lists.gates`), then the version row, every entry, the list's current-version
pointer and the ``list.load`` audit record are written together, so an error or a kill
leaves the store exactly as it was. Loading bytes whose sha256 is already stored writes
nothing and says so (``created=False``). The current version is an explicit pointer moved
by a load, by :func:`use_version` (roll back or forward) and never by a newer date alone.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from unsc import settings
from unsc.compliance import audit
from unsc.dates import parse_date
from unsc.errors import ConflictError, InputError, ListFormatError, NotFoundError, Problem
from unsc.lists import gates
from unsc.lists._files import open_list_file, read_head, read_list_bytes
from unsc.lists.diff import Amendment, ListDiff, field_changes
from unsc.lists.model import Entity, ListVersion, Schema
from unsc.lists.readers import parse_list
from unsc.store import connect, serialise
from unsc.store import lists_tables as repo

__all__ = [
    "LoadResult",
    "Progress",
    "VersionInfo",
    "current_entities",
    "current_versions",
    "delete_version",
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
    "use_version",
]


Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)`` while an FtM file streams in (see unsc.lists.ftm)."""


@dataclass(frozen=True)
class LoadResult:
    """What a load did. ``created`` is False when the same bytes were already stored;
    ``current`` says whether the version is now the one screened against, ``previous``
    which version was before, ``forced`` which gates ``--force`` overrode."""

    version: str
    list: str
    published: str
    sha256: str
    created: bool
    entities: int
    source: str
    current: bool = True
    previous: str | None = None
    forced: tuple[str, ...] = ()
    dropped: dict[str, int] | None = None
    """FtM loads: what the reader did not keep, by reason (None for other formats)."""

    @property
    def message(self) -> str:
        if not self.created:
            text = f"already loaded as {self.version} (same sha256); nothing written"
            if not self.current:
                text += f"; it is not current: `unsc lists use {self.version}` to screen " \
                        "against it"
            return text
        text = f"loaded {self.version}: {self.entities} entries ({self.list}, " \
               f"published {self.published})"
        if self.current:
            text += ", now current" + (f" (was {self.previous})" if self.previous else "")
        else:
            text += f"; not current (historical): current stays {self.previous or 'unset'}"
        if self.forced:
            text += f"; forced past: {', '.join(self.forced)}"
        if self.dropped is not None:
            total = sum(self.dropped.values())
            text += (f"; {total} FtM value(s) or record(s) dropped (see --json)" if total
                     else "; no FtM property dropped")
        return text

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "list": self.list, "published": self.published,
                "sha256": self.sha256, "created": self.created, "entities": self.entities,
                "source": self.source, "current": self.current, "previous": self.previous,
                "forced": list(self.forced), "message": self.message,
                **({"dropped": self.dropped} if self.dropped is not None else {})}


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
    current: bool = False
    entities: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "list": self.list, "published": self.published,
                "sha256": self.sha256, "counts": self.counts,
                "loaded_at": self.loaded_at.isoformat(), "source": self.source,
                "generated": self.generated, "format": self.fmt, "current": self.current,
                "entities": self.entities}


def _info(row: dict[str, Any], pointers: dict[str, str]) -> VersionInfo:
    loaded = row["loaded_at"]
    if loaded.tzinfo is None:  # SQLite returns naive datetimes
        loaded = loaded.replace(tzinfo=UTC)
    return VersionInfo(version=row["id"], list=row["list"], published=row["published"],
                       sha256=row["sha256"], loaded_at=loaded, source=row["source"],
                       counts=json.loads(row["counts"]), generated=row["generated"],
                       fmt=row["fmt"], current=pointers.get(row["list"]) == row["id"],
                       entities=int(row["entity_count"]))


def _document(entity: Entity) -> tuple[str, str]:
    text = json.dumps(entity.to_dict(), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
    return text, hashlib.sha256(text.encode()).hexdigest()


def load_list(path: str | Path, *, data: bytes | None = None, force: bool = False,
              historical: bool = False, actor: str = "system",
              progress: Progress | None = None) -> LoadResult:
    """Parse a list file (any supported format) and store it as a new immutable version.

    ``data`` gives the bytes directly (a download); ``path`` then only names the source.
    The load gates (:mod:`unsc.lists.gates`) decide whether it may become current;
    ``force`` overrides them, ``historical`` stores it without moving the pointer. The
    version, its pointer and its ``list.load`` audit record commit together. An FtM file
    on disk is streamed (constant memory, no size bound; ``progress`` is told how far)."""
    source = str(path)
    if data is None and read_head(path).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return _load_ftm_file(path, force=force, historical=historical, actor=actor,
                              progress=progress)
    if data is None:
        data = read_list_bytes(path)
    limit = int(settings.get("max_list_bytes"))
    if len(data) > limit:
        raise ListFormatError(f"{source}: {len(data)} bytes exceeds max_list_bytes={limit}",
                              [Problem(source, None, None, "file too large")])
    sha = hashlib.sha256(data).hexdigest()
    with connect() as conn:
        existing = repo.version_by_sha(conn, sha)
    if existing:
        return _unchanged(existing, actor, {"force": force, "historical": historical})
    return store_version(parse_list(data, source), force=force, historical=historical,
                         actor=actor)


def _unchanged(row: dict[str, Any], actor: str, asked: dict[str, Any]) -> LoadResult:
    """A reload of stored bytes writes no version; the attempt is still audited."""
    with connect(write=True) as conn:
        pointer = repo.current_pointers(conn, [row["list"]]).get(row["list"])
        result = LoadResult(row["id"], row["list"], row["published"], row["sha256"], False,
                            row["entity_count"], row["source"], current=pointer == row["id"],
                            previous=pointer)
        audit.record("list.load", {"result": result.to_dict(), **asked}, actor, conn)
    return result


def _check_sizes(version: ListVersion) -> None:
    """Ids longer than their columns would fail on PostgreSQL mid-transaction."""
    problems = [Problem(version.source, e.id[:60], "id", "id longer than 200 characters")
                for e in version.entities if len(e.id) > 200]
    problems += [Problem(version.source, e.id[:60], "reference_number",
                         "reference number longer than 120 characters")
                 for e in version.entities if len(e.reference_number or "") > 120]
    if len(version.list) > 60 or not version.list:
        problems.append(Problem(version.source, None, "list", "list name empty or longer "
                                "than 60 characters"))
    if problems:
        raise ListFormatError(f"{version.source}: {len(problems)} problem(s)", problems[:500])


def _file_sha(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open_list_file(path, None) as (handle, _):
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _load_ftm_file(path: str | Path, *, force: bool, historical: bool, actor: str,
                   progress: Progress | None) -> LoadResult:
    """An FtM file read in two streamed passes and stored as it is read: known bytes are
    found by their sha256 first, so a reload reads the file once, without parsing."""
    asked = {"force": force, "historical": historical}
    with connect() as conn:
        existing = repo.version_by_sha(conn, _file_sha(path))
    if existing:
        return _unchanged(existing, actor, asked)
    from unsc.lists.ftm import open_ftm  # deferred: followthemoney is slow to import

    with open_ftm(path, progress=progress) as stream:
        shell = ListVersion(list=stream.list, published=stream.published,
                            sha256=stream.sha256, source=stream.source, entities=(),
                            fmt="ftm", generated=stream.generated,
                            incomplete=stream.incomplete, dropped=stream.dropped)
        return _store(shell, stream.count, stream.entities(), force=force,
                      historical=historical, actor=actor, today=None)


def store_version(version: ListVersion, *, force: bool = False, historical: bool = False,
                  actor: str = "system", today: date | None = None) -> LoadResult:
    """Store a parsed version, its pointer move and its audit record in one transaction
    (a no-op when its sha256 is stored). ListGateError, with nothing written, when a load
    gate refuses it (see :func:`load_list`)."""
    _check_sizes(version)
    return _store(version, len(version.entities), version.entities, force=force,
                  historical=historical, actor=actor, today=today)


def _store(version: ListVersion, count: int, entities: Iterable[Entity], *, force: bool,
           historical: bool, actor: str, today: date | None) -> LoadResult:
    """The one write path: ``version`` gives the metadata, ``entities`` (``count`` of
    them) may be a stream, written in batches inside the one transaction."""
    asked = {"force": force, "historical": historical}
    with connect(write=True) as conn:
        # Two processes loading at once on PostgreSQL would both find no version and then
        # clash on its id; one at a time (SQLite writers are serialised already).
        serialise(conn, "unsc.lists.store_version")
        existing = repo.version_by_sha(conn, version.sha256)
        if existing:
            pointer = repo.current_pointers(conn, [version.list]).get(version.list)
            return LoadResult(existing["id"], existing["list"], existing["published"],
                              version.sha256, False, existing["entity_count"],
                              existing["source"], current=pointer == existing["id"],
                              previous=pointer)
        previous = repo.current_pointers(conn, [version.list], lock=True).get(version.list)
        forced = gates.check(version, _gate_current(conn, previous),
                             today=today or datetime.now(UTC).date(),
                             max_shrink=float(settings.get("max_shrink")), force=force,
                             historical=historical, count=count)
        vid = _new_id(conn, version)
        now = datetime.now(UTC)
        repo.insert_version(
            conn, id=vid, list=version.list, published=version.published,
            generated=version.generated, sha256=version.sha256, loaded_at=now,
            source=version.source, fmt=version.fmt, entity_count=count, counts="{}")
        written, counts = _write_entries(conn, vid, version, entities)
        repo.update_version_counts(conn, vid, written, json.dumps(counts))
        if not historical:
            repo.set_current(conn, version.list, vid, now, actor)
        ftm = version.fmt == "ftm"
        result = LoadResult(vid, version.list, version.published, version.sha256, True,
                            written, version.source, current=not historical,
                            previous=previous, forced=tuple(forced),
                            dropped=dict(version.dropped) if ftm else None)
        audit.record("list.load", {"result": result.to_dict(), **asked,
                                   "incomplete": list(version.incomplete)}, actor, conn)
    return result


_BATCH = 1000


def _write_entries(conn: Connection, vid: str, version: ListVersion,
                   entities: Iterable[Entity]) -> tuple[int, dict[str, Any]]:
    """Insert the entries in batches; their number and the version's counts (the same
    figures as :meth:`ListVersion.counts`, gathered on the way)."""
    rows: list[dict[str, Any]] = []
    written = individuals = 0
    by_type: dict[str, int] = {}
    for entity in entities:
        if len(entity.reference_number or "") > 120:
            raise ListFormatError(f"{version.source}: 1 problem(s)", [Problem(
                version.source, entity.id[:60], "reference_number",
                "reference number longer than 120 characters")])
        text, digest = _document(entity)
        rows.append({"version_id": vid, "entity_id": entity.id,
                     "reference_number": entity.reference_number,
                     "schema": str(entity.schema), "caption": entity.caption,
                     "content_hash": digest, "document": text})
        written += 1
        individuals += entity.schema == Schema.PERSON
        for programme in entity.programmes or ("",):
            by_type[programme] = by_type.get(programme, 0) + 1
        if len(rows) >= _BATCH:
            repo.insert_entries(conn, rows)
            rows = []
    repo.insert_entries(conn, rows)
    return written, {"individuals": individuals, "entities": written - individuals,
                     "by_list_type": dict(sorted(by_type.items()))}


def _new_id(conn: Connection, version: ListVersion) -> str:
    base = f"{version.list}-{version.published}"
    taken = repo.version_ids_like(conn, base)
    vid, n = base, 1
    while vid in taken:
        n += 1
        vid = f"{base}-{n}"
    return vid


def _gate_current(conn: Connection, version_id: str | None) -> gates.Current | None:
    if version_id is None:
        return None
    row = repo.select_versions(conn, ids=[version_id])[0]
    return gates.Current(row["id"], row["published"], int(row["entity_count"]))


def list_versions() -> list[VersionInfo]:
    """Every stored version, oldest publication first; ``current`` marks the pointers."""
    with connect() as conn:
        pointers = repo.current_pointers(conn)
        return [_info(r, pointers) for r in repo.select_versions(conn)]


def get_version(version: str) -> VersionInfo:
    with connect() as conn:
        rows = repo.select_versions(conn, ids=[version])
        pointers = repo.current_pointers(conn)
    if not rows:
        raise _unknown(version)
    return _info(rows[0], pointers)


def get_version_entities(version: str) -> list[Entity]:
    """All entities of one version, ordered by id."""
    get_version(version)
    with connect() as conn:
        rows = repo.select_entries(conn, version, ("document",))
    return [Entity.from_dict(json.loads(r["document"])) for r in rows]


def current_versions() -> list[VersionInfo]:
    """The current version of each list (its explicit pointer), by list name."""
    return sorted((v for v in list_versions() if v.current), key=lambda v: v.list)


def latest_versions() -> list[VersionInfo]:
    """The versions screening uses: the current version of each list. Kept under its old
    name for callers; "current" is a pointer now, no longer the newest date."""
    return current_versions()


def use_version(version: str, actor: str = "system") -> dict[str, Any]:
    """Make ``version`` the current version of its list (roll back or forward); audited
    in the same transaction. A version already current changes nothing."""
    with connect(write=True) as conn:
        rows = repo.select_versions(conn, ids=[version])
        if not rows:
            raise _unknown(version)
        name = rows[0]["list"]
        previous = repo.current_pointers(conn, [name], lock=True).get(name)
        changed = previous != version
        if changed:
            repo.set_current(conn, name, version, datetime.now(UTC), actor)
            audit.record("list.use", {"list": name, "version": version,
                                      "previous": previous}, actor, conn)
    return {"list": name, "version": version, "previous": previous, "changed": changed}


def delete_version(version: str, actor: str = "system") -> dict[str, Any]:
    """Delete a non-current version and its entries; audited in the same transaction.
    ConflictError for the current version: make another one current first."""
    with connect(write=True) as conn:
        rows = repo.select_versions(conn, ids=[version])
        if not rows:
            raise _unknown(version)
        row = rows[0]
        if repo.current_pointers(conn, [row["list"]], lock=True).get(row["list"]) == version:
            raise ConflictError(f"{version} is the current version of list {row['list']!r}; "
                                "make another version current first (`unsc lists use`)")
        repo.delete_version(conn, version)
        gone = {"version": version, "list": row["list"], "published": row["published"],
                "sha256": row["sha256"], "entities": int(row["entity_count"])}
        audit.record("list.delete", gone, actor, conn)
    return gone


def _unknown(version: str) -> NotFoundError:
    known = ", ".join(v.version for v in list_versions()) or "none loaded"
    return NotFoundError(f"no list version {version!r} (known: {known})")


def current_entities(lists: Sequence[str] | None = None) -> list[Entity]:
    """Entities of the current version of each list (or of the named lists)."""
    found: list[Entity] = []
    for info in current_versions():
        if lists is None or info.list in lists:
            found.extend(get_version_entities(info.version))
    return found


def entry_as_of(ref_or_id: str, as_of: date | None = None,
                list_name: str | None = None) -> Entity | None:
    """The entry as it stood on ``as_of``: taken from the newest version of its list
    published on or before that date. None when it was not listed then (or no version of
    the list existed yet); ``as_of=None`` means the current versions."""
    key = ref_or_id.strip()
    if not key:
        raise InputError("give a reference number (e.g. KPi.033) or an entity id")
    if as_of is None:
        candidates = current_versions()
    else:  # oldest first, so the newest version on or before the date wins
        cutoff = as_of.isoformat()
        candidates = [v for v in list_versions() if v.published <= cutoff]
    latest = {v.list: v for v in candidates if list_name is None or v.list == list_name}
    ordered = sorted(latest.values(), key=lambda v: (v.list != "un", v.list))
    with connect() as conn:
        for info in ordered:
            row = repo.find_entry(conn, info.version, key)
            if row:
                return Entity.from_dict(json.loads(row["document"]))
    return None


def diff_page(old: str, new: str, *, kind: str = "", list_type: str = "", field: str = "",
              page: int = 1, per_page: int = 50) -> dict[str, Any]:
    """One page of the diff as people read it (:func:`unsc.lists.diff_report.diff_report`):
    the web page, ``GET /lists/diff?page=N`` and ``unsc lists diff --page N`` show the same
    rows, so a reviewer can move between them."""
    from unsc.lists.diff_report import diff_report

    return diff_report(diff_versions(old, new), get_version_entities(old),
                       get_version_entities(new), kind=kind, list_type=list_type,
                       field=field, page=page, per_page=per_page)


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
        date_text = f"as of {when.isoformat()}" if when else "in the current versions"
        raise NotFoundError(f"{ref_or_id!r} is not on {scope} {date_text} "
                            f"({len(list_versions())} version(s) stored)")
    return entity
