"""The General Assembly "veto initiative", A/RES/76/262 (26 April 2022).

OP1: within ten working days of the casting of a veto the President of the General Assembly
convenes a formal meeting to debate the situation, unless the Assembly meets in an Emergency
Special Session (ESS) on the same situation. OP2: the vetoing members get precedence in the
speakers list. OP3: the Council is invited (not obliged) to submit a special report at least
72 hours before the debate.

"Working days" is not defined in the text: we use Monday-Friday minus UNHQ official holidays
(:mod:`unsc.council.calendar`); whether the veto day is day 1 is the setting
``veto_day_counts`` (default: the next working day is day 1, which makes the first debate,
8 June 2022, working day 8 after the veto of 26 May 2022).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from unsc import settings
from unsc.council.calendar import UnCalendar, load_calendar, parse_date
from unsc.errors import InvalidDateError

__all__ = ["ADOPTED_ON", "VetoInitiative", "veto_initiative"]

ADOPTED_ON = date(2022, 4, 26)


@dataclass(frozen=True)
class VetoInitiative:
    """Deadlines and facts the GA follow-up of one veto implies."""

    veto_date: date
    working_days: int
    veto_day_counts: bool
    meeting_required: bool
    meeting_due_by: date | None
    debate_date: date | None
    special_report_due_by: datetime | None
    debate_working_day: int | None
    debate_within_deadline: bool | None
    speakers_precedence: tuple[str, ...]
    holidays_in_window: tuple[tuple[str, str, bool], ...]
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, object]:
        """The public JSON shape (the CLI contract plus explanatory keys)."""
        return {
            "veto_date": self.veto_date.isoformat(),
            "meeting_due_by": self.meeting_due_by.isoformat() if self.meeting_due_by else None,
            "special_report_due_by": (self.special_report_due_by.isoformat(timespec="minutes")
                                      if self.special_report_due_by else None),
            "debate_date": self.debate_date.isoformat() if self.debate_date else None,
            "debate_working_day": self.debate_working_day,
            "debate_within_deadline": self.debate_within_deadline,
            "meeting_required": self.meeting_required,
            "working_days": self.working_days,
            "veto_day_counts": self.veto_day_counts,
            "speakers_precedence": list(self.speakers_precedence),
            "holidays_in_window": [{"date": d, "name": n, "verified": v}
                                   for d, n, v in self.holidays_in_window],
            "notes": list(self.notes),
        }


def veto_initiative(veto_date: str | date, debate_date: str | date | None = None,
                    vetoed_by: Sequence[str] = (), ess_meets: bool = False,
                    calendar: UnCalendar | None = None) -> VetoInitiative:
    """Compute the A/RES/76/262 follow-up of a veto cast on ``veto_date``.

    ``special_report_due_by`` is 72 hours (setting ``special_report_hours``) before the start
    of the debate day: without a meeting time we take 00:00, the conservative reading.
    """
    veto = parse_date(veto_date, "veto date")
    debate = parse_date(debate_date, "debate date") if debate_date is not None else None
    if debate is not None and debate < veto:
        raise InvalidDateError(f"debate date {debate} is before the veto date {veto}")
    cal = calendar or load_calendar()
    n = int(settings.get("veto_initiative_working_days"))
    counts = bool(settings.get("veto_day_counts"))
    hours = int(settings.get("special_report_hours"))
    notes: list[str] = []
    if veto < ADOPTED_ON:
        notes.append(f"the veto predates A/RES/76/262 (adopted {ADOPTED_ON}); shown as if it "
                     "applied")
    if counts and not cal.is_working_day(veto):
        notes.append("the veto day is not a working day, so counting starts on the next one")
    due = cal.nth_working_day(veto, n, include_start=counts)
    window_end = max(due, debate) if debate else due
    if not (cal.covers(veto) and cal.covers(window_end)):
        notes.append(f"the holiday calendar covers {cal.first_year}-{cal.last_year} only: "
                     "dates outside count weekends alone (extend with UNSC_HOLIDAYS_FILE)")
    holidays = cal.holidays_between(veto, window_end)
    if any(not h.verified for h in holidays):
        notes.append("some holidays in the window are inferred, not read in a circular")
    for h in holidays:
        if h.doubtful:
            notes.append(f"the holiday {h.name} on {h.date.isoformat()} is doubtful (see the "
                         "calendar's note); correct it with UNSC_HOLIDAYS_FILE")
    report_due = None
    working_day = within = None
    if debate is not None:
        report_due = datetime.combine(debate, time(0, 0)) - timedelta(hours=hours)
        working_day = cal.working_day_number(veto, debate, include_start=counts)
        within = debate <= due
        if not cal.is_working_day(debate):
            notes.append(f"the debate date {debate} is not a UNHQ working day")
    if ess_meets:
        notes.append("an Emergency Special Session on the same situation meets: OP1 does not "
                     "oblige the President to convene a meeting")
    else:
        notes.append("OP3 invites (does not oblige) the Council to submit a special report")
    return VetoInitiative(
        veto_date=veto, working_days=n, veto_day_counts=counts, meeting_required=not ess_meets,
        meeting_due_by=None if ess_meets else due, debate_date=debate,
        special_report_due_by=report_due, debate_working_day=working_day,
        debate_within_deadline=None if ess_meets and debate else within,
        speakers_precedence=tuple(vetoed_by),
        holidays_in_window=tuple((h.date.isoformat(), h.name, h.verified) for h in holidays),
        notes=tuple(notes))
