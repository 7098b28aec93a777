"""Article 27 at its boundaries, each test citing the rule it pins.

UN Charter Art. 27(2): "Decisions of the Security Council on procedural matters shall be
made by an affirmative vote of nine members." Art. 27(3): "Decisions ... on all other
matters shall be made by an affirmative vote of nine members including the concurring votes
of the permanent members; provided that, in decisions under Chapter VI, and under paragraph
3 of Article 52, a party to a dispute shall abstain from voting." Practice since 1946-47
(ICJ Namibia advisory opinion, 1971, para. 22) treats a permanent member's abstention as no
veto. The 2022 Council (members.csv; GA/12235 and GA/12338 elections): permanent CHN FRA
GBR RUS USA, elected ALB ARE BRA GAB GHA IND IRL KEN MEX NOR.
"""

from __future__ import annotations

import pytest

from unsc.council.voting import Outcome, cast_vote
from unsc.errors import VoteError

P5 = ["CHN", "FRA", "GBR", "RUS", "USA"]
E10 = ["ALB", "ARE", "BRA", "GAB", "GHA", "IND", "IRL", "KEN", "MEX", "NOR"]
ADOPTED = "The draft resolution has been adopted."
VETOED = ("The draft resolution has not been adopted, owing to the negative vote of a "
          "permanent member of the Council.")
SHORT = ("The draft resolution has not been adopted, having failed to obtain the required "
         "number of votes.")


def test_exactly_nine_yes_adopts_and_eight_does_not() -> None:
    """Art. 27(3): nine affirmative votes, not ten; P5 all in favour, 4 elected in favour."""
    nine = cast_vote(2022, yes=P5 + E10[:4], abstain=E10[4:])
    assert (nine.outcome, nine.tally, nine.announcement) == (Outcome.ADOPTED, "9-0-6", ADOPTED)
    eight = cast_vote(2022, yes=P5 + E10[:3], abstain=E10[3:])
    assert (eight.outcome, eight.tally) == (Outcome.NOT_ADOPTED_INSUFFICIENT_VOTES, "8-0-7")
    assert eight.announcement == SHORT and eight.vetoed_by == ()


def test_elected_members_no_votes_are_never_a_veto() -> None:
    """Art. 27(3): only a permanent member's negative vote withholds concurrence. 9 yes
    against 6 elected "no" votes is adopted (9-6-0)."""
    result = cast_vote(2022, yes=P5 + E10[:4], no=E10[4:])
    assert (result.outcome, result.tally) == (Outcome.ADOPTED, "9-6-0")
    assert result.vetoed_by == () and result.announcement == ADOPTED
    one_no = cast_vote(2022, yes=["rest"], no=["GHA"])
    assert (one_no.outcome, one_no.tally, one_no.vetoed_by) == (Outcome.ADOPTED, "14-1-0", ())


@pytest.mark.parametrize("member", P5)
def test_each_permanent_members_no_is_a_veto(member: str) -> None:
    """Art. 27(3): 14 in favour, one permanent member against: not adopted."""
    result = cast_vote(2022, yes=["rest"], no=[member])
    assert (result.outcome, result.tally) == (Outcome.NOT_ADOPTED_VETO, "14-1-0")
    assert result.vetoed_by == (member,) and result.announcement == VETOED
    assert result.notes == ()


@pytest.mark.parametrize("member", P5)
def test_permanent_abstention_and_absence_are_not_vetoes(member: str) -> None:
    """Practice under Art. 27(3) (ICJ Namibia opinion para. 22): abstaining or being absent
    is not a veto, with exactly nine yes left."""
    others = [c for c in P5 if c != member]
    yes = others + E10[:5]  # 4 + 5 = 9
    abstained = cast_vote(2022, yes=yes, abstain=[member], no=E10[5:])
    assert (abstained.outcome, abstained.tally) == (Outcome.ADOPTED, "9-5-1")
    assert abstained.vetoed_by == ()
    away = cast_vote(2022, yes=yes, absent=[member], no=E10[5:])
    assert (away.outcome, away.tally, away.absent) == (Outcome.ADOPTED, "9-5-0", (member,))


