"""Council membership data: Charter shape every year, real irregularities, look-ups."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from unsc.council.composition import PERMANENT, Member, _validate, council_for, member_name, years
from unsc.errors import InputError, NotFoundError, UnknownCodeError


def test_every_year_has_fifteen_members_five_permanent() -> None:
    assert years() == tuple(range(2015, 2027))
    for year in years():
        council = council_for(year)
        assert len(council.codes) == 15 and len(set(council.codes)) == 15
        assert sorted(council.permanent) == sorted(PERMANENT)
        assert len(council.elected) == 10
        assert all(m.source for m in council.members)


def test_shipped_membership_matches_the_shared_reference(shared_data: Path) -> None:
    with (shared_data / "council" / "unsc_members.csv").open(newline="", encoding="utf-8") as fh:
        expected: dict[int, set[str]] = {}
        for row in csv.DictReader(fh):
            expected.setdefault(int(row["year"]), set()).add(row["iso3"])
    assert {y: set(council_for(y).codes) for y in years()} == expected


def test_split_seat_and_separate_terms_are_kept() -> None:
    assert "ITA" in council_for(2017) and "ITA" not in council_for(2018)
    assert "NLD" in council_for(2018) and "NLD" not in council_for(2017)
    assert "JPN" in council_for(2017) and "JPN" not in council_for(2019)
    assert "JPN" in council_for(2023)
    assert council_for(2022).member("ARE").term == "2022-2023"


def test_lookups_fail_clearly() -> None:
    with pytest.raises(NotFoundError, match="2014"):
        council_for(2014)
    with pytest.raises(NotFoundError, match="DEU is not a member"):
        council_for(2022).member("DEU")
    with pytest.raises(UnknownCodeError):
        member_name("XXX")
    assert member_name("GAB") == "Gabon"


def test_validation_rejects_a_bad_year() -> None:
    members = list(council_for(2022).members)
    with pytest.raises(InputError, match="14 members"):
        _validate(2022, members[:-1])
    fake = [*members[:-1], Member("USA", "dup", True, "permanent", "x")]
    with pytest.raises(InputError, match="listed twice"):
        _validate(2022, fake)
