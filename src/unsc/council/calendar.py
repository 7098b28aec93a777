"""The UN Headquarters working-day calendar.

A working day is Monday-Friday minus the official holidays the Secretariat announces each
year in an information circular (ST/IC/...). The shipped file ``data/council/unhq_holidays.csv``
covers 2015-2027; only some rows were read in a circular (``verified=yes``), the others follow
the rule that reproduces every verified date (see its ``note`` column). Floating holidays
(Diwali, Yom Kippur, ...) never close Headquarters and are ignored here.

Users correct or extend the calendar with the ``holidays_file`` setting: a CSV with at least
``date,name``; an optional ``kind`` column may say ``official`` (default) or ``open`` (the
shipped holiday on that date did not close Headquarters, e.g. to fix the weak Eid al-Adha 2022
row). User rows win over shipped rows.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from unsc import settings
from unsc.council._data import read_csv
from unsc.dates import parse_date
from unsc.errors import InputError

__all__ = ["Holiday", "UnCalendar", "load_calendar", "parse_date"]


@dataclass(frozen=True)
class Holiday:
    """An official UNHQ holiday; ``verified`` is False for dates inferred by rule;
    ``doubtful`` marks an inferred date that evidence speaks against (``verified=doubtful``
    in the shipped file, e.g. Eid al-Adha 2022: the Council met and voted that day)."""

    date: date
    name: str
    verified: bool
    source: str
    doubtful: bool = False


class UnCalendar:
    """Working-day arithmetic over a set of official holidays."""

    def __init__(self, holidays: dict[date, Holiday]) -> None:
        self.holidays = holidays
        years = {d.year for d in holidays}
        self.first_year = min(years) if years else 0
        self.last_year = max(years) if years else 0

    def covers(self, day: date) -> bool:
        """Whether the holiday data covers the year of ``day``."""
        return self.first_year <= day.year <= self.last_year

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def working_days_after(self, start: date, include_start: bool = False) -> Iterator[date]:
        """Working days after ``start`` in order (from ``start`` itself if included)."""
        day = start if include_start else start + timedelta(days=1)
        while True:
            if self.is_working_day(day):
                yield day
            day += timedelta(days=1)

    def nth_working_day(self, start: date, n: int, include_start: bool = False) -> date:
        """The n-th working day counted from ``start`` (n >= 1)."""
        if n < 1:
            raise InputError(f"working-day count must be at least 1, not {n}")
        for i, day in enumerate(self.working_days_after(start, include_start), start=1):
            if i == n:
                return day
        raise AssertionError("unreachable")  # pragma: no cover

    def working_day_number(self, start: date, day: date, include_start: bool = False) -> int:
        """How many working days from ``start`` up to and including ``day``."""
        first = start if include_start else start + timedelta(days=1)
        count = 0
        current = first
        while current <= day:
            if self.is_working_day(current):
                count += 1
            current += timedelta(days=1)
        return count

    def holidays_between(self, start: date, end: date) -> list[Holiday]:
        return [h for d, h in sorted(self.holidays.items()) if start <= d <= end]


@cache
def _shipped_cached() -> dict[date, Holiday]:
    out = {}
    for row in read_csv("unhq_holidays.csv"):
        if row["kind"].strip() != "official":
            continue
        day = date.fromisoformat(row["date"])
        out[day] = Holiday(day, row["name"], row["verified"].strip() == "yes", row["source"],
                           doubtful=row["verified"].strip() == "doubtful")
    return out


def _user_rows(path: Path, holidays: dict[date, Holiday]) -> None:
    if not path.is_file():
        raise InputError(f"holidays file {path} (setting UNSC_HOLIDAYS_FILE) does not exist")
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or not {"date", "name"} <= set(reader.fieldnames):
            raise InputError(f"holidays file {path} needs a header with at least date,name")
        for lineno, row in enumerate(reader, start=2):
            day = parse_date(row["date"] or "", f"{path}:{lineno} date")
            kind = (row.get("kind") or "official").strip().lower()
            if kind == "open":
                holidays.pop(day, None)
            elif kind == "official":
                holidays[day] = Holiday(day, (row["name"] or "").strip(), True, str(path))
            else:
                raise InputError(f"{path}:{lineno}: kind must be 'official' or 'open', "
                                 f"not {kind!r}")


def load_calendar(extra_file: str | Path | None = None) -> UnCalendar:
    """The shipped calendar merged with the user's file (argument, else the setting)."""
    holidays = dict(_shipped_cached())  # a copy: the user file may change it
    extra = extra_file or settings.get("holidays_file")
    if extra:
        _user_rows(Path(extra), holidays)
    return UnCalendar(holidays)
