"""`unsc serve --workers 2` on one store (SQLite here, PostgreSQL in CI's second pass):
concurrent screenings and decisions from 16 clients, no 5xx, and afterwards a trail that
verifies and holds a record for every 2xx answer, with no alert decided twice."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import httpx
import psutil
from sqlalchemy import func, select

from tests.api.server import free_port, wait_healthy
from unsc.compliance import audit, keys, subjects
from unsc.lists import service as lists_service
from unsc.store import connect
from unsc.store.service_tables import decisions

UNSC = str(Path(sys.executable).parent / "unsc")
NAMES = ["Ri Won Ho", "Jo Yong Chol", "Kim Yong Chol", "KOMID", "Xqzvw Plorkt"]


def test_two_server_processes_share_one_store(shared_data: Path, tmp_path: Path) -> None:
    lists_service.load_list(shared_data / "un" / "un_consolidated_2026-05-08.xml")
    viewer, _ = keys.create_key("viewer", "test")
    analyst, _ = keys.create_key("analyst", "test")
    alert_ids = [a.id for i, name in enumerate(["Ri Won Ho", "Jo Yong Chol", "KOMID"])
                 for a in subjects.register_subject(f"s{i}", name, actor="test")[1]]
    assert alert_ids
    before = Counter(r.action for r in audit.iter_records())
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen([UNSC, "serve", "--port", str(port), "--workers", "2"],
                            env=dict(os.environ), stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    status: Counter[tuple[str, int]] = Counter()
    lock = threading.Lock()
    try:
        wait_healthy(url, proc, 90, lambda: (tmp_path / "serve.log").read_text(errors="replace"))
        server_processes = [p for p in psutil.Process(proc.pid).children(recursive=True)
                            if "spawn_main" in " ".join(p.cmdline())]
        assert len(server_processes) >= 2

        def client(n: int) -> None:
            with httpx.Client(base_url=url, timeout=120,
                              headers={"Authorization": f"ApiKey {viewer}"}) as http:
                for i in range(12):
                    name = NAMES[(n + i) % len(NAMES)]
                    if i % 4 == 3:  # every client decides the same few alerts
                        kind, r = "decide", http.post(
                            "/decisions", headers={"Authorization": f"ApiKey {analyst}"},
                            json={"alert_id": alert_ids[i % len(alert_ids)],
                                  "decision": "false_positive", "reason": "test"})
                    elif i % 2:
                        kind, r = "screen", http.post("/screen", json={"name": name})
                    else:
                        kind, r = "match", http.post("/match/default", json={"queries": {
                            "q": {"schema": "Person", "properties": {"name": [name]}}}})
                    with lock:
                        status[(kind, r.status_code)] += 1

        threads = [threading.Thread(target=client, args=(n,)) for n in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()
    assert sum(status.values()) == 16 * 12
    assert {code for (_, code) in status} <= {200, 201, 409}, status
    assert status[("decide", 201)] == len({alert_ids[i % len(alert_ids)]
                                          for i in range(3, 12, 4)})
    assert audit.verify().ok
    after = Counter(r.action for r in audit.iter_records())
    assert after["screen.batch"] - before["screen.batch"] == status[("match", 200)]
    assert after["screen"] - before["screen"] == status[("screen", 200)]
    assert after["decision.record"] - before["decision.record"] == status[("decide", 201)]
    with connect() as conn:
        twice = conn.execute(select(decisions.c.alert_id).group_by(decisions.c.alert_id)
                             .having(func.count() > 1)).all()
    assert twice == []
