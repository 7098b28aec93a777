"""Time loading the UN Consolidated List of 2026-05-08 (read + store), with baselines.

Usage: .venv/bin/python bench/bench_lists_load.py [--runs N] [--file PATH] [--json OUT]

Figures (median of N runs, each into a fresh SQLite store under a temporary UNSC_HOME):
- baseline lxml: bare ``lxml.etree.fromstring`` of the bytes (the floor for any XML reader)
- baseline defusedxml: ``defusedxml.ElementTree.fromstring`` (the usual "safe XML" choice)
- read: hardened parse + every record to the entity model (``parse_un_xml``)
- store: one transaction writing the version and every entry (``store_version``)
- load: ``load_list`` end to end (sha256, detect, read, store) - the < 2 s requirement
The first (cold) load in the process, which pays imports and country-table warm-up, is
reported separately.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("UNSC_SHARED_DATA", ROOT.parent / "shared" / "data"))
DEFAULT = DATA / "un" / "un_consolidated_2026-05-08.xml"


def fresh_home() -> None:
    from unsc.store import engine

    os.environ["UNSC_HOME"] = tempfile.mkdtemp(prefix="unsc-bench-")
    engine.reset_engines()
    engine.get_engine()  # migrations are not part of a load


def timed(fn: Callable[[], Any], runs: int,
          setup: Callable[[], None] | None = None) -> tuple[float, float]:
    """Median wall-clock and CPU seconds (CPU time shows the work when the machine is busy)."""
    wall, cpu = [], []
    for _ in range(runs):
        if setup:
            setup()
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--file", type=Path, default=DEFAULT)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    if not args.file.is_file():
        print(f"missing {args.file}; set UNSC_SHARED_DATA", file=sys.stderr)
        return 2
    data = args.file.read_bytes()
    source = str(args.file)

    fresh_home()
    start = time.perf_counter()
    from unsc.lists import service
    from unsc.lists.un_xml import parse_un_xml

    service.load_list(source, data=data)
    cold = time.perf_counter() - start

    import defusedxml.ElementTree as defused
    from lxml import etree

    version = parse_un_xml(data, source)
    figures = {
        "baseline_lxml": timed(lambda: etree.fromstring(data), args.runs),
        "baseline_defusedxml": timed(lambda: defused.fromstring(data), args.runs),
        "read": timed(lambda: parse_un_xml(data, source), args.runs),
        "store": timed(lambda: service.store_version(version), args.runs, fresh_home),
        "load": timed(lambda: service.load_list(source, data=data), args.runs, fresh_home),
    }
    results: dict[str, Any] = {
        "file": args.file.name, "bytes": len(data), "entries": len(version.entities),
        "runs": args.runs, "loadavg_1min": round(os.getloadavg()[0], 2),
        "cold_load_wall_s": round(cold, 3),
    }
    print(f"{args.file.name}: {len(data)} bytes, {len(version.entities)} entries, "
          f"median of {args.runs} runs, load average {results['loadavg_1min']}")
    print(f"{'step':<22}{'wall s':>10}{'cpu s':>10}")
    for name, (wall, cpu) in figures.items():
        results[f"{name}_wall_s"], results[f"{name}_cpu_s"] = round(wall, 3), round(cpu, 3)
        print(f"{name:<22}{wall:>10.3f}{cpu:>10.3f}")
    print(f"{'cold load (1st run)':<22}{cold:>10.3f}")
    ok = results["load_wall_s"] < 2.0
    print(f"load under 2 s: {'yes' if ok else 'NO'}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
