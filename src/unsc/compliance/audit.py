"""The append-only, hash-chained, keyed audit trail.

A regulator asks "who screened whom against which list, and who cleared the hit?", and
needs to trust the answer. Each record carries ``seq`` (1, 2, 3... with no gap), ``at``,
``actor``, ``action``, ``payload`` and the previous record's hash; its own hash is
``sha256(prev_hash + canonical JSON of the record)`` and its ``mac`` is an HMAC of that
hash under a key kept outside the database (``audit_keys``). So:

- changing, deleting or re-ordering a row breaks the chain from that row on;
- recomputing the hashes after an edit does not help without the key (the MACs fail);
- deleting the *tail* leaves a shorter chain that is internally fine, which is why
  :func:`checkpoint` exists: keep its output elsewhere, and ``verify`` with it proves that
  nothing at or before the checkpoint was removed or rewritten, even by a key holder.

``verify`` also cross-checks tables whose rows each have a record (decisions, alert
statuses, API keys), so a decision edited in its own table is found too. The module
offers no update or delete: appending is the only write, in the caller's transaction when
it passes one, so a change and its record commit (or roll back) together.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, make_url, select, update

from unsc import settings
from unsc.compliance import audit_keys
from unsc.errors import InputError, StoreError
from unsc.store import connect, serialise
from unsc.store.engine import WRITE_OPTION
from unsc.store.service_tables import audit_log

__all__ = [
    "CHECKPOINT_FORMAT",
    "GENESIS",
    "ROTATE",
    "AuditRecord",
    "VerifyResult",
    "canonical_json",
    "checkpoint",
    "export",
    "facets",
    "iter_records",
    "list_records",
    "read_checkpoint",
    "record",
    "record_settings",
    "rotate_key",
    "verify",
    "write_checkpoint",
]

GENESIS = "0" * 64
ROTATE = "audit.key.rotate"
CHECKPOINT_FORMAT = "unsc-audit-checkpoint/1"
APPEND_LOCK = "unsc.audit.append"


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
    key_id: int | None = None
    mac: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "at": self.at, "actor": self.actor, "action": self.action,
                "payload": self.payload, "prev_hash": self.prev_hash, "hash": self.hash,
                "key_id": self.key_id, "mac": self.mac}


@dataclass(frozen=True)
class VerifyResult:
    """``ok`` is False when something does not verify; ``bad_seq`` is the first record
    concerned (None when the problem is in a cross-checked table or a checkpoint), and
    ``message`` says what is wrong. ``checkpoints`` counts the checkpoints proven;
    ``cross_checked`` the table rows matched to their records."""

    ok: bool
    checked: int
    bad_seq: int | None = None
    message: str = ""
    checkpoints: int = 0
    cross_checked: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "checked": self.checked, "bad_seq": self.bad_seq,
                "message": self.message, "checkpoints": self.checkpoints,
                "cross_checked": self.cross_checked}


def record(action: str, payload: dict[str, Any], actor: str = "system",
           conn: Connection | None = None) -> AuditRecord:
    """Append one record and return it.

    Pass ``conn`` (a writer: ``unsc.store.connect(write=True)``) to make the record part
    of the caller's transaction, so the audited change and its record commit or roll back
    together; without it the record commits on its own. Appends are serialised across
    threads and processes, so two servers on one store never clash on ``seq``.
    """
    if conn is None:
        with connect(write=True) as own:
            return record(action, payload, actor, own)
    head = _lock_head(conn)
    key_id, key = _signing_key(conn, head)
    if head is not None and head.key_id is None:
        head = _lock_head(conn)  # legacy rows were just signed and a record added
    return _append(conn, head, key_id, key, action, payload, actor)


def _lock_head(conn: Connection) -> Any:
    if conn.dialect.name == "sqlite" and not conn.get_execution_options().get(WRITE_OPTION):
        raise StoreError("audit records are appended on a writer connection "
                         "(unsc.store.connect(write=True))")
    serialise(conn, APPEND_LOCK)
    return conn.execute(select(audit_log).order_by(audit_log.c.seq.desc()).limit(1)).first()


def _signing_key(conn: Connection, head: Any) -> tuple[int, bytes]:
    """The key for the next record, as the trail says: the last record's key, or the new
    key a rotation record names. The key file is created only for a trail with no signed
    record yet; a signed trail whose key is gone refuses to grow (restore the file)."""
    unsigned_head = head is not None and head.key_id is None
    ring = audit_keys.load_ring(create=head is None or unsigned_head)
    if head is None:
        key_id = ring.newest
    elif unsigned_head:
        key_id = _adopt_legacy(conn, ring)
    elif head.action == ROTATE:
        key_id = int(json.loads(head.payload)["new_key_id"])
    else:
        key_id = int(head.key_id)
    key = ring.get(key_id)
    if key_id is None or key is None:
        raise StoreError(f"audit key {key_id} is missing from {audit_keys.key_path()}; "
                         "restore the key file (records cannot be signed or verified)")
    return key_id, key


def _adopt_legacy(conn: Connection, ring: audit_keys.KeyRing) -> int:
    """Sign records written before records were keyed (stores created before migration
    0002), once, and say so in the trail. Refused when any record is already signed: an
    unsigned tail after signed records is tampering, not history."""
    signed = conn.execute(select(func.count()).select_from(audit_log)
                          .where(audit_log.c.key_id.is_not(None))).scalar_one()
    if signed:
        raise StoreError("the newest audit record is unsigned although earlier ones are "
                         "signed: the trail was tampered with; run `unsc audit verify`")
    key_id = ring.newest
    key = ring.get(key_id)
    assert key_id is not None and key is not None
    rows = conn.execute(select(audit_log.c.seq, audit_log.c.hash)).all()
    for row in rows:
        conn.execute(update(audit_log).where(audit_log.c.seq == row.seq).values(
            key_id=key_id, mac=audit_keys.mac(key, key_id, row.hash)))
    head = conn.execute(select(audit_log).order_by(audit_log.c.seq.desc()).limit(1)).first()
    _append(conn, head, key_id, key, "audit.key.create",
            {"key_id": key_id, "fingerprint": audit_keys.fingerprint(key),
             "signed_earlier_records": len(rows)}, "system")
    return key_id


def _append(conn: Connection, head: Any, key_id: int, key: bytes, action: str,
            payload: dict[str, Any], actor: str) -> AuditRecord:
    seq = 1 if head is None else int(head.seq) + 1
    prev_hash = GENESIS if head is None else str(head.hash)
    at = datetime.now(UTC).isoformat(timespec="microseconds")
    text = canonical_json(payload)
    digest = _hash(prev_hash, seq, at, actor, action, text)
    signature = audit_keys.mac(key, key_id, digest)
    conn.execute(insert(audit_log).values(
        seq=seq, at=at, actor=actor, action=action, payload=text, prev_hash=prev_hash,
        hash=digest, key_id=key_id, mac=signature))
    return AuditRecord(seq, at, actor, action, json.loads(text), prev_hash, digest, key_id,
                       signature)


def rotate_key(actor: str = "system") -> AuditRecord:
    """Start signing with a fresh key. The rotation record is signed with the old key and
    names the new key's id and fingerprint, so the old key vouches for the new one and
    every earlier record still verifies (the ring keeps old keys)."""
    with connect(write=True) as conn:
        head = _lock_head(conn)
        old_id, old_key = _signing_key(conn, head)
        if head is not None and head.key_id is None:
            head = _lock_head(conn)
        ring, new_id = audit_keys.ring_with_new_key()
        return _append(conn, head, old_id, old_key, ROTATE, {
            "old_key_id": old_id, "old_key_fingerprint": audit_keys.fingerprint(old_key),
            "new_key_id": new_id, "new_key_fingerprint": audit_keys.fingerprint(
                ring.keys[new_id])}, actor)


def checkpoint(actor: str = "system") -> dict[str, Any]:
    """The trail's head (seq and hash), HMAC-signed, to keep outside this machine.

    Taking one is itself recorded (``audit.checkpoint``), and that record is the head the
    checkpoint names, so deleting even the newest record afterwards is caught. ``verify``
    with it later proves no record at or before ``seq`` was removed or rewritten."""
    with connect(write=True) as conn:
        head = _lock_head(conn)
        key_id, key = _signing_key(conn, head)
        if head is not None and head.key_id is None:
            head = _lock_head(conn)
        rec = _append(conn, head, key_id, key, "audit.checkpoint",
                      {"previous_seq": 0 if head is None else int(head.seq)}, actor)
        body: dict[str, Any] = {
            "format": CHECKPOINT_FORMAT, "seq": rec.seq, "hash": rec.hash, "key_id": key_id,
            "at": rec.at,
            "store": make_url(settings.database_url()).render_as_string(hide_password=True)}
        body["mac"] = checkpoint_mac(key, body)
    return body


def checkpoint_mac(key: bytes, body: dict[str, Any]) -> str:
    fields = {k: v for k, v in body.items() if k != "mac"}
    digest = hashlib.sha256(canonical_json(fields).encode("utf-8")).hexdigest()
    return audit_keys.mac(key, int(body["key_id"]), "checkpoint:" + digest)


def write_checkpoint(path: Path, body: dict[str, Any]) -> None:
    """Write a checkpoint file whole (temporary file renamed into place)."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(canonical_json(body) + "\n", encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write checkpoint to {path}: {exc}") from None


