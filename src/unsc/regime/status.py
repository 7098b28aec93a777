"""Every regime's status on a day: the answer to "which UN sanctions regimes exist, and
which are in force?" (``unsc regime list``).

A regime's status comes from its ``regime.json`` timeline (active, terminated, ended); the
measure count from the replay of its resolutions on that day, so the two can be checked
against each other: an ended regime has no measure in force.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from unsc.dates import parse_date
from unsc.regime.asof import regime_as_of
from unsc.regime.model import RegimeInfo, StatusEvent
from unsc.regime.registry import regime_ids

__all__ = ["RegimeStatus", "regime_list", "unverified_count"]


def unverified_count(regime: str) -> int:
    """How many facts of ``regime`` the sources did not settle: measures, exemptions,
    criteria, timeline events and renewals flagged N, and the labelled UNVERIFIED
    statements of the regime and of its resolutions."""
    from unsc.regime.data import load_regime
    from unsc.regime.registry import load_regime_info

    info = load_regime_info(regime)
    count = len(info.unverified)
    count += sum(c.verification == "N" for c in info.criteria)
    count += sum(e.verification == "N" for e in info.timeline)
    count += sum(r.verification == "N" for r in info.renewals)
    for amendment in load_regime(regime):
        count += len(amendment.unverified)
        for m in amendment.adds:
            count += m.verification == "N"
            count += sum(e.verification == "N" for e in m.exemptions)
    return count


@dataclass(frozen=True)
class RegimeStatus:
    """One regime on one day: its status event and the measures then in force."""

    info: RegimeInfo
    as_of: date
    status: StatusEvent
    measure_count: int
    kinds: dict[str, int]
    resolutions: int

    def to_dict(self) -> dict[str, Any]:
        return {"regime": self.info.id, "name": self.info.name, "target": self.info.target,
                "as_of": self.as_of.isoformat(), "status": self.status.status,
                "since": self.status.on.isoformat(), "status_citation": self.status.citation,
                "status_note": self.status.note, "status_source": self.status.source,
                "measure_count": self.measure_count, "measures_by_kind": self.kinds,
                "resolutions_adopted": self.resolutions,
                "committee": self.info.committee.get("name"),
                "list_types": list(self.info.list_types),
                "reference_prefixes": list(self.info.reference_prefixes)}


def regime_list(on: date | str | None = None) -> list[RegimeStatus]:
    """Every shipped regime with its status and measures in force on ``on`` (default
    today), in committee-number order."""
    day = parse_date(on, "as-of date", default=date.today())
    out = []
    for rid in regime_ids():
        state = regime_as_of(rid, day)
        assert state.info is not None
        kinds = Counter(m.kind.value for m in state.measures)
        out.append(RegimeStatus(state.info, day, state.info.status_on(day),
                                len(state.measures), dict(sorted(kinds.items())),
                                len(state.resolutions)))
    return out
