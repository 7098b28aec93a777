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


# The exact messages a user reads when a declared code is refused (the default label is
# "HS code"); the rule each one states is the module docstring's: digits only, dots and
# spaces ignored, 2-10 digits in pairs, a chapter of the HS nomenclature (01-97, 77 reserved).
@pytest.mark.parametrize(("raw", "message"), [
    ("27O1", "HS code: '27O1' is malformed; an HS code has digits only (e.g. 2701 or 2701.12)"),
    ("270", "HS code: '270' has 3 digits; expected 2, 4, 6, 8 or 10 (chapter, heading, "
            "subheading, national line)"),
    ("7701", "HS code: '7701' is in chapter 77, which does not exist in the HS (chapters "
             "01-97, 77 reserved)"),
    ("9801.10", "HS code: '9801.10' is in chapter 98, which does not exist in the HS "
                "(chapters 01-97, 77 reserved)"),
])
def test_a_refused_code_gets_the_whole_message(raw: str, message: str) -> None:
    with pytest.raises(UnknownCodeError) as caught:
        normalise_hs(raw)
    assert caught.value.message == message


def test_spaces_inside_a_code_are_ignored_like_dots() -> None:
    # "2701 12" is how a customs form often prints subheading 2701.12
    assert normalise_hs("2701 12") == "270112"
    assert normalise_hs("8901 10 00 00") == "8901100000"
