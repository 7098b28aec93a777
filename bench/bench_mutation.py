"""Mutation testing of the rule modules: how many deliberate one-line bugs the suite kills.

Usage: .venv/bin/python bench/bench_mutation.py [--max-children N] [--report-only] [--all]
       [--survivors]

Runs mutmut (pinned in the dev extra; configured under ``[tool.mutmut]`` in pyproject.toml:
council/, compliance/, regime/, lists/diff.py, screening/features.py, api/auth.py, with the
tests that cover them) from the project root, then writes the score and every surviving
mutant to docs/testing.md between the ``mutation`` markers. A survivor is either killed by
a new test or explained in bench/mutation_notes.json (mutant name -> why it is equivalent
or acceptable); the report marks the ones that are neither. ``--report-only`` rewrites
the report from the results of the last run (``mutants/``) without running mutmut;
``--survivors`` re-tests only the mutants that survived the last run (after adding tests),
and those the last run left unchecked (e.g. it was interrupted):
mutmut resets every verdict when the test selection changes, so the kills of the last run
are put back afterwards; they still hold, the source being unchanged and tests only added.

The run is bounded to the functions that hold the rules (``RULES``: Art. 27 counting, the
veto-initiative deadlines and the working-day calendar, shipment verdicts and exemption
scope, party findings, oil caps, the exemption procedure, audit verification, sessions and
keys, list diffs, the screening features, the API key header, HS codes and the regime
replay): all ten thousand mutants of the six packages take about three hours on two
cores. ``--all`` runs (and reports) every mutant of the configured files instead.

mutmut works in ``mutants/`` (a copy of src/, tests/, docs/ and bench/); it mutates code
inside functions and methods only (not module-level constants), and a test that starts a
server or the console script in a subprocess exercises the installed code, not the
mutant, so such tests never kill a mutant.
"""

from __future__ import annotations

import argparse
import fnmatch
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
RULES = [
    "unsc.council.voting.x_cast_vote__*", "unsc.council.voting.x_expand_rest__*",
    "unsc.council.voting.x__check_codes__*", "unsc.council.voting.x_parse_codes__*",
    "unsc.council.veto_initiative.x_veto_initiative__*",
    "unsc.council.calendar.xǁUnCalendarǁ*", "unsc.council.composition.x__validate__*",
    "unsc.council.composition.x_council_for__*",
    "unsc.compliance.shipment.x__apply_exemptions__*",
    "unsc.compliance.shipment.x__goods_triggers__*", "unsc.compliance.shipment.x__hs_reason__*",
    "unsc.compliance.shipment.x__measure_hit__*", "unsc.compliance.shipment.x__notification__*",
    "unsc.compliance.shipment.x__vessel_triggers__*",
    "unsc.compliance.shipment.x_check_shipment__*",
    "unsc.compliance.parties.x_party_findings__*", "unsc.compliance.parties.x__freeze_measure__*",
    "unsc.compliance.oil_cap.x_cap_report__*", "unsc.compliance.oil_cap.x_period_bounds__*",
    "unsc.compliance.oil_cap.xǁDeliveryǁbarrels__*", "unsc.compliance.oil_cap.x__cap_measure__*",
    "unsc.compliance.exemptions.x__add_months__*", "unsc.compliance.exemptions.x__active_holds__*",
    "unsc.compliance.exemptions.x_decide__*", "unsc.compliance.exemptions.x__pending_event__*",
    "unsc.compliance.exemptions.xǁExemptionǁcovers__*",
    "unsc.compliance.exemptions.x_approved_exemptions__*",
    "unsc.compliance.audit_verify.x__walk__*", "unsc.compliance.audit_verify.x__collect__*",
    "unsc.compliance.audit_verify.x__cross_check__*",
    "unsc.compliance.audit_verify.x__check_keys__*",
    "unsc.compliance.audit_verify.x__checked_checkpoints__*",
    "unsc.compliance.audit.x__hash__*", "unsc.compliance.audit.x_canonical_json__*",
    "unsc.compliance.sessions.x_session_principal__*", "unsc.compliance.sessions.x__stamp__*",
    "unsc.compliance.keys.x_authenticate__*", "unsc.compliance.keys.x_require__*",
    "unsc.compliance.keys.xǁPrincipalǁcan__*",
    "unsc.lists.diff.*", "unsc.screening.features.*", "unsc.api.auth.*", "unsc.regime.hs.*",
    "unsc.regime.model.xǁExemptionǁin_force__*", "unsc.regime.model.xǁMeasureǁin_force__*",
    "unsc.regime.model.xǁMeasureǁbinds_schema__*",
    "unsc.regime.model.xǁRegimeInfoǁstatus_on__*", "unsc.regime.model.xǁRegimeStateǁcaps__*",
    "unsc.regime.model.xǁRegimeStateǁmeasure__*", "unsc.regime.asof.x__replay__*",
    "unsc.regime.asof.x__renewed__*", "unsc.regime.asof.x_regime_as_of__*",
    "unsc.regime.binding.x_entry_measures__*", "unsc.regime.binding.x__listed_on__*",
]


