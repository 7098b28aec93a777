"""`unsc serve --workers N` on SQLite and PostgreSQL: throughput, latency, and a whole trail.

Usage (from the repository root):

    .venv/bin/python bench/bench_service_scale.py [--pg-url URL] [--processes 1 2]
        [--clients 16] [--requests 600] [--max-seconds 120] [--json out.json]

For each store (SQLite under a temporary UNSC_HOME; PostgreSQL when ``--pg-url`` names a
server: a fresh database is created there and dropped afterwards) and each process count,
loads the real UN list of 2026-05-08, registers 40 subjects with listed names (so the
review queue has alerts), starts ``unsc serve --workers N`` on loopback and sends
``--requests`` requests from ``--clients`` threads (bounded in count and time): 70 %
``POST /match/default`` with one query, 20 % ``POST /screen``, 10 % ``POST /decisions`` on
the queued alerts (several clients decide the same alert at once; all but one get a 409).
Then ``unsc audit verify`` must pass and every 2xx screening or decision must have its
record in the trail. Prints p50/p99 per endpoint, requests/s and the count of 5xx.

Per-request store work is measured separately, in-process: ``--round-trips`` counts the
statements a PostgreSQL server logs for one ``/match`` (needs ``log_statement=all`` on a
server this script may read the log of: ``--pg-log PATH``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_api_latency import LIST_FILE, percentile  # noqa: E402
from reliability._server import free_port, wait_healthy  # noqa: E402

UNSC = str(Path(sys.executable).parent / "unsc")


def _prepare(env: dict[str, str]) -> dict[str, Any]:
    """Load the list, make the keys and the subjects, in a child process on ``env``."""
    code = r"""
import json
from unsc.compliance import keys, subjects
from unsc.lists import service
import sys
loaded = service.load_list(sys.argv[1])
names = [e.caption for e in service.get_version_entities(loaded.version)]
viewer, _ = keys.create_key("viewer", "bench")
analyst, _ = keys.create_key("analyst", "bench")
alerts = []
for i, name in enumerate(names[:40]):
    _, raised = subjects.register_subject(f"s{i}", name, schema="Person", actor="bench")
    alerts.extend(a.id for a in raised)
print(json.dumps({"names": names, "viewer": viewer, "analyst": analyst, "alerts": alerts}))
"""
    out = subprocess.run([sys.executable, "-c", code, str(LIST_FILE)], env=env,
                         capture_output=True, text=True, check=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _serve(env: dict[str, str], processes: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen([UNSC, "serve", "--port", str(port), "--workers", str(processes)],
                            env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    if wait_healthy(url, proc, 120):
        return proc, url
    proc.kill()
    raise SystemExit("server did not start")


def _warm(url: str, data: dict[str, Any], processes: int) -> None:
    """Every process builds its index before timing: send enough /match requests in
    parallel that each process has answered some."""
    headers = {"Authorization": f"ApiKey {data['viewer']}"}
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Ri Won Ho"]}}}}

    def one() -> None:
        with httpx.Client(base_url=url, headers=headers, timeout=120) as client:
            for _ in range(3):
                client.post("/match/default", json=body)

    threads = [threading.Thread(target=one) for _ in range(4 * processes)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    data["warm_requests"] = 12 * processes


def _load(url: str, data: dict[str, Any], clients: int, total: int,
          max_seconds: float) -> dict[str, Any]:
    rnd = random.Random(15)
    plan = [rnd.choices(["match", "screen", "decide"], [7, 2, 1])[0] for _ in range(total)]
    names, alerts = data["names"], data["alerts"] or [0]
    lat: dict[str, list[float]] = {"match": [], "screen": [], "decide": []}
    status: Counter[tuple[str, int]] = Counter()
    lock = threading.Lock()
    counter = iter(range(total))
    deadline = time.monotonic() + max_seconds

    def call(client: httpx.Client, i: int) -> tuple[str, int]:
        kind, name = plan[i], names[i % len(names)]
        if kind == "match":
            r = client.post("/match/default", json={"queries": {"q": {
                "schema": "Person", "properties": {"name": [name]}}}})
        elif kind == "screen":
            r = client.post("/screen", json={"name": name})
        else:  # a few alerts, decided by many clients at once
            r = client.post("/decisions", headers={"Authorization": f"ApiKey "
                                                   f"{data['analyst']}"},
                            json={"alert_id": alerts[(i // 7) % len(alerts)],
                                  "decision": "false_positive", "reason": "bench"})
        return kind, r.status_code

    def worker() -> None:
        headers = {"Authorization": f"ApiKey {data['viewer']}"}
        with httpx.Client(base_url=url, headers=headers, timeout=120) as client:
            while time.monotonic() < deadline:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                t0 = time.perf_counter()
                try:
                    kind, code = call(client, i)
                except httpx.TransportError:
                    kind, code = plan[i], -1
                elapsed = time.perf_counter() - t0
                with lock:
                    lat[kind].append(elapsed * 1000)
                    status[(kind, code)] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    every = [x for v in lat.values() for x in v]
    return {"requests": len(every), "wall_s": round(wall, 2),
            "req_per_s": round(len(every) / wall, 1),
            "p50_ms": round(percentile(every, 50), 1), "p99_ms": round(percentile(every, 99), 1),
            "by_endpoint": {k: {"n": len(v), "p50_ms": round(percentile(v, 50), 1),
                                "p99_ms": round(percentile(v, 99), 1)}
                            for k, v in lat.items() if v},
            "status": {f"{k} {c}": n for (k, c), n in sorted(status.items())},
            "errors_5xx_or_dropped": sum(n for (_, c), n in status.items()
                                         if c >= 500 or c < 0)}


def _trail(env: dict[str, str], result: dict[str, Any], warm: int) -> dict[str, Any]:
    """audit verify, and the trail's records against the 2xx answers."""
    verify = json.loads(subprocess.run([UNSC, "audit", "verify", "--json"], env=env,
                                       capture_output=True, text=True).stdout)
    code = r"""
import json
from sqlalchemy import func, select
from unsc.compliance import audit
from unsc.store import connect
from unsc.store.service_tables import decisions
counts = {}
for r in audit.iter_records():
    counts[r.action] = counts.get(r.action, 0) + 1
with connect() as conn:
    per_alert = select(decisions.c.alert_id).group_by(decisions.c.alert_id).having(
        func.count() > 1)
    counts["alerts decided twice"] = len(conn.execute(per_alert).all())
print(json.dumps(counts))
"""
    counts = json.loads(subprocess.run([sys.executable, "-c", code], env=env,
                                       capture_output=True, text=True, check=True).stdout)
    ok = result["status"]
    expect = {"screen.batch": ok.get("match 200", 0) + warm, "screen": ok.get("screen 200", 0),
              "decision.record": ok.get("decide 201", 0)}
    return {"verify_ok": verify["ok"], "records_checked": verify["checked"],
            "records": {k: counts.get(k, 0) for k in expect}, "expected_2xx": expect,
            "every_2xx_recorded": all(counts.get(k, 0) == v for k, v in expect.items()),
            "alerts_decided_twice": counts["alerts decided twice"]}


