"""The regime on a given day, with or without a what-if draft, and the diff between them.

The regime as of a date is a replay: start empty, apply every resolution adopted up to that
date in order (add its measures, end the ones it replaces or ends the day before it takes
effect, re-apply the ones it restores from that day), then keep the measures in force on
the date. A what-if draft is one more amendment,
applied as if adopted on the day it was put to the vote; before that day it changes
nothing, and the state says so.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from unsc import settings
from unsc.dates import parse_date
from unsc.errors import InputError
from unsc.lists.model import Entity, Name, Schema
from unsc.regime.data import load_regime, load_what_if
from unsc.regime.model import Amendment, Measure, RegimeDiff, RegimeInfo, RegimeState
from unsc.regime.registry import load_regime_info, resolve_regime

__all__ = ["regime_as_of", "regime_diff", "what_if_designations"]


def _replay(amendments: list[Amendment]) -> dict[str, Measure]:
    measures: dict[str, Measure] = {}
    original: dict[str, Measure] = {}
    for amendment in sorted(amendments, key=lambda a: (a.takes_effect, a.adopted)):
        start = amendment.takes_effect
        last_day = start - timedelta(days=1)
        for old in [*amendment.replaces, *amendment.ends]:
            if old in measures:
                current = measures[old]
                if current.effective_until is None or current.effective_until > last_day:
                    measures[old] = current.ended(last_day)
        for mid in amendment.restores:
            if mid in original:
                measures[mid] = replace(original[mid], effective_from=start,
                                        effective_until=None, restored_by=amendment.symbol)
        for measure in amendment.adds:
            measures[measure.id] = original[measure.id] = measure
    return measures


def _renewed(measures: list[Measure], info: RegimeInfo, day: date,
             notes: list[str]) -> list[Measure]:
    """Time-limited measures on ``day``: each carries the latest renewal adopted by then;
    past that renewal's end date they stay only if ``regime_assume_renewed`` is on (the
    shipped data lacks a later renewal), marked ``renewal_verified: false``."""
    assume = bool(settings.get("regime_assume_renewed"))
    out = []
    lapsed: set[str] = set()
    for m in measures:
        renewals = [r for r in info.renewals if m.id in r.measures and r.adopted <= day]
        if not renewals:
            out.append(m)
            continue
        last = max(renewals, key=lambda r: (r.until, r.adopted))
        current = day <= last.until
        m = replace(m, renewed_until=last.until, renewal=last.by,
                    renewal_verified=current and last.verification != "N")
        if current or assume:
            out.append(m)
        if not current:
            lapsed.add(last.until.isoformat())
    if lapsed:
        ends = sorted(lapsed)
        what = ("kept as in force (setting regime_assume_renewed)" if assume
                else "treated as lapsed (regime_assume_renewed is off)")
        notes.append(f"Time-limited measures of the {info.id} regime run past the last "
                     f"renewal the data records (to {', '.join(ends)}): a "
                     f"later renewal is UNVERIFIED; {what}.")
    return out


def regime_as_of(regime: str = "1718", as_of: date | str | None = None,
                 what_if: str | None = None) -> RegimeState:
    """The measures of ``regime`` in force on ``as_of`` (default: today).

    With ``what_if`` (a draft symbol such as ``"S/2022/431"``) the draft is applied as if
    it had been adopted on its vote date. HS inference codes are included in the measures
    either way; whether checks may rely on them is the ``regime_hs_inference`` setting,
    reported in the state.
    """
    day = parse_date(as_of, "as-of date", default=date.today())
    regime = resolve_regime(regime)
    info = load_regime_info(regime)
    adopted = [a for a in load_regime(regime) if a.adopted <= day]
    notes: list[str] = []
    in_force = False
    if what_if:
        draft = load_what_if(what_if)
        if draft.regime != regime:
            raise InputError(f"what-if {draft.amendment.symbol} is a draft of the "
                             f"{draft.regime} regime, not of {regime}")
        in_force = draft.amendment.adopted <= day
        if in_force:
            adopted.append(draft.amendment)
            notes.append(f"What-if: {draft.amendment.symbol} applied as if adopted on "
                         f"{draft.amendment.adopted.isoformat()} ({draft.amendment.vote}); "
                         "its content comes from press reports, not the draft's text.")
        else:
            notes.append(f"What-if {draft.amendment.symbol} was put to the vote on "
                         f"{draft.amendment.adopted.isoformat()}, after {day.isoformat()}: "
                         "it changes nothing on this date.")
    measures = _renewed([m for m in _replay(adopted).values() if m.in_force(day)], info,
                        day, notes)
    if not adopted:
        notes.append(f"No resolution of the {regime} regime had been adopted by "
                     f"{day.isoformat()}.")
    status = info.status_on(day)
    if status.status != "active":
        notes.append(f"On {day.isoformat()} the {regime} regime is {status.status} "
                     f"({status.citation})" + (f": {status.note}" if status.note else "."))
    return RegimeState(
        regime=regime, as_of=day, what_if=what_if, what_if_in_force=in_force,
        resolutions=tuple(adopted), measures=tuple(measures),
        hs_inference=bool(settings.get("regime_hs_inference")), notes=tuple(notes),
        info=info)


def regime_diff(regime: str = "1718", what_if: str = "S/2022/431",
                as_of: date | str | None = None) -> RegimeDiff:
    """The real regime and the regime under ``what_if`` side by side, on ``as_of``.

    A measure the draft replaces is *changed* (old and new shown together); draft measures
    with no predecessor are *added*; measures the draft ends are *removed*. Every element
    of the draft (from its data file) is listed with its status, including elements that
    are reported but could not be modelled.
    """
    real = regime_as_of(regime, as_of)
    hypo = regime_as_of(regime, real.as_of, what_if)
    draft = load_what_if(what_if).amendment
    real_ids = {m.id: m for m in real.measures}
    hypo_ids = {m.id: m for m in hypo.measures}
    changed: list[tuple[Measure, Measure]] = []
    paired: set[str] = set()
    for old, news in draft.replaces.items():
        for new in news:
            if old in real_ids and new in hypo_ids:
                changed.append((real_ids[old], hypo_ids[new]))
                paired.update((old, new))
    added = tuple(m for i, m in hypo_ids.items() if i not in real_ids and i not in paired)
    removed = tuple(m for i, m in real_ids.items() if i not in hypo_ids and i not in paired)
    status = {m.id: "added" for m in added} | {b.id: "changed" for _, b in changed}
    elements = []
    for element in draft.elements:
        ids = list(element.get("measures", []))
        if element.get("status"):
            state = str(element["status"])
        elif not hypo.what_if_in_force:
            state = "not_in_force"
        else:
            state = "+".join(sorted({status.get(i, "unchanged") for i in ids})) or "unchanged"
        elements.append({**element, "status": state,
                         "citation": draft.symbol + " (draft, not adopted)"})
    return RegimeDiff(regime=regime, what_if=draft.symbol, as_of=real.as_of, added=added,
                      changed=tuple(changed), removed=removed, elements=tuple(elements),
                      notes=hypo.notes)


def what_if_designations(symbol: str) -> list[Entity]:
    """The designations a what-if draft would have made, as list entities for screening.

    They carry the list name ``whatif:<symbol>`` so a hit on one can never be mistaken
    for a real UN designation.
    """
    draft = load_what_if(symbol)
    out: list[Entity] = []
    for n, raw in enumerate(draft.designations, start=1):
        aliases = [Name(str(a), kind="a.k.a.") for a in raw.get("aliases", [])]
        names = (Name(str(raw["name"])), *aliases)
        out.append(Entity(
            id=f"whatif-{draft.amendment.symbol}-{n}", list=f"whatif:{draft.amendment.symbol}",
            schema=Schema(raw.get("schema", "Organization")), names=names,
            programmes=("DPRK",), regimes=(draft.regime,),
            listed_on=draft.amendment.adopted.isoformat(),
            positions=tuple(raw.get("positions", ())), comments=raw.get("comments"),
            extra={"what_if": draft.amendment.symbol, "status": "draft not adopted"}))
    return out
