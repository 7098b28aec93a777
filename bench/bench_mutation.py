"""Mutation testing of the rule modules: how many deliberate one-line bugs the suite kills.

Usage: .venv/bin/python bench/bench_mutation.py [--max-children N] [--report-only]

Runs mutmut (pinned in the dev extra; configured under ``[tool.mutmut]`` in pyproject.toml:
council/, compliance/, regime/, lists/diff.py, screening/features.py, api/auth.py, with the
tests that cover them) from the project root, then writes the score and every surviving
mutant to docs/testing.md between the ``mutation`` markers. A survivor is either killed by
a new test or explained in bench/mutation_notes.json (mutant name -> why it is equivalent
or acceptable); the report marks the ones that are neither. ``--report-only`` rewrites
the report from the results of the last run (``mutants/``) without running mutmut.

mutmut works in ``mutants/`` (a copy of src/, tests/, docs/ and bench/); it mutates code
inside functions and methods only (not module-level constants), and a test that starts a
server or the console script in a subprocess exercises the installed code, not the
mutant, so such tests never kill a mutant.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("UNSC_SHARED_DATA", ROOT.parent / "shared" / "data")).resolve()
DOC = ROOT / "docs" / "testing.md"
NOTES = ROOT / "bench" / "mutation_notes.json"
BEGIN, END = "<!-- mutation:begin -->", "<!-- mutation:end -->"
MUTMUT = Path(sys.executable).with_name("mutmut")
# mutmut's exit codes (mutmut/stats.py): 1 and 3 killed, 0 survived, 5 and 33 no tests,
# 36 and the SIGXCPU codes timeout (the mutant hung the tests: detected), 34 skipped.
KILLED = {1, 3}
TIMEOUT = {36, -24, 24, 152, 255}
NO_TESTS = {5, 33}


def run_mutmut(max_children: int) -> float:
    env = {**os.environ, "UNSC_SHARED_DATA": str(DATA)}
    started = time.perf_counter()
    subprocess.run([str(MUTMUT), "run", "--max-children", str(max_children)], cwd=ROOT,
                   env=env, check=True)
    return time.perf_counter() - started


def results() -> dict[str, tuple[str, int | None]]:
    """mutant name -> (source file, exit code) from mutmut's meta files."""
    out: dict[str, tuple[str, int | None]] = {}
    for meta in sorted((ROOT / "mutants" / "src").rglob("*.py.meta")):
        data = json.loads(meta.read_text(encoding="utf-8"))
        source = str(meta.relative_to(ROOT / "mutants")).removesuffix(".meta")
        for name, code in data["exit_code_by_key"].items():
            out[name] = (source, code)
    return out


def status(code: int | None) -> str:
    if code in KILLED:
        return "killed"
    if code in TIMEOUT:
        return "timeout"
    if code in NO_TESTS:
        return "no tests"
    if code == 0:
        return "survived"
    return "not checked" if code is None else f"other ({code})"


def diff_of(name: str) -> str:
    shown = subprocess.run([str(MUTMUT), "show", name], cwd=ROOT, capture_output=True,
                           text=True, check=False).stdout
    changed = [line for line in shown.splitlines()
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    return " / ".join(line.strip() for line in changed)[:300]


def report(seconds: float | None, max_children: int) -> dict[str, Any]:
    found = results()
    notes: dict[str, str] = json.loads(NOTES.read_text(encoding="utf-8")) if NOTES.exists() \
        else {}
    by_file: dict[str, Counter[str]] = {}
    survivors = []
    for name, (source, code) in sorted(found.items()):
        state = status(code)
        by_file.setdefault(source, Counter())[state] += 1
        if state in ("survived", "no tests"):
            survivors.append((source, name, state, diff_of(name), notes.get(name)))
    total = Counter[str]()
    for counts in by_file.values():
        total.update(counts)
    detected = total["killed"] + total["timeout"]
    tried = detected + total["survived"] + total["no tests"]
    equivalent = sum(1 for s in survivors if s[4] and s[4].startswith("equivalent"))
    summary = {"mutants": sum(total.values()), "killed": total["killed"],
               "timeout": total["timeout"], "survived": total["survived"],
               "no_tests": total["no tests"], "not_checked": total["not checked"],
               "score": round(100 * detected / tried, 1) if tried else 0.0,
               "score_without_equivalent": round(100 * detected / (tried - equivalent), 1)
               if tried > equivalent else 0.0,
               "equivalent": equivalent,
               "unexplained": sum(1 for s in survivors if not s[4]),
               "seconds": round(seconds) if seconds is not None else None}
    lines = [BEGIN, "",
             f"Last run: {datetime.now(UTC).date().isoformat()}, `{Path(sys.executable).name} "
             f"bench/bench_mutation.py --max-children {max_children}`"
             + (f", {summary['seconds'] // 60} min {summary['seconds'] % 60} s "
                "on this project's 2-core machine" if seconds is not None else "")
             + ".", "",
             f"**Score: {summary['score']} %** of {tried} mutants detected (killed "
             f"{summary['killed']}, timed out {summary['timeout']}); survived "
             f"{summary['survived']}, no covering test {summary['no_tests']}. Leaving out the "
             f"{equivalent} survivors explained as equivalent: "
             f"**{summary['score_without_equivalent']} %**. Unexplained survivors: "
             f"{summary['unexplained']}.", "",
             "| module | mutants | killed | timeout | survived | no tests | score |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for source, counts in sorted(by_file.items()):
        caught = counts["killed"] + counts["timeout"]
        n = caught + counts["survived"] + counts["no tests"]
        lines.append(f"| `{source.removeprefix('src/unsc/')}` | {sum(counts.values())} | "
                     f"{counts['killed']} | {counts['timeout']} | {counts['survived']} | "
                     f"{counts['no tests']} | {round(100 * caught / n, 1) if n else '-'} % |")
    lines += ["", "Surviving mutants (mutmut name, the change, and why it survives):", ""]
    for _source, name, state, change, note in survivors:
        why = note or "UNEXPLAINED: needs a test or an explanation in bench/mutation_notes.json"
        lines.append(f"- `{name}` ({state}): `{change or '?'}`. {why}")
    lines += ["", END]
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Testing\n\n{BEGIN}\n{END}\n"
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    DOC.write_text(head + "\n".join(lines) + tail, encoding="utf-8")
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--report-only", action="store_true")
    args = parser.parse_args()
    seconds = None if args.report_only else run_mutmut(args.max_children)
    print(json.dumps(report(seconds, args.max_children), indent=2))


if __name__ == "__main__":
    main()
