"""Verifying the audit trail: what ``unsc audit verify`` proves, check by check.

1. **Sequence**: records are numbered 1, 2, 3... with no gap and nothing at or below 0.
2. **Chain**: each record names its predecessor's hash and its own hash is recomputed.
3. **Signatures**: each record's MAC verifies under the key it names; the key changes
   only right after a rotation record, signed by the old key, naming the new one.
4. **Checkpoints** (``--checkpoint FILE``): each checkpoint's own MAC verifies, the record
   at its ``seq`` still has its ``hash``, and the trail still reaches that ``seq``. This is
   what catches deleting the tail or rewriting history with the key in hand.
5. **Cross-checks**: every decision row equals its ``decision.record`` record (and every
   such record still has its row); every alert's status is what its decisions say; every
   API key row has its ``key.create`` record, and is revoked exactly when a ``key.revoke``
   record says so. A row changed in its own table is found even though the trail is fine.

The first problem found is reported with the record's seq when there is one.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import select

from unsc.compliance import audit_keys
from unsc.compliance.audit import (
    GENESIS,
    ROTATE,
    VerifyResult,
    _hash,
    checkpoint_mac,
    iter_rows,
)
from unsc.store import connect
from unsc.store.service_tables import alerts, api_keys, decisions

__all__ = ["verify_trail"]

DECISION_FIELDS = ("alert_id", "subject_hash", "entity_id", "entity_hash", "decision",
                   "reason", "actor", "at")


class _Fail(Exception):
    def __init__(self, message: str, seq: int | None = None) -> None:
        super().__init__(message)
        self.message, self.seq = message, seq


def _checked_checkpoints(ring: audit_keys.KeyRing,
                         checkpoints: Sequence[dict[str, Any]]) -> dict[int, str]:
    wanted: dict[int, str] = {}
    for cp in checkpoints:
        key = ring.get(int(cp["key_id"]))
        if key is None:
            raise _Fail(f"checkpoint at seq {cp['seq']} is signed with audit key "
                        f"{cp['key_id']}, which the key file does not hold")
        if not hmac.compare_digest(checkpoint_mac(key, cp), str(cp["mac"])):
            raise _Fail(f"checkpoint at seq {cp['seq']} is not signed by this trail's key "
                        "(edited or forged checkpoint)")
        wanted[int(cp["seq"])] = str(cp["hash"])
    return wanted


def _walk(rows: Iterator[Any], ring: audit_keys.KeyRing, wanted: dict[int, str],
          seen: dict[str, dict[int, dict[str, Any]]], progress: list[int]) -> int:
    """Checks 1-4 over every row; collects the payloads the cross-checks need. Returns
    the number of records checked (= the head seq); ``progress[0]`` counts as it goes."""
    prev, expected, next_key = GENESIS, 1, None
    for row in rows:
        seq = int(row.seq)
        if seq < expected:
            raise _Fail(f"record with seq {seq} is out of sequence (seqs start at 1)", seq)
        if seq > expected:
            raise _Fail(f"record {expected} is missing (next is {seq})", expected)
        if row.prev_hash != prev:
            raise _Fail(f"record {seq} does not link to record {seq - 1}", seq)
        digest = _hash(prev, seq, row.at, row.actor, row.action, row.payload)
        if digest != row.hash:
            raise _Fail(f"record {seq} was altered (hash mismatch)", seq)
        key = ring.get(row.key_id)
        if row.key_id is None or row.mac is None:
            raise _Fail(f"record {seq} is not signed (no MAC; records written before "
                        "keyed records are signed by the next audited action)", seq)
        if key is None:
            raise _Fail(f"record {seq} is signed with audit key {row.key_id}, which the key "
                        f"file {audit_keys.key_path()} does not hold", seq)
        if not hmac.compare_digest(audit_keys.mac(key, int(row.key_id), digest), row.mac):
            raise _Fail(f"record {seq} was rewritten (its MAC does not verify)", seq)
        if next_key is not None and int(row.key_id) != next_key:
            raise _Fail(f"record {seq} is signed with key {row.key_id} but the trail says "
                        f"key {next_key} (a key change without a rotation record)", seq)
        if seq in wanted and wanted[seq] != digest:
            raise _Fail(f"the trail up to record {seq} differs from the checkpoint taken "
                        f"at seq {seq}: a record at or before it was rewritten, inserted or "
                        "removed", seq)
        next_key = _collect(row, seq, ring, seen)
        prev, expected = digest, expected + 1
        progress[0] = seq
    head = expected - 1
    beyond = [s for s in wanted if s > head]
    if beyond:
        last = max(beyond)
        gone = f"record {last} was" if last == head + 1 else f"records {head + 1}..{last} were"
        raise _Fail(f"the trail ends at seq {head} but a checkpoint says record {last} "
                    f"existed: {gone} removed", head + 1)
    return head


def _collect(row: Any, seq: int, ring: audit_keys.KeyRing,
             seen: dict[str, dict[int, dict[str, Any]]]) -> int:
    """Keep what the cross-checks need; return the key that must sign the next record."""
    try:
        payload = json.loads(row.payload)
        if row.action == ROTATE:
            new_id = int(payload["new_key_id"])
            new_key = ring.get(new_id)
            if new_key is None or audit_keys.fingerprint(new_key) != payload.get(
                    "new_key_fingerprint"):
                raise _Fail(f"rotation record {seq} names key {new_id}, which the key file "
                            "does not hold with that fingerprint", seq)
            return new_id
        if row.action in seen:
            name = "decision_id" if row.action == "decision.record" else "key_id"
            seen[row.action][int(payload[name])] = {**payload, "_seq": seq}
    except (ValueError, KeyError, TypeError):
        raise _Fail(f"record {seq} ({row.action}) has a malformed payload", seq) from None
    return int(row.key_id)


def _cross_check(seen: dict[str, dict[int, dict[str, Any]]]) -> dict[str, int]:
    recorded = dict(seen["decision.record"])
    latest: dict[int, str] = {}
    with connect() as conn:
        decision_rows = conn.execute(select(decisions).order_by(decisions.c.id)).all()
        alert_rows = conn.execute(select(alerts.c.id, alerts.c.status)).all()
        key_rows = conn.execute(select(api_keys)).all()
    for row in decision_rows:
        rec = recorded.pop(int(row.id), None)
        if rec is None:
            raise _Fail(f"decision {row.id} has no audit record (inserted outside unsc)")
        for name in DECISION_FIELDS:
            if rec.get(name) != getattr(row, name):
                raise _Fail(f"decision {row.id} was changed in its table: {name} is "
                            f"{getattr(row, name)!r}, audit record {rec['_seq']} says "
                            f"{rec.get(name)!r}", rec["_seq"])
        if row.alert_id is not None:
            latest[int(row.alert_id)] = str(row.decision)
    for decision_id, rec in recorded.items():
        raise _Fail(f"decision {decision_id} (audit record {rec['_seq']}) was deleted from "
                    "its table", rec["_seq"])
    for alert in alert_rows:
        said = latest.get(int(alert.id))
        expected = "open" if said is None else ("escalated" if said == "escalate" else said)
        if alert.status != expected:
            raise _Fail(f"alert {alert.id} has status {alert.status!r} but its decisions "
                        f"say {expected!r}")
    _check_keys(key_rows, seen)
    return {"decisions": len(decision_rows), "alerts": len(alert_rows),
            "api_keys": len(key_rows)}


def _check_keys(key_rows: Sequence[Any], seen: dict[str, dict[int, dict[str, Any]]]) -> None:
    created, revoked = seen["key.create"], seen["key.revoke"]
    for row in key_rows:
        rec = created.get(int(row.id))
        if rec is None:
            raise _Fail(f"API key {row.id} ({row.role}) has no key.create record "
                        "(inserted outside unsc)")
        for name in ("prefix", "role", "key_hash"):
            if name in rec and rec[name] != getattr(row, name):
                raise _Fail(f"API key {row.id} was changed in its table: {name} differs "
                            f"from audit record {rec['_seq']}", rec["_seq"])
        if bool(row.revoked_at) != (int(row.id) in revoked):
            state = "revoked" if row.revoked_at else "not revoked"
            raise _Fail(f"API key {row.id} is {state} in its table, which its audit records "
                        "contradict")


def verify_trail(checkpoints: Sequence[dict[str, Any]] = ()) -> VerifyResult:
    """Run every check; the first failure is the result."""
    ring = audit_keys.load_ring()
    seen: dict[str, dict[int, dict[str, Any]]] = {
        "decision.record": {}, "key.create": {}, "key.revoke": {}}
    progress = [0]
    try:
        wanted = _checked_checkpoints(ring, checkpoints)
        checked = _walk(iter_rows(), ring, wanted, seen, progress)
        counts = _cross_check(seen)
    except _Fail as fail:
        return VerifyResult(False, progress[0], fail.seq, fail.message)
    parts = [f"{checked} records, chain intact and signed"]
    if checkpoints:
        parts.append(f"{len(checkpoints)} checkpoint(s) matched (up to seq "
                     f"{max(int(c['seq']) for c in checkpoints)})")
    parts.append(", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items())
                 + " match their records")
    return VerifyResult(True, checked, None, "; ".join(parts), len(checkpoints), counts)
