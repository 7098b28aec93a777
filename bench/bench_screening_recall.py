"""Screening recall on real-world spellings (issue 12): unsc vs nomenklatura logic-v2 vs
Jaro-Winkler on an evaluation the matcher was not tuned on.

Usage (from the repository root):

    .venv/bin/python bench/bench_screening_recall.py [--quick] [--split held|tune]
        [--systems unsc,logic-v2,jaro-winkler] [--json out.json] [--write-docs]
        [--dump-misses FILE [--system unsc] [--allow-held-out-dump]] [--seed 1718]
        [--from-json out.json]

Reports the held-out half by default. ``--split tune`` reports the tuning half, the one
to tune on; ``--dump-misses`` writes one system's misses there (query, expected record,
top 5 with scores) and refuses the held-out half unless ``--allow-held-out-dump``.
``--write-docs`` replaces the screening-recall section of docs/benchmarks.md (full run,
held-out half, all three systems only). A full run takes about 10-15 minutes on 2 cores
(logic-v2 is the slow one); ``--quick`` about a minute. ``--from-json`` re-renders a saved
run without screening again.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.screening_recall.dataset import DOB_CLASSES, Sizes, build  # noqa: E402
from bench.screening_recall.metrics import evaluate  # noqa: E402
from bench.screening_recall.misses import dump  # noqa: E402
from bench.screening_recall.records import list_paths, load_records  # noqa: E402
from bench.screening_recall.report import COMMAND, render, write_docs  # noqa: E402
from bench.screening_recall.runner import run  # noqa: E402
from bench.screening_recall.systems import (  # noqa: E402
    JaroWinklerSystem,
    LogicV2System,
    UnscSystem,
    batch_dropped,
)

ALL = ("unsc", "logic-v2", "jaro-winkler")


def _args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    p.add_argument("--split", choices=("held", "tune"), default="held")
    p.add_argument("--quick", action="store_true", help="small cells, about a minute")
    p.add_argument("--systems", default=",".join(ALL))
    p.add_argument("--seed", type=int, default=1718)
    p.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    p.add_argument("--json", type=Path)
    p.add_argument("--write-docs", action="store_true")
    p.add_argument("--dump-misses", type=Path, metavar="FILE")
    p.add_argument("--system", default="unsc", help="whose misses --dump-misses writes")
    p.add_argument("--allow-held-out-dump", action="store_true")
    p.add_argument("--from-json", type=Path, metavar="FILE",
                   help="re-render the tables (and --write-docs) from a saved --json run")
    args = p.parse_args()
    wanted = args.systems.split(",")
    if unknown := set(wanted) - set(ALL):
        p.error(f"unknown system(s): {', '.join(sorted(unknown))}")
    if args.from_json:
        return args
    if args.write_docs and (args.quick or args.split != "held" or set(wanted) != set(ALL)):
        p.error("--write-docs needs a full held-out run of all three systems")
    if args.dump_misses and args.split == "held" and not args.allow_held_out_dump:
        p.error("--dump-misses writes the tuning half: add --split tune "
                "(or --allow-held-out-dump to look at the held-out half on purpose)")
    if args.dump_misses and args.system not in wanted:
        p.error(f"--system {args.system} is not among --systems")
    return args


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                              capture_output=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _rerender(args: argparse.Namespace) -> None:
    saved = json.loads(args.from_json.read_text())
    meta, results = saved["meta"], saved["systems"]
    if args.write_docs and (meta["quick"] or meta["split"] != "held" or set(results) != set(ALL)):
        raise SystemExit("--write-docs needs a saved full held-out run of all three systems")
    data = build(meta["seed"], Sizes.quick() if meta["quick"] else Sizes(), load_records())
    text = render(data, meta["split"], results, meta)
    print(text)
    if args.write_docs:
        write_docs(ROOT / "docs" / "benchmarks.md", text)


def main() -> None:
    args = _args()
    if args.from_json:
        _rerender(args)
        return
    started = time.perf_counter()
    records = load_records()
    data = build(args.seed, Sizes.quick() if args.quick else Sizes(), records)
    # The split's queries, plus the tuning negatives every system's tuned threshold needs.
    queries = [q for q in data.queries
               if q.split == args.split or (q.cls == "negative" and q.split == "tune")]
    pairs_scored = [p for p in data.pairs if p.split == args.split]
    print(f"dataset: {len(data.queries)} queries and {len(data.pairs)} pairs built in "
          f"{time.perf_counter() - started:.1f}s; running {len(queries)} queries and "
          f"{len(pairs_scored)} pairs of the {args.split} half", flush=True)
    results: dict[str, Any] = {}
    raw: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="unsc-recall-") as tmp:
        for name in args.systems.split(","):
            t0 = time.perf_counter()
            system: Any = (UnscSystem(list_paths(), Path(tmp)) if name == "unsc" else
                           LogicV2System(records) if name == "logic-v2" else
                           JaroWinklerSystem(records))
            built = time.perf_counter() - t0
            out, seconds = run(system, queries, args.workers)
            by_qid = {q.qid: r for q, r in zip(queries, out, strict=True)}
            scores = system.score_pairs(pairs_scored)
            all_scores = iter(scores)
            pair_scores = [next(all_scores) if p.split == args.split else float("nan")
                           for p in data.pairs]
            dropped = None
            if name == "unsc":
                dropped = batch_dropped([q for q in queries if q.cls in DOB_CLASSES], Path(tmp))
            results[name] = evaluate(data, args.split, by_qid, system.default_threshold,
                                     pair_scores, dropped, seconds, len(queries))
            results[name]["build_seconds"] = built
            raw[name] = by_qid
            print(f"{name}: {len(queries) / seconds:.0f} q/s, done in "
                  f"{time.perf_counter() - t0:.0f}s", flush=True)
    total = time.perf_counter() - started
    meta = {"command": COMMAND if args.write_docs else " ".join(["bench/bench_screening_recall.py",
                                                                 *sys.argv[1:]]),
            "cpus": os.cpu_count(), "seconds": total, "commit": _commit(),
            "split": args.split, "seed": args.seed, "quick": args.quick}
    text = render(data, args.split, results, meta)
    print(text)
    if args.json:
        args.json.write_text(json.dumps({"meta": meta, "systems": results}, indent=1))
    if args.dump_misses:
        rows = [(q, raw[args.system][q.qid]) for q in queries if q.split == args.split]
        thr = results[args.system]["threshold_ship"] or results[args.system]["threshold_tuned"]
        n = dump(args.dump_misses, rows, records, thr)
        print(f"{n} misses of {args.system} ({args.split} half) -> {args.dump_misses}")
    if args.write_docs:
        write_docs(ROOT / "docs" / "benchmarks.md", text)
    print(f"total {total:.0f}s")


if __name__ == "__main__":
    main()