def run_mutmut(max_children: int, names: list[str]) -> float:
    env = {**os.environ, "UNSC_SHARED_DATA": str(DATA)}
    started = time.perf_counter()
    subprocess.run([str(MUTMUT), "run", "--max-children", str(max_children), *names],
                   cwd=ROOT, env=env, check=True)
    return time.perf_counter() - started


def _verdicts() -> dict[Path, dict[str, int | None]]:
    return {meta: json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
            for meta in (ROOT / "mutants" / "src").rglob("*.py.meta")}


def keep_kills(before: dict[Path, dict[str, int | None]]) -> None:
    """Restore the kills of an earlier run that mutmut reset to "not checked"."""
    for meta, old in before.items():
        data = json.loads(meta.read_text(encoding="utf-8"))
        codes = data["exit_code_by_key"]
        for name, code in old.items():
            if codes.get(name, 0) is None and (code in KILLED or code in TIMEOUT):
                codes[name] = code
        meta.write_text(json.dumps(data, indent=4), encoding="utf-8")


def selected(name: str, everything: bool) -> bool:
    return everything or any(fnmatch.fnmatchcase(name, p) for p in RULES)


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


_MODULES: dict[str, Any] = {}


def diff_of(name: str, source: str) -> str:
    """The mutant's changed lines, read from mutmut's generated module (parsed once)."""
    import libcst
    from mutmut.mutation.diff_apply import read_mutant_function, read_original_function

    if source not in _MODULES:
        _MODULES[source] = libcst.parse_module(
            (ROOT / "mutants" / source).read_text(encoding="utf-8"))
    module = _MODULES[source]
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        before, after = (libcst.Module([f]).code.strip().splitlines() for f in (
            read_original_function(module, name), read_mutant_function(module, name)))
    finally:
        os.chdir(cwd)
    changed = [f"-{line.strip()}" for line in before if line not in after]
    changed += [f"+{line.strip()}" for line in after if line not in before]
    return " / ".join(changed)[:300].replace("`", "'")


def report(seconds: float | None, max_children: int, everything: bool,
           survivors_only: bool = False) -> dict[str, Any]:
    found = {k: v for k, v in results().items() if selected(k, everything)}
    notes: dict[str, str] = json.loads(NOTES.read_text(encoding="utf-8")) if NOTES.exists() \
        else {}
    by_file: dict[str, Counter[str]] = {}
    survivors = []
    for name, (source, code) in sorted(found.items()):
        state = status(code)
        by_file.setdefault(source, Counter())[state] += 1
        if state in ("survived", "no tests"):
            survivors.append((source, name, state, diff_of(name, source), notes.get(name)))
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
             f"bench/bench_mutation.py --max-children {max_children}"
             + (" --all" if everything else "")
             + (" --survivors" if survivors_only else "") + "`"
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
    parser.add_argument("--all", action="store_true", help="every mutant, not only RULES")
    parser.add_argument("--survivors", action="store_true",
                        help="re-test the survivors (and unchecked mutants) of the last run")
    args = parser.parse_args()
    names = [] if args.all else RULES
    if args.survivors:
        names = [name for name, (_, code) in results().items()
                 if selected(name, args.all)
                 and status(code) in ("survived", "no tests", "not checked")]
    before = _verdicts() if args.survivors else {}
    seconds = None if args.report_only else run_mutmut(args.max_children, names)
    if args.survivors:
        keep_kills(before)
    print(json.dumps(report(seconds, args.max_children, args.all,
                            args.survivors and not args.report_only), indent=2))


if __name__ == "__main__":
    main()
