"""Mutated list files and the verdict on one load of each: shared by the fuzz tests
(tests/lists/test_fuzz.py, which draw mutations with hypothesis) and the reliability
table (bench/reliability/files.py, which draws them with a seeded random generator).

A mutation is a pure function of a real base file. Each knows what a correct loader must
do with its result: ``refuse`` (a cut that loses more than trailing whitespace, a
duplicated record, an emptied list), ``accept`` (one record deleted from a UN or SDN.CSV
file is still a whole, valid file) or ``either`` (a flipped byte may or may not leave a
valid file). Whatever it expects, an accepted file must also pass an independent oracle
(the standard library's XML, CSV and JSON parsers, not unsc's readers) with the same entry
count as stored, and a refused file must leave the store byte for byte as it was.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import signal
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FORMATS = ("un-xml", "ofac-csv", "ftm")
KINDS = ("cut", "cut-line", "flip", "delete", "duplicate", "empty")


def shared_data() -> Path:
    path = Path(os.environ.get("UNSC_SHARED_DATA", ROOT.parent / "shared" / "data"))
    if not path.is_dir():
        raise SystemExit(f"shared data not found at {path}; set UNSC_SHARED_DATA")
    return path


@dataclass(frozen=True)
class Base:
    """A real, valid list file and where its records and lines are."""

    fmt: str
    name: str
    data: bytes
    records: tuple[tuple[int, int], ...]  # byte span of each record
    line_ends: tuple[int, ...]  # offset just after each line break
    entities: int


def _line_ends(data: bytes) -> tuple[int, ...]:
    return tuple(m.end() for m in re.finditer(rb"\n", data))


def un_base() -> Base:
    """The real 1718 Committee list of 2015-03-17 (32 records, 53 kB)."""
    data = (shared_data() / "un" / "un_1718_dprk_only_2015-03-17.xml").read_bytes()
    spans = tuple(m.span() for m in re.finditer(rb"<(INDIVIDUAL|ENTITY)(?:\s[^>]*)?>.*?</\1>",
                                                 data, re.S))
    return Base("un-xml", "un_1718_dprk_only_2015-03-17.xml", data, spans, _line_ends(data),
                len(spans))


def csv_base(step: int = 50) -> Base:
    """Every ``step``-th row of the real SDN.CSV of 2024-05-03, with its CRLF + Ctrl-Z end."""
    rows = (shared_data() / "ofac" / "sdn_2024-05-03.csv").read_bytes().split(b"\r\n")[:-1]
    data = b"\r\n".join(rows[::step]) + b"\r\n\x1a"
    spans: list[tuple[int, int]] = []
    pos = 0
    for row in rows[::step]:
        spans.append((pos, pos + len(row) + 2))
        pos += len(row) + 2
    return Base("ofac-csv", "sdn_2024-05-03.csv", data, tuple(spans), _line_ends(data),
                len(spans))


def ftm_base(export: bytes) -> Base:
    """An unsc FtM export (header + one entity and one Sanction per listed entry)."""
    ends = _line_ends(export)
    spans = tuple(zip((0, *ends[:-1]), ends, strict=True))[1:]  # every line but the header
    listed = sum(1 for a, b in spans if '"Sanction"' not in export[a:b].decode())
    return Base("ftm", "export.ftm.json", export, spans, ends, listed)


@dataclass(frozen=True)
class Mutation:
    kind: str
    index: int = 0
    bit: int = 0

    def apply(self, base: Base) -> bytes:
        data = base.data
        if self.kind == "cut":
            return data[: self.index % len(data)]
        if self.kind == "cut-line":
            return data[: base.line_ends[self.index % len(base.line_ends)]]
        if self.kind == "flip":
            at = self.index % len(data)
            return data[:at] + bytes([data[at] ^ (1 << (self.bit % 8))]) + data[at + 1:]
        start, end = base.records[self.index % len(base.records)]
        if self.kind == "delete":
            return data[:start] + data[end:]
        if self.kind == "duplicate":
            return data[:end] + data[start:end] + data[end:]
        return _emptied(base)

    def expected(self, base: Base) -> str:
        """"refuse", "accept" or "either" (see the module docstring)."""
        if self.kind in ("cut", "cut-line"):
            removed = base.data[len(self.apply(base)):]
            return "refuse" if removed.strip(b" \t\r\n") else "either"
        if self.kind in ("duplicate", "empty"):
            return "refuse"
        if self.kind == "delete":
            return "refuse" if base.fmt == "ftm" else "accept"
        return "either"

    def label(self) -> str:
        return f"{self.kind}@{self.index}" + (f".{self.bit}" if self.kind == "flip" else "")


def _emptied(base: Base) -> bytes:
    first, last = base.records[0][0], base.records[-1][1]
    if base.fmt == "un-xml":  # keep the root and its date, drop every record
        head = base.data[:first]
        head = head[: head.rfind(b"<INDIVIDUALS>")]
        return head + b"<INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>"
    if base.fmt == "ofac-csv":
        return base.data[:first] + base.data[last:]  # just the Ctrl-Z
    header = json.loads(base.data[: base.line_ends[0]])
    header["entities"] = header["records"] = 0
    header["versions"][0]["entities"] = 0
    return (json.dumps(header) + "\n").encode()


def oracle_count(fmt: str, data: bytes) -> int | None:
    """Entries an independent parser finds in a whole, valid file; None if it is not one.
    A necessary condition only: unsc may refuse more (bad dates, duplicates, gates)."""
    try:
        if fmt == "un-xml":
            root = ET.fromstring(data)
            if root.tag != "CONSOLIDATED_LIST":
                return None
            return len(root.findall("INDIVIDUALS/INDIVIDUAL")) + len(
                root.findall("ENTITIES/ENTITY"))
        if fmt == "ofac-csv":
            if not data.rstrip(b" \t\r\n").endswith(b"\x1a"):
                return None
            raw = data.rstrip(b" \t\r\n\x1a")
            try:  # SDN.CSV is ASCII; Windows-1252 is the one other encoding it has used
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("cp1252")
            rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
            return len(rows) if all(len(r) == 12 for r in rows) else None
        lines = [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]
        header, records = lines[0], lines[1:]
        listed = sum(1 for r in records if r.get("schema") != "Sanction")
        if header["records"] != len(records) or header["entities"] != listed:
            return None
        return listed
    except (ET.ParseError, ValueError, csv.Error, KeyError, IndexError, TypeError,
            AttributeError, RecursionError):
        return None


class Hang(Exception):
    """A load that did not return within its time limit."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`Hang` in the main thread after ``seconds`` (SIGALRM)."""
    def alarm(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class Verdict:
    """One mutated file, loaded once. ``ok`` is False for any behaviour the goals forbid."""

    mutation: str
    expected: str
    outcome: str  # "refused", "accepted", "traceback", "hang"
    valid: bool
    store_changed: bool
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def store_state() -> tuple[Any, ...]:
    """Every row a load may touch, read with plain SQL (independent of the service)."""
    from sqlalchemy import func, select

    from unsc.store import connect
    from unsc.store import lists_tables as repo
    from unsc.store.service_tables import audit_log

    with connect() as conn:
        versions = tuple(tuple(r) for r in conn.execute(
            select(repo.versions.c.id, repo.versions.c.sha256, repo.versions.c.entity_count)
            .order_by(repo.versions.c.id)))
        entries = conn.execute(select(func.count()).select_from(repo.entries)).scalar_one()
        pointers = tuple(tuple(r) for r in conn.execute(
            select(repo.current.c.list, repo.current.c.version_id)
            .order_by(repo.current.c.list)))
        audit = conn.execute(select(func.count()).select_from(audit_log)).scalar_one()
    return versions, entries, pointers, audit


def judge(base: Base, mutation: Mutation, folder: Path, timeout: float = 10.0) -> Verdict:
    """Load ``mutation`` of ``base`` into the current store and judge what happened."""
    from unsc.errors import UnscError
    from unsc.lists import service

    data = mutation.apply(base)
    path = folder / base.name
    path.write_bytes(data)
    expected = mutation.expected(base)
    count = oracle_count(base.fmt, data)
    before = store_state()
    result = None
    try:
        with time_limit(timeout):
            result = service.load_list(path, actor="fuzz")
        outcome = "accepted"
    except UnscError:
        outcome = "refused"
    except Hang:
        outcome = "hang"
    except Exception as exc:  # anything else is a traceback for a user
        outcome = f"traceback: {type(exc).__name__}: {exc}"[:300]
    after = store_state()
    changed = after != before
    problem = ""
    if outcome.startswith("traceback") or outcome == "hang":
        problem = outcome
    elif outcome == "refused" and changed:
        problem = "refused but the store changed"
    elif outcome == "refused" and expected == "accept":
        problem = "a valid file was refused"
    elif outcome == "accepted":
        assert result is not None
        if expected == "refuse":
            problem = "a file that must be refused was accepted"
        elif count is None:
            problem = "accepted a file the independent parser rejects"
        elif result.created and result.entities != count:
            problem = f"stored {result.entities} entries, the file holds {count}"
        elif result.created and not _committed_whole(result.version, result.entities):
            problem = "the stored version is not whole (entries, pointer or audit missing)"
    return Verdict(mutation.label(), expected, outcome.split(":")[0], count is not None,
                   changed, problem)


def _committed_whole(version: str, entities: int) -> bool:
    from sqlalchemy import func, select

    from unsc.compliance import audit
    from unsc.store import connect
    from unsc.store import lists_tables as repo

    with connect() as conn:
        stored = conn.execute(select(func.count()).select_from(repo.entries)
                              .where(repo.entries.c.version_id == version)).scalar_one()
        pointer = conn.execute(select(repo.current.c.version_id)
                               .where(repo.current.c.version_id == version)).first()
    records, _ = audit.list_records(limit=1, action="list.load")
    audited = bool(records) and records[0].payload["result"]["version"] == version
    return stored == entities and pointer is not None and audited


@contextlib.contextmanager
def environment(**values: str) -> Iterator[None]:
    """Set UNSC_* variables for the duration (engines are reset on both sides)."""
    from unsc.store import reset_engines

    old = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    reset_engines()
    try:
        yield
    finally:
        reset_engines()
        for name, value in old.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def fresh_store(base: Base | None = None) -> Iterator[Path]:
    """A new, empty UNSC_HOME with its own SQLite store for the duration (whatever
    UNSC_DATABASE_URL says: each case needs a store of its own), with ``base`` loaded as
    the current version of its list; the previous settings are restored after."""
    from unsc.lists import service

    with tempfile.TemporaryDirectory(prefix="unsc-fuzz-") as home, environment(
            UNSC_HOME=home, UNSC_DATABASE_URL=f"sqlite:///{home}/unsc.db"):
        if base is not None:
            path = Path(home) / base.name
            path.write_bytes(base.data)
            service.load_list(path, actor="fuzz-setup")
            path.unlink()
        yield Path(home)


def export_of(base: Base) -> bytes:
    """The unsc FtM export of ``base`` loaded into a scratch store."""
    from unsc.lists.export import export_entities
    from unsc.lists.service import current_versions

    with fresh_store(base):
        out = io.StringIO()
        export_entities("ftm", out, current_versions()[0].version)
    return out.getvalue().encode()
