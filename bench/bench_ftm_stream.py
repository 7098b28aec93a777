"""Load generated OpenSanctions-style FtM files of growing size; peak memory must stay flat.

Usage: .venv/bin/python bench/bench_ftm_stream.py [--sizes-mb 100 300 1000] [--out DIR]
       [--json OUT] [--max-rss-mb 500]

Each file is written once (kept in ``--out``, default bench/out/ftm) and holds, per
group, a Person (names, alias, birth date, nationality, topics), its Passport, Sanction
and Address, and a Company (jurisdiction, registration number, address) with an Ownership
and a Directorship to the person: the mix of an OpenSanctions export, one JSON line per
record, shuffled within windows so adjacent records are not always next to their entity.
Every size is loaded by ``unsc lists load FILE --json`` in a fresh process into a fresh
SQLite store (the CLI end to end: sha256, both streamed passes, every entity built and
stored in one transaction); its peak RSS (``ru_maxrss`` of the child) and wall time are
reported. Exits non-zero if any peak passes ``--max-rss-mb``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SYLLABLES = ("ka", "lo", "mir", "sen", "ta", "vo", "ri", "dan", "el", "gor", "is", "na",
             "pet", "ul", "zar", "khan", "bek", "ov", "in", "ra")
COUNTRIES = ("ru", "ir", "kp", "sy", "by", "ae", "tr", "cn", "ve", "mm")


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def _group(rng: random.Random, n: int) -> list[dict[str, Any]]:
    person, company = f"p-{n}", f"c-{n}"
    country = rng.choice(COUNTRIES)
    name = f"{_word(rng, 2)} {_word(rng, 3)} {_word(rng, 3)}"
    datasets = [rng.choice(("eu_fsf", "gb_hmt_sanctions", "us_ofac_sdn", "ch_seco"))]
    street = f"{rng.randint(1, 200)} {_word(rng, 3)} Street"
    city = _word(rng, 2)

    def rec(rid: str, schema: str, props: dict[str, list[str]]) -> dict[str, Any]:
        return {"id": rid, "schema": schema, "properties": props, "datasets": datasets}

    return [
        rec(person, "Person", {"name": [name], "alias": [name.upper(), _word(rng, 4)],
                               "birthDate": [f"19{rng.randint(40, 99)}-0{rng.randint(1, 9)}"
                                             f"-1{rng.randint(0, 9)}"],
                               "nationality": [country], "topics": ["sanction"],
                               "addressEntity": [f"a-{n}"],
                               "notes": [f"Listed for {_word(rng, 4)} activities."]}),
        rec(f"pp-{n}", "Passport", {"holder": [person], "country": [country],
                                    "number": [str(rng.randint(10**8, 10**9))]}),
        rec(f"s-{n}", "Sanction", {"entity": [person], "authority": ["Council of the EU"],
                                   "program": [f"{country.upper()} regime"],
                                   "startDate": [f"20{rng.randint(10, 25)}-03-15"]}),
        rec(f"a-{n}", "Address", {"full": [f"{street}, {city}"], "street": [street],
                                  "city": [city], "country": [country]}),
        rec(company, "Company", {"name": [f"{_word(rng, 3)} {_word(rng, 2)} LLC"],
                                 "jurisdiction": [country], "topics": ["sanction"],
                                 "registrationNumber": [str(rng.randint(10**12, 10**13))],
                                 "address": [f"{street}, {city}"]}),
        rec(f"o-{n}", "Ownership", {"owner": [person], "asset": [company],
                                    "percentage": [str(rng.randint(1, 100))]}),
        rec(f"d-{n}", "Directorship", {"director": [person], "organization": [company],
                                       "role": ["Director"]}),
    ]


def generate(path: Path, megabytes: int, seed: int = 7) -> dict[str, int]:
    """Write an FtM file of about ``megabytes`` MB; returns its record and group counts."""
    rng = random.Random(seed)
    goal, written, groups, records = megabytes * 1_000_000, 0, 0, 0
    with path.open("w", encoding="utf-8") as out:
        while written < goal:
            window: list[dict[str, Any]] = []
            for _ in range(50):
                window.extend(_group(rng, groups))
                groups += 1
            rng.shuffle(window)
            text = "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in window)
            out.write(text)
            written += len(text.encode())
            records += len(window)
    return {"bytes": path.stat().st_size, "records": records, "groups": groups}


def load(path: Path) -> dict[str, Any]:
    """``unsc lists load`` in a fresh process on a fresh store: wall s and peak RSS MB."""
    home = tempfile.mkdtemp(prefix="unsc-ftm-bench-")
    env = {**os.environ, "UNSC_HOME": home, "UNSC_DATABASE_URL": "", "UNSC_CLI_AUDIT": "0"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run([str(Path(sys.executable).parent / "unsc"), "lists", "load",
                           str(path), "--force", "--json"], env=env, capture_output=True,
                          text=True, check=False)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode != 0:
        raise SystemExit(f"load failed: {done.stdout[-2000:]} {done.stderr[-2000:]}")
    result = json.loads(done.stdout)
    if peak <= before:
        raise SystemExit("this child's peak is hidden by an earlier, larger one: run the "
                         "sizes in increasing order")
    store = sum(f.stat().st_size for f in Path(home).iterdir() if f.is_file())
    shutil.rmtree(home, ignore_errors=True)
    return {"wall_s": round(wall, 1), "peak_rss_mb": round(peak / 1024, 1),
            "entities": result.get("count") or result.get("entities"),
            "dropped": sum((result.get("dropped") or {}).values()),
            "store_mb": round(store / 1e6, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes-mb", type=int, nargs="+", default=[100, 300, 1000])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "ftm")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--max-rss-mb", type=float, default=500.0)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in sorted(args.sizes_mb):  # ru_maxrss of children only grows
        path = args.out / f"os_{size}mb_2026-06-01.ftm.json"
        made = generate(path, size) if not path.exists() else {
            "bytes": path.stat().st_size, "records": sum(1 for _ in path.open("rb")),
            "groups": 0}
        row = {"size_mb": round(made["bytes"] / 1e6), "records": made["records"],
               **load(path)}
        rows.append(row)
        print(json.dumps(row), flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    worst = max(r["peak_rss_mb"] for r in rows)
    print(f"peak RSS at most {worst} MB (bound {args.max_rss_mb} MB)")
    return 0 if worst < args.max_rss_mb else 1


if __name__ == "__main__":
    sys.exit(main())
