"""How the Security Council decides: composition, Article 27 votes, drafts and their
timeline, the GA veto initiative (A/RES/76/262) with the UN working-day calendar, and the
veto history.

Pure domain code (no framework, no store). Adapters call :mod:`unsc.council.service`,
which adds storage; it is not imported here so the store can import the draft model.
"""

from unsc.council.calendar import Holiday, UnCalendar, load_calendar, parse_date
from unsc.council.composition import PERMANENT, Council, Member, council_for, member_name
from unsc.council.diff import RevisionDiff, diff_revisions, diff_texts
from unsc.council.drafts import EVENT_TYPES, Draft, DraftState, Event, State, replay
from unsc.council.veto_initiative import VetoInitiative, veto_initiative
from unsc.council.vetoes import Veto, counts, load_history, parse_history
from unsc.council.voting import Outcome, VoteResult, cast_vote

__all__ = [
    "EVENT_TYPES", "PERMANENT", "Council", "Draft", "DraftState", "Event", "Holiday", "Member",
    "Outcome", "RevisionDiff", "State", "UnCalendar", "Veto", "VetoInitiative", "VoteResult",
    "cast_vote", "council_for", "counts", "diff_revisions", "diff_texts", "load_calendar",
    "load_history", "member_name", "parse_date", "parse_history", "replay", "veto_initiative",
]
