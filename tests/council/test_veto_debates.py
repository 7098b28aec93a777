"""The GA follow-up of every veto since A/RES/76/262, checked against the deadline rule."""

from __future__ import annotations

from datetime import date

from unsc.council.calendar import load_calendar
from unsc.council.veto_debates import load_veto_debates
from unsc.council.veto_initiative import veto_initiative
from unsc.regime.registry import is_citable


def test_the_debates_named_in_issue_14_are_recorded() -> None:
    by_veto = {d.veto_date.isoformat(): d for d in load_veto_debates()}
    assert by_veto["2022-07-08"].debate_date == date(2022, 7, 21)
    assert by_veto["2023-07-11"].debate_date == date(2023, 7, 19)
    assert by_veto["2024-11-18"].debate_date == date(2024, 11, 26)
    ess = by_veto["2022-09-30"]
    assert ess.follow_up == "emergency_special_session"
    assert ess.debate_date == date(2022, 10, 10) and "ES-11/4" in ess.record
    assert by_veto["2025-02-24"].debate_date == date(2025, 3, 6)
    assert all(d.verified and is_citable(d.source) for d in by_veto.values())


def test_every_debate_held_was_within_ten_working_days() -> None:
    for d in load_veto_debates():
        if d.follow_up != "debate":
            continue
        result = veto_initiative(d.veto_date, d.debate_date, d.vetoed_by)
        assert result.debate_within_deadline is True, d.veto_date
        assert result.debate_working_day is not None and 1 <= result.debate_working_day <= 10


def test_an_emergency_special_session_removes_the_separate_debate() -> None:
    ess = next(d for d in load_veto_debates() if d.follow_up == "emergency_special_session")
    result = veto_initiative(ess.veto_date, ess.debate_date, ess.vetoed_by, ess_meets=True)
    assert result.meeting_required is False and result.meeting_due_by is None


def test_the_doubtful_eid_al_adha_2022_is_marked_and_reported() -> None:
    cal = load_calendar()
    eid = cal.holidays[date(2022, 7, 8)]
    assert eid.doubtful and not eid.verified
    assert sum(h.doubtful for h in cal.holidays.values()) == 1
    # a window that contains 8 July 2022 says so
    result = veto_initiative("2022-07-01")
    assert any("doubtful" in n and "2022-07-08" in n for n in result.notes)
