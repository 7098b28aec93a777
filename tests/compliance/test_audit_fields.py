"""`audit verify` checks every column of a record and the link to its predecessor.

Five records are written; one column of record 3 is then changed with plain SQL, as someone
with database access but without the audit key would. The module docstring of
``unsc.compliance.audit_verify`` lists the checks; each column below must trip one of them
at seq 3 (a seq moved away leaves a gap at 3).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import update

from unsc.compliance import audit
from unsc.store import connect
from unsc.store.service_tables import audit_log

OTHER_HASH = "f" * 64


def _fill() -> list[audit.AuditRecord]:
    return [audit.record("test.event", {"i": i}, actor="tester") for i in range(5)]


@pytest.mark.parametrize(("column", "value", "message"), [
    ("seq", 99, "record 3 is missing (next is 4)"),
    ("at", "2020-01-01T00:00:00.000000+00:00", "record 3 was altered (hash mismatch)"),
    ("actor", "mallory", "record 3 was altered (hash mismatch)"),
    ("action", "test.other", "record 3 was altered (hash mismatch)"),
    ("payload", '{"i":99}', "record 3 was altered (hash mismatch)"),
    ("prev_hash", OTHER_HASH, "record 3 does not link to record 2"),
    ("hash", OTHER_HASH, "record 3 was altered (hash mismatch)"),
    ("key_id", 99, "record 3 is signed with audit key 99, which the key file"),
    ("key_id", None, "record 3 is not signed"),
    ("mac", "0" * 64, "record 3 was rewritten (its MAC does not verify)"),
])
def test_each_column_of_a_record_is_verified(column: str, value: Any, message: str) -> None:
    _fill()
    assert audit.verify().ok
    with connect(write=True) as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 3).values({column: value}))
    result = audit.verify()
    assert (result.ok, result.bad_seq) == (False, 3), result
    assert result.message.startswith(message), result.message
    assert result.checked == 2  # records 1 and 2 verified before the failure


def test_the_link_is_checked_even_when_the_record_itself_is_consistent() -> None:
    """Record 3 re-pointed at record 1 (prev_hash = record 1's hash): its own hash is still
    computed from the true chain, so only the link check can name it."""
    recs = _fill()
    with connect(write=True) as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 3)
                     .values(prev_hash=recs[0].hash))
    result = audit.verify()
    assert (result.ok, result.bad_seq) == (False, 3)
    assert result.message == "record 3 does not link to record 2"


def test_the_first_record_must_link_to_genesis() -> None:
    _fill()
    with connect(write=True) as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 1).values(prev_hash=OTHER_HASH))
    result = audit.verify()
    assert (result.ok, result.bad_seq, result.message) == (
        False, 1, "record 1 does not link to record 0")


def test_a_record_below_one_is_out_of_sequence() -> None:
    _fill()
    with connect(write=True) as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 1).values(seq=0))
    result = audit.verify()
    assert (result.ok, result.bad_seq) == (False, 0)
    assert result.message == "record with seq 0 is out of sequence (seqs start at 1)"


def test_an_intact_trail_reports_what_it_checked() -> None:
    _fill()
    result = audit.verify()
    assert (result.ok, result.checked, result.bad_seq) == (True, 5, None)
    assert result.message == ("5 records, chain intact and signed; 0 decisions, 0 alerts, "
                              "0 api keys match their records")


def test_removals_after_a_checkpoint_are_named_exactly() -> None:
    """A checkpoint at seq 6 (5 records and the checkpoint's own record); deleting the
    newest one or three records leaves a shorter chain the checkpoint contradicts."""
    from sqlalchemy import delete

    _fill()
    cp = audit.checkpoint("tester")
    assert cp["seq"] == 6
    with connect(write=True) as conn:
        conn.execute(delete(audit_log).where(audit_log.c.seq == 6))
    result = audit.verify([cp])
    assert (result.ok, result.bad_seq) == (False, 6)
    assert result.message == ("the trail ends at seq 5 but a checkpoint says record 6 "
                              "existed: record 6 was removed")
    with connect(write=True) as conn:
        conn.execute(delete(audit_log).where(audit_log.c.seq >= 4))
    result = audit.verify([cp])
    assert (result.ok, result.bad_seq) == (False, 4)
    assert result.message == ("the trail ends at seq 3 but a checkpoint says record 6 "
                              "existed: records 4..6 were removed")


def test_a_rewritten_record_before_a_checkpoint_is_named() -> None:
    """With the key in hand an attacker re-signs record 3; only the checkpoint shows it."""
    from bench.reliability.tamper import _rechain

    _fill()
    cp = audit.checkpoint("tester")
    with connect(write=True) as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 3).values(actor="mallory"))
        _rechain(conn, 3, sign=True)
    assert audit.verify().ok  # internally consistent again
    result = audit.verify([cp])
    assert (result.ok, result.bad_seq) == (False, 6)
    assert result.message == ("the trail up to record 6 differs from the checkpoint taken at "
                              "seq 6: a record at or before it was rewritten, inserted or "
                              "removed")


def test_a_key_change_needs_a_rotation_record() -> None:
    """Record 4 re-signed with a second key the trail never rotated to."""
    from unsc.compliance import audit_keys

    recs = _fill()
    ring, new_id = audit_keys.ring_with_new_key()
    with connect(write=True) as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 4).values(
            key_id=new_id, mac=audit_keys.mac(ring.keys[new_id], new_id, recs[3].hash)))
    result = audit.verify()
    assert (result.ok, result.bad_seq) == (False, 4)
    assert result.message == (f"record 4 is signed with key {new_id} but the trail says key "
                              f"{recs[0].key_id} (a key change without a rotation record)")


def test_checkpoints_that_cannot_be_trusted_are_refused_in_words() -> None:
    _fill()
    cp = audit.checkpoint("tester")
    unknown = audit.verify([{**cp, "key_id": 99}])
    assert (unknown.ok, unknown.bad_seq, unknown.message) == (
        False, None, "checkpoint at seq 6 is signed with audit key 99, which the key file "
        "does not hold")
    forged = audit.verify([{**cp, "hash": "0" * 64}])
    assert forged.message == ("checkpoint at seq 6 is not signed by this trail's key "
                              "(edited or forged checkpoint)")


def test_a_signed_record_with_a_malformed_payload_is_named() -> None:
    """A key holder writes a record whose payload is not JSON and signs it properly."""
    from bench.reliability.tamper import _rechain

    _fill()
    audit.rotate_key("tester")  # seq 6: the rotation names the new key
    with connect(write=True) as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 6).values(payload="{not json"))
        _rechain(conn, 6, sign=True)
    result = audit.verify()
    assert (result.ok, result.bad_seq, result.message) == (
        False, 6, "record 6 (audit.key.rotate) has a malformed payload")


def test_a_rotation_to_a_key_the_file_lacks_is_named() -> None:
    import json

    from bench.reliability.tamper import _rechain

    _fill()
    rec = audit.rotate_key("tester")
    payload = {**rec.payload, "new_key_fingerprint": "f" * 16}
    with connect(write=True) as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == rec.seq)
                     .values(payload=json.dumps(payload, sort_keys=True)))
        _rechain(conn, rec.seq, sign=True)
    result = audit.verify()
    assert (result.ok, result.bad_seq) == (False, rec.seq)
    assert result.message == (f"rotation record {rec.seq} names key {payload['new_key_id']}, "
                              "which the key file does not hold with that fingerprint")


def test_an_unsigned_record_is_explained_whole() -> None:
    """The message tells the operator why a record may lack its MAC (it is signed by the
    next audited action), not only that it does."""
    _fill()
    with connect(write=True) as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 3).values(mac=None))
    assert audit.verify().message == (
        "record 3 is not signed (no MAC; records written before keyed records are signed by "
        "the next audited action)")
