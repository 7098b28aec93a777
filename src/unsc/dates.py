"""Date parsing shared by every domain.

Every date a user gives (an ``--as-of`` option, a shipment date, a ledger row) goes through
:func:`parse_date`, so all of them fail the same way: an :class:`InvalidDateError` that
quotes the bad value and says what was expected.
"""

from __future__ import annotations

from datetime import date

from unsc.errors import InvalidDateError

__all__ = ["parse_date"]


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
