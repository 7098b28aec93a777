"""The audit key ring: records and checkpoints are HMAC-signed under a key kept outside
the database (0600), rotation keeps old records verifiable, a lost key stops the trail
from growing instead of silently starting a new one, and appends from two processes on
one store never clash on a seq."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from unsc.cli import app
from unsc.compliance import audit, audit_keys
from unsc.errors import StoreError
from unsc.store import connect, engine
from unsc.store.service_tables import audit_log

runner = CliRunner()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_records_are_signed_and_the_key_file_is_private(unsc_home: Path) -> None:
    rec = audit.record("test.event", {"n": 1})
    ring = audit_keys.load_ring()
    key = ring.get(rec.key_id)
    assert key is not None and rec.mac == audit_keys.mac(key, rec.key_id or 0, rec.hash)
    path = audit_keys.key_path()
    assert path == unsc_home / "audit_key" and _mode(path) == 0o600
    assert key.hex() not in json.dumps(rec.to_dict())  # the key never enters the trail


def test_rotation_is_recorded_and_old_records_still_verify(tmp_path: Path) -> None:
    before = [audit.record("test.event", {"n": i}) for i in range(3)]
    checkpoint = audit.checkpoint()
    out = runner.invoke(app, ["audit", "rotate-key", "--json"])
    assert out.exit_code == 0, out.output
    rotation = json.loads(out.stdout)
    assert rotation["action"] == audit.ROTATE and rotation["key_id"] == 1
    assert rotation["payload"]["new_key_id"] == 2
    after = audit.record("test.event", {"n": 99})
    assert after.key_id == 2 and {r.key_id for r in before} == {1}
    assert sorted(audit_keys.load_ring().keys) == [1, 2]
    result = audit.verify([checkpoint])
    assert result.ok, result.message
    path = tmp_path / "cp.json"
    assert runner.invoke(app, ["audit", "checkpoint", "-o", str(path)]).exit_code == 0
    assert json.loads(path.read_text())["key_id"] == 2
    assert runner.invoke(app, ["audit", "verify", "--checkpoint", str(path)]).exit_code == 0


def test_a_lost_key_file_stops_appends_and_fails_verify() -> None:
    audit.record("test.event", {"n": 1})
    audit_keys.key_path().unlink()
    with pytest.raises(StoreError, match="restore the key file"):
        audit.record("test.event", {"n": 2})
    result = audit.verify()
    assert not result.ok and result.bad_seq == 1 and "does not hold" in result.message
    assert not audit_keys.key_path().exists()  # no new key was made behind the user's back


def test_unsigned_tail_after_signed_records_is_refused() -> None:
    for i in range(3):
        audit.record("test.event", {"n": i})
    with connect(write=True) as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 3).values(key_id=None, mac=None))
    with pytest.raises(StoreError, match="tampered"):
        audit.record("test.event", {"n": 3})


def test_records_from_before_keyed_records_are_adopted_once() -> None:
    for i in range(3):
        audit.record("test.event", {"n": i})
    # A store from before migration 0002: no MACs, no key file.
    with connect(write=True) as conn:
        conn.execute(update(audit_log).values(key_id=None, mac=None))
    audit_keys.key_path().unlink()
    assert "not signed" in audit.verify().message
    rec = audit.record("test.event", {"n": 3})
    adopted, _ = audit.list_records(action="audit.key.create")
    assert adopted[0].payload["signed_earlier_records"] == 3 and rec.seq == 5
    assert audit.verify().ok


APPENDER = """
import sys
from unsc.compliance import audit
for i in range(int(sys.argv[2])):
    audit.record("test.concurrent", {"writer": sys.argv[1], "i": i}, actor=sys.argv[1])
"""


def test_two_processes_append_without_clashing(unsc_home: Path) -> None:
    audit.record("test.start", {})  # create the store and the key first
    engine.reset_engines()
    env = {**os.environ, "UNSC_HOME": str(unsc_home)}
    procs = [subprocess.Popen([sys.executable, "-c", APPENDER, name, "150"], env=env,
                              stderr=subprocess.PIPE, text=True) for name in ("a", "b")]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    records = list(audit.iter_records())
    assert [r.seq for r in records] == list(range(1, 302))
    mine = [r for r in records if r.action == "test.concurrent"]
    assert sorted((r.actor, r.payload["i"]) for r in mine) == sorted(
        (w, i) for w in ("a", "b") for i in range(150))
    assert audit.verify().ok
