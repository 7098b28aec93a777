"""The regime as typed data: measures, the resolutions that amend them, states and diffs.

A :class:`Measure` is one obligation with its citation (resolution and operative
paragraph) and a verification flag copied from the fact check in ``regime-1718.md``
(Y = content and paragraph read in a source, C = content read, paragraph from recollection,
N = not found). Resolutions are :class:`Amendment` objects: each adds, replaces or ends
measures on its adoption date, so the regime on any day is a replay of the amendments
adopted up to that day (see :mod:`unsc.regime.asof`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

__all__ = [
    "Amendment",
    "Direction",
    "Measure",
    "MeasureKind",
    "RegimeDiff",
    "RegimeState",
]


class MeasureKind(StrEnum):
    ARMS_EMBARGO = "arms_embargo"
    WMD_ITEMS = "wmd_items"
    LUXURY_GOODS = "luxury_goods"
    ITEM_BAN = "item_ban"
    QUANTITY_CAP = "quantity_cap"
    ASSET_FREEZE = "asset_freeze"
    TRAVEL_BAN = "travel_ban"
    FINANCIAL = "financial"
    SERVICES = "services"
    VESSEL = "vessel"
    WORKERS = "workers"
    OTHER = "other"


class Direction(StrEnum):
    TO_DPRK = "to_dprk"
    FROM_DPRK = "from_dprk"
    BOTH = "both"


@dataclass(frozen=True)
class Measure:
    """One obligation of the regime, with where it comes from.

    ``hs_codes`` are HS prefixes *read in a source* (only HS 89 in 2397 OP6 so far);
    ``hs_inferred`` are prefixes from the project's inference table
    (``data/regime/hs_inference.json``), never verified, and every verdict that relies on
    one says so. ``cap`` holds a quantity cap (amount, unit, period rule); ``exemptable``
    is true where the Committee may exempt case by case (2397 OP25 and the like), which
    makes a hit "needs_exemption" rather than "prohibited". ``reporting`` names a
    reporting duty that turns a permitted transaction into "permitted_with_reporting".
    """

    id: str
    kind: MeasureKind
    scope: str
    citation: str
    resolution: str
    direction: Direction | None = None
    hs_codes: tuple[str, ...] = ()
    hs_inferred: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    effective_from: date | None = None
    effective_until: date | None = None
    source: str = ""
    verification: str = "N"
    exemptable: bool = False
    reporting: str | None = None
    cap: dict[str, Any] | None = None
    note: str | None = None
    what_if: str | None = None

    def in_force(self, on: date) -> bool:
        if self.effective_from is not None and on < self.effective_from:
            return False
        return not (self.effective_until is not None and on > self.effective_until)

    def ended(self, on: date) -> Measure:
        return replace(self, effective_until=on)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "direction": self.direction.value if self.direction else None,
            "scope": self.scope,
            "citation": self.citation,
            "resolution": self.resolution,
            "hs_codes": list(self.hs_codes),
            "hs_inferred": {"codes": list(self.hs_inferred), "verified": False}
            if self.hs_inferred else None,
            "keywords": list(self.keywords),
            "exceptions": list(self.exceptions),
            "effective_from": self.effective_from.isoformat() if self.effective_from else None,
            "effective_until": self.effective_until.isoformat() if self.effective_until
            else None,
            "source": self.source,
            "verification": self.verification,
            "exemptable": self.exemptable,
            "reporting": self.reporting,
            "cap": self.cap,
            "note": self.note,
            "what_if": self.what_if,
        }


@dataclass(frozen=True)
class Amendment:
    """A resolution (or a failed draft replayed as a what-if) as a change to the regime.

    ``replaces`` maps an old measure id to the ids that supersede it; ``ends`` lists
    measures that stop without successor. Both take effect on ``adopted`` (the day before,
    in fact: the old measure's last day is the day before the new one starts).
    """

    symbol: str
    adopted: date
    title: str
    vote: str | None
    source: str
    adds: tuple[Measure, ...]
    replaces: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ends: tuple[str, ...] = ()
    adopted_text: bool = True
    elements: tuple[dict[str, Any], ...] = ()
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "symbol": self.symbol,
            "adopted": self.adopted.isoformat(),
            "title": self.title,
            "vote": self.vote,
            "source": self.source,
            "adopted_text": self.adopted_text,
            "measures_added": [m.id for m in self.adds],
            "measures_replaced": {k: list(v) for k, v in self.replaces.items()},
            "measures_ended": list(self.ends),
            "note": self.note,
        }


@dataclass(frozen=True)
class RegimeState:
    """The regime on one day: the measures in force and the resolutions that made them."""

    regime: str
    as_of: date
    what_if: str | None
    what_if_in_force: bool
    resolutions: tuple[Amendment, ...]
    measures: tuple[Measure, ...]
    hs_inference: bool
    notes: tuple[str, ...] = ()

    def measure(self, measure_id: str) -> Measure | None:
        return next((m for m in self.measures if m.id == measure_id), None)

    def caps(self, product: str) -> list[Measure]:
        return [m for m in self.measures if m.cap and m.cap.get("product") == product]

    def to_dict(self) -> dict[str, Any]:
        return {
            "regime": self.regime,
            "as_of": self.as_of.isoformat(),
            "what_if": self.what_if,
            "what_if_in_force": self.what_if_in_force,
            "hs_inference": {"enabled": self.hs_inference, "verified": False,
                             "note": "HS codes in hs_inferred are the project's UNVERIFIED "
                                     "inference (domain.md §7), not resolution text."},
            "resolutions": [a.to_dict() for a in self.resolutions],
            "measure_count": len(self.measures),
            "measures": [m.to_dict() for m in self.measures],
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class RegimeDiff:
    """Real regime versus the regime under a what-if, measure by measure."""

    regime: str
    what_if: str
    as_of: date
    added: tuple[Measure, ...]
    changed: tuple[tuple[Measure, Measure], ...]
    removed: tuple[Measure, ...]
    elements: tuple[dict[str, Any], ...]
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "regime": self.regime,
            "what_if": self.what_if,
            "as_of": self.as_of.isoformat(),
            "added": [{"current": None, "what_if": m.to_dict()} for m in self.added],
            "changed": [{"current": a.to_dict(), "what_if": b.to_dict()}
                        for a, b in self.changed],
            "removed": [{"current": m.to_dict(), "what_if": None} for m in self.removed],
            "elements": list(self.elements),
            "notes": list(self.notes),
        }
