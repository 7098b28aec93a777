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


def timed(fn: Callable[[], Any], runs: int, setup: Callable[[], None] | None = None) -> float:
    times = []
    for _ in range(runs):
        if setup:
            setup()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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
    results = {
        "file": args.file.name,
        "bytes": len(data),
        "entries": len(version.entities),
        "runs": args.runs,
        "baseline_lxml_s": timed(lambda: etree.fromstring(data), args.runs),
        "baseline_defusedxml_s": timed(lambda: defused.fromstring(data), args.runs),
        "read_s": timed(lambda: parse_un_xml(data, source), args.runs),
        "store_s": timed(lambda: service.store_version(version), args.runs, fresh_home),
        "load_s": timed(lambda: service.load_list(source, data=data), args.runs, fresh_home),
        "cold_load_s": cold,
        "loadavg_1min": os.getloadavg()[0],
    }
    for key, value in results.items():
        print(f"{key:>22}: {value:.3f}" if isinstance(value, float) else f"{key:>22}: {value}")
    ok = results["load_s"] < 2.0
    print(f"load under 2 s: {'yes' if ok else 'NO'}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
