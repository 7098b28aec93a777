"""The audit tamperings: what an attacker with SQL access (and, for some, the audit key
file too) does to a real store, each a function over the configured store.

Shared by ``bench/reliability/audit.py`` (the table in docs/reliability.md) and the tests
(tests/compliance/test_audit_tamper.py), so the measured list and the tested list are the
same list. ``without_checkpoint`` says whether ``verify`` must catch it even without a
checkpoint (SQL alone, no audit key; or a key misuse the trail itself exposes); every one
must be caught with a checkpoint taken before it.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from unsc.compliance import audit, audit_keys, decisions, keys
from unsc.store import connect
from unsc.store.service_tables import alerts, api_keys, audit_log
from unsc.store.service_tables import decisions as decisions_table

__all__ = ["TAMPERINGS", "Tampering", "populate"]


@dataclass(frozen=True)
class Tampering:
    name: str
    apply: Callable[[], None]
    without_checkpoint: bool


def populate() -> dict[str, Any]:
    """A trail with keys, alerts, decisions and a key rotation; returns the checkpoint
    taken at its head (the state every tampering starts from)."""
    made = [keys.create_key(role, f"tamper {role}")[1] for role in ("viewer", "analyst")]
    for i in range(12):
        audit.record("screen", {"query": {"name": f"Subject {i}"}, "results": []}, "tester")
    items = [decisions.AlertInput(f"entity-{i}", hashlib.sha256(b"%d" % i).hexdigest(),
                                  f"LISTED PERSON {i}", 0.9, {"n": i}) for i in range(3)]
    raised = decisions.raise_alerts({"name": "Tamper Test"}, items, source="test")
    decisions.decide(raised[0].id, "true_match", "same passport", "analyst:a")
    audit.rotate_key("tester")
    decisions.decide(raised[1].id, "false_positive", "other birth year", "analyst:b")
    keys.revoke_key(made[0].id, "tester")
    for i in range(12, 24):
        audit.record("screen", {"query": {"name": f"Subject {i}"}, "results": []}, "tester")
    return audit.checkpoint("tester")


# --- attacker tools -----------------------------------------------------------------------

def _rows(conn: Connection) -> list[Any]:
    return list(conn.execute(select(audit_log).order_by(audit_log.c.seq)).all())


def _head_seq(conn: Connection) -> int:
    rows = _rows(conn)
    return int(rows[-1].seq) if rows else 0


def _rechain(conn: Connection, start: int, sign: bool) -> None:
    """Recompute prev_hash and hash (and, with the key, the MAC) from seq ``start`` on."""
    ring = audit_keys.load_ring()
    rows = _rows(conn)
    prev = audit.GENESIS
    for row in rows:
        if row.seq < start:
            prev = row.hash
            continue
        digest = audit._hash(prev, int(row.seq), row.at, row.actor, row.action, row.payload)
        values: dict[str, Any] = {"prev_hash": prev, "hash": digest}
        key = ring.get(row.key_id)
        if sign and key is not None:
            values["mac"] = audit_keys.mac(key, int(row.key_id), digest)
        conn.execute(update(audit_log).where(audit_log.c.seq == row.seq).values(**values))
        prev = digest


def _renumber_from(conn: Connection, start: int, shift: int) -> None:
    """Move every record from ``start`` on by ``shift`` (keys are unique, so in an order
    that never collides)."""
    rows = [r for r in _rows(conn) if r.seq >= start]
    for row in sorted(rows, key=lambda r: r.seq, reverse=shift > 0):
        conn.execute(update(audit_log).where(audit_log.c.seq == row.seq)
                     .values(seq=int(row.seq) + shift))


def _middle(conn: Connection) -> int:
    return _head_seq(conn) // 2


def _edit_payload(conn: Connection, seq: int) -> None:
    row = conn.execute(select(audit_log).where(audit_log.c.seq == seq)).one()
    data = json.loads(row.payload)
    data["tampered"] = True
    conn.execute(update(audit_log).where(audit_log.c.seq == seq)
                 .values(payload=audit.canonical_json(data)))


def _fake(conn: Connection, seq: int) -> None:
    conn.execute(insert(audit_log).values(
        seq=seq, at="2020-01-01T00:00:00.000000+00:00", actor="mallory", action="screen",
        payload='{"query":{"name":"nobody"}}', prev_hash=audit.GENESIS, hash="0" * 64,
        key_id=1, mac="0" * 64))


def _sql(step: Callable[[Connection], None]) -> Callable[[], None]:
    def run() -> None:
        with connect(write=True) as conn:
            step(conn)
    return run


# --- the tamperings ---------------------------------------------------------------------

def _delete_tail(n: int | None) -> Callable[[Connection], None]:
    def step(conn: Connection) -> None:
        head = _head_seq(conn)
        cut = 1 if n is None else head - n + 1
        conn.execute(delete(audit_log).where(audit_log.c.seq >= cut))
    return step


def _gap(conn: Connection) -> None:
    conn.execute(delete(audit_log).where(audit_log.c.seq == _middle(conn)))


def _gap_closed(sign: bool) -> Callable[[Connection], None]:
    def step(conn: Connection) -> None:
        mid = _middle(conn)
        conn.execute(delete(audit_log).where(audit_log.c.seq == mid))
        _renumber_from(conn, mid + 1, -1)
        _rechain(conn, mid, sign)
    return step


def _edit(rechain: bool, sign: bool) -> Callable[[Connection], None]:
    def step(conn: Connection) -> None:
        mid = _middle(conn)
        _edit_payload(conn, mid)
        if rechain:
            _rechain(conn, mid, sign)
    return step


def _seq_at_or_below_zero(seq: int, chained: bool) -> Callable[[Connection], None]:
    def step(conn: Connection) -> None:
        _fake(conn, seq)
        if chained:  # a signed, correctly hashed record placed before the first one
            ring = audit_keys.load_ring()
            row = conn.execute(select(audit_log).where(audit_log.c.seq == seq)).one()
            digest = audit._hash(audit.GENESIS, seq, row.at, row.actor, row.action,
                                 row.payload)
            key = ring.get(1)
            assert key is not None
            conn.execute(update(audit_log).where(audit_log.c.seq == seq).values(
                hash=digest, mac=audit_keys.mac(key, 1, digest)))
    return step


def _insert_middle(conn: Connection) -> None:
    mid = _middle(conn)
    _renumber_from(conn, mid, +1)
    key_id = conn.execute(select(audit_log.c.key_id).where(audit_log.c.seq == mid + 1)
                          ).scalar_one()
    _fake(conn, mid)
    conn.execute(update(audit_log).where(audit_log.c.seq == mid).values(key_id=key_id))
    _rechain(conn, mid, sign=True)


def _swap(conn: Connection) -> None:
    a, b = 3, 4  # two screen records signed with the same key
    ra, rb = (conn.execute(select(audit_log).where(audit_log.c.seq == s)).one() for s in (a, b))
    for seq, row in ((a, rb), (b, ra)):
        conn.execute(update(audit_log).where(audit_log.c.seq == seq).values(
            at=row.at, actor=row.actor, action=row.action, payload=row.payload))
    _rechain(conn, a, sign=True)


def _truncate_and_regrow(conn: Connection) -> None:
    _delete_tail(5)(conn)
    for i in range(5):  # then let unsc itself append new, valid records
        audit.record("screen", {"query": {"name": f"Cover {i}"}, "results": []}, "mallory",
                     conn)


def _new_key_file() -> None:
    """Replace the key file with one holding fresh keys under the same ids, re-sign
    every record and fix the rotation record's fingerprint (a full forgery)."""
    path = audit_keys.key_path()
    old = audit_keys.load_ring()
    forged = audit_keys.KeyRing({k: secrets.token_bytes(32) for k in old.keys})
    path.write_text(forged.to_json(), encoding="utf-8")
    with connect(write=True) as conn:
        for row in _rows(conn):
            if row.action == audit.ROTATE:
                data = json.loads(row.payload)
                data["new_key_fingerprint"] = audit_keys.fingerprint(
                    forged.keys[int(data["new_key_id"])])
                data["old_key_fingerprint"] = audit_keys.fingerprint(
                    forged.keys[int(data["old_key_id"])])
                conn.execute(update(audit_log).where(audit_log.c.seq == row.seq)
                             .values(payload=audit.canonical_json(data)))
        _rechain(conn, 1, sign=True)


