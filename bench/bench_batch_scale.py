"""Batch screening at scale: one process, local processes and a Dask LocalCluster, same run.

Usage (from the repository root):

    .venv/bin/python bench/bench_batch_scale.py [--rows 1000000 200000] [--modes single
        local dask dask-scatter] [--workers 2] [--json out.json]

Loads the real UN (2026-05-08) and OFAC SDN (2024-05-03) lists into a temporary store,
writes a CSV of ``--rows`` generated names (the name mix of bench_screening_speed.py: 80 %
common names, 20 % list names with a typo) and screens it with ``unsc screen batch``'s own
function, each run in a fresh process so peak memory is its own:

- ``single``: UNSC_SCREENING_WORKERS=1 (the calling process screens);
- ``local``: ``--workers`` forked processes;
- ``dask``: a LocalCluster of ``--workers`` worker processes (1 thread each) started by this
  script, the run connecting to it as a client; the workers build the screener from the
  store (``dask_screener=store``); ``dask-scatter``: the client builds it and scatters it.

For each run: wall time, rows/s, peak RSS of the client process, of the largest local
worker (getrusage of children) or of each Dask worker (getrusage in the worker), and the
CPU seconds all processes used per wall second (2.0 = both cores busy).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def _shared() -> Path:
    return Path(os.environ.get("UNSC_SHARED_DATA", ROOT.parent / "shared" / "data"))


def _run_one(args: argparse.Namespace) -> None:
    """Child mode: one batch run; prints a JSON line."""
    from unsc.screening import screen_batch

    t0 = time.perf_counter()
    c0 = os.times()
    report = screen_batch(args.input, args.output, limit=5, scheduler=args.scheduler)
    wall = time.perf_counter() - t0
    c1 = os.times()
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    cpu = (c1.user - c0.user) + (c1.system - c0.system) + \
        (c1.children_user - c0.children_user) + (c1.children_system - c0.children_system)
    print(json.dumps({"wall": wall, "report": {k: v for k, v in report.to_dict().items()
                                               if k not in ("problems",)},
                      "client_rss_mb": me, "children_rss_mb": kids, "cpu_s": cpu}))


def _names_csv(path: Path, rows: int) -> int:
    from bench_screening_speed import generate
    from unsc.lists.readers import read_list

    data = _shared()
    un = read_list(data / "un" / "un_consolidated_2026-05-08.xml").entities
    sdn = read_list(data / "ofac" / "sdn_2024-05-03.csv").entities
    names = generate(rows, [n.value for e in [*un, *sdn] for n in e.names], 9)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "name"])
        writer.writerows((f"q{i}", n) for i, n in enumerate(names))
    return len(set(names))


def _worker_cpu(pids: list[int]) -> float:
    import psutil

    total = 0.0
    for pid in pids:
        try:
            t = psutil.Process(pid).cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 200_000])
    parser.add_argument("--modes", nargs="+", default=["single", "local", "dask"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--run", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    parser.add_argument("--scheduler", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        _run_one(args)
        return
    from distributed import Client, LocalCluster

    from unsc.lists import service as lists_service

    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        os.environ["UNSC_HOME"] = str(home)
        os.environ["UNSC_CLI_AUDIT"] = "0"
        for f in ("un/un_consolidated_2026-05-08.xml", "ofac/sdn_2024-05-03.csv"):
            lists_service.load_list(_shared() / f)
        print(f"cpus: {os.cpu_count()}, load {os.getloadavg()[0]:.1f}", flush=True)
        cluster = None
        if any(m.startswith("dask") for m in args.modes):
            cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1,
                                   processes=True, dashboard_address=None)
        try:
            for rows in args.rows:
                src = Path(tmp) / f"names-{rows}.csv"
                distinct = _names_csv(src, rows)
                for mode in args.modes:
                    results.append(_measure(mode, rows, distinct, src, Path(tmp), args,
                                            cluster, Client))
                    print(json.dumps(results[-1]), flush=True)
        finally:
            if cluster is not None:
                cluster.close()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


def _measure(mode: str, rows: int, distinct: int, src: Path, tmp: Path,
             args: argparse.Namespace, cluster: Any, client_cls: Any) -> dict[str, Any]:
    env = dict(os.environ)
    env["UNSC_SCREENING_WORKERS"] = "1" if mode == "single" else str(args.workers)
    out = tmp / f"out-{mode}-{rows}.csv"
    cmd = [sys.executable, __file__, "--run", "--input", str(src), "--output", str(out)]
    pids: list[int] = []
    if mode.startswith("dask"):
        env["UNSC_DASK_SCREENER"] = "scatter" if mode == "dask-scatter" else "store"
        cmd += ["--scheduler", cluster.scheduler_address]
        with client_cls(cluster.scheduler_address) as client:
            client.restart()  # fresh workers: no screener or cache from an earlier run
            pids = list(client.run(os.getpid).values())
    before = _worker_cpu(pids) if pids else 0.0
    load = os.getloadavg()[0]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    report = found["report"]
    cpu = found["cpu_s"] + (_worker_cpu(pids) - before if pids else 0.0)
    parts = report.get("partitions", [])
    return {"mode": mode, "rows": rows, "distinct_names": distinct, "load_before": load,
            "seconds": round(found["wall"], 1), "rows_per_s": round(rows / found["wall"]),
            "client_peak_rss_mb": round(found["client_rss_mb"]),
            "local_worker_peak_rss_mb": round(found["children_rss_mb"]),
            "dask_worker_peak_rss_mb": sorted({p["worker_peak_rss_mb"] for p in parts}),
            "cpu_per_wall_s": round(cpu / found["wall"], 2),
            "screener_seconds_on_worker": max((p["screener_seconds"] for p in parts),
                                              default=0.0),
            "partitions": len(parts), "result_rows": report["rows"],
            "matches": report["matches"], "workers": report["workers"],
            "threads": report["threads"]}


if __name__ == "__main__":
    main()
