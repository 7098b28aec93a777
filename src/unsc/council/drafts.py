"""A draft resolution's life as an event-sourced timeline.

The stored truth is the ordered list of events; the draft's state is what replaying them
gives. Replaying checks every transition, so an impossible history (a vote on a text not in
blue, blue twice, a revision after the vote) is refused with the reason, whether it comes
from a file, the CLI or the store. States (an *inference* from Council working methods,
domain notes section 2)::

    IDEA -> ZERO_DRAFT -> NEGOTIATION (rounds: expert / PR level, comments, revisions)
         -> SILENCE(deadline) -> broken: NEGOTIATION | extended: SILENCE | passed: AGREED
         -> IN_BLUE (S/yyyy/nnn) -> VOTED (adopted | not adopted)        any -> WITHDRAWN

A penholder may put a text in blue without silence or consensus (S/2022/431 did).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from unsc.council.voting import VoteResult, cast_vote
from unsc.errors import InputError, InvalidDateError, TransitionError

__all__ = ["EVENT_TYPES", "Draft", "DraftState", "Event", "Revision", "State", "replay"]


class State(StrEnum):
    IDEA = "idea"
    ZERO_DRAFT = "zero_draft"
    NEGOTIATION = "negotiation"
    SILENCE = "silence"
    AGREED = "agreed"
    IN_BLUE = "in_blue"
    VOTED = "voted"
    WITHDRAWN = "withdrawn"


OPEN = {State.ZERO_DRAFT, State.NEGOTIATION, State.AGREED}
SYMBOL = re.compile(r"^S/(\d{4})/(\d{1,4})$")


@dataclass(frozen=True)
class Event:
    """One dated thing that happened to a draft. ``data`` depends on ``type``."""

    type: str
    date: str  # ISO date or date-time; kept as text so files round-trip exactly
    data: Mapping[str, Any] = field(default_factory=dict)

    @property
    def day(self) -> dt.date:
        try:
            return dt.datetime.fromisoformat(self.date).date()
        except ValueError:
            raise InvalidDateError(f"event {self.type!r}: date {self.date!r} is not ISO 8601"
                                   ) from None

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "date": self.date, **dict(self.data)}


@dataclass(frozen=True)
class Revision:
    number: int  # 0 = zero draft
    date: str
    text: str
    note: str


@dataclass
class DraftState:
    """Everything the timeline says so far."""

    state: State = State.IDEA
    title: str = ""
    penholders: list[str] = field(default_factory=list)
    shared_with: list[str] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)
    rounds: list[dict[str, Any]] = field(default_factory=list)
    comments: list[dict[str, Any]] = field(default_factory=list)
    silence_deadline: str | None = None
    silence_history: list[dict[str, Any]] = field(default_factory=list)
    symbol: str | None = None
    blue_date: str | None = None
    vote: VoteResult | None = None
    last_date: dt.date | None = None

    @property
    def outcome(self) -> str | None:
        if self.state == State.WITHDRAWN:
            return "withdrawn"
        return self.vote.outcome.value if self.vote else None

    @property
    def announcement(self) -> str | None:
        return self.vote.announcement if self.vote else None


def _need(event: Event, key: str) -> Any:
    value = event.data.get(key)
    if value in (None, "", []):
        raise InputError(f"event {event.type!r} on {event.date} needs {key!r}")
    return value


def _refuse(s: DraftState, event: Event, allowed: Iterable[State], why: str) -> None:
    if s.state not in set(allowed):
        raise TransitionError(f"cannot record {event.type!r} on {event.date}: the draft is "
                              f"{s.state.value}; {why}")


def _codes(value: Any) -> list[str]:
    if not isinstance(value, str | list | tuple):
        raise InputError(f"expected ISO3 codes as a list or comma-separated text, not {value!r}")
    items = value.split(",") if isinstance(value, str) else list(value)
    return [str(c).strip().upper() for c in items if str(c).strip()]


def _created(s: DraftState, e: Event) -> None:
    if s.last_date is not None:
        raise TransitionError("'created' must be the first event of a draft")
    s.title = str(e.data.get("title", ""))
    s.penholders = _codes(_need(e, "penholders"))


def _penholder(s: DraftState, e: Event) -> None:
    _refuse(s, e, {State.IDEA, *OPEN}, "penholders change only before the text is final")
    s.penholders += [c for c in _codes(_need(e, "members")) if c not in s.penholders]


def _zero_draft(s: DraftState, e: Event) -> None:
    _refuse(s, e, {State.IDEA}, "there is already a zero draft")
    s.revisions.append(Revision(0, e.date, str(_need(e, "text")), str(e.data.get("note", ""))))
    s.state = State.ZERO_DRAFT


def _shared(s: DraftState, e: Event) -> None:
    _refuse(s, e, OPEN, "only a working text can be circulated")
    s.shared_with = _codes(_need(e, "with"))


def _round(s: DraftState, e: Event) -> None:
    _refuse(s, e, OPEN, "negotiations need a working text and stop once it is in blue")
    level = str(e.data.get("level", "expert"))
    if level not in {"expert", "pr"}:
        raise InputError(f"round level must be 'expert' or 'pr' (permanent representative), "
                         f"not {level!r}")
    s.rounds.append({"date": e.date, "level": level, "notes": e.data.get("notes", "")})
    s.state = State.NEGOTIATION


def _comments(s: DraftState, e: Event) -> None:
    _refuse(s, e, OPEN, "written comments go on a working text (during silence, break it)")
    s.comments.append({"date": e.date, "by": _codes(_need(e, "by")),
                       "text": e.data.get("text", "")})


def _revision(s: DraftState, e: Event) -> None:
    _refuse(s, e, OPEN | {State.SILENCE},
            "a text in blue or voted on is no longer revised in negotiation")
    if s.state == State.SILENCE:
        raise TransitionError(f"cannot record 'revision' on {e.date}: the text is under silence "
                              "until " + str(s.silence_deadline) + "; break or pass it first")
    s.revisions.append(Revision(len(s.revisions), e.date, str(_need(e, "text")),
                                str(e.data.get("note", ""))))
    s.state = State.NEGOTIATION


def _silence(s: DraftState, e: Event) -> None:
    _refuse(s, e, OPEN, "silence needs a working text that is not already under silence")
    s.silence_deadline = str(_need(e, "deadline"))
    s.silence_history.append({"date": e.date, "event": "put", "deadline": s.silence_deadline})
    s.state = State.SILENCE


def _silence_broken(s: DraftState, e: Event) -> None:
    _refuse(s, e, {State.SILENCE}, "no silence procedure is running")
    s.silence_history.append({"date": e.date, "event": "broken", "by": _codes(_need(e, "by"))})
    s.silence_deadline = None
    s.state = State.NEGOTIATION


def _silence_extended(s: DraftState, e: Event) -> None:
    _refuse(s, e, {State.SILENCE}, "no silence procedure is running")
    deadline = str(_need(e, "deadline"))
    if s.silence_deadline and deadline <= s.silence_deadline:
        raise TransitionError(f"extended deadline {deadline} is not after {s.silence_deadline}")
    s.silence_deadline = deadline
    s.silence_history.append({"date": e.date, "event": "extended", "deadline": deadline})


def _silence_passed(s: DraftState, e: Event) -> None:
    _refuse(s, e, {State.SILENCE}, "no silence procedure is running")
    s.silence_history.append({"date": e.date, "event": "passed"})
    s.silence_deadline = None
    s.state = State.AGREED


def _blue(s: DraftState, e: Event) -> None:
    if s.state == State.IN_BLUE:
        raise TransitionError(f"cannot put the draft in blue on {e.date}: it is already in blue "
                              f"as {s.symbol} since {s.blue_date}")
    _refuse(s, e, OPEN, "only a negotiated text (not under silence, not voted) goes in blue")
    symbol = str(_need(e, "symbol")).strip()
    match = SYMBOL.match(symbol)
    if not match:
        raise InputError(f"symbol {symbol!r} is not a Council document symbol S/yyyy/nnn")
    if int(match.group(1)) != e.day.year:
        raise InputError(f"symbol {symbol} has year {match.group(1)} but the draft goes in "
                         f"blue in {e.day.year}")
    s.symbol, s.blue_date, s.state = symbol, e.date, State.IN_BLUE


def _vote(s: DraftState, e: Event) -> None:
    if s.state == State.VOTED:
        raise TransitionError(f"cannot vote on {e.date}: the draft was already voted on")
    _refuse(s, e, {State.IN_BLUE}, "the Council votes only on a draft in blue (S/yyyy/nnn)")
    s.vote = cast_vote(e.day.year, yes=e.data.get("yes", ()), no=e.data.get("no", ()),
                       abstain=e.data.get("abstain", ()), absent=e.data.get("absent", ()),
                       procedural=bool(e.data.get("procedural", False)),
                       obligatory_abstainers=e.data.get("obligatory_abstainers", ()))
    s.state = State.VOTED


def _withdrawn(s: DraftState, e: Event) -> None:
    _refuse(s, e, {State.IDEA, State.SILENCE, State.IN_BLUE, *OPEN},
            "a voted or withdrawn draft cannot be withdrawn")
    s.state = State.WITHDRAWN


EVENT_TYPES: dict[str, Callable[[DraftState, Event], None]] = {
    "created": _created, "penholder": _penholder, "zero_draft": _zero_draft,
    "shared": _shared, "round": _round, "comments": _comments, "revision": _revision,
    "silence": _silence, "silence_broken": _silence_broken,
    "silence_extended": _silence_extended, "silence_passed": _silence_passed,
    "blue": _blue, "vote": _vote, "withdrawn": _withdrawn,
}


def apply(s: DraftState, event: Event) -> DraftState:
    """Apply one event in place, refusing it (TransitionError) if illegal now."""
    handler = EVENT_TYPES.get(event.type)
    if handler is None:
        raise InputError(f"unknown event type {event.type!r}; known: {', '.join(EVENT_TYPES)}")
    day = event.day
    if s.state in {State.VOTED, State.WITHDRAWN} and event.type not in {"vote", "withdrawn"}:
        raise TransitionError(f"cannot record {event.type!r} on {event.date}: the draft is "
                              f"already {s.state.value} ({s.outcome})")
    if s.last_date is None and event.type != "created":
        raise TransitionError("a draft's timeline starts with a 'created' event (penholders)")
    if s.last_date is not None and day < s.last_date:
        raise TransitionError(f"event {event.type!r} on {event.date} is earlier than the "
                              f"previous event ({s.last_date}); timelines are in date order")
    handler(s, event)
    s.last_date = day
    return s


def replay(events: Iterable[Event]) -> DraftState:
    """Fold a timeline into its state, checking every transition."""
    state = DraftState()
    for event in events:
        apply(state, event)
    return state


@dataclass(frozen=True)
class Draft:
    """A stored draft: an id, a label, provenance notes and its timeline."""

    id: str
    events: tuple[Event, ...]
    note: str = ""

    def state(self) -> DraftState:
        return replay(self.events)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "note": self.note, "events": [e.to_dict() for e in self.events]}

    @staticmethod
    def from_dict(data: Mapping[str, Any]) -> Draft:
        """Build from the exchange format; raises InputError on a malformed document."""
        if not isinstance(data, Mapping) or not isinstance(data.get("events"), list):
            raise InputError("a draft document is an object with 'id' and an 'events' list")
        draft_id = str(data.get("id", "")).strip()
        if not draft_id:
            raise InputError("a draft document needs a non-empty 'id'")
        events = []
        for i, raw in enumerate(data["events"], start=1):
            if not isinstance(raw, Mapping) or "type" not in raw or "date" not in raw:
                raise InputError(f"event {i} needs at least 'type' and 'date'")
            rest = {k: v for k, v in raw.items() if k not in {"type", "date"}}
            events.append(Event(str(raw["type"]), str(raw["date"]), rest))
        return Draft(draft_id, tuple(events), str(data.get("note", "")))
