"""A/RES/76/262 deadlines checked against the GA debates actually held (domain notes s.3)."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest

from unsc.council.calendar import load_calendar
from unsc.council.veto_initiative import veto_initiative
from unsc.errors import InputError, InvalidDateError

# (veto, GA debate actually held, its working-day number with the default counting)
REAL_CASES = [
    ("2022-05-26", "2022-06-08", 8),   # DPRK, S/2022/431: first application (GA/12423)
    ("2022-07-08", "2022-07-21", 9),   # Syria cross-border (GA/12436)
    ("2023-08-30", "2023-09-11", 7),   # Mali sanctions (GA/12528)
    ("2024-03-28", "2024-04-11", 8),   # DPRK Panel of Experts
]


@pytest.mark.parametrize(("veto", "debate", "day"), REAL_CASES)
def test_real_debates_were_within_ten_working_days(veto: str, debate: str, day: int) -> None:
    result = veto_initiative(veto, debate)
    assert result.debate_working_day == day
    assert result.debate_within_deadline is True
    assert result.meeting_due_by is not None and result.meeting_due_by >= date.fromisoformat(debate)


def test_first_application_dates() -> None:
    result = veto_initiative("2022-05-26", "2022-06-08", vetoed_by=["CHN", "RUS"])
    # Fri 27 May = day 1, Memorial Day 30 May skipped, 8 Jun = day 8, 10 Jun = day 10
    assert result.meeting_due_by == date(2022, 6, 10)
    assert result.special_report_due_by == datetime(2022, 6, 5, 0, 0)
    assert result.speakers_precedence == ("CHN", "RUS")
    assert [h[0] for h in result.holidays_in_window] == ["2022-05-30"]


def test_holidays_move_the_deadline() -> None:
    # 28 Mar 2024: Good Friday 29 Mar and Eid al-Fitr 10 Apr are official (verified) holidays
    assert veto_initiative("2024-03-28").meeting_due_by == date(2024, 4, 15)
    # 30 Aug 2023: Labour Day 4 Sep
    assert veto_initiative("2023-08-30").meeting_due_by == date(2023, 9, 14)


def test_no_debate_date_gives_nulls() -> None:
    data = veto_initiative("2022-09-30").to_dict()
    assert data["meeting_due_by"] == "2022-10-14"
    assert data["special_report_due_by"] is None
    assert data["debate_working_day"] is None and data["debate_within_deadline"] is None


def test_veto_day_counts_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNSC_VETO_DAY_COUNTS", "true")
    result = veto_initiative("2022-05-26", "2022-06-08")
    assert result.debate_working_day == 9
    assert result.meeting_due_by == date(2022, 6, 9)


def test_working_days_and_report_hours_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNSC_VETO_INITIATIVE_WORKING_DAYS", "5")
    monkeypatch.setenv("UNSC_SPECIAL_REPORT_HOURS", "48")
    result = veto_initiative("2022-05-26", "2022-06-08")
    assert result.meeting_due_by == date(2022, 6, 3)
    assert result.debate_within_deadline is False
    assert result.special_report_due_by == datetime(2022, 6, 6, 0, 0)


def test_late_debate_is_flagged() -> None:
    result = veto_initiative("2022-05-26", "2022-06-13")
    assert result.debate_working_day == 11 and result.debate_within_deadline is False


def test_emergency_special_session_removes_the_obligation() -> None:
    result = veto_initiative("2023-10-18", ess_meets=True)
    assert result.meeting_required is False and result.meeting_due_by is None
    assert any("Emergency Special Session" in n for n in result.notes)


def test_user_holidays_file_extends_and_corrects(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "holidays.csv"
    extra.write_text("date,name,kind\n2022-05-30,Memorial Day,open\n"
                     "2022-06-01,Invented closure,official\n", encoding="utf-8")
    monkeypatch.setenv("UNSC_HOLIDAYS_FILE", str(extra))
    result = veto_initiative("2022-05-26", "2022-06-08")
    assert [h[1] for h in result.holidays_in_window] == ["Invented closure"]
    assert result.debate_working_day == 8  # one holiday removed, one added


def test_bad_holidays_file_is_a_clear_error(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("date,name\n2022-13-01,Nonsense\n", encoding="utf-8")
    monkeypatch.setenv("UNSC_HOLIDAYS_FILE", str(bad))
    with pytest.raises(InvalidDateError, match=r"bad\.csv:2"):
        veto_initiative("2022-05-26")
    monkeypatch.setenv("UNSC_HOLIDAYS_FILE", str(tmp_path / "missing.csv"))
    with pytest.raises(InputError, match="does not exist"):
        veto_initiative("2022-05-26")


def test_invalid_dates() -> None:
    with pytest.raises(InvalidDateError, match="veto date"):
        veto_initiative("2022-02-30")
    with pytest.raises(InvalidDateError, match="debate date"):
        veto_initiative("2022-05-26", "8 June 2022")
    with pytest.raises(InvalidDateError, match="before the veto"):
        veto_initiative("2022-05-26", "2022-05-20")


def test_outside_calendar_is_noted() -> None:
    result = veto_initiative("2030-03-01")
    assert any("covers 2015-2027" in n for n in result.notes)


def test_shipped_calendar_keeps_the_shared_official_holidays(shared_data: Path) -> None:
    path = shared_data / "un_calendar" / "unhq_official_holidays.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["kind"] == "official"]
    cal = load_calendar()
    assert {date.fromisoformat(r["date"]) for r in rows} == set(cal.holidays)
    verified = {date.fromisoformat(r["date"]) for r in rows if r["verified"] == "yes"}
    assert {d for d, h in cal.holidays.items() if h.verified} == verified
    assert not cal.is_working_day(date(2022, 5, 30)) and cal.is_working_day(date(2022, 5, 31))
