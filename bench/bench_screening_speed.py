"""Screening speed: index build, single-query throughput, batch throughput, peak memory.

Usage (from the repository root):

    .venv/bin/python bench/bench_screening_speed.py [--queries 20000] [--batch 1000000]
        [--baseline 1000] [--single-only] [--distinct]

Reads the real UN (2026-05-08) and OFAC SDN (2024-05-03) lists from ../shared/data
(UNSC_SHARED_DATA), generates a deterministic name set (common names from many cultures
plus list names with a typo), and prints:

- index build time for UN and for UN + OFAC SDN;
- single-name queries per second in one process against the UN list, and, in the same
  run, the baseline ``rapidfuzz.process.extractOne`` over all UN names (no index);
- batch screening time of ``--batch`` names against UN + OFAC SDN (CSV in, CSV out, all
  cores);
- peak resident memory of this process and of the batch workers (getrusage).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rapidfuzz import fuzz, process, utils  # noqa: E402

from unsc.lists.readers import read_list  # noqa: E402
from unsc.screening import Query, Screener, screen_batch  # noqa: E402

FIRST = ["John", "Maria", "Mohammed", "Wei", "Olga", "Ahmed", "Jose", "Anna", "Ivan", "Fatima",
         "David", "Sara", "Juan", "Ali", "Hassan", "Elena", "Omar", "Yuki", "Chen", "Priya",
         "Kwame", "Aisha", "Sergei", "Li", "Min-jun", "Ji-woo", "Abdul", "Carlos", "Mehmet",
         "Reza", "Amina", "Oleksandr", "Nguyen", "Raj", "Lucia", "Tomasz", "Kenji", "Hyun"]
LAST = ["Smith", "Garcia", "Khan", "Wang", "Ivanova", "Lee", "Hassan", "Silva", "Muller",
        "Chen", "Petrov", "Ali", "Cohen", "Nguyen", "Kim", "Rossi", "Park", "Yilmaz",
        "Hosseini", "Okafor", "Sharma", "Kowalski", "Tanaka", "Rahman", "Haddad", "Novak",
        "Choi", "Santos", "Abdullah", "Moreau", "Jung", "Popescu", "Mensah", "Ibrahim"]


def shared_data() -> Path:
    return Path(os.environ.get("UNSC_SHARED_DATA", ROOT.parent / "shared" / "data"))


def _word(rnd: random.Random) -> str:
    """A pronounceable made-up surname (Bakoterin): unseen by any cache."""
    letters = [rnd.choice("bdfghjklmnprstvz") + rnd.choice("aeiou")
               for _ in range(rnd.randint(2, 4))]
    return "".join(letters).capitalize() + rnd.choice(["", "n", "r", "s"])


def generate(n: int, list_names: list[str], seed: int = 7, distinct: bool = False,
             ) -> list[str]:
    """Deterministic names: 80 % common names, 20 % list names with one typo. With
    ``distinct``, the common names get a made-up surname, so nearly no name repeats."""
    rnd = random.Random(seed)
    out: list[str] = []
    for i in range(n):
        if distinct and i % 5:
            out.append(f"{rnd.choice(FIRST)} {rnd.choice(LAST)} {_word(rnd)}")
            continue
        if i % 5 == 0:
            name = rnd.choice(list_names)
            if len(name) > 5:
                p = rnd.randrange(len(name))
                name = name[:p] + name[p + 1:]
            out.append(name)
        else:
            middle = f" {rnd.choice(FIRST)}" if rnd.random() < 0.3 else ""
            out.append(f"{rnd.choice(FIRST)}{middle} {rnd.choice(LAST)}")
    return out


def calibrate() -> float:
    """Seconds for a plain Python loop: compares this run's machine with another's."""
    t0 = time.process_time()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.process_time() - t0


def _cpu_seconds() -> float:
    """User + system CPU seconds of this process and its finished children (the batch
    workers): on a machine shared with other work, wall time says more about the others."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=1_000_000)
    parser.add_argument("--baseline", type=int, default=1_000)
    parser.add_argument("--single-only", action="store_true",
                        help="skip the OFAC index and the batch run (a run takes < 1 minute)")
    parser.add_argument("--distinct", action="store_true",
                        help="single-query and batch names that (almost) never repeat: the "
                        "worst case (no repeated name is served from a cache)")
    args = parser.parse_args()
    data = shared_data()
    un = read_list(data / "un" / "un_consolidated_2026-05-08.xml").entities
    sdn = read_list(data / "ofac" / "sdn_2024-05-03.csv").entities
    un_names = [n.value for e in un for n in e.names]
    print(f"cpus: {os.cpu_count()}  UN: {len(un)} entities, {len(un_names)} names; "
          f"OFAC SDN: {len(sdn)} entities")

    t0 = time.perf_counter()
    un_screener = Screener(un)
    build_un = time.perf_counter() - t0
    if args.single_only:
        print(f"index build: UN {build_un:.2f} s ({len(un_screener.index.names)} names)")
    else:
        t0 = time.perf_counter()
        both = Screener([*un, *sdn])
        build_both = time.perf_counter() - t0
        print(f"index build: UN {build_un:.2f} s ({len(un_screener.index.names)} names); "
              f"UN + OFAC SDN {build_both:.2f} s ({len(both.index.names)} names)")

    names = generate(args.queries, un_names, distinct=args.distinct)
    queries = [Query(n) for n in names]
    t0, c0 = time.perf_counter(), time.process_time()
    for q in queries:
        un_screener.screen(q)
    cold = len(queries) / (time.perf_counter() - t0)
    cold_cpu = len(queries) / (time.process_time() - c0)
    fresh = [Query(n) for n in generate(args.queries, un_names, seed=8,
                                                  distinct=args.distinct)]
    t0 = time.perf_counter()
    for q in fresh:
        un_screener.screen(q)
    warm = len(fresh) / (time.perf_counter() - t0)
    choices = [utils.default_process(n) for n in un_names]
    t0 = time.perf_counter()
    for n in names[:args.baseline]:
        process.extractOne(utils.default_process(n), choices, scorer=fuzz.WRatio)
    base = args.baseline / (time.perf_counter() - t0)
    print(f"machine load: {os.getloadavg()[0]:.1f} (1-min average), pure-Python loop of 10M "
          f"additions: {calibrate():.2f} s")
    print(f"single queries vs UN, one process: {cold:,.0f} q/s wall, {cold_cpu:,.0f} q/s per "
          f"CPU second (first {len(queries):,} "
          f"names, cold caches), {warm:,.0f} q/s (next {len(fresh):,} new names); baseline "
          f"rapidfuzz extractOne(WRatio) over all UN names: {base:,.0f} q/s")
    if args.single_only:
        print(f"peak RSS: main process {rss_mb(resource.RUSAGE_SELF):.0f} MB")
        return

    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "names.csv", Path(tmp) / "hits.csv"
        with src.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["id", "name"])
            names_all = [*un_names, *(n.value for e in sdn for n in e.names)]
            batch_names = generate(args.batch, names_all, 9, distinct=args.distinct)
            writer.writerows((f"q{i}", n) for i, n in enumerate(batch_names))
            unique = len(set(batch_names))
            del batch_names
        t0, c0 = time.perf_counter(), _cpu_seconds()
        report = screen_batch(src, out, limit=5, screener=both)
        elapsed, cpu = time.perf_counter() - t0, _cpu_seconds() - c0
        print(f"batch: {report.queries:,} names vs UN + OFAC SDN in {elapsed:.1f} s "
              f"({report.queries / elapsed:,.0f} names/s, {report.workers} processes, "
              f"{cpu:.0f} CPU s in all processes, so {cpu / max(report.workers, 1):.0f} s "
              f"on {report.workers} idle cores; {report.rows:,} result rows, "
              f"{report.matches:,} matches; {unique:,} distinct "
              "names, repeats are screened once per process)")
        print(f"machine load after the batch: {os.getloadavg()[0]:.1f} (1-min average)")
    print(f"peak RSS: main process {rss_mb(resource.RUSAGE_SELF):.0f} MB, "
          f"largest batch worker {rss_mb(resource.RUSAGE_CHILDREN):.0f} MB")


if __name__ == "__main__":
    main()
