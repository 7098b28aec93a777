"""The regime as typed data: measures, the resolutions that amend them, states and diffs.

A :class:`Measure` is one obligation with its citation (resolution and operative
paragraph) and a verification flag (Y = content and paragraph read in a source, C = content
read, paragraph from recollection, N = not found: UNVERIFIED). Its :class:`Exemption`
objects say how the prohibition can be lifted (a Committee approval, a prior notification)
or where it does not apply at all (a standing carve-out such as S/RES/2664 (2022)).
Resolutions are :class:`Amendment` objects: each adds, replaces, ends or restores measures
on its effective date, so the regime on any day is a replay of the amendments adopted up to
that day (see :mod:`unsc.regime.asof`). A :class:`RegimeInfo` carries what is not a
measure: committee, panel, designation criteria and the regime's life (established,
terminated, restored, ended).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

__all__ = [
    "Amendment",
    "AppliesTo",
    "Criterion",
    "Direction",
    "Exemption",
    "ExemptionKind",
    "Measure",
    "MeasureKind",
    "RegimeDiff",
    "RegimeInfo",
    "RegimeState",
    "Renewal",
    "StatusEvent",
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
    """Which way goods move. ``to_dprk``/``from_dprk`` are the 1718 values (the public
    SHIPMENT.json vocabulary); other regimes say ``to_target``/``from_target``, the target
    being the regime's country or group (:attr:`RegimeInfo.target`)."""

    TO_DPRK = "to_dprk"
    FROM_DPRK = "from_dprk"
    TO_TARGET = "to_target"
    FROM_TARGET = "from_target"
    BOTH = "both"


class AppliesTo(StrEnum):
    """Whom a measure binds: ``listed`` persons and entities (asset freeze, travel ban, a
    targeted arms embargo), or a whole ``territory``/State (sectoral bans, a country-wide
    arms embargo), or ``all_states`` (obligations on every Member State, e.g. reporting);
    ``list_change`` marks a resolution's designations, which add names to the list and bind
    through the ``listed`` measures rather than on their own."""

    LISTED = "listed"
    TERRITORY = "territory"
    ALL_STATES = "all_states"
    LIST_CHANGE = "list_change"


class ExemptionKind(StrEnum):
    """``approval``: the Committee (or Council) must approve in advance, case by case;
    ``notification``: permitted after notice to the Committee (a no-objection period may
    apply); ``standing``: the measure does not apply, no request needed (e.g. 2664 OP1)."""

    APPROVAL = "approval"
    NOTIFICATION = "notification"
    STANDING = "standing"


@dataclass(frozen=True)
class Exemption:
    """One way out of a measure, with the paragraph that grants it and its procedure.

    ``keywords`` are the project's UNVERIFIED inference used to match a goods description
    to the exemption (e.g. "small arms" for the 1874 SALW notification); a verdict relying
    on them says so.
    """

    id: str
    kind: ExemptionKind
    citation: str
    scope: str
    procedure: str
    source: str
    verification: str = "N"
    keywords: tuple[str, ...] = ()
    note: str | None = None
    effective_from: date | None = None
    effective_until: date | None = None

    def in_force(self, on: date) -> bool:
        if self.effective_from is not None and on < self.effective_from:
            return False
        return not (self.effective_until is not None and on > self.effective_until)

    @property
    def route(self) -> str:
        """The exemption as one sentence: paragraph, what it covers, and how to use it."""
        return f"{self.citation} ({self.kind.value}): {self.scope}. Procedure: {self.procedure}"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind.value, "citation": self.citation,
                "scope": self.scope, "procedure": self.procedure, "source": self.source,
                "verification": self.verification, "keywords": list(self.keywords),
                "note": self.note,
                "effective_from": self.effective_from.isoformat() if self.effective_from
                else None,
                "effective_until": self.effective_until.isoformat() if self.effective_until
                else None}


