"""Dates of birth as people write them, and the bench's own reader for them.

Ten formats with a four-digit year, plus a lone year: ISO 8601 (``1964-07-17``), ISO
without zero padding of the month or of the day (``1964-7-17``, ``1964-07-7``), the
day-first forms used across Europe, Africa, the Middle East and South Asia
(``17/07/1964``, ``17.07.1964``, ``17 July 1964``, ``17 Jul 1964``), the US prose form
(``July 17, 1964``), the DD-MON-YYYY form of passports and many databases
(``17-JUL-1964``) and the East Asian year-first slash form (``1964/07/17``). Numeric
month-first forms (07/17/1964) are left out: they cannot be told from day-first.

:func:`parse` is written here, not taken from unsc, so a test can check that each
formatted string means the date it was made from.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["FORMATS", "applies", "parse", "render"]

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")

FORMATS = ("iso", "iso_month_unpadded", "iso_day_unpadded", "dmy_slash", "dmy_dot",
           "d_month_y", "month_d_y", "d_mon_y_upper", "ymd_slash", "d_mon_y", "year")


def render(d: date, fmt: str) -> str:
    """``d`` written in format ``fmt``."""
    month = _MONTHS[d.month - 1]
    forms = {
        "iso": f"{d.year:04d}-{d.month:02d}-{d.day:02d}",
        "iso_month_unpadded": f"{d.year:04d}-{d.month}-{d.day:02d}",
        "iso_day_unpadded": f"{d.year:04d}-{d.month:02d}-{d.day}",
        "dmy_slash": f"{d.day:02d}/{d.month:02d}/{d.year:04d}",
        "dmy_dot": f"{d.day:02d}.{d.month:02d}.{d.year:04d}",
        "d_month_y": f"{d.day} {month} {d.year:04d}",
        "month_d_y": f"{month} {d.day}, {d.year:04d}",
        "d_mon_y_upper": f"{d.day:02d}-{month[:3].upper()}-{d.year:04d}",
        "ymd_slash": f"{d.year:04d}/{d.month:02d}/{d.day:02d}",
        "d_mon_y": f"{d.day} {month[:3]} {d.year:04d}",
        "year": f"{d.year:04d}",
    }
    return forms[fmt]


def applies(d: date, fmt: str) -> bool:
    """An unpadded form is only a different string when there is a zero to leave out."""
    if fmt == "iso_month_unpadded":
        return d.month < 10
    if fmt == "iso_day_unpadded":
        return d.day < 10
    return True


_NUMERIC_YMD = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")
_NUMERIC_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_WORD_DMY = re.compile(r"^(\d{1,2})[ -]([A-Za-z]+)[ -](\d{4})$")
_WORD_MDY = re.compile(r"^([A-Za-z]+) (\d{1,2}), (\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")


def _month(word: str) -> int:
    for i, name in enumerate(_MONTHS, start=1):
        if word.lower() in (name.lower(), name[:3].lower()):
            return i
    raise ValueError(f"not a month: {word!r}")


def parse(text: str) -> date | int:
    """A full date, or the year alone (an ``int``) for a lone year. Raises ValueError."""
    text = text.strip()
    if m := _YEAR.match(text):
        return int(m.group(1))
    if m := _NUMERIC_YMD.match(text):
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _NUMERIC_DMY.match(text):
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    if m := _WORD_DMY.match(text):
        return date(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
    if m := _WORD_MDY.match(text):
        return date(int(m.group(3)), _month(m.group(1)), int(m.group(2)))
    raise ValueError(f"unreadable date: {text!r}")
