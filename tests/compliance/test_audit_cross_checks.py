"""What `audit verify` says when a cross-checked table was edited (check 5 of
src/unsc/compliance/audit_verify.py): the message names the row, the column and the audit
record, and ``bad_seq`` is that record. The trail is written by unsc itself: two keys, three
alerts, a true match, an escalation and a false positive, one key revoked."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import delete, update

from unsc.compliance import audit, decisions, keys
from unsc.store import connect
from unsc.store.service_tables import alerts, api_keys
from unsc.store.service_tables import decisions as decision_rows


def _trail() -> dict[str, Any]:
    made = [keys.create_key(role, f"x {role}")[1] for role in ("viewer", "analyst")]
    items = [decisions.AlertInput(f"entity-{i}", hashlib.sha256(b"%d" % i).hexdigest(),
                                  f"LISTED PERSON {i}", 0.9, {"n": i}) for i in range(3)]
    raised = decisions.raise_alerts({"name": "Cross Check"}, items, source="test")
    first = decisions.decide(raised[0].id, "true_match", "same passport", "analyst:a")
    second = decisions.decide(raised[1].id, "escalate", "needs a second look", "analyst:b")
    keys.revoke_key(made[0].id, "tester")
    records = {r.payload.get("decision_id"): r.seq for r in audit.iter_records()
               if r.action == "decision.record"}
    key_records = {r.payload.get("key_id"): r.seq for r in audit.iter_records()
                   if r.action == "key.create"}
    assert audit.verify().ok
    return {"keys": made, "alerts": raised, "decisions": (first, second),
            "records": records, "key_records": key_records}


def _edit(statement: Any) -> audit.VerifyResult:
    with connect(write=True) as conn:
        conn.execute(statement)
    return audit.verify()


def test_an_intact_trail_counts_what_it_cross_checked() -> None:
    _trail()
    result = audit.verify()
    assert result.cross_checked == {"decisions": 2, "alerts": 3, "api_keys": 2}
    assert result.message.endswith("2 decisions, 3 alerts, 2 api keys match their records")


def test_a_decision_changed_in_its_table() -> None:
    t = _trail()
    first = t["decisions"][0]
    seq = t["records"][first.id]
    result = _edit(update(decision_rows).where(decision_rows.c.id == first.id)
                   .values(reason="looked fine"))
    assert (result.ok, result.bad_seq) == (False, seq)
    assert result.message == (f"decision {first.id} was changed in its table: reason is "
                              f"'looked fine', audit record {seq} says 'same passport'")


def test_a_decision_deleted_from_its_table() -> None:
    t = _trail()
    second = t["decisions"][1]
    seq = t["records"][second.id]
    result = _edit(delete(decision_rows).where(decision_rows.c.id == second.id))
    assert (result.ok, result.bad_seq) == (False, seq)
    assert result.message == (f"decision {second.id} (audit record {seq}) was deleted from "
                              "its table")


def test_an_escalated_alert_is_expected_escalated() -> None:
    t = _trail()
    escalated = t["alerts"][1]
    with connect() as conn:
        status = conn.execute(alerts.select().where(alerts.c.id == escalated.id)).one().status
    assert status == "escalated"
    result = _edit(update(alerts).where(alerts.c.id == escalated.id).values(status="open"))
    assert (result.ok, result.bad_seq) == (False, None)
    assert result.message == (f"alert {escalated.id} has status 'open' but its decisions say "
                              "'escalated'")


def test_each_key_column_that_the_record_holds_is_checked() -> None:
    t = _trail()
    analyst = t["keys"][1]
    seq = t["key_records"][analyst.id]
    for column, value in (("prefix", "zzzzzz"), ("role", "admin"), ("key_hash", "0" * 64)):
        with connect() as conn:
            before = getattr(conn.execute(api_keys.select().where(
                api_keys.c.id == analyst.id)).one(), column)
        result = _edit(update(api_keys).where(api_keys.c.id == analyst.id)
                       .values({column: value}))
        assert (result.ok, result.bad_seq) == (False, seq), column
        assert result.message == (f"API key {analyst.id} was changed in its table: {column} "
                                  f"differs from audit record {seq}")
        _edit(update(api_keys).where(api_keys.c.id == analyst.id).values({column: before}))
    assert audit.verify().ok


def test_revocation_in_the_table_must_match_the_records() -> None:
    t = _trail()
    viewer, analyst = t["keys"]
    unrevoked = _edit(update(api_keys).where(api_keys.c.id == viewer.id).values(revoked_at=None))
    assert unrevoked.message == (f"API key {viewer.id} is not revoked in its table, which its "
                                 "audit records contradict")
    _edit(update(api_keys).where(api_keys.c.id == viewer.id)
          .values(revoked_at="2026-01-01T00:00:00+00:00"))
    revoked = _edit(update(api_keys).where(api_keys.c.id == analyst.id)
                    .values(revoked_at="2026-01-01T00:00:00+00:00"))
    assert revoked.message == (f"API key {analyst.id} is revoked in its table, which its "
                               "audit records contradict")


def test_a_key_inserted_outside_unsc() -> None:
    _trail()
    with connect(write=True) as conn:
        new_id = conn.execute(api_keys.insert().values(
            key_hash="1" * 64, prefix="abcdef", role="admin", label="sneaky",
            created_at="2026-01-01T00:00:00+00:00")).inserted_primary_key[0]
    result = audit.verify()
    assert result.message == f"API key {new_id} (admin) has no key.create record " \
                             "(inserted outside unsc)"
