"""Latency of the yente-compatible ``POST /match/default`` under concurrent load, on loopback.

Usage (from the repository root):

    .venv/bin/python bench/bench_api_latency.py [--workers 8] [--single 400] [--batches 24]
        [--max-seconds 90] [--json out.json]

Starts a real server (uvicorn subprocess, one worker, SQLite under a temporary UNSC_HOME)
with the real UN list of 2026-05-08 loaded, then measures, each scenario bounded by a
request count and a time limit:

- baseline ``GET /healthz`` (the HTTP + auth-free floor of the stack);
- baseline in-process ``screen()`` per query (the matcher alone, no HTTP, no audit);
- ``/match`` with one query per request;
- ``/match`` with 100 queries per request (``--workers`` clients in parallel for all).

Queries are the real listed names (every third name is reversed word order) so most of
them hit, which is the expensive case. Reports p50/p99/mean latency and throughput.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("UNSC_SHARED_DATA", ROOT.parent / "shared" / "data"))
LIST_FILE = DATA / "un" / "un_consolidated_2026-05-08.xml"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def run_load(call: Callable[[httpx.Client, int], None], base: str, headers: dict[str, str],
             total: int, workers: int, max_seconds: float) -> dict[str, Any]:
    """``total`` calls over ``workers`` threads (each its own keep-alive client)."""
    latencies: list[float] = []
    lock = threading.Lock()
    counter = iter(range(total))
    deadline = time.monotonic() + max_seconds

    def worker() -> None:
        with httpx.Client(base_url=base, headers=headers, timeout=120) as client:
            while time.monotonic() < deadline:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                t0 = time.perf_counter()
                call(client, i)
                elapsed = time.perf_counter() - t0
                with lock:
                    latencies.append(elapsed)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return summary(latencies, wall, workers)


def summary(latencies: list[float], wall: float, workers: int) -> dict[str, Any]:
    ms = [x * 1000 for x in latencies]
    return {"requests": len(ms), "workers": workers, "p50_ms": round(percentile(ms, 50), 2),
            "p99_ms": round(percentile(ms, 99), 2), "mean_ms": round(statistics.mean(ms), 2),
            "max_ms": round(max(ms), 2), "wall_s": round(wall, 2),
            "req_per_s": round(len(ms) / wall, 1)}


def prepare(home: Path) -> tuple[str, list[str]]:
    os.environ["UNSC_HOME"] = str(home)
    from unsc.compliance import keys
    from unsc.lists import service

    loaded = service.load_list(LIST_FILE)
    key, _ = keys.create_key("viewer", "bench")
    names = [e.caption for e in service.get_version_entities(loaded.version)]
    names = [" ".join(reversed(n.split())) if i % 3 == 2 else n for i, n in enumerate(names)]
    return key, names


def start_server(home: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "unsc.api:create_app", "--host",
         "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env={**os.environ, "UNSC_HOME": str(home)})
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(url + "/healthz").status_code == 200:
                return proc, url
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


def body(names: list[str], start: int, size: int) -> dict[str, Any]:
    return {"queries": {f"q{j}": {"schema": "Person" if j % 2 else "LegalEntity",
                                  "properties": {"name": [names[(start + j) % len(names)]]}}
                        for j in range(size)}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--single", type=int, default=400, help="single-query requests")
    parser.add_argument("--batches", type=int, default=24, help="100-query requests")
    parser.add_argument("--max-seconds", type=float, default=90.0, help="per scenario")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        key, names = prepare(home)
        proc, url = start_server(home)
        headers = {"Authorization": f"ApiKey {key}"}
        try:
            with httpx.Client(base_url=url, headers=headers, timeout=120) as warm:
                for i in range(5):  # index build, first-request costs
                    warm.post("/match/default", json=body(names, i, 1)).raise_for_status()
            results: dict[str, Any] = {}

            def healthz(c: httpx.Client, i: int) -> None:
                c.get("/healthz").raise_for_status()

            def single(c: httpx.Client, i: int) -> None:
                c.post("/match/default", json=body(names, i * 7, 1)).raise_for_status()

            def batch(c: httpx.Client, i: int) -> None:
                c.post("/match/default", json=body(names, i * 100, 100)).raise_for_status()

            results["healthz"] = run_load(healthz, url, headers, args.single, args.workers,
                                          args.max_seconds)
            results["screen_in_process"] = in_process(names, args.single)
            results["match_1"] = run_load(single, url, headers, args.single, args.workers,
                                          args.max_seconds)
            results["match_100"] = run_load(batch, url, headers, args.batches, args.workers,
                                            args.max_seconds)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    report = {"cpus": os.cpu_count(), "list": LIST_FILE.name, "results": results}
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


def in_process(names: list[str], count: int) -> dict[str, Any]:
    """The matcher alone, one query at a time in this process (same index, same names)."""
    from unsc.screening.service import screen
    from unsc.screening.types import Query

    screen(Query(name=names[0]))  # build the index
    latencies = []
    started = time.perf_counter()
    for i in range(count):
        schema = "Person" if i % 2 else "LegalEntity"
        t0 = time.perf_counter()
        screen(Query(name=names[(i * 7) % len(names)], schema=schema))
        latencies.append(time.perf_counter() - t0)
    return summary(latencies, time.perf_counter() - started, 1)


if __name__ == "__main__":
    main()
