"""Mutated list files and kills during a load: what unsc does with each (issue 9).

One row per kind of input: mutations of three real base files (drawn with a seeded
generator, so a re-run is identical), every real full-size file cut at line boundaries
into an empty store (the completeness marker must refuse each on its own), and
``kill -9`` of a real ``unsc lists load`` at spread points. The verdict on each case is
bench/reliability/_mutations.py's ``judge`` and _kills.py's ``judge_kill``: the same code
the fuzz tests assert with.
"""

from __future__ import annotations

import io
import random
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from bench.reliability._kills import KillVerdict, kill_load, prepare
from bench.reliability._mutations import (
    KINDS,
    Base,
    Mutation,
    Verdict,
    csv_base,
    export_of,
    fresh_store,
    ftm_base,
    judge,
    shared_data,
    un_base,
)

__all__ = ["COLUMNS", "NOTES", "TITLE", "run"]

TITLE = "List files under mutation and kill -9"
COLUMNS = ["case", "tried", "refused cleanly", "accepted valid", "accepted invalid",
           "valid refused", "traceback", "hang", "store changed wrongly", "records lost",
           "seconds"]
NOTES = """\
Goals: 0 in every column from "accepted invalid" to "records lost". *Refused cleanly*: a
ListFormatError (or its ListGateError subclass), exit code 2, the store unchanged row for row
(versions, entries, current pointers, audit records). *Accepted valid*: loaded, and the file
is whole by an independent parser (stdlib XML/CSV/JSON) with the same entry count as stored,
the version has all its entries, its current pointer and its `list.load` audit record.
*Accepted invalid*: loaded although the mutation must be refused (a cut that loses more than
trailing whitespace, a duplicated record, an emptied list) or the independent parser rejects
the file. *Valid refused*: a whole file refused (deleting one UN or SDN.CSV record must still
load). *Hang*: no answer within 10 s (60 s for full files). *Store changed wrongly*: a
refused file that changed the store, or after a kill a partial version, a version without
its pointer or audit record, an audit record without its version, or a chain that no longer
verifies. *Records lost*: rows (versions, entries, audit records) that existed before a kill
and are missing after it.

Method: mutations (uniformly one of cut at a random byte, cut at a random line boundary,
one flipped bit, one record deleted, one record duplicated, every record removed) of the
real 1718 Committee list of 2015-03-17 (32 records), every 50th row of the real SDN.CSV of
2024-05-03 (300 rows, CRLF and Ctrl-Z kept) and unsc's FtM export of that 1718 list; each is
loaded with `load_list` into a store whose current version of the same list is the base
file, so the shrink and date gates are live. Full files: the real UN list of 2026-05-08,
the SDN.CSV of 2024-05-03 and the FtM export of the UN list, each cut at evenly spaced line
boundaries and loaded into an empty store (no shrink gate to help). Kills: `unsc lists load`
of the SDN.CSV (14,965 entries) as a subprocess into a store holding the UN list of
2025-11-20 (1,000 entries, one registered subject and their audit records), SIGKILLed in
three phases: after a fraction of the time the load takes to start writing (start-up,
parsing), as soon as SQLite's write-ahead log has grown by a number of bytes (inside the
write transaction, before its commit; three kills at the first byte also time the first
phase), or as soon as the new version's row is visible to a reader (after the commit,
while the subject is re-screened). *Accepted valid* there counts kills after which the new
version is in the store whole; after a kill before the commit it must be absent with no
trace. Seeded (`random.Random(9)`); SQLite; one process at a time.
"""

_SEED = 9


def _row(case: str, verdicts: list[Verdict], seconds: float) -> dict[str, object]:
    def count(test: Callable[[Verdict], bool]) -> int:
        return sum(1 for v in verdicts if test(v))

    return {
        "case": case, "tried": len(verdicts),
        "refused cleanly": count(lambda v: v.outcome == "refused" and not v.store_changed),
        "accepted valid": count(lambda v: v.outcome == "accepted" and not v.problem),
        "accepted invalid": count(lambda v: v.outcome == "accepted" and bool(v.problem)),
        "valid refused": count(lambda v: v.problem == "a valid file was refused"),
        "traceback": count(lambda v: v.outcome == "traceback"),
        "hang": count(lambda v: v.outcome == "hang"),
        "store changed wrongly": count(lambda v: v.outcome != "accepted" and v.store_changed),
        "records lost": "-", "seconds": round(seconds, 1)}


def _mutations(base: Base, n: int, rng: random.Random) -> Iterable[Mutation]:
    for _ in range(n):
        kind = rng.choice(KINDS)
        size = {"cut": len(base.data), "flip": len(base.data),
                "cut-line": len(base.line_ends)}.get(kind, len(base.records))
        yield Mutation(kind, rng.randrange(size), rng.randrange(8))


