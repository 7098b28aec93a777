"""HS code validation and prefix matching."""

from __future__ import annotations

import pytest

from unsc.errors import UnknownCodeError
from unsc.regime import hs_overlap, normalise_hs


@pytest.mark.parametrize(("raw", "expected"), [("2701", "2701"), ("2701.12", "270112"),
                                               (" 89 ", "89"), ("8901.10.00.00", "8901100000"),
                                               ("01", "01"), ("97", "97")])
def test_valid_codes_are_normalised(raw: str, expected: str) -> None:
    assert normalise_hs(raw) == expected


@pytest.mark.parametrize(("raw", "why"), [("77", "chapter 77"), ("98", "chapter 98"),
                                          ("00", "chapter 00"), ("270", "3 digits"),
                                          ("27011234567", "11 digits"), ("27O1", "malformed"),
                                          ("", "malformed"), (None, "not an HS code"),
                                          ("2", "1 digits")])
def test_bad_codes_say_what_is_wrong(raw: object, why: str) -> None:
    with pytest.raises(UnknownCodeError, match=why):
        normalise_hs(raw)


def test_overlap_distinguishes_inside_from_broader() -> None:
    assert hs_overlap("270112", ["2701"]) == ("2701", False)
    assert hs_overlap("27", ["2701"]) == ("2701", True)
    assert hs_overlap("2702", ["2701"]) is None
