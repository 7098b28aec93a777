"""Date parsing shared by every domain.

Every date a user gives (an ``--as-of`` option, a shipment date, a ledger row) goes through
:func:`parse_date`, so all of them fail the same way: an :class:`InvalidDateError` that
quotes the bad value and says what was expected.

Dates of birth are different: they come from customer files and forms in whatever format a
person typed, and a date that cannot be read must never stop the person being screened.
:func:`read_partial_date` reads them leniently and never raises; what it cannot read it
reports as a warning.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

import icu

from unsc.errors import InvalidDateError

__all__ = ["PartialDate", "parse_date", "read_partial_date"]


def parse_date(value: date | str | None, what: str = "date", default: date | None = None) -> date:
    """An ISO 8601 calendar date (YYYY-MM-DD) from a string or a date."""
    if value is None or value == "":
        if default is not None:
            return default
        raise InvalidDateError(f"{what} is missing; expected YYYY-MM-DD")
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if len(text) != 10:
            raise ValueError("wrong length")
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidDateError(
            f"{what} {value!r} is not a valid calendar date; expected YYYY-MM-DD") from None


@dataclass(frozen=True)
class PartialDate:
    """A date as far as a person wrote it: ``value`` is "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    (None when nothing could be read), ``warning`` says what was guessed or left out."""

    value: str | None
    warning: str | None = None


_MONTH_LOCALES = ("en", "fr", "es", "de", "pt", "it", "nl", "tr", "id", "ru")
"""Languages whose month names a person may type in a date of birth (ICU's names)."""
_FOLD = icu.Transliterator.createInstance("Any-Latin; Latin-ASCII; Lower")


def _month_names() -> dict[str, int]:
    """Month names and abbreviations, casefolded and without accents, from ICU's locale data.
    A spelling that means two different months in two languages is left out."""
    found: dict[str, set[int]] = {}
    for code in _MONTH_LOCALES:
        symbols = icu.DateFormatSymbols(icu.Locale(code))
        for names in (symbols.getMonths(), symbols.getShortMonths()):
            for number, name in enumerate(names, start=1):
                key = _FOLD.transliterate(str(name)).strip(". ")
                if key:
                    found.setdefault(key, set()).add(number)
    found.setdefault("sept", set()).add(9)
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


_MONTHS = _month_names()
_SEP = r"[\s./\-,]+"
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?:t\d.*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DMY = re.compile(r"^(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{4})$")
_MY_NUM = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_D_MON_Y = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?{_SEP}([^\d\s./\-,]+){_SEP}(\d{{4}})$")
_MON_D_Y = re.compile(rf"^([^\d\s./\-,]+){_SEP}(\d{{1,2}})(?:st|nd|rd|th)?{_SEP}(\d{{4}})$")
_MON_Y = re.compile(rf"^([^\d\s./\-,]+){_SEP}(\d{{4}})$")
_YEAR = re.compile(r"^(?:c\.?\s*|ca\.?\s*|circa\s+|about\s+)?(\d{4})\??$")
_FIRST_YEAR = 1800
"""Earliest birth year read as a date: anything older is a typo, not a person alive."""


def read_partial_date(text: str | None, what: str = "birth date") -> PartialDate:
    """Read a date the way people type one, never raising.

    Accepted: ISO with or without padding (1964-7-17, 1964/07/17), compact 19640717,
    day/month/year with a four-digit year (17/07/1964, 17.07.1964), day month-name year and
    month-name day, year (17 July 1964, 17-JUL-1964, July 17, 1964, 17 juillet 1964),
    month and year, and a lone year (1964, c. 1964). An impossible day keeps the year and
    month (1964-07-32 -> 1964-07); an impossible month keeps the year. Day and month that
    could be either way round (07/04/1964) keep only the year, because reading them the
    wrong way would count a true date of birth as a conflict. Whatever cannot be read gives
    ``value=None`` and a warning: the caller screens the name without it.
    """
    raw = (text or "").strip()
    if not raw:
        return PartialDate(None)
    cleaned = _FOLD.transliterate(raw[:40]).strip()
    for pattern in (_ISO, _COMPACT):
        found = pattern.match(cleaned)
        if found:
            y, m, d = found.groups()
            return _build(raw, what, int(y), int(m), int(d) if d else None)
    found = _DMY.match(cleaned)
    if found:
        a, b, y = (int(g) for g in found.groups())
        if a > 12 >= b:
            return _build(raw, what, y, b, a)
        if b > 12 >= a:
            return _build(raw, what, y, a, b, f"{what} {raw!r} read as month/day/year")
        if a == b:
            return _build(raw, what, y, a, a)
        if a <= 12 and b <= 12:
            return _build(raw, what, y, None, None,
                          f"{what} {raw!r}: day and month could be either way round; "
                          "compared by year only")
        return _build(raw, what, y, None, None,
                      f"{what} {raw!r}: neither day/month nor month/day is a date; "
                      "compared by year only")
    found = _MY_NUM.match(cleaned)
    if found:
        return _build(raw, what, int(found.group(2)), int(found.group(1)), None)
    for pattern, fields in ((_D_MON_Y, "dmy"), (_MON_D_Y, "mdy")):
        found = pattern.match(cleaned)
        if found:
            parts = dict(zip(fields, found.groups(), strict=True))
            month = _MONTHS.get(parts["m"].strip("."))
            if month is not None:
                return _build(raw, what, int(parts["y"]), month, int(parts["d"]))
    found = _MON_Y.match(cleaned)
    if found and _MONTHS.get(found.group(1).strip(".")):
        return _build(raw, what, int(found.group(2)), _MONTHS[found.group(1).strip(".")], None)
    found = _YEAR.match(cleaned)
    if found:
        return _build(raw, what, int(found.group(1)), None, None)
    return PartialDate(None, f"{what} {raw!r} could not be read (use YYYY-MM-DD); "
                             "screened by name without it")


def _build(raw: str, what: str, year: int, month: int | None, day: int | None,
           note: str | None = None) -> PartialDate:
    """The most precise valid prefix of year-month-day, with a warning for what was dropped."""
    if not _FIRST_YEAR <= year <= date.today().year + 1:
        return PartialDate(None, f"{what} {raw!r}: year {year} is not plausible; "
                                 "screened by name without it")
    if month is None:
        return PartialDate(f"{year:04d}", note)
    if not 1 <= month <= 12:
        return PartialDate(f"{year:04d}", f"{what} {raw!r}: month {month} is impossible; "
                                          "compared by year only")
    if day is None:
        return PartialDate(f"{year:04d}-{month:02d}", note)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return PartialDate(f"{year:04d}-{month:02d}",
                           f"{what} {raw!r}: day {day} is impossible; compared by year "
                           "and month only")
    return PartialDate(f"{year:04d}-{month:02d}-{day:02d}", note)
