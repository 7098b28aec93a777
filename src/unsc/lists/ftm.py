"""FollowTheMoney JSON lines (the OpenSanctions format) in: flat or nested, streamed.

Every line is checked for depth and shape before FtM sees it (:mod:`unsc.lists._ftm_lines`),
so a hostile line is a reported problem, never a traceback. A nested (yente-style) line,
whose properties hold whole entities (a Person's ``sanctions``, ``addressEntity``,
``ownershipOwner``), is split into flat records first, each checked like a line of its own.
Each record is cleaned by FtM's own property types; what FtM refuses is counted, never
dropped in silence (:attr:`FtmStream.dropped`).

The file is read in two passes with constant memory (:mod:`unsc.lists._ftm_spill`): the
first checks every line and spills the records to a scratch file, the second yields one
listed entity (Person, Organization, Company, Vessel, Airplane...) at a time with its
Sanctions, Identifications, Addresses and links (Ownership, Directorship, Family,
Associate... any FtM edge). An entity keeps its FtM properties as published
(``Entity.properties``) next to the typed fields screening reads. unsc's own exports carry
a header with the source version's publication date and record counts: a re-import keeps
that date (not today's) and a file cut at a line boundary is reported as incomplete.
Writing FtM is :mod:`unsc.lists.ftm_export`.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from followthemoney import model
from followthemoney.exc import InvalidData

from unsc.errors import ListFormatError, Problem
from unsc.lists._files import open_list_file
from unsc.lists._ftm_entity import build_entity
from unsc.lists._ftm_lines import (
    EXPORT_KEY,
    ExportHeader,
    check_record,
    decode_line,
    parse_header,
)
from unsc.lists._ftm_spill import ADJACENT, LISTED, Spill
from unsc.lists.ftm_export import entity_to_ftm, export_header, write_ftm
from unsc.lists.model import ListVersion
from unsc.lists.ofac_csv import date_from_name

__all__ = ["KEPT_FIELDS", "MAX_LINE_BYTES", "FtmStream", "entity_to_ftm", "export_header",
           "open_ftm", "parse_ftm", "read_ftm", "write_ftm"]

MAX_LINE_BYTES = 64 << 20
"""Longest line read (64 MiB): a line is one entity, nested ones included; a longer one
is a problem, skipped without being held in memory."""
MAX_PROBLEMS = 500
KEPT_FIELDS = frozenset({"id", "schema", "properties", "datasets", "referents", "caption",
                         "target"})
"""Record fields the reader keeps (``caption`` and ``target`` are recomputed, not data);
any other field (yente's ``first_seen``, ``last_seen``, ``last_change``...) is counted in
``dropped``: unsc dates entities by its own versions."""
Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: stage "read" counts bytes, "build" entities."""


@dataclass
class FtmStream:
    """An FtM file read and checked (pass one), whose entities :meth:`entities` yields
    (pass two). ``dropped`` counts what was not kept, by reason: property values FtM's
    types refuse, properties a schema does not have, records of schemas unsc does not keep,
    adjacent records no listed entity refers to, record fields other than
    :data:`KEPT_FIELDS`."""

    source: str
    sha256: str
    list: str
    published: str
    generated: str | None
    incomplete: tuple[str, ...]
    count: int
    dropped: dict[str, int]
    _spill: Spill
    _progress: Progress | None = None
    fmt: str = "ftm"

    def entities(self) -> Iterator[Any]:
        for done, (record, adjacent) in enumerate(self._spill.listed(), start=1):
            yield build_entity(record, adjacent, self.list)
            if self._progress is not None and done % 10_000 == 0:
                self._progress("build", done, self.count)

    def close(self) -> None:
        self._spill.close()

    def __enter__(self) -> FtmStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class _Pass:
    """What the line pass gathers besides the spilled records."""

    source: str
    spill: Spill
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    first_dataset: str | None = None
    header: ExportHeader | None = None
    records: int = 0

    def problem(self, problem: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)

    def drop(self, reason: str, count: int = 1) -> None:
        if count:
            self.dropped[reason] = self.dropped.get(reason, 0) + count


def _lines(handle: _Hashing, total: int, progress: Progress | None,
           ) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for each line; None for a line over MAX_LINE_BYTES, which is
    skipped in bounded reads."""
    line_no, done, reported = 0, 0, 0
    while True:
        chunk = handle.readline(MAX_LINE_BYTES + 1)
        if not chunk:
            return
        line_no += 1
        done += len(chunk)
        if len(chunk) > MAX_LINE_BYTES and not chunk.endswith(b"\n"):
            while chunk and not chunk.endswith(b"\n"):
                chunk = handle.readline(1 << 20)
                done += len(chunk)
            yield line_no, None
        else:
            yield line_no, chunk
        if progress is not None and done - reported >= (8 << 20):
            reported = done
            progress("read", done, total)


def _read_pass(handle: IO[bytes], found: _Pass, total: int, progress: Progress | None,
               ) -> str:
    """Check and spill every line; the file's sha256."""
    source = found.source
    digest = hashlib.sha256()
    first = True
    for line_no, chunk in _lines(_Hashing(handle, digest), total, progress):
        where = f"line {line_no}"
        if chunk is None:
            found.problem(Problem(source, where, None, f"line longer than {MAX_LINE_BYTES} "
                                  "bytes; refused unread"))
            first = False
            continue
        if not chunk.strip():
            continue
        try:  # JSON text is UTF-8 (RFC 8259): a bad byte is a corrupt name, not a "?"
            line = chunk.decode("utf-8-sig" if line_no == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            found.problem(Problem(source, where, None, f"not UTF-8: {exc.reason} at "
                                                       f"byte {exc.start}"))
            first = False
            continue
        raw, problem = decode_line(line, source, where)
        if problem is not None:
            found.problem(problem)
            first = False
            continue
        if isinstance(raw, dict) and EXPORT_KEY in raw:
            if not first:
                found.problem(Problem(source, where, EXPORT_KEY,
                                      "export header must be the first line"))
            else:
                found.header, bad = parse_header(raw, source, where)
                for item in bad:
                    found.problem(item)
            first = False
            continue
        first = False
        found.records += 1
        _record(found, raw, where, top_level=True, owner=None)
    return digest.hexdigest()


class _Hashing(io.RawIOBase):
    """Reads through to ``inner`` and feeds every byte to ``digest`` on the way."""

    def __init__(self, inner: IO[bytes], digest: Any) -> None:
        self._inner, self._digest = inner, digest

    def readline(self, size: int | None = -1) -> bytes:
        data = self._inner.readline(-1 if size is None else size)
        self._digest.update(data)
        return data

    def readable(self) -> bool:
        return True


def _record(found: _Pass, raw: Any, where: str, *, top_level: bool,
            owner: tuple[str, Any] | None) -> str | None:
    """Check, clean and spill one record and the entities nested in it; its id."""
    source = found.source
    shape = check_record(raw, source, where)
    if shape:
        for item in shape:
            found.problem(item)
        return None
    referents = raw.get("referents", [])
    if referents is not None and not (isinstance(referents, list) and
                                      all(isinstance(r, str) for r in referents)):
        found.problem(Problem(source, where, "referents", "referents must be a list of ids"))
        return None
    schema = model.get(raw["schema"])
    if schema is None:
        found.problem(Problem(source, where, None,
                              f"not an FtM entity: unknown schema {raw['schema']!r}"))
        return None
    eid = str(raw["id"])
    flat, nested = _split(raw, schema, eid)
    if owner is not None:  # a nested entity under a reverse property names its parent
        back, parent = owner
        flat.setdefault(back, []).append(parent)
    try:
        proxy = model.get_proxy({"id": eid, "schema": schema.name, "properties": flat},
                                cleaned=False)
    except (ValueError, TypeError, KeyError, AttributeError, InvalidData) as exc:
        found.problem(Problem(source, where, None, f"not an FtM entity: {exc}"))
        return None
    _count_dropped(found, schema, flat, proxy.properties)
    for name in raw:
        if name not in KEPT_FIELDS:
            found.drop(f"field {name} (unsc dates entities by its versions)")
    datasets = list(raw.get("datasets") or [])
    if found.first_dataset is None and datasets:
        found.first_dataset = datasets[0]
    record = {"id": eid, "schema": schema.name, "properties": proxy.properties,
              "datasets": datasets, "referents": list(referents or [])}
    kind, owners = _kind(schema, proxy.properties, eid)
    if kind is None:
        found.drop(f"record {schema.name} (schema not kept)")
        return eid
    if kind == LISTED and not proxy.properties.get("name"):
        found.problem(Problem(source, f"{where} ({eid})", "name", "missing name"))
        return None
    if not found.spill.add(record, kind, owners, top_level):
        found.problem(Problem(source, where, "id", f"duplicate id {eid!r}"))
        return None
    if kind == LISTED:
        for address in proxy.properties.get("addressEntity", []):
            found.spill.add_ref(eid, address)
    for prop, child in nested:
        parent = (prop.reverse.name, eid) if prop.stub else None
        _record(found, child, where, top_level=False, owner=parent)
    return eid


def _split(raw: dict[str, Any], schema: Any, eid: str,
           ) -> tuple[dict[str, list[str]], list[tuple[Any, Any]]]:
    """Flat string properties, and the nested entities with the property holding them."""
    flat: dict[str, list[str]] = {}
    nested: list[tuple[Any, Any]] = []
    for name, values in (raw.get("properties") or {}).items():
        prop = schema.get(name)
        for value in values:
            if isinstance(value, dict):
                if prop is not None and prop.range is not None and hasattr(prop.range, "name"):
                    nested.append((prop, value))
                    if not prop.stub and isinstance(value.get("id"), str):
                        flat.setdefault(name, []).append(value["id"])
                else:
                    flat.setdefault(name, []).append("")  # counted as dropped below
            else:
                flat.setdefault(name, []).append(value)
    return flat, nested


def _count_dropped(found: _Pass, schema: Any, given: dict[str, list[str]],
                   kept: dict[str, list[str]]) -> None:
    for name, values in given.items():
        if schema.get(name) is None:
            found.drop(f"{schema.name}.{name} (no such property)", len(values))
            continue
        if schema.get(name).stub:
            found.drop(f"{schema.name}.{name} (reverse property given as text)", len(values))
            continue
        lost = len(set(values)) - len(kept.get(name, []))
        found.drop(f"{schema.name}.{name} (value FtM refuses or merges)", max(lost, 0))


def _kind(schema: Any, props: dict[str, list[str]], eid: str,
          ) -> tuple[int | None, list[str]]:
    """LISTED, ADJACENT (with the ids it attaches to) or None (not kept)."""
    if schema.name in ("Vessel", "Airplane") or schema.is_a("LegalEntity"):
        return LISTED, [eid]
    if schema.is_a("Sanction"):
        return ADJACENT, list(props.get("entity", []))
    if schema.is_a("Identification"):
        return ADJACENT, list(props.get("holder", []))
    if schema.is_a("Address"):
        return ADJACENT, []
    if schema.edge and schema.edge_source and schema.edge_target:
        return ADJACENT, list(props.get(schema.edge_source, [])) + list(
            props.get(schema.edge_target, []))
    return None, []


def open_ftm(path: str | Path | None = None, *, data: bytes | None = None,
             source: str | None = None, progress: Progress | None = None) -> FtmStream:
    """Read and check an FtM file (a path, or ``data`` in memory) in constant memory;
    ListFormatError listing every problem (the first 500) when any line is bad. The
    caller iterates :meth:`FtmStream.entities` and closes the stream."""
    name = source or str(path)
    spill = Spill()
    found = _Pass(name, spill)
    try:
        if data is not None:
            sha = _read_pass(io.BytesIO(data), found, len(data), progress)
        else:
            assert path is not None
            with open_list_file(path, limit=None) as (handle, size):
                sha = _read_pass(handle, found, size, progress)
        spill.finish()
        return _finish(found, spill, sha, progress)
    except BaseException:
        spill.close()
        raise


def _finish(found: _Pass, spill: Spill, sha: str, progress: Progress | None) -> FtmStream:
    source = found.source
    count = spill.count(LISTED)
    if not count and not found.problem_count:
        found.problem(Problem(source, None, None, "no listed entities (Person, "
                              "Organization, Vessel...) in the file"))
    if found.problem_count:
        raise ListFormatError(f"{source}: {found.problem_count} problem(s) in the FtM file",
                              found.problems)
    for schema, n in sorted(spill.orphans().items()):
        found.drop(f"record {schema} (refers to no listed entity)", n)
    header = found.header
    list_name = header.list if header else (found.first_dataset or "ftm")
    incomplete: list[str] = []
    if header is not None:
        if header.records != found.records:
            incomplete.append(f"the export header states {header.records} records, the file "
                              f"holds {found.records}: cut short or edited")
        if header.entities != count:
            incomplete.append(f"the export header states {header.entities} entities, the "
                              f"file holds {count}")
        published = header.published
    else:
        published = date_from_name(source) or datetime.now(UTC).date().isoformat()
    return FtmStream(source=source, sha256=sha, list=list_name, published=published,
                     generated=header.generated if header else None,
                     incomplete=tuple(incomplete), count=count,
                     dropped=dict(sorted(found.dropped.items())), _spill=spill,
                     _progress=progress)


def parse_ftm(data: bytes, source: str) -> ListVersion:
    """Parse FtM JSON lines held in memory, collecting every problem (with its line)."""
    with open_ftm(data=data, source=source) as stream:
        return _version(stream)


def read_ftm(path: str | Path) -> ListVersion:
    """Read a FollowTheMoney JSON lines file into a whole version (small files; a large
    one is loaded with :func:`open_ftm` by the lists service, streaming)."""
    with open_ftm(path) as stream:
        return _version(stream)


def _version(stream: FtmStream) -> ListVersion:
    return ListVersion(list=stream.list, published=stream.published, sha256=stream.sha256,
                       source=stream.source, entities=tuple(stream.entities()), fmt="ftm",
                       generated=stream.generated, incomplete=stream.incomplete,
                       dropped=stream.dropped)
