"""Screening quality, side by side: unsc vs nomenklatura logic-v2 vs Jaro-Winkler.

Usage (from the repository root):

    .venv/bin/python bench/bench_screening_quality.py [--per-set 250] [--write-docs]
        [--json results.json] [--failures 12] [--systems unsc]

Builds the deterministic evaluation from the real UN and OFAC lists (bench/screening_eval),
runs all three systems in the same process on the same pairs and queries, prints one table
per mode, and with ``--write-docs`` replaces the "Screening quality" section of
docs/benchmarks.md (other sections are kept).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.screening_eval.dataset import POSITIVE_SETS, build_dataset  # noqa: E402
from bench.screening_eval.diagnose import diagnose  # noqa: E402
from bench.screening_eval.report import failures, render, write_docs  # noqa: E402
from bench.screening_eval.runner import evaluate, run_system, screening_queries  # noqa: E402
from bench.screening_eval.systems import all_systems  # noqa: E402

ALL_SYSTEMS = "unsc,logic-v2,jaro-winkler"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-set", type=int, default=250,
                        help="screening queries per set and split (same sample for all)")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--systems", default=ALL_SYSTEMS,
                        help="comma-separated subset, e.g. 'unsc' for a 15-second tuning loop")
    parser.add_argument("--failures", type=int, default=0,
                        help="print this many worst unsc pairs per set, and unsc "
                        "screening misses split into candidate-stage misses and low scores")
    args = parser.parse_args()
    if args.write_docs and set(args.systems.split(",")) != set(ALL_SYSTEMS.split(",")):
        parser.error("--write-docs needs all three systems")
    started = time.perf_counter()
    data = build_dataset()
    queries = screening_queries(data, args.per_set)
    print(f"dataset: {len(data.pairs)} pairs, {len(queries)} screening queries, "
          f"{len(data.links)} OFAC->UN links, built in {time.perf_counter() - started:.1f}s",
          flush=True)
    results = {}
    runs = {}
    wanted = set(args.systems.split(","))
    for system in (s for s in all_systems() if s.name in wanted):
        t0 = time.perf_counter()
        run = run_system(system, data, queries)
        runs[system.name] = run
        results[system.name] = evaluate(run, data.pairs, queries)
        print(f"{system.name}: done in {time.perf_counter() - t0:.1f}s", flush=True)
    text = render(data, queries, results)
    print(text)
    if args.failures and "unsc" in runs:
        print(failures(data.pairs, runs, args.failures, POSITIVE_SETS))
        print(diagnose(data, queries, runs["unsc"], results["unsc"]["screen_threshold"],
                       args.failures))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    if args.write_docs:
        write_docs(ROOT / "docs" / "benchmarks.md", text)
    print(f"total {time.perf_counter() - started:.0f}s")


if __name__ == "__main__":
    main()
