"""Who sits on the Security Council in a given year (Charter Art. 23).

Membership is data, not code: ``data/council/members.csv`` lists the five permanent members
and the ten elected members for every year 2015-2026, each elected term with the GA election
report it comes from. The loader validates the Charter's shape (15 seats, 5 permanent) for
every year so a bad edit to the file fails loudly instead of producing wrong vote counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from unsc.council._data import read_csv
from unsc.errors import InputError, NotFoundError, UnknownCodeError

__all__ = ["PERMANENT", "Council", "Member", "council_for", "known_codes", "member_name",
           "years"]

# The five permanent members named in Art. 23(1), as ISO 3166 alpha-3 codes.
PERMANENT: tuple[str, ...] = ("CHN", "FRA", "GBR", "RUS", "USA")
SEATS = 15


@dataclass(frozen=True)
class Member:
    """One seat in one year."""

    iso3: str
    name: str
    permanent: bool
    term: str  # "permanent" or "YYYY-YYYY" (Italy 2017 and Netherlands 2018 held one year)
    source: str


@dataclass(frozen=True)
class Council:
    """The fifteen members of the Council during one calendar year."""

    year: int
    members: tuple[Member, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(m.iso3 for m in self.members)

    @property
    def permanent(self) -> tuple[str, ...]:
        return tuple(m.iso3 for m in self.members if m.permanent)

    @property
    def elected(self) -> tuple[str, ...]:
        return tuple(m.iso3 for m in self.members if not m.permanent)

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def member(self, code: str) -> Member:
        for m in self.members:
            if m.iso3 == code:
                return m
        raise NotFoundError(f"{code} is not a member of the Security Council in {self.year}")


def _validate(year: int, members: list[Member]) -> None:
    codes = [m.iso3 for m in members]
    problems = []
    if len(members) != SEATS:
        problems.append(f"{len(members)} members instead of {SEATS}")
    if len(set(codes)) != len(codes):
        problems.append("a member is listed twice")
    perm = sorted(m.iso3 for m in members if m.permanent)
    if perm != sorted(PERMANENT):
        problems.append(f"permanent members {perm} instead of {list(PERMANENT)}")
    if problems:
        raise InputError(f"membership data for {year} is invalid: " + "; ".join(problems))


@cache
def _councils() -> dict[int, Council]:
    by_year: dict[int, list[Member]] = {}
    for row in read_csv("members.csv"):
        by_year.setdefault(int(row["year"]), []).append(Member(
            iso3=row["iso3"].strip().upper(), name=row["name"].strip(),
            permanent=row["permanent"].strip().lower() == "true", term=row["term"].strip(),
            source=row["source"].strip()))
    out = {}
    for year, members in sorted(by_year.items()):
        _validate(year, members)
        out[year] = Council(year, tuple(members))
    return out


def years() -> tuple[int, ...]:
    """The years the shipped membership data covers."""
    return tuple(_councils())


def council_for(year: int) -> Council:
    """The Council of ``year``; NotFoundError outside the years the data covers."""
    councils = _councils()
    if year not in councils:
        raise NotFoundError(f"no Council membership data for {year} "
                            f"(covered: {min(councils)}-{max(councils)})")
    return councils[year]


@cache
def _names() -> dict[str, str]:
    return {m.iso3: m.name for c in _councils().values() for m in c.members}


def known_codes() -> frozenset[str]:
    """Every ISO3 code that sat on the Council in a covered year."""
    return frozenset(_names())


def member_name(code: str) -> str:
    """Display name of a Council member code; UnknownCodeError for a code never seen."""
    try:
        return _names()[code]
    except KeyError:
        raise UnknownCodeError(f"unknown Council member code {code!r}") from None
