"""The audit trail chains every record and `unsc audit verify` finds tampering by seq."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from sqlalchemy import delete, update
from typer.testing import CliRunner

from unsc.cli import app
from unsc.compliance import audit
from unsc.store import connect
from unsc.store.service_tables import audit_log

runner = CliRunner()


def _fill(n: int) -> list[audit.AuditRecord]:
    return [audit.record("test.event", {"i": i, "name": "Ri Won Ho"}, actor="tester")
            for i in range(n)]


def test_records_chain_and_verify() -> None:
    recs = _fill(5)
    assert [r.seq for r in recs] == [1, 2, 3, 4, 5]
    assert recs[0].prev_hash == audit.GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(recs))
    result = audit.verify()
    assert result.ok and result.checked == 5


def test_sql_tampering_is_reported_with_its_seq() -> None:
    _fill(6)
    with connect(write=True) as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 4)
                     .values(payload=json.dumps({"i": 99, "name": "someone else"})))
    result = audit.verify()
    assert not result.ok and result.bad_seq == 4
    out = runner.invoke(app, ["audit", "verify", "--json"])
    assert out.exit_code == 1
    assert json.loads(out.stdout)["bad_seq"] == 4


def test_rehashed_row_fails_its_mac() -> None:
    recs = _fill(4)
    # An attacker who recomputes row 2's own hash (without the audit key) leaves a MAC
    # that no longer verifies, so the row itself is named, not just the next link.
    with connect(write=True) as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 2).values(actor="mallory"))
        conn.execute(update(audit_log).where(audit_log.c.seq == 2).values(
            hash=audit._hash(recs[0].hash, 2, recs[1].at, "mallory", "test.event",
                             audit.canonical_json(recs[1].payload))))
    result = audit.verify()
    assert not result.ok and result.bad_seq == 2 and "MAC" in result.message


def test_deleted_row_is_a_gap() -> None:
    _fill(3)
    with connect(write=True) as conn:
        conn.execute(delete(audit_log).where(audit_log.c.seq == 2))
    result = audit.verify()
    assert not result.ok and result.bad_seq == 2 and "missing" in result.message


def test_export_json_lines(tmp_path: Path) -> None:
    _fill(3)
    target = tmp_path / "audit.jsonl"
    out = runner.invoke(app, ["audit", "export", "--output", str(target), "--json"])
    assert out.exit_code == 0, out.output
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    assert [r["seq"] for r in lines] == [1, 2, 3]
    assert lines[2]["prev_hash"] == lines[1]["hash"]
    assert lines[0]["payload"] == {"i": 0, "name": "Ri Won Ho"}
    ok = runner.invoke(app, ["audit", "verify"])
    assert ok.exit_code == 0 and "intact" in ok.stdout


def test_key_creation_is_audited() -> None:
    out = runner.invoke(app, ["keys", "create", "--role", "analyst", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["role"] == "analyst" and data["key"].startswith("unsc_")
    records, total = audit.list_records(action="key.create")
    assert total == 1 and records[0].payload["role"] == "analyst"
    assert data["key"] not in json.dumps(records[0].payload)


def test_setting_changes_are_recorded_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    first = audit.record_settings()
    assert first is not None and first.payload["settings"]["api_max_batch"] == 500
    assert audit.record_settings() is None  # nothing changed
    monkeypatch.setenv("UNSC_API_MAX_BATCH", "50")
    monkeypatch.setenv("UNSC_SECRET_KEY", "s3cret")
    change = audit.record_settings()
    assert change is not None
    assert change.payload["changed"]["api_max_batch"] == {"old": 500, "new": 50}
    assert "s3cret" not in audit.canonical_json(change.payload)