def _strip_macs(conn: Connection) -> None:
    mid = _middle(conn)
    conn.execute(update(audit_log).where(audit_log.c.seq >= mid).values(key_id=None, mac=None))


def _older_key(conn: Connection) -> None:
    """After the rotation, sign one record with the old key (a key holder hiding which
    key signed what)."""
    ring = audit_keys.load_ring()
    head = _rows(conn)[-1]
    key = ring.get(1)
    assert key is not None
    conn.execute(update(audit_log).where(audit_log.c.seq == head.seq).values(
        key_id=1, mac=audit_keys.mac(key, 1, head.hash)))


def _decision_changed(conn: Connection) -> None:
    conn.execute(update(decisions_table).where(decisions_table.c.decision == "false_positive")
                 .values(decision="true_match"))


def _decision_deleted(conn: Connection) -> None:
    first = conn.execute(select(decisions_table.c.id).order_by(decisions_table.c.id)
                         ).scalars().first()
    conn.execute(delete(decisions_table).where(decisions_table.c.id == first))


def _decision_inserted(conn: Connection) -> None:
    alert = conn.execute(select(alerts).where(alerts.c.status == "open")).first()
    assert alert is not None
    conn.execute(insert(decisions_table).values(
        alert_id=alert.id, subject_hash=alert.subject_hash, entity_id=alert.entity_id,
        entity_hash=alert.entity_hash, decision="false_positive", reason="cleared",
        actor="mallory", at="2026-01-01T00:00:00+00:00"))


