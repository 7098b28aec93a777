"""``kill -9`` during ``unsc lists load``, and the check that the store survived whole.

A real ``unsc lists load`` subprocess (the real OFAC SDN.CSV of 2024-05-03, 14,965
entries, so the write transaction is long enough to be hit) is killed with SIGKILL at a
chosen point: after a delay (start-up, parsing), as soon as the SQLite write-ahead log
has grown by a number of bytes (inside the write transaction, before its commit), or as
soon as the new version is visible to a reader (after the commit, while the registered
subject is re-screened). Then
the store is read with plain SQL: every record that existed before is still there, and
the new version is either absent with no trace, or present with all its entries, its
current-version pointer and its ``list.load`` audit record. Used by tests/lists/test_kill.py
and bench/reliability/files.py; always on SQLite (the embedded default), whatever
UNSC_DATABASE_URL says.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bench.reliability._mutations import environment, shared_data

UNSC = Path(sys.executable).parent / "unsc"


def victim() -> Path:
    return shared_data() / "ofac" / "sdn_2024-05-03.csv"


def prior() -> Path:
    return shared_data() / "un" / "un_consolidated_2025-11-20.xml"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNSC_")}
    env.update(UNSC_HOME=str(home), UNSC_DATABASE_URL=f"sqlite:///{home}/unsc.db")
    return env


def prepare(home: Path, template: Path | None = None) -> None:
    """A store holding one earlier version (and its audit record): what a kill must keep.
    With ``template`` (a home prepared before) its files are copied instead of reloaded."""
    shutil.rmtree(home, ignore_errors=True)
    if template is not None:
        shutil.copytree(template, home)
        return
    home.mkdir(parents=True)
    # A registered subject makes the re-screening after the commit real work (an index of
    # the new version), so "after the commit" is a window a kill can hit.
    for args in (["lists", "load", str(prior())],
                 ["subjects", "add", "org-1", "Korean National Insurance Company", "--kind",
                  "counterparty", "--schema", "Organization"]):
        done = subprocess.run([str(UNSC), *args, "--json"], env=_env(home),
                              capture_output=True, text=True, timeout=300, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"could not prepare the store: {done.stderr[-500:]}")


def state(home: Path) -> dict[str, Any]:
    """Rows of the lists tables and the audit trail, read with plain SQL."""
    from sqlalchemy import func, select

    from unsc.compliance import audit
    from unsc.store import connect
    from unsc.store import lists_tables as repo
    from unsc.store.service_tables import audit_log

    with environment(**{k: v for k, v in _env(home).items() if k.startswith("UNSC_")}):
        with connect() as conn:
            versions = {str(r.id): int(r.entity_count) for r in conn.execute(
                select(repo.versions.c.id, repo.versions.c.entity_count))}
            entries = {str(v): int(n) for v, n in conn.execute(
                select(repo.entries.c.version_id, func.count())
                .group_by(repo.entries.c.version_id))}
            pointers = {str(r.list): str(r.version_id) for r in conn.execute(
                select(repo.current.c.list, repo.current.c.version_id))}
            trail = [(int(r.seq), str(r.hash), str(r.action), str(r.payload)) for r in
                     conn.execute(select(audit_log).order_by(audit_log.c.seq))]
        verified = audit.verify().ok
    return {"versions": versions, "entries": entries, "pointers": pointers, "trail": trail,
            "verified": verified}


@dataclass(frozen=True)
class KillVerdict:
    point: str
    loaded: bool  # the new version is in the store (the kill came after the commit)
    lost: int  # earlier records (versions, entries, audit rows) missing after the kill
    problem: str
    seconds: float = 0.0  # from the start of the subprocess to the kill

    @property
    def ok(self) -> bool:
        return not self.problem and self.lost == 0


def _wal(home: Path) -> int:
    try:
        return (home / "unsc.db-wal").stat().st_size
    except FileNotFoundError:
        return 0


def _versions_committed(home: Path) -> int:
    """Committed version rows, read with the stdlib driver (a WAL reader never blocks)."""
    with contextlib.closing(sqlite3.connect(f"file:{home}/unsc.db?mode=ro", uri=True,
                                            timeout=5)) as conn:
        return int(conn.execute("SELECT count(*) FROM lists_versions").fetchone()[0])


def kill_load(home: Path, *, delay: float | None = None, wal_bytes: int | None = None,
              committed: bool = False, limit: float = 120.0) -> KillVerdict:
    """Start a load of :func:`victim` in ``home`` and SIGKILL it at the given point:
    after ``delay`` seconds, once the WAL has grown by ``wal_bytes``, or (``committed``)
    as soon as the new version's row is visible, i.e. during the re-screening after it."""
    before = state(home)
    start_wal = _wal(home)
    start_versions = _versions_committed(home)
    proc = subprocess.Popen([str(UNSC), "lists", "load", str(victim()), "--json"],
                            env=_env(home), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    started = time.monotonic()
    point = (f"after {delay:.2f} s" if delay is not None else
             f"WAL +{wal_bytes} bytes" if wal_bytes is not None else "after the commit")
    while proc.poll() is None and time.monotonic() - started < limit:
        if delay is not None and time.monotonic() - started >= delay:
            break
        if wal_bytes is not None and _wal(home) - start_wal >= wal_bytes:
            break
        if committed and _versions_committed(home) > start_versions:
            break
        time.sleep(0.001 if not committed else 0.01)
    finished = proc.poll() is not None
    proc.kill()
    elapsed = time.monotonic() - started
    proc.wait()
    if finished:
        point += " (load had already finished)"
    return replace(judge_kill(point, before, state(home)), seconds=elapsed)


def judge_kill(point: str, before: dict[str, Any], after: dict[str, Any]) -> KillVerdict:
    lost = sum(1 for v in before["versions"] if v not in after["versions"])
    lost += sum(max(0, n - after["entries"].get(v, 0)) for v, n in before["entries"].items())
    lost += sum(1 for row in before["trail"] if row not in after["trail"])
    new = set(after["versions"]) - set(before["versions"])
    problems: list[str] = []
    if not after["verified"]:
        problems.append("audit chain does not verify")
    for version in new:
        if after["entries"].get(version, 0) != after["versions"][version]:
            problems.append(f"{version}: {after['entries'].get(version, 0)} of "
                            f"{after['versions'][version]} entries")
        if version not in after["pointers"].values():
            problems.append(f"{version}: stored but not current")
        if not any(a == "list.load" and f'"version":"{version}"' in p
                   for _, _, a, p in after["trail"]):
            problems.append(f"{version}: no list.load audit record")
    loads = [p for _, _, a, p in after["trail"][len(before["trail"]):] if a == "list.load"]
    if loads and not new:
        problems.append("a list.load audit record for a version that is not stored")
    if not new and after["pointers"] != before["pointers"]:
        problems.append("pointer moved without a new version")
    return KillVerdict(point, bool(new), lost, "; ".join(problems))