@dataclass(frozen=True)
class Measure:
    """One obligation of the regime, with where it comes from.

    ``hs_codes`` are HS prefixes *read in a source* (only HS 89 in 2397 OP6 so far);
    ``hs_inferred`` are prefixes from the project's inference table
    (``data/regime/hs_inference.json``), never verified, and every verdict that relies on
    one says so. ``cap`` holds a quantity cap (amount, unit, period rule); ``exemptable``
    is true where the Committee may exempt case by case (2397 OP25 and the like): a hit is
    then still "prohibited", with an ``exemption_route`` naming the paragraph and procedure
    (:attr:`exemption_routes`). ``reporting`` names a reporting duty that turns a permitted
    transaction into "permitted_with_reporting". ``applies_to`` and ``schemas`` say whom
    the measure binds (a travel ban binds listed persons only); ``regime`` is the regime id.
    ``hs_when_described`` maps an HS prefix to words the description must contain for it
    to count (HS 2709 is crude oil *and* natural-gas condensate); ``unless_described``
    words take a good out of the measure (condensate does not count against the crude cap:
    it is banned outright).
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
    regime: str = ""
    applies_to: AppliesTo = AppliesTo.TERRITORY
    schemas: tuple[str, ...] = ()
    exemptions: tuple[Exemption, ...] = ()
    restored_by: str | None = None
    hs_when_described: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unless_described: tuple[str, ...] = ()
    renewed_until: date | None = None
    renewal: str | None = None
    renewal_verified: bool | None = None

    @property
    def exemption_routes(self) -> tuple[Exemption, ...]:
        """Exemptions that can lift the prohibition for one transaction (approval or
        notification), as opposed to standing carve-outs."""
        return tuple(e for e in self.exemptions if e.kind != ExemptionKind.STANDING)

    def binds_schema(self, schema: str) -> bool:
        return not self.schemas or schema in self.schemas

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
            "regime": self.regime,
            "applies_to": self.applies_to.value,
            "schemas": list(self.schemas),
            "exemptions": [e.to_dict() for e in self.exemptions],
            "restored_by": self.restored_by,
            "hs_when_described": {k: list(v) for k, v in self.hs_when_described.items()},
            "renewed_until": self.renewed_until.isoformat() if self.renewed_until else None,
            "renewal": self.renewal,
            "renewal_verified": self.renewal_verified,
        }


@dataclass(frozen=True)
class Amendment:
    """A resolution (or a failed draft replayed as a what-if) as a change to the regime.

    ``replaces`` maps an old measure id to the ids that supersede it; ``ends`` lists
    measures that stop without successor. Both take effect on ``adopted`` (the day before,
    in fact: the old measure's last day is the day before the new one starts), or on
    ``effective`` when a resolution's changes start later than its adoption (2231 ended the
    1737 measures on Implementation Day, 16 January 2016). ``restores`` re-applies measures
    an earlier amendment ended (the 2231 snapback of 2025). ``unverified`` lists what the
    sources did not settle about this resolution, as labelled statements.
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
    effective: date | None = None
    restores: tuple[str, ...] = ()
    unverified: tuple[str, ...] = ()
    kind: str = "resolution"

    @property
    def takes_effect(self) -> date:
        return self.effective or self.adopted

    def to_dict(self) -> dict[str, Any]:
        return {
            "symbol": self.symbol,
            "kind": self.kind,
            "adopted": self.adopted.isoformat(),
            "effective": self.takes_effect.isoformat(),
            "title": self.title,
            "vote": self.vote,
            "source": self.source,
            "adopted_text": self.adopted_text,
            "measures_added": [m.id for m in self.adds],
            "measures_replaced": {k: list(v) for k, v in self.replaces.items()},
            "measures_ended": list(self.ends),
            "measures_restored": list(self.restores),
            "note": self.note,
            "unverified": list(self.unverified),
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
    info: RegimeInfo | None = None

    def measure(self, measure_id: str) -> Measure | None:
        return next((m for m in self.measures if m.id == measure_id), None)

    def caps(self, product: str) -> list[Measure]:
        return [m for m in self.measures if m.cap and m.cap.get("product") == product]

    def to_dict(self) -> dict[str, Any]:
        status = self.info.status_on(self.as_of) if self.info else None
        return {
            "regime": self.regime,
            "name": self.info.name if self.info else None,
            "status": status.to_dict() if status else None,
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
            "regime_info": self.info.to_dict() if self.info else None,
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


@dataclass(frozen=True)
class Criterion:
    """A designation criterion: who may be listed, and the paragraph that says so."""

    citation: str
    text: str
    source: str
    verification: str = "N"

    def to_dict(self) -> dict[str, Any]:
        return {"citation": self.citation, "text": self.text, "source": self.source,
                "verification": self.verification}


@dataclass(frozen=True)
class StatusEvent:
    """A change in a regime's life: from ``on`` its status is ``status``.

    Statuses: ``active`` (measures in force), ``terminated`` (measures lifted by the
    Council but the regime may return, e.g. Iran 2016-2025 under 2231), ``ended`` (the
    Council ended the regime: committee and measures gone).
    """

    on: date
    status: str
    citation: str
    source: str
    note: str | None = None
    verification: str = "N"

    def to_dict(self) -> dict[str, Any]:
        return {"since": self.on.isoformat(), "status": self.status, "citation": self.citation,
                "source": self.source, "note": self.note, "verification": self.verification}


@dataclass(frozen=True)
class Renewal:
    """A resolution extending time-limited measures of a regime to ``until``.

    Measures a regime renews each year (Yemen's asset freeze, South Sudan's arms embargo)
    are in force up to the end date of the latest renewal adopted by a given day; after it,
    only the setting ``regime_assume_renewed`` keeps them (a renewal the data lacks)."""

    by: str
    adopted: date
    until: date
    measures: tuple[str, ...]
    source: str
    verification: str = "N"
    vote: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"by": self.by, "adopted": self.adopted.isoformat(),
                "until": self.until.isoformat(), "measures": list(self.measures),
                "source": self.source, "verification": self.verification, "vote": self.vote}


@dataclass(frozen=True)
class RegimeInfo:
    """What a regime is besides its measures: names, committee, panel, criteria, life.

    ``list_types`` are the UN_LIST_TYPE labels and ``reference_prefixes`` the reference
    number prefixes (``KPi``, ``KPe``) its entries carry on the Consolidated List; they link
    a list entry to the regime. ``unverified`` lists labelled statements the sources did
    not settle.
    """

    id: str
    name: str
    target: str
    aliases: tuple[str, ...]
    list_types: tuple[str, ...]
    reference_prefixes: tuple[str, ...]
    committee: dict[str, Any]
    panel: dict[str, Any] | None
    criteria: tuple[Criterion, ...]
    timeline: tuple[StatusEvent, ...]
    sources: tuple[str, ...]
    unverified: tuple[str, ...] = ()
    note: str | None = None
    renewals: tuple[Renewal, ...] = ()

    def status_on(self, day: date) -> StatusEvent:
        """The regime's status on ``day`` (``not_established`` before its first event)."""
        current: StatusEvent | None = None
        for event in sorted(self.timeline, key=lambda e: e.on):
            if event.on <= day:
                current = event
        if current is None:
            first = min(self.timeline, key=lambda e: e.on)
            return StatusEvent(day, "not_established", first.citation, first.source,
                               f"established on {first.on.isoformat()}", first.verification)
        return current

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "target": self.target,
                "aliases": list(self.aliases), "list_types": list(self.list_types),
                "reference_prefixes": list(self.reference_prefixes),
                "committee": self.committee, "panel": self.panel,
                "criteria": [c.to_dict() for c in self.criteria],
                "timeline": [e.to_dict() for e in self.timeline],
                "sources": list(self.sources), "unverified": list(self.unverified),
                "renewals": [r.to_dict() for r in self.renewals], "note": self.note}