def _decision_and_record_deleted(conn: Connection) -> None:
    row = conn.execute(select(audit_log).where(audit_log.c.action == "decision.record")
                       .order_by(audit_log.c.seq.desc()).limit(1)).one()
    decision_id = json.loads(row.payload)["decision_id"]
    alert_id = json.loads(row.payload)["alert_id"]
    conn.execute(delete(decisions_table).where(decisions_table.c.id == decision_id))
    conn.execute(update(alerts).where(alerts.c.id == alert_id).values(status="open"))
    conn.execute(delete(audit_log).where(audit_log.c.seq == row.seq))
    _renumber_from(conn, int(row.seq) + 1, -1)
    _rechain(conn, int(row.seq), sign=True)


def _alert_reopened(conn: Connection) -> None:
    conn.execute(update(alerts).where(alerts.c.status == "true_match").values(status="open"))


def _key_inserted(conn: Connection) -> None:
    conn.execute(insert(api_keys).values(
        key_hash=hashlib.sha256(b"unsc_backdoor").hexdigest(), prefix="backdr", role="admin",
        label="backdoor", created_at="2026-01-01T00:00:00+00:00"))


def _key_unrevoked(conn: Connection) -> None:
    conn.execute(update(api_keys).where(api_keys.c.revoked_at.is_not(None))
                 .values(revoked_at=None))


def _key_promoted(conn: Connection) -> None:
    conn.execute(update(api_keys).where(api_keys.c.role == "analyst").values(role="admin"))


TAMPERINGS: list[Tampering] = [
    Tampering("delete the newest record", _sql(_delete_tail(1)), False),
    Tampering("delete the newest 10 records", _sql(_delete_tail(10)), False),
    Tampering("delete every record", _sql(_delete_tail(None)), True),
    Tampering("delete a record in the middle (a gap)", _sql(_gap), True),
    Tampering("delete a record, renumber and re-hash the rest", _sql(_gap_closed(False)),
              True),
    Tampering("delete a record, renumber, re-hash and re-sign (key holder)",
              _sql(_gap_closed(True)), False),
    Tampering("edit a record's payload", _sql(_edit(False, False)), True),
    Tampering("edit a payload and recompute the hashes from there", _sql(_edit(True, False)),
              True),
    Tampering("edit a payload, recompute hashes and MACs from there (key holder)",
              _sql(_edit(True, True)), False),
    Tampering("insert a record with seq 0", _sql(_seq_at_or_below_zero(0, False)), True),
    Tampering("insert a hashed, signed record with seq -5 (key holder)",
              _sql(_seq_at_or_below_zero(-5, True)), True),
    Tampering("insert a fabricated record in the middle, renumber, re-sign (key holder)",
              _sql(_insert_middle), False),
    Tampering("swap two records, re-hash and re-sign (key holder)", _sql(_swap), False),
    Tampering("cut the tail and append new valid records (key holder)",
              _sql(_truncate_and_regrow), False),
    Tampering("replace the key file and re-sign every record (forger)", _new_key_file, False),
    Tampering("strip the MACs from the newer half", _sql(_strip_macs), True),
    Tampering("sign a record after the rotation with the old key (key holder)",
              _sql(_older_key), True),
    Tampering("change a decision in its own table", _sql(_decision_changed), True),
    Tampering("delete a decision row", _sql(_decision_deleted), True),
    Tampering("insert a decision row", _sql(_decision_inserted), True),
    Tampering("delete a decision and its record, re-sign the trail (key holder)",
              _sql(_decision_and_record_deleted), False),
    Tampering("re-open a decided alert", _sql(_alert_reopened), True),
    Tampering("insert an admin API key", _sql(_key_inserted), True),
    Tampering("un-revoke a revoked API key", _sql(_key_unrevoked), True),
    Tampering("raise an API key's role to admin", _sql(_key_promoted), True),
]