def round_trips(env: dict[str, str], log: Path, size: int,
                requests: int = 20) -> dict[str, float]:
    """Statements the PostgreSQL server logs per in-process ``/match`` of ``size``
    queries."""
    code = r"""
import json, os, re, sys, time
from pathlib import Path
from fastapi.testclient import TestClient
from unsc.api import create_app
from unsc.compliance import keys
from unsc.lists import service
service.load_list(sys.argv[1])
key, _ = keys.create_key("viewer", "rt")
client = TestClient(create_app())
headers = {"Authorization": f"ApiKey {key}"}
names = ["Ri Won Ho", "Jo Yong Chol", "Kim Yong Chol", "KOMID"]
size = int(sys.argv[4])
body = {"queries": {f"q{i}": {"schema": "Person", "properties": {"name": [names[i % 4]]}}
                    for i in range(size)}}
for _ in range(3):
    client.post("/match/default", json=body, headers=headers)
log, n = Path(sys.argv[2]), int(sys.argv[3])
time.sleep(0.3)
start = log.stat().st_size
for _ in range(n):
    assert client.post("/match/default", json=body, headers=headers).status_code == 200
time.sleep(0.5)
with log.open() as fh:
    fh.seek(start)
    found = [re.sub(r".*?(statement|execute [^:]*): ", "", line).strip()
             for line in fh.read().splitlines() if "statement: " in line or "execute " in line]
kinds = {}
for stmt in found:
    kind = "ping" if stmt == ";" else stmt.split()[0].upper()
    kinds[kind] = kinds.get(kind, 0) + 1
print(json.dumps({k: v / n for k, v in sorted(kinds.items())} | {"total": len(found) / n}))
"""
    out = subprocess.run([sys.executable, "-W", "ignore", "-c", code, str(LIST_FILE), str(log),
                          str(requests), str(size)], env=env, capture_output=True, text=True,
                         check=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _database(pg_url: str, name: str, create: bool) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        if create:
            conn.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return pg_url.rsplit("/", 1)[0] + "/" + name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-url", help="PostgreSQL server (a database is created on it)")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--max-seconds", type=float, default=120.0)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--pg-log", type=Path, help="the server's log (log_statement=all): "
                        "count the statements of one /match instead of the load test")
    args = parser.parse_args()
    if args.pg_log:
        with tempfile.TemporaryDirectory() as tmp:
            name = f"unsc_rt_{os.getpid()}"
            env = {**os.environ, "UNSC_HOME": tmp,
                   "UNSC_DATABASE_URL": _database(args.pg_url, name, True)}
            for size in (1, 100):
                print(json.dumps({"queries_per_match": size,
                                  "round_trips": round_trips(env, args.pg_log, size)}))
            _database(args.pg_url, name, False)
        return
    stores = ["sqlite", *(["postgresql"] if args.pg_url else [])]
    results = []
    for store in stores:
        for processes in args.processes:
            with tempfile.TemporaryDirectory() as tmp:
                env = {**os.environ, "UNSC_HOME": tmp, "UNSC_API_REQUEST_SECONDS": "120"}
                name = f"unsc_bench_{os.getpid()}"
                if store == "postgresql":
                    env["UNSC_DATABASE_URL"] = _database(args.pg_url, name, True)
                data = _prepare(env)
                proc, url = _serve(env, processes)
                try:
                    _warm(url, data, processes)
                    result = _load(url, data, args.clients, args.requests, args.max_seconds)
                finally:
                    proc.terminate()
                    proc.wait(30)
                result = {"store": store, "processes": processes, "clients": args.clients,
                          "load_before": round(os.getloadavg()[0], 1), **result,
                          "trail": _trail(env, result, data["warm_requests"])}
                if store == "postgresql":
                    _database(args.pg_url, name, False)
                print(json.dumps(result), flush=True)
                results.append(result)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
