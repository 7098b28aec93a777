"""Evidence features: dates of birth, nationality, schema, explanations."""

from __future__ import annotations

import pytest

from unsc.errors import InputError
from unsc.lists.model import BirthDate, DateKind, Entity, Name, Schema
from unsc.screening import Query, Screener, features_doc

RI = Entity(id="t-ri", list="test", schema=Schema.PERSON, reference_number="T.1",
            names=(Name("AYMAN AL-ZAWAHIRI"),), nationalities=("eg",),
            birth_dates=(BirthDate(DateKind.EXACT, "1964-07-17"),
                         BirthDate(DateKind.BETWEEN, year_from=1960, year_to=1962)))
SCREENER = Screener([RI])


def _score(**kwargs: str) -> float:
    return SCREENER.screen(Query("Ayman Zawahiri", **kwargs))[0].score


def test_birth_date_match_and_conflict() -> None:
    base = SCREENER.screen(Query("Aiman al-Zawahri"))[0].score
    assert SCREENER.screen(Query("Aiman al-Zawahri", birth_date="1964-07-17"))[0].score > base
    assert _score(birth_date="1980-01-01") < 0.8


def test_one_year_or_one_digit_slip_keeps_a_strong_match() -> None:
    """A slip is neutral: the score equals the score with no date at all, while a clear
    conflict lowers it (each slip differs from 1964-07-17, checked by hand: a year off, a
    day digit off, two year digits swapped). A swapped day such as 1964-07-71 is no date a
    query can carry (day 71 is dropped with a warning), so it is tested on the feature
    itself in test_features_edges.py."""
    base = _score()
    for slip in ["1965-07-17", "1964-07-18", "1946-07-17"]:
        assert slip != "1964-07-17"
        assert _score(birth_date=slip) == base, slip
    assert _score(birth_date="1980-01-01") < base - 0.2


def test_year_range_is_evidence() -> None:
    hit = SCREENER.screen(Query("Ayman Zawahiri", birth_date="1961"))[0]
    assert any(f.name == "birth_date" and f.value == 1.0 for f in hit.features)


def test_nationality() -> None:
    assert _score(nationality="EG") == 1.0
    hit = SCREENER.screen(Query("Aiman al-Zawahri", nationality="Egypt"))[0]
    assert any(f.name == "nationality" and f.contribution > 0 for f in hit.features)
    # a different nationality costs its published weight (0.10) against no nationality
    without = SCREENER.screen(Query("Aiman al-Zawahri"))[0].score
    french = SCREENER.screen(Query("Aiman al-Zawahri", nationality="FR"))[0].score
    assert without < 0.95 and french == pytest.approx(without - 0.10)


def test_schema_mismatch_lowers_score() -> None:
    assert _score(schema="Organization") < _score(schema="Person")


def test_explanation_names_both_names_and_every_feature() -> None:
    hit = SCREENER.screen(Query("Zawahri, Aiman", birth_date="1980-01-01"))[0]
    assert "'Zawahri, Aiman'" in hit.explanation and "'AYMAN AL-ZAWAHIRI'" in hit.explanation
    assert "birth_date" in hit.explanation and "threshold" in hit.explanation
    data = hit.to_dict()
    assert data["reference_number"] == "T.1" and data["matched_name"] == "AYMAN AL-ZAWAHIRI"
    assert {f["name"] for f in data["features"]} == {"name_match", "birth_date"}
    total = sum(f.contribution for f in hit.features)
    assert abs(max(0.0, min(1.0, total)) - hit.score) < 1e-9


def test_features_doc_is_the_docstrings() -> None:
    docs = features_doc()
    assert {"name_match", "weak_alias", "birth_date", "nationality", "id_number"} <= set(docs)
    assert "Korean" in str(docs["name_match"]["description"])
    assert all(v["description"] for v in docs.values())


def test_threshold_decides_match() -> None:
    hit = SCREENER.screen(Query("Aiman al-Zawahri"), threshold=0.99)[0]
    assert not hit.match and "no match" in hit.explanation


def test_bad_query_is_a_clear_input_error() -> None:
    with pytest.raises(InputError, match="unknown schema"):
        Query("x", schema="Ship")
    with pytest.raises(InputError, match="name or an id_number"):
        Query("  ")
    with pytest.raises(InputError, match="UNSC_MAX_NAME_CHARS"):
        Query("Kim Jong Un " * 50)


def test_birth_date_is_read_as_people_type_it() -> None:
    """Every readable format gives the same date; the unreadable part is a warning and the
    name is still screened (a subject is never dropped for its date)."""
    for typed in ("1964-07-17", "1964-7-17", "17/07/1964", "17.07.1964", "17 July 1964",
                  "July 17, 1964", "17-JUL-1964", "1964/07/17", "19640717", "17 juillet 1964"):
        query = Query("Aiman al-Zawahri", birth_date=typed)
        assert (query.birth_date, query.warnings) == ("1964-07-17", ()), typed
    assert Query("x", birth_date="1964-07-7").birth_date == "1964-07-07"
    odd = Query("x", birth_date="1964-07-32")
    assert odd.birth_date == "1964-07" and "day 32 is impossible" in odd.warnings[0]
    either = Query("x", birth_date="07/04/1964")
    assert either.birth_date == "1964" and "either way round" in either.warnings[0]
    us = Query("x", birth_date="07/17/1964")
    assert us.birth_date == "1964-07-17" and "month/day/year" in us.warnings[0]
    for unreadable in ("1999-99-99", "2205-08-02", "soon", "17/07/64"):
        query = Query("Aiman al-Zawahri", birth_date=unreadable)
        assert query.warnings, unreadable
        assert query.birth_date in (None, "1999"), unreadable
        assert SCREENER.screen(query)[0].entity.reference_number == "T.1"
