"""Veto history: the 1946-July 2022 file, shipped later vetoes, and the user's own records.

The historical file (``unsc_vetoes_1946_sept2022.csv``, Dag Hammarskjöld Library list
scraped by C. L. Yordan, MIT) names vetoing members twice: in ``member_veto1..3`` and in
per-member 0/1 columns. They disagree in 28 rows. We count from ``member_veto1..3``: in
every disagreeing row the names are right and the 0/1 columns are short (the 1975-76 US
vetoes on Viet Nam's admission have no 1 anywhere; the 1976, 1977 and 1981 Namibia drafts
were triple vetoes by France, the UK and the US, but France's column is 0). ``single_veto``
is also wrong for two double vetoes (2012 and 2016 Syria) and is ignored.

Other quirks handled: fields with line breaks (two meeting records in one cell), early rows
with the meeting symbol in the draft column (draft is then unknown). The USSR keeps its own
key (``SUN``, the ISO 3166-3 code) so Soviet and Russian vetoes can be shown apart or added.
"""

from __future__ import annotations

import csv
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from unsc import settings
from unsc.council._data import read_csv
from unsc.errors import InputError, ListFormatError, NotFoundError, Problem

__all__ = ["MEMBER_CODES", "MEMBER_NAMES", "Veto", "counts", "history_path", "load_history",
           "load_shipped_recent", "parse_history"]

MEMBER_CODES = {"China": "CHN", "France": "FRA", "Russia": "RUS", "USSR": "SUN", "USA": "USA",
                "UK": "GBR"}
MEMBER_NAMES = {"CHN": "China", "FRA": "France", "RUS": "Russian Federation", "SUN": "USSR",
                "USA": "United States", "GBR": "United Kingdom"}
HISTORY_FILE = "unsc_vetoes_1946_sept2022.csv"
REQUIRED = ("date", "draft", "meeting_record", "agenda_item", "crisis_topic", "member_veto1",
            "member_veto2", "member_veto3")


@dataclass(frozen=True)
class Veto:
    """One vetoed draft (a double veto is one Veto with two members)."""

    date: date
    members: tuple[str, ...]
    topic: str
    draft: str | None
    meeting: str | None
    agenda: str
    source: str
    verified: bool

    def to_dict(self) -> dict[str, object]:
        return {"date": self.date.isoformat(), "members": list(self.members), "topic": self.topic,
                "draft": self.draft, "meeting": self.meeting, "agenda": self.agenda,
                "source": self.source, "verified": self.verified}


def history_path() -> Path:
    """Where the historical CSV is: setting ``vetoes_file``, else the shared data folder."""
    configured = settings.get("vetoes_file")
    if configured:
        return Path(configured)
    shared = os.environ.get("UNSC_SHARED_DATA")
    candidates = [Path(shared)] if shared else []
    candidates += [Path.cwd().parent / "shared" / "data",
                   Path(__file__).resolve().parents[3].parent / "shared" / "data"]
    for base in candidates:
        path = base / "vetoes" / HISTORY_FILE
        if path.is_file():
            return path
    raise NotFoundError(f"veto history {HISTORY_FILE} not found; set UNSC_VETOES_FILE to its path")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def parse_history(path: Path) -> list[Veto]:
    """Read the historical CSV, collecting every problem before failing (ListFormatError)."""
    problems: list[Problem] = []
    out: list[Veto] = []
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise ListFormatError(f"{path} is not a veto history file",
                                  [Problem(str(path), None, c, "column missing") for c in missing])
        for n, row in enumerate(reader, start=1):
            record = f"row {n}"
            try:
                day = datetime.strptime(row["date"].strip(), "%m/%d/%Y").date()
            except ValueError:
                problems.append(Problem(str(path), record, "date", f"bad date {row['date']!r}"))
                continue
            names = [row[f"member_veto{i}"].strip() for i in (1, 2, 3)]
            unknown = [x for x in names if x and x not in MEMBER_CODES]
            if unknown:
                problems.append(Problem(str(path), record, "member_veto", f"unknown {unknown}"))
                continue
            members = tuple(MEMBER_CODES[x] for x in names if x)
            if not members:
                problems.append(Problem(str(path), record, "member_veto1", "no vetoing member"))
                continue
            draft = _one_line(row["draft"])
            drafts = [d.strip() for d in draft.split(",") if not d.strip().startswith("S/PV.")]
            out.append(Veto(day, members, _one_line(row["crisis_topic"]),
                            ", ".join(drafts) or None, _one_line(row["meeting_record"]) or None,
                            _one_line(row["agenda_item"]), f"{HISTORY_FILE} (DHL veto list)",
                            True))
    if problems:
        raise ListFormatError(f"{path}: {len(problems)} problem(s)", problems)
    return out


def load_shipped_recent() -> list[Veto]:
    """Vetoes after the historical file ends, shipped with their sources and verified flag."""
    out = []
    for row in read_csv("vetoes_since_2022.csv"):
        out.append(Veto(date.fromisoformat(row["date"]), tuple(row["members"].split("+")),
                        row["topic"], row["draft"] or None, row["meeting"] or None,
                        row["agenda"], row["source"], row["verified"] == "yes"))
    return out


def _from_record(row: dict[str, object]) -> Veto:
    return Veto(date.fromisoformat(str(row["date"])), tuple(str(row["members"]).split(",")),
                str(row["topic"]), str(row["draft"]) if row.get("draft") else None,
                str(row["meeting"]) if row.get("meeting") else None, str(row.get("agenda") or ""),
                str(row["source"]), bool(row["verified"]))


def load_history(path: Path | None = None, recorded: Iterable[dict[str, object]] = ()
                 ) -> list[Veto]:
    """Historical file + shipped recent vetoes + user records, sorted by date.

    Every row of the historical file is kept (several vetoes can share a date and a meeting).
    A shipped or recorded veto is skipped when a veto with the same date and draft symbol is
    already known, so recording a veto the package later ships does not count it twice.
    """
    vetoes = parse_history(path or history_path())
    known: set[tuple[date, str | None]] = {(v.date, v.draft) for v in vetoes if v.draft}
    for extra in [*load_shipped_recent(), *(_from_record(r) for r in recorded)]:
        key = (extra.date, extra.draft)
        if extra.draft and key in known:
            continue
        known.add(key)
        vetoes.append(extra)
    return sorted(vetoes, key=lambda v: v.date)


def counts(vetoes: Iterable[Veto], by: str) -> list[tuple[str, int]]:
    """Counts by ``member`` (one per vetoing member), ``topic`` or ``decade`` (one per draft).

    Sorted by count (descending) then key, decades chronologically.
    """
    tally: Counter[str] = Counter()
    for v in vetoes:
        if by == "member":
            tally.update(v.members)
        elif by == "topic":
            tally[v.topic] += 1
        elif by == "decade":
            tally[f"{v.date.year // 10 * 10}s"] += 1
        else:
            raise InputError(f"--by must be member, topic or decade, not {by!r}")
    if by == "decade":
        return sorted(tally.items())
    return sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))
