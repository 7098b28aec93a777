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


@pytest.mark.parametrize(("query", "listed", "expected"), [
    # a year apart with other digits differing too: the one-year rule needs the same day
    ("1965-08-17", "1964-07-17", CONFLICT),   # 19650817 v 19640717: digits 3 and 5
    ("1970-07-17", "1969-07-17", NEAR),       # a year apart, 19700717 v 19690717 two digits
    ("1971-07-17", "1969-07-17", CONFLICT),   # two years apart is no slip for an exact date
    # two digits apart: only an adjacent swap is a slip
    ("1964-07-17", "1941-07-17", CONFLICT),   # 64 v 41: adjacent, half a swap only
    ("1974-06-17", "1964-07-17", CONFLICT),   # 6<->7 in digits 2 and 5: a swap, not adjacent
    # partial dates fill the missing month or day with 00
    ("1965", "1964-01", CONFLICT),            # 19650000 v 19640100: digits 3 and 5
    ("1964-01", "1965", CONFLICT),
    ("1965-08", "1964-08-01", CONFLICT),      # 19650800 v 19640801: digits 3 and 7
    ("1964-08-01", "1965-08", CONFLICT),
    ("1964-07-17T00:00:00", "1964-07-17", MATCH),  # a time after the date is ignored
])
def test_slips_need_one_digit_or_one_adjacent_swap(query: str, listed: str,
                                                   expected: tuple[float, float]) -> None:
    assert outcome(query, BirthDate(DateKind.EXACT, listed)) == expected


def test_a_given_month_is_compared() -> None:
    """1964-07 against 1964-09-20 agrees on the year only: no match. (It comes out "near":
    ``_compare_one`` tolerates any date in the same year, for exact dates too, which this
    test deliberately does not pin.)"""
    assert outcome("1964-07", BirthDate(DateKind.EXACT, "1964-09-20")) != MATCH


def test_an_exact_year_allows_no_neighbouring_year_unless_a_slip() -> None:
    """19650305 v 19640000: several digits; exact dates get no tolerance of one year."""
    assert outcome("1965-03-05", BirthDate(DateKind.EXACT, "1964")) == CONFLICT


def test_dates_that_cannot_be_read_are_neutral() -> None:
    assert outcome("1980-01-01", BirthDate(DateKind.EXACT, "1964 approx")) == NEAR
    spanned = BirthDate(DateKind.EXACT, year_from=1960, year_to=1962)  # a range without kind
    assert outcome("1961-05-05", spanned) == MATCH


def test_feature_details_are_worded_for_the_user() -> None:
    from unsc.screening.features import id_number, name_match, schema_mismatch, weak_alias

    named = name_match(0.876, "Ri Won-ho", "RI WON HO")
    assert (named.name, named.value, named.weight, named.contribution, named.detail) == (
        "name_match", 0.876, 1.0, 0.876, "'Ri Won-ho' ~ 'RI WON HO': 0.88")
    weak = weak_alias(0.8, "KIM")
    assert (weak.name, weak.value, weak.weight, weak.detail) == (
        "weak_alias", 1.0, 0.15, "'KIM' is a weak alias")
    assert weak.contribution == pytest.approx(-0.12)
    org = Entity(id="t-2", list="test", schema=Schema.ORGANIZATION, names=(Name("KOMID"),))
    mismatch = schema_mismatch("Person", org)
    assert mismatch is not None and mismatch.contribution == -0.15
    assert mismatch.detail == "query is Person, entry is Organization"
    assert schema_mismatch("Company", org) is None and schema_mismatch(None, org) is None
    near = birth_date("1965-07-17", person(BirthDate(DateKind.EXACT, "1964-07-17")))
    assert near is not None and near.detail == "1965-07-17 is close to 1964-07-17 (slip tolerated)"
    found = birth_date("1964-07-17", person(BirthDate(DateKind.EXACT, "1964-07-17")))
    assert found is not None and found.detail == "1964-07-17 matches 1964-07-17"
    assert id_number("PD 123", person(), 0.4) is None


