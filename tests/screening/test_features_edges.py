"""Date-of-birth and nationality evidence at their edges (src/unsc/screening/features.py).

The rule the feature docstrings publish (``features_doc()``): agreeing with any published
date adds a little (+0.05), a one-year or one-digit slip is neutral (0), only a clear
conflict with every published date lowers the score (-0.25); a year range "BETWEEN 1960
AND 1962" (UN DATE_OF_BIRTH TYPE_OF_DATE=BETWEEN) includes both end years; an approximate
date ("APPROXIMATELY 1964") tolerates two years either side; an unknown date is no
evidence either way. A different nationality costs 0.10, the same adds 0.03.

Digit comparisons below were done by hand on the eight digits YYYYMMDD (a partial date
fills missing parts with 00).
"""

from __future__ import annotations

import pytest

from unsc.lists.model import BirthDate, DateKind, Entity, Name, Schema
from unsc.screening.features import birth_date, features_doc, nationality

MATCH, NEAR, CONFLICT = (1.0, 0.05), (0.5, 0.0), (0.0, -0.25)


def person(*dates: BirthDate, nationalities: tuple[str, ...] = ()) -> Entity:
    return Entity(id="t-1", list="test", schema=Schema.PERSON, reference_number="T.1",
                  names=(Name("KIM CHOL"),), birth_dates=dates, nationalities=nationalities)


def outcome(query: str, *dates: BirthDate) -> tuple[float, float]:
    score = birth_date(query, person(*dates))
    assert score is not None
    return score.value, score.contribution


RANGE = BirthDate(DateKind.BETWEEN, year_from=1960, year_to=1962)


@pytest.mark.parametrize(("query", "expected"), [
    ("1958", CONFLICT), ("1958-06-01", CONFLICT),
    ("1959", NEAR), ("1959-12-31", NEAR),          # a year before the range
    ("1960", MATCH), ("1960-01-01", MATCH),        # first year of the range
    ("1961-06-15", MATCH),
    ("1962", MATCH), ("1962-12-31", MATCH),        # last year of the range
    ("1963", NEAR), ("1963-01-01", NEAR),          # a year after
    ("1964-05-05", CONFLICT),
])
def test_year_range_includes_both_end_years(query: str, expected: tuple[float, float]) -> None:
    assert outcome(query, RANGE) == expected


def test_a_range_given_by_one_end_only_is_that_year() -> None:
    only_from = BirthDate(DateKind.BETWEEN, year_from=1970)
    assert outcome("1970", only_from) == MATCH
    assert outcome("1971", only_from) == NEAR
    assert outcome("1975-05-05", only_from) == CONFLICT


APPROX = BirthDate(DateKind.APPROXIMATE, "1964")


@pytest.mark.parametrize(("query", "expected"), [
    ("1964-03-05", MATCH),
    ("1962-03-05", NEAR), ("1966-03-05", NEAR),          # two years: tolerated
    ("1961-03-05", CONFLICT), ("1967-03-05", CONFLICT),  # three: 19610305 v 19640000, 3 digits
])
def test_approximate_dates_tolerate_two_years(query: str, expected: tuple[float, float]) -> None:
    assert outcome(query, APPROX) == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("1964-07-17", MATCH), ("1964-07", MATCH), ("1964", MATCH),  # partial queries agree
    ("1965-07-17", NEAR), ("1963-07-17", NEAR),   # one year off, same day
    ("1964-07-18", NEAR),                         # one digit: 19640718
    ("1964-07-71", NEAR),                         # swapped digits: 19640771 v 19640717
    ("1946-07-17", NEAR),                         # swapped digits in the year
    ("1966-08-17", CONFLICT),                     # two digits apart, not adjacent swap
    ("1962-07-17", NEAR),                         # one digit: 19620717 v 19640717
    ("1980-01-01", CONFLICT),
])
def test_exact_dates_tolerate_only_a_slip(query: str, expected: tuple[float, float]) -> None:
    assert outcome(query, BirthDate(DateKind.EXACT, "1964-07-17")) == expected


def test_an_exact_date_gets_no_two_year_tolerance() -> None:
    """19660305 v 19640000: four digits differ; exact, so no approximate tolerance."""
    assert outcome("1966-03-05", BirthDate(DateKind.EXACT, "1964")) == CONFLICT


def test_any_matching_date_wins_and_unknown_dates_are_neutral() -> None:
    two = (BirthDate(DateKind.EXACT, "1964-07-17"), BirthDate(DateKind.EXACT, "1980-01-01"))
    assert outcome("1980-01-01", *two) == MATCH
    unknown = BirthDate(DateKind.EXACT)
    assert outcome("1999-01-01", unknown) == NEAR
    assert outcome("1999-01-01", unknown, BirthDate(DateKind.EXACT, "1964-07-17")) == NEAR
    assert birth_date("1964", person()) is None
    assert birth_date(None, person(RANGE)) is None
    assert birth_date("not a date", person(RANGE)) is None


def test_the_explanation_names_the_published_dates() -> None:
    score = birth_date("1980-01-01", person(BirthDate(DateKind.EXACT, "1964-07-17"), RANGE))
    assert score is not None
    assert score.detail == "1980-01-01 conflicts with 1964-07-17, 1960-1962"


def test_nationality_conflict_costs_and_match_adds() -> None:
    entity = person(nationalities=("eg",))
    same, other = nationality("Egypt", entity), nationality("FR", entity)
    assert same is not None and other is not None
    assert (same.value, same.contribution) == (1.0, 0.03)
    assert (other.value, other.contribution) == (0.0, -0.10)
    assert other.detail == "fr not in listed eg"
    assert nationality("Atlantis", entity) is None and nationality("FR", person()) is None
    several = person(nationalities=("eg", "sd"))
    found = nationality("SD", several)
    assert found is not None and found.contribution == 0.03


def test_the_published_weights_are_the_ones_applied() -> None:
    docs = features_doc()
    assert docs["birth_date"]["weights"] == {"birth_date_match": 0.05,
                                             "birth_date_conflict": 0.25}
    assert docs["nationality"]["weights"] == {"nationality_match": 0.03,
                                              "nationality_conflict": 0.10}
