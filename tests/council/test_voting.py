"""Article 27 outcomes, announcements and impossible votes."""

from __future__ import annotations

import pytest

from unsc.council.composition import council_for
from unsc.council.voting import Outcome, cast_vote
from unsc.errors import UnknownCodeError, VoteError

E10_2022 = ["IND", "IRL", "KEN", "MEX", "NOR", "ALB", "BRA", "GAB", "GHA", "ARE"]


def test_s_2022_431_is_a_double_veto() -> None:
    result = cast_vote(2022, yes=["rest"], no=["CHN", "RUS"])
    assert result.outcome is Outcome.NOT_ADOPTED_VETO
    assert result.tally == "13-2-0"
    assert result.vetoed_by == ("CHN", "RUS")
    assert "owing to the negative vote of a permanent member" in result.announcement
    assert set(result.yes) == set(council_for(2022).codes) - {"CHN", "RUS"}


def test_permanent_abstention_or_absence_is_not_a_veto() -> None:
    result = cast_vote(2022, yes=["rest"], abstain=["CHN"], absent=["RUS"])
    assert result.outcome is Outcome.ADOPTED and result.vetoed_by == ()
    assert result.announcement == "The draft resolution has been adopted."


def test_nine_votes_needed() -> None:
    eight = E10_2022[:8]
    result = cast_vote(2022, yes=eight, abstain=["rest"])
    assert result.outcome is Outcome.NOT_ADOPTED_INSUFFICIENT_VOTES
    assert "required number of votes" in result.announcement
    assert cast_vote(2022, yes=E10_2022[:9], abstain=["rest"]).outcome is Outcome.ADOPTED


def test_failing_both_ways_is_announced_as_a_veto() -> None:
    result = cast_vote(2022, yes=E10_2022[:8], no=["RUS", "GHA"], abstain=["rest"])
    assert result.outcome is Outcome.NOT_ADOPTED_VETO
    assert any("nine affirmative" in n for n in result.notes)


def test_procedural_vote_has_no_veto() -> None:
    result = cast_vote(2022, yes=["rest"], no=["CHN", "RUS"], procedural=True)
    assert result.outcome is Outcome.ADOPTED and result.vetoed_by == ()
    short = cast_vote(2022, yes=E10_2022[:8], no=["rest"], procedural=True)
    assert short.outcome is Outcome.NOT_ADOPTED_INSUFFICIENT_VOTES


def test_obligatory_abstention_art_27_3() -> None:
    result = cast_vote(2022, yes=["rest"], obligatory_abstainers=["GBR"])
    assert result.outcome is Outcome.ADOPTED
    assert "GBR" in result.abstain and "GBR" not in result.yes
    assert result.obligatory_abstainers == ("GBR",)
    with pytest.raises(VoteError, match="must abstain"):
        cast_vote(2022, yes=["rest"], no=["GBR"], obligatory_abstainers=["GBR"])
    with pytest.raises(VoteError, match="procedural"):
        cast_vote(2022, yes=["rest"], procedural=True, obligatory_abstainers=["GBR"])


def test_unlisted_members_count_as_absent() -> None:
    result = cast_vote(2022, yes=[*E10_2022, "FRA"])
    assert len(result.absent) == 4 and result.outcome is Outcome.ADOPTED
    assert result.to_dict()["absent"] == 4


def test_impossible_votes_are_refused_with_reasons() -> None:
    with pytest.raises(VoteError, match="CHN votes twice"):
        cast_vote(2022, yes=["rest"], no=["CHN", "CHN"])
    with pytest.raises(VoteError, match=r"FRA votes twice \(yes and no\)"):
        cast_vote(2022, yes=["FRA"], no=["FRA"])
    with pytest.raises(VoteError, match="DEU is not a member of the Security Council in 2022"):
        cast_vote(2022, yes=["DEU"])
    with pytest.raises(UnknownCodeError, match="'XYZ'"):
        cast_vote(2022, yes=["XYZ"])
    with pytest.raises(VoteError, match="'rest' may appear in only one"):
        cast_vote(2022, yes=["rest"], no=["rest"])
    with pytest.raises(VoteError, match="2031"):
        cast_vote(2031, yes=["FRA"])


def test_the_result_records_the_year_and_the_kind_of_vote() -> None:
    """The 2024 Council (15 members); a procedural vote is recorded as one (Art. 27(2))."""
    members = list(council_for(2024).codes)
    substantive = cast_vote(2024, yes=members)
    assert (substantive.year, substantive.procedural) == (2024, False)
    procedural = cast_vote(2024, yes=members, procedural=True)
    assert (procedural.year, procedural.procedural) == (2024, True)