def test_features_doc_publishes_each_docstring_whole() -> None:
    from unsc.screening import features

    docs = features_doc()
    assert docs["schema_mismatch"]["description"] == (
        "The query is a person and the entry is not (or the other way round): a company "
        "named after a person is a different party.")
    assert docs["schema_mismatch"]["weights"] == {"schema_mismatch": 0.15}
    assert set(docs) == {f.__name__ for f in features.FEATURES}


def test_a_document_number_settles_the_hit() -> None:
    """id_number: equal ignoring spaces, dashes and case, five characters at least; it lifts
    the score to 1.0 whatever the rest adds (contribution 1 - rest, never negative)."""
    from unsc.lists.model import Document, VesselInfo
    from unsc.screening.features import id_number

    holder = Entity(id="t-3", list="test", schema=Schema.PERSON, names=(Name("KIM"),),
                    documents=(Document("Passport", "381 310-014"), Document("ID", "1234")))
    found = id_number("381310014", holder, 0.4)
    assert found is not None
    assert (found.name, found.value, found.weight) == ("id_number", 1.0, 1.0)
    assert found.contribution == pytest.approx(0.6)
    assert found.detail == "document 381 310-014 matches"
    assert id_number("381-310-014", holder, 1.3).contribution == 0.0  # type: ignore[union-attr]
    assert id_number("1234", holder, 0.4) is None      # four characters: too short to settle
    assert id_number("381310015", holder, 0.4) is None
    ship = Entity(id="t-4", list="test", schema=Schema.VESSEL, names=(Name("SHIP"),),
                  vessel=VesselInfo(imo="9000001"))
    by_imo = id_number("9000001", ship, 0.2)
    assert by_imo is not None and by_imo.detail == "document 9000001 matches"
    assert id_number("12345", Entity(id="t-5", list="test", schema=Schema.VESSEL,
                                     names=(Name("X"),), vessel=VesselInfo()), 0.0) is None
    five = Entity(id="t-6", list="test", schema=Schema.PERSON, names=(Name("Y"),),
                  documents=(Document("ID", "AB-123"),))
    assert id_number("ab 123", five, 0.0) is not None  # exactly five characters: enough


def test_each_outcome_is_one_whole_piece_of_evidence() -> None:
    """name, raw value, weight, contribution and detail of every outcome, as the API shows
    them (Hit.to_dict()["features"])."""
    from unsc.screening.features import schema_mismatch
    from unsc.screening.types import FeatureScore

    dob = person(BirthDate(DateKind.EXACT, "1964-07-17"), nationalities=("eg", "sd"))
    assert birth_date("1964-07-17", dob) == FeatureScore(
        "birth_date", 1.0, 0.05, 0.05, "1964-07-17 matches 1964-07-17")
    assert birth_date("1965-07-17", dob) == FeatureScore(
        "birth_date", 0.5, 0.0, 0.0, "1965-07-17 is close to 1964-07-17 (slip tolerated)")
    assert birth_date("1980-01-01", dob) == FeatureScore(
        "birth_date", 0.0, 0.25, -0.25, "1980-01-01 conflicts with 1964-07-17")
    assert nationality("EG", dob) == FeatureScore("nationality", 1.0, 0.03, 0.03, "eg is listed")
    assert nationality("FR", dob) == FeatureScore(
        "nationality", 0.0, 0.10, -0.10, "fr not in listed eg, sd")
    vessel = Entity(id="t-7", list="test", schema=Schema.VESSEL, names=(Name("SHIP"),))
    assert schema_mismatch("Person", vessel) == FeatureScore(
        "schema_mismatch", 1.0, 0.15, -0.15, "query is Person, entry is Vessel")
    assert schema_mismatch("Ship", vessel) is None  # an unknown schema is no evidence
