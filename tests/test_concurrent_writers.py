"""Concurrent writers on one store: separate processes (the console script), started
together, writing the same things. The store's write lock (SQLite ``BEGIN IMMEDIATE``,
PostgreSQL advisory locks; src/unsc/store/engine.py) must make the outcome one that
some serial order could have produced: one version per list file, one decision per
request, every subject kept, an audit trail that verifies.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from unsc.compliance import audit, exemptions
from unsc.compliance import subjects as subject_service
from unsc.lists import service as lists_service

UNSC = Path(sys.executable).with_name("unsc")
ROOT = Path(__file__).resolve().parent.parent


def _together(*commands: list[str]) -> list[subprocess.CompletedProcess[str]]:
    procs = [subprocess.Popen([str(UNSC), *args], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=dict(os.environ))
             for args in commands]
    out = []
    for proc, args in zip(procs, commands, strict=True):
        stdout, stderr = proc.communicate(timeout=300)
        out.append(subprocess.CompletedProcess(args, proc.returncode, stdout, stderr))
    return out


def test_the_same_list_loaded_by_three_processes_is_one_version(shared_data: Path) -> None:
    """On PostgreSQL two loaders once both found no version and clashed on its id (an
    IntegrityError traceback); found by this test."""
    path = str(shared_data / "un" / "un_consolidated_2017-06-30.xml")
    results = _together(*[["lists", "load", path, "--json"]] * 3)
    assert [r.returncode for r in results] == [0, 0, 0], [r.stderr for r in results]
    created = sorted(json.loads(r.stdout)["created"] for r in results)
    assert created == [False, False, True]
    versions = lists_service.list_versions()
    assert [v.version for v in versions] == ["un-2017-06-30"]
    assert audit.verify().ok


def test_one_request_decided_by_three_processes_is_decided_once() -> None:
    """Without a lock per request, PostgreSQL let two deciders both read "pending" and
    both approve (found by this test: two "decide" events on one request)."""
    request = json.loads((ROOT / "docs/examples/exemption_request.json").read_text())
    rid = str(exemptions.submit(request, "2021-03-01")["id"])
    results = _together(*[["exemptions", "decide", rid, "--date", f"2021-03-{day}", "--json"]
                          for day in ("08", "09", "10")])
    codes = sorted(r.returncode for r in results)
    assert codes == [0, 4, 4], [r.stderr for r in results]  # one approval, two conflicts
    for loser in (r for r in results if r.returncode == 4):
        assert "was already approved" in loser.stderr
    record = exemptions.get_request(int(rid))
    assert record["status"] == "approved"
    assert [e["action"] for e in record["events"]] == ["submit", "decide"]


def test_subjects_registered_by_parallel_processes_are_all_kept() -> None:
    commands = [["subjects", "add", f"p{n}-{i}", f"Parallel Person {n} {i}", "--json"]
                for i in range(2) for n in range(2)]
    results = _together(*commands)
    assert [r.returncode for r in results] == [0] * 4, [r.stderr for r in results]
    refs = sorted(s.ref for s in subject_service.list_subjects())
    assert refs == sorted(f"p{n}-{i}" for i in range(2) for n in range(2))
    result = audit.verify()
    assert result.ok, result.message
