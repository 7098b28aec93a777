"""What a vote is given and how it is refused: member codes, the token ``rest``, parties to
a dispute listed twice, membership data with the wrong shape (Charter Art. 23: fifteen
members, the five permanent ones named). Messages are compared whole: they are what a
user reads on the CLI and in the API."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from unsc.council.calendar import UnCalendar, load_calendar
from unsc.council.composition import _validate, council_for
from unsc.council.voting import Outcome, cast_vote, expand_rest, parse_codes
from unsc.errors import InputError, VoteError

# members.csv order (seat order as the file lists them)
MEMBERS_2022 = ("CHN, FRA, RUS, GBR, USA, IND, IRL, KEN, MEX, NOR, ALB, BRA, GAB, GHA, ARE")


def test_codes_are_read_from_text_or_lists() -> None:
    assert parse_codes("CHN, rus,,usa ") == ["CHN", "RUS", "USA"]
    assert parse_codes(["chn", " REST "]) == ["CHN", "rest"]
    assert parse_codes("Rest") == ["rest"] and parse_codes(None) == [] and parse_codes("") == []


def test_rest_is_everybody_not_named() -> None:
    groups = expand_rest(2022, {"yes": ["rest"], "no": ["CHN", "RUS"], "abstain": [],
                                "absent": ["GHA"]})
    assert groups["no"] == ["CHN", "RUS"] and groups["absent"] == ["GHA"]
    assert sorted(groups["yes"]) == sorted(set(council_for(2022).codes) - {"CHN", "RUS", "GHA"})
    unchanged = {"yes": ["FRA"], "no": []}
    assert expand_rest(2022, unchanged) == unchanged


@pytest.mark.parametrize("kwargs", [
    {"yes": ["rest"], "no": ["rest"]}, {"yes": ["rest", "rest"]}, {"yes": "rest,REST"}])
def test_rest_only_once(kwargs: dict[str, object]) -> None:
    with pytest.raises(VoteError, match=r"^'rest' may appear in only one of "
                                        r"--for/--against/--abstain/--absent$"):
        cast_vote(2022, **kwargs)  # type: ignore[arg-type]


def test_refusals_are_worded_exactly() -> None:
    with pytest.raises(VoteError) as info:
        cast_vote(2022, yes=["DEU"])
    assert info.value.message == ("DEU is not a member of the Security Council in 2022; "
                                  f"members: {MEMBERS_2022}")
    with pytest.raises(VoteError) as info:
        cast_vote(2022, no=["CHN", "CHN"])
    assert info.value.message == "CHN votes twice (no); each member has one vote (Art. 27(1))"
    with pytest.raises(VoteError) as info:
        cast_vote(2022, yes=["FRA"], abstain=["FRA"])
    assert info.value.message == ("FRA votes twice (yes and abstain); each member has one "
                                  "vote (Art. 27(1))")
    with pytest.raises(VoteError) as info:
        cast_vote(2022, yes=["rest"], procedural=True, obligatory_abstainers=["GHA"])
    assert info.value.message == ("Art. 27(3) obligatory abstention does not apply to "
                                  "procedural votes")
    with pytest.raises(VoteError) as info:
        cast_vote(2022, no=["GHA"], obligatory_abstainers=["GHA"])
    assert info.value.message == ("GHA is a party to the dispute and must abstain "
                                  "(Art. 27(3)); it cannot vote yes or no")
    with pytest.raises(VoteError) as info:
        cast_vote(2022, yes=["rest"], obligatory_abstainers=["GBR", "GBR"])
    assert info.value.message == ("GBR votes twice (obligatory); each member has one vote "
                                  "(Art. 27(1))")


def test_parties_to_a_dispute_listed_as_absent_count_once_as_abstaining() -> None:
    """Art. 27(3): a party "shall abstain": listed absent as well, it still abstains."""
    result = cast_vote(2022, yes=["rest"], absent=["GBR", "GHA"],
                       obligatory_abstainers=["GBR", "FRA"])
    assert result.abstain == ("GBR", "FRA") and result.absent == ("GHA",)
    assert result.outcome is Outcome.ADOPTED and result.tally == "12-0-2"
    assert result.notes == ("Art. 27(3): GBR, FRA abstained as parties to the dispute",)


def test_explicitly_absent_members_need_no_note() -> None:
    listed = cast_vote(2022, yes=["rest"], absent=["GHA"])
    assert listed.absent == ("GHA",) and listed.notes == ()


def test_membership_data_of_the_wrong_shape_is_refused() -> None:
    members = list(council_for(2022).members)
    _validate(2022, members)  # the shipped data is valid
    with pytest.raises(InputError) as info:
        _validate(2022, members[:14])
    assert info.value.message == "membership data for 2022 is invalid: 14 members instead of 15"
    with pytest.raises(InputError) as info:
        _validate(2022, [*members[:14], members[0]])
    assert info.value.message == ("membership data for 2022 is invalid: a member is listed "
                                  "twice; permanent members ['CHN', 'CHN', 'FRA', 'GBR', "
                                  "'RUS', 'USA'] instead of ['CHN', 'FRA', 'GBR', 'RUS', 'USA']")
    demoted = [replace(m, permanent=False) if m.iso3 == "FRA" else m for m in members]
    with pytest.raises(InputError, match=r"permanent members \['CHN', 'GBR', 'RUS', 'USA'\]"):
        _validate(2022, demoted)


def test_an_empty_calendar_covers_nothing() -> None:
    empty = UnCalendar({})
    assert (empty.first_year, empty.last_year) == (0, 0)
    assert not empty.covers(date(2022, 1, 1))
    assert empty.nth_working_day(date(2022, 5, 27), 1) == date(2022, 5, 30)  # weekends only
    shipped = load_calendar()
    assert (shipped.first_year, shipped.last_year) == (2015, 2027)
    days = shipped.working_days_after(date(2022, 5, 26))
    assert [next(days), next(days)] == [date(2022, 5, 27), date(2022, 5, 31)]