def _mutated(base: Base, n: int, rng: random.Random, folder: Path) -> list[Verdict]:
    """Judge ``n`` mutations, reusing one store until a load changes it."""
    verdicts: list[Verdict] = []
    mutations = list(_mutations(base, n, rng))
    while mutations:
        with fresh_store(base):
            while mutations:
                verdict = judge(base, mutations.pop(0), folder)
                verdicts.append(verdict)
                if verdict.store_changed:
                    break  # the next case needs the base as current again
    return verdicts


def _full_files(cuts: int, folder: Path) -> list[dict[str, object]]:
    un_file = shared_data() / "un" / "un_consolidated_2026-05-08.xml"
    sdn = shared_data() / "ofac" / "sdn_2024-05-03.csv"
    from unsc.lists.export import export_entities
    from unsc.lists.service import load_list

    with fresh_store():
        load_list(un_file)
        out = io.StringIO()
        export_entities("ftm", out, "un-2026-05-08")
    bases = [("UN XML 2026-05-08, full", "un-xml", un_file.name, un_file.read_bytes()),
             ("SDN.CSV 2024-05-03, full", "ofac-csv", sdn.name, sdn.read_bytes()),
             ("FtM export of UN 2026-05-08, full", "ftm", "export.ftm.json",
              out.getvalue().encode())]
    rows = []
    for label, fmt, name, data in bases:
        start = time.monotonic()
        ends = [i + 1 for i, b in enumerate(data) if b == 0x0A and i + 1 < len(data)]
        base = Base(fmt, name, data, ((0, len(data)),), tuple(ends), 0)
        picks = [ends[int(i * (len(ends) - 1) / max(1, cuts - 1))] for i in range(cuts)]
        verdicts = []
        with fresh_store():
            for offset in picks:
                verdicts.append(judge(base, Mutation("cut", offset), folder, timeout=60))
        rows.append(_row(f"{label}, cut at line boundaries", verdicts,
                         time.monotonic() - start))
    return rows


def _kill_row(case: str, verdicts: list[KillVerdict], seconds: float) -> dict[str, object]:
    return {"case": case, "tried": len(verdicts), "refused cleanly": "-",
            "accepted valid": sum(1 for v in verdicts if v.loaded and v.ok),
            "accepted invalid": "-", "valid refused": "-", "traceback": "-", "hang": "-",
            "store changed wrongly": sum(1 for v in verdicts if v.problem),
            "records lost": sum(v.lost for v in verdicts), "seconds": round(seconds, 1)}


def _kills(count: int, folder: Path) -> list[dict[str, object]]:
    """``count`` kills in each of three phases (before the write, inside it, after it),
    plus three as the write starts, which time the first phase."""
    template = folder / "kill-template"
    prepare(template)
    home = folder / "kill-home"
    firsts = []
    for _ in range(min(3, count)):  # as the write starts; the fastest times the phases
        prepare(home, template)
        firsts.append(kill_load(home, wal_bytes=1))
    write_at = min(v.seconds for v in firsts)
    phases: list[tuple[str, list[dict[str, Any]]]] = [
        (f"kill -9 during start-up and parsing (the write starts after {write_at:.1f} s)",
         [{"delay": write_at * (0.05 + 0.9 * i / max(1, count - 1))} for i in range(count)]),
        ("kill -9 inside the write transaction (WAL grown by 1 B to 16 MB)",
         [{"wal_bytes": int(1 + 16_000_000 * i / max(1, count - 1))} for i in range(count)]),
        ("kill -9 after the commit (while the subject is re-screened)",
         [{"committed": True} for _ in range(count)]),
    ]
    rows = []
    for case, points in phases:
        start = time.monotonic()
        verdicts = list(firsts) if "write transaction" in case else []
        for point in points:
            prepare(home, template)
            verdicts.append(kill_load(home, **point))
        rows.append(_kill_row(case, verdicts, time.monotonic() - start))
    return rows


def run(quick: bool) -> list[dict[str, object]]:
    """The table's rows; ``quick`` runs 40 mutations per format, 3 cuts per full file and
    2 kills per phase (else 400, 12 and 8; 3 more kills as the write starts)."""
    per_format, cuts, kills = (40, 3, 2) if quick else (400, 12, 8)
    rng = random.Random(_SEED)
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="unsc-reliability-") as tmp:
        folder = Path(tmp)
        un = un_base()
        ftm = ftm_base(export_of(un))
        for label, base in (("UN XML (1718 list, 32 records), mutated", un),
                            ("SDN.CSV (300 real rows), mutated", csv_base()),
                            ("FtM export (32 entities), mutated", ftm)):
            start = time.monotonic()
            rows.append(_row(label, _mutated(base, per_format, rng, folder),
                             time.monotonic() - start))
        rows.extend(_full_files(cuts, folder))
        rows.extend(_kills(kills, folder))
    return rows