def read_checkpoint(path: Path) -> dict[str, Any]:
    """A checkpoint file as written by ``unsc audit checkpoint`` (InputError otherwise)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read checkpoint {path}: {exc}") from None
    required = {"format", "seq", "hash", "key_id", "mac"}
    if not isinstance(data, dict) or data.get("format") != CHECKPOINT_FORMAT or not (
            required <= set(data)):
        raise InputError(f"{path} is not an audit checkpoint ({CHECKPOINT_FORMAT} with "
                         f"{', '.join(sorted(required))})")
    return data


def _from_row(row: Any) -> AuditRecord:
    return AuditRecord(int(row.seq), row.at, row.actor, row.action, json.loads(row.payload),
                       row.prev_hash, row.hash, row.key_id, row.mac)


def iter_rows(batch: int = 1000) -> Iterator[Any]:
    """Every stored row in ``seq`` order (rows with seq <= 0 too: a tampered store may
    hold them, and verify must see them), read in batches to bound memory."""
    after: int | None = None
    while True:
        query = select(audit_log).order_by(audit_log.c.seq).limit(batch)
        if after is not None:
            query = query.where(audit_log.c.seq > after)
        with connect() as conn:
            rows = conn.execute(query).all()
        if not rows:
            return
        yield from rows
        after = int(rows[-1].seq)


def iter_records(batch: int = 1000) -> Iterator[AuditRecord]:
    """Every record in sequence order, read in batches to bound memory."""
    for row in iter_rows(batch):
        yield _from_row(row)


def list_records(limit: int = 100, offset: int = 0, action: str | None = None,
                 actor: str | None = None, since: str | None = None,
                 until: str | None = None) -> tuple[list[AuditRecord], int]:
    """Newest first, for the UI and the API; returns (records, total).

    ``action`` and ``actor`` match exactly (an ``action`` ending in ``.*`` matches the
    kind: ``decision.*``); ``since`` and ``until`` are ISO dates, both inclusive (records
    are stamped in UTC)."""
    if limit < 1 or limit > 1000:
        raise InputError("limit must be between 1 and 1000")
    where = []
    if action and action.endswith(".*"):
        where.append(audit_log.c.action.startswith(action[:-1], autoescape=True))
    elif action:
        where.append(audit_log.c.action == action)
    if actor:
        where.append(audit_log.c.actor == actor)
    if since:
        where.append(audit_log.c.at >= _day(since, "since").isoformat())
    if until:
        where.append(audit_log.c.at < (_day(until, "until") + timedelta(days=1)).isoformat())
    query = select(audit_log).where(*where)
    count = select(func.count()).select_from(audit_log).where(*where)
    with connect() as conn:
        rows = conn.execute(query.order_by(audit_log.c.seq.desc()).limit(limit)
                            .offset(offset)).all()
        total = int(conn.execute(count).scalar_one())
    return [_from_row(r) for r in rows], total


def _day(text: str, what: str) -> date:
    from unsc.dates import parse_date

    return parse_date(text, f"audit filter {what}")


def facets() -> dict[str, dict[str, int]]:
    """Record counts per action and per actor (what the audit page's filters offer)."""
    with connect() as conn:
        actions = conn.execute(select(audit_log.c.action, func.count())
                               .group_by(audit_log.c.action)).all()
        actors = conn.execute(select(audit_log.c.actor, func.count())
                              .group_by(audit_log.c.actor)).all()
    return {"actions": {str(a): int(n) for a, n in sorted(actions)},
            "actors": {str(a): int(n) for a, n in sorted(actors)}}


def verify(checkpoints: Sequence[dict[str, Any]] = ()) -> VerifyResult:
    """Check the whole trail (see ``audit_verify``): chain, seq, MACs, key rotations, the
    given checkpoints, and the tables cross-checked against their records."""
    from unsc.compliance.audit_verify import verify_trail

    return verify_trail(checkpoints)


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