def test_veto_and_insufficient_votes_together_is_announced_as_veto() -> None:
    """S/PV practice: a draft failing both ways is announced as vetoed; the note says it
    was also short of the nine votes."""
    result = cast_vote(2022, yes=E10[:8], no=["RUS"], abstain=["rest"])
    assert result.outcome is Outcome.NOT_ADOPTED_VETO and result.vetoed_by == ("RUS",)
    assert result.notes == ("also short of the nine affirmative votes required",)
    enough = cast_vote(2022, yes=E10[:9], no=["RUS"], abstain=["rest"])
    assert enough.outcome is Outcome.NOT_ADOPTED_VETO and enough.notes == ()


def test_procedural_votes_need_nine_and_know_no_veto() -> None:
    """Art. 27(2): nine affirmative votes of any members; a permanent "no" does not block."""
    nine = cast_vote(2022, yes=E10[:9], no=P5 + E10[9:], procedural=True)
    assert (nine.outcome, nine.tally, nine.vetoed_by) == (Outcome.ADOPTED, "9-6-0", ())
    assert nine.announcement == "The proposal has been adopted."
    assert nine.notes == ("procedural vote: a permanent member's negative vote is not a veto",)
    eight = cast_vote(2022, yes=E10[:8], no=P5, abstain=E10[8:], procedural=True)
    assert eight.outcome is Outcome.NOT_ADOPTED_INSUFFICIENT_VOTES
    assert eight.announcement == ("The proposal has not been adopted, having failed to obtain "
                                  "the required number of votes.")
    elected_no = cast_vote(2022, yes=["rest"], no=["GHA"], procedural=True)
    assert elected_no.outcome is Outcome.ADOPTED and elected_no.notes == ()


def test_party_to_a_dispute_abstains_and_the_nine_count_among_the_rest() -> None:
    """Art. 27(3) proviso: a party to a dispute (Chapter VI) abstains; a permanent party's
    abstention is no veto, and nine of the other fourteen must vote yes."""
    others = [c for c in P5 if c != "GBR"]
    nine = cast_vote(2022, yes=others + E10[:5], no=E10[5:], obligatory_abstainers=["GBR"])
    assert (nine.outcome, nine.tally) == (Outcome.ADOPTED, "9-5-1")
    assert nine.abstain == ("GBR",) and nine.obligatory_abstainers == ("GBR",)
    assert nine.absent == () and "GBR" not in nine.yes
    assert nine.notes == ("Art. 27(3): GBR abstained as parties to the dispute",)
    eight = cast_vote(2022, yes=others + E10[:4], no=E10[4:], obligatory_abstainers=["GBR"])
    assert eight.outcome is Outcome.NOT_ADOPTED_INSUFFICIENT_VOTES
    # listed as abstaining as well: counted once
    twice = cast_vote(2022, yes=["rest"], abstain=["GBR"], obligatory_abstainers=["gbr"])
    assert twice.abstain == ("GBR",) and twice.tally == "14-0-1"
    with pytest.raises(VoteError, match="GBR is a party to the dispute and must abstain"):
        cast_vote(2022, yes=["GBR", *E10], obligatory_abstainers=["GBR"])
    with pytest.raises(VoteError, match="does not apply to procedural votes"):
        cast_vote(2022, yes=["rest"], procedural=True, obligatory_abstainers=["GHA"])


def test_unlisted_members_are_absent_and_named_in_a_note() -> None:
    """Art. 27 counts votes cast: a member that does not vote is absent, not a yes."""
    result = cast_vote(2022, yes=P5 + E10[:4])
    assert result.outcome is Outcome.ADOPTED and sorted(result.absent) == E10[4:]
    # in the order of members.csv (seat order), as the note names them
    assert result.notes == ("not listed, counted absent: IND, IRL, KEN, MEX, NOR, GHA",)
    data = result.to_dict()
    assert (data["yes"], data["no"], data["abstain"], data["absent"]) == (9, 0, 0, 6)
    assert data["absent_members"] == list(result.absent) and data["outcome"] == "adopted"
