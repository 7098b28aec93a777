"""The append-only, hash-chained audit trail.

A regulator asks "who screened whom against which list, and who cleared the hit?", and
needs to trust the answer. Each record carries ``seq``, ``at``, ``actor``, ``action``,
``payload`` and the previous record's hash; its own hash is
``sha256(prev_hash + canonical JSON of the record)``. Changing, deleting or re-ordering any
row breaks the chain from that row on, which :func:`verify` reports by sequence number.
The module offers no update or delete: appending is the only write.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select

from unsc.errors import InputError
from unsc.store import connect
from unsc.store.service_tables import audit_log

__all__ = [
    "GENESIS",
    "AuditRecord",
    "VerifyResult",
    "canonical_json",
    "export",
    "iter_records",
    "list_records",
    "record",
    "record_settings",
    "verify",
]

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    """One byte-exact JSON text per value: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)


def _hash(prev_hash: str, seq: int, at: str, actor: str, action: str, payload: str) -> str:
    body = canonical_json(
        {"seq": seq, "at": at, "actor": actor, "action": action, "payload": payload})
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    at: str
    actor: str
    action: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "at": self.at, "actor": self.actor, "action": self.action,
                "payload": self.payload, "prev_hash": self.prev_hash, "hash": self.hash}


@dataclass(frozen=True)
class VerifyResult:
    """``ok`` is False when some record does not chain; ``bad_seq`` is the first one."""

    ok: bool
    checked: int
    bad_seq: int | None = None
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "checked": self.checked, "bad_seq": self.bad_seq,
                "message": self.message}


def record(action: str, payload: dict[str, Any], actor: str = "system",
           conn: Connection | None = None) -> AuditRecord:
    """Append one record. Pass ``conn`` to make it part of the caller's transaction, so
    the audited change and its record commit (or roll back) together."""
    if conn is None:
        with connect(write=True) as own:
            return record(action, payload, actor, own)
    last = conn.execute(
        select(audit_log.c.seq, audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)
    ).first()
    seq = 1 if last is None else int(last.seq) + 1
    prev_hash = GENESIS if last is None else str(last.hash)
    at = datetime.now(UTC).isoformat(timespec="microseconds")
    text = canonical_json(payload)
    digest = _hash(prev_hash, seq, at, actor, action, text)
    conn.execute(insert(audit_log).values(
        seq=seq, at=at, actor=actor, action=action, payload=text, prev_hash=prev_hash,
        hash=digest))
    return AuditRecord(seq, at, actor, action, payload, prev_hash, digest)


def _from_row(row: Any) -> AuditRecord:
    return AuditRecord(int(row.seq), row.at, row.actor, row.action, json.loads(row.payload),
                       row.prev_hash, row.hash)


def iter_records(batch: int = 1000) -> Iterator[AuditRecord]:
    """Every record in sequence order, read in batches to bound memory."""
    after = 0
    while True:
        with connect() as conn:
            rows = conn.execute(select(audit_log).where(audit_log.c.seq > after)
                                .order_by(audit_log.c.seq).limit(batch)).all()
        if not rows:
            return
        for row in rows:
            yield _from_row(row)
        after = int(rows[-1].seq)


def list_records(limit: int = 100, offset: int = 0, action: str | None = None,
                 ) -> tuple[list[AuditRecord], int]:
    """Newest first, for the UI and the API; returns (records, total)."""
    if limit < 1 or limit > 1000:
        raise InputError("limit must be between 1 and 1000")
    query = select(audit_log)
    count = select(func.count()).select_from(audit_log)
    if action:
        query = query.where(audit_log.c.action == action)
        count = count.where(audit_log.c.action == action)
    with connect() as conn:
        rows = conn.execute(query.order_by(audit_log.c.seq.desc()).limit(limit)
                            .offset(offset)).all()
        total = int(conn.execute(count).scalar_one())
    return [_from_row(r) for r in rows], total


def verify() -> VerifyResult:
    """Recompute the chain from the first record; report the first record that breaks it
    (edited payload, edited hash, a gap from a deleted row, or a wrong link)."""
    prev = GENESIS
    expected_seq = 1
    checked = 0
    after = 0
    while True:
        with connect() as conn:
            rows = conn.execute(select(audit_log).where(audit_log.c.seq > after)
                                .order_by(audit_log.c.seq).limit(1000)).all()
        if not rows:
            return VerifyResult(True, checked, None, f"{checked} records, chain intact")
        for row in rows:
            seq = int(row.seq)
            if seq != expected_seq:
                return VerifyResult(False, checked, expected_seq,
                                    f"record {expected_seq} is missing (next is {seq})")
            if row.prev_hash != prev:
                return VerifyResult(False, checked, seq,
                                    f"record {seq} does not link to record {seq - 1}")
            digest = _hash(prev, seq, row.at, row.actor, row.action, row.payload)
            if digest != row.hash:
                return VerifyResult(False, checked, seq,
                                    f"record {seq} was altered (hash mismatch)")
            prev = row.hash
            expected_seq += 1
            checked += 1
        after = int(rows[-1].seq)


def _settings_snapshot() -> dict[str, Any]:
    from unsc import settings

    snap: dict[str, Any] = {}
    for name in sorted(settings.SETTINGS):
        value = settings.get(name)
        snap[name] = "***" if name == "secret_key" and value else value
    stored: dict[str, Any] = json.loads(canonical_json(snap))  # tuples -> lists, as stored
    return stored


def record_settings(actor: str = "system") -> AuditRecord | None:
    """Audit setting changes. Settings live in the environment, so a change shows up at the
    next start: the service calls this then, and it records a ``settings.change`` record
    (old and new value per changed setting) when the effective settings differ from the
    last recorded ones, else nothing."""
    current = _settings_snapshot()
    last, _ = list_records(limit=1, action="settings.change")
    previous: dict[str, Any] = last[0].payload["settings"] if last else {}
    changed = {name: {"old": previous.get(name), "new": value}
               for name, value in current.items() if previous.get(name) != value}
    if last and not changed:
        return None
    return record("settings.change", {"settings": current, "changed": changed}, actor)


def export(path: Path) -> int:
    """Write every record as JSON lines (atomically: a temporary file renamed into
    place, so a failed export leaves no half file). Returns the record count."""
    tmp = path.with_name(path.name + ".tmp")
    count = 0
    try:
        with tmp.open("w", encoding="utf-8") as out:
            for rec in iter_records():
                out.write(canonical_json(rec.to_dict()) + "\n")
                count += 1
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write audit export to {path}: {exc}") from None
    return count
