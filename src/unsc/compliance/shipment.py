"""Shipment checks: goods, direction, parties and vessel against the regime on a date.

A shipment gets one of four verdicts, worded as the resolutions put it, with every measure
that triggered it:

- ``prohibited``: a measure bans the goods or the party (item ban, arms, luxury goods, an
  asset freeze on a matched party, a ship-to-ship transfer with a DPRK-flagged vessel) and
  no approved exemption covers it. ``exemption_route`` names each paragraph and procedure
  that could lift the ban (2397 OP25 humanitarian exemption, 2321 OP30 Committee approval,
  1718 OP9 basic expenses...): a way a shipper may seek, not the status of the shipment;
- ``permitted_under_exemption``: every ban is covered by an approved, valid exemption, which
  the verdict names;
- ``permitted_with_reporting``: the goods count against a cap (refined petroleum, crude oil,
  coal under 2321) or need a prior notification (small arms under 1874 OP10) whose supplier
  must report to the Committee;
- ``permitted``: nothing applies.

Until issue 14 a ban the Committee could lift was reported as ``needs_exemption`` and an
exempted shipment as ``permitted``; ``legacy_verdict`` keeps that label for callers moving
over (deprecated).

Goods match measures by HS prefix. Codes read in a source (HS 89 in 2397 OP6) are
``hs_verified: true``; codes from the project's inference table are ``false`` and only used
when the ``regime_hs_inference`` setting is on. A declared code broader than a banned one
(chapter 27 against heading 2701) is treated as banned: it cannot be cleared without a more
specific code, and the reason says so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from unsc.compliance.parties import (
    PartyQuery,
    ScreenParties,
    default_screener,
    exact_screener,
    party_findings,
)
from unsc.dates import parse_date
from unsc.errors import InputError, Problem
from unsc.lists.model import Entity
from unsc.regime.asof import regime_as_of, what_if_designations
from unsc.regime.data import load_what_if
from unsc.regime.hs import hs_overlap, normalise_hs
from unsc.regime.model import Direction, ExemptionKind, Measure, MeasureKind, RegimeState

__all__ = [
    "Good",
    "Party",
    "PartyQuery",
    "ScreenParties",
    "Shipment",
    "Trigger",
    "Verdict",
    "check_shipment",
    "check_shipment_file",
    "default_screener",
    "exact_screener",
]

DPRK_FLAGS = {"kp", "prk", "dprk", "north korea", "korea, dpr", "korea dpr",
              "democratic people's republic of korea", "korea (democratic people's republic of)"}
_BAN_KINDS = {MeasureKind.ITEM_BAN, MeasureKind.ARMS_EMBARGO, MeasureKind.WMD_ITEMS,
              MeasureKind.LUXURY_GOODS, MeasureKind.SERVICES}
_RANK = {"prohibited": 3, "covered": 2, "reporting": 1}
_VERDICTS = {3: "prohibited", 2: "permitted_under_exemption", 1: "permitted_with_reporting",
             0: "permitted"}


@dataclass(frozen=True)
class Good:
    hs_code: str
    description: str = ""
    quantity: float | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Party:
    name: str
    role: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class VesselRef:
    name: str | None = None
    imo: str | None = None
    flag: str | None = None
    ship_to_ship: bool = False

    @property
    def dprk_flagged(self) -> bool:
        return (self.flag or "").strip().lower() in DPRK_FLAGS


@dataclass(frozen=True)
class Shipment:
    """One shipment or transaction as described in SHIPMENT.json (see the README)."""

    date: date
    direction: Direction
    goods: tuple[Good, ...]
    parties: tuple[Party, ...] = ()
    vessel: VesselRef | None = None

    @classmethod
    def from_dict(cls, data: Any, source: str = "shipment") -> Shipment:
        """Validate a parsed SHIPMENT.json; every structural problem is reported at once.

        Dates raise :class:`InvalidDateError`, HS codes :class:`UnknownCodeError` (both
        name the field); other problems one :class:`InputError` listing them all.
        """
        if not isinstance(data, dict):
            raise InputError(f"{source}: expected a JSON object")
        day = parse_date(data.get("date"), f"{source}: date")
        problems: list[Problem] = []
        direction_raw = data.get("direction")
        if direction_raw not in ("to_dprk", "from_dprk"):
            problems.append(Problem(source, None, "direction",
                                    f"{direction_raw!r}: expected 'to_dprk' or 'from_dprk'"))
        goods: list[Good] = []
        raw_goods = data.get("goods")
        if not isinstance(raw_goods, list) or not raw_goods:
            problems.append(Problem(source, None, "goods", "expected a non-empty list"))
            raw_goods = []
        for n, raw in enumerate(raw_goods):
            if not isinstance(raw, dict) or "hs_code" not in raw:
                problems.append(Problem(source, f"goods[{n}]", "hs_code", "missing"))
                continue
            code = normalise_hs(raw["hs_code"], f"{source}: goods[{n}].hs_code")
            qty = raw.get("quantity")
            if qty is not None and (isinstance(qty, bool) or not isinstance(qty, int | float)
                                    or qty < 0):
                problems.append(Problem(source, f"goods[{n}]", "quantity",
                                        f"{qty!r} is not a non-negative number"))
                qty = None
            goods.append(Good(code, str(raw.get("description") or ""),
                              float(qty) if qty is not None else None, raw.get("unit")))
        parties: list[Party] = []
        for n, raw in enumerate(data.get("parties") or []):
            if not isinstance(raw, dict) or not str(raw.get("name") or "").strip():
                problems.append(Problem(source, f"parties[{n}]", "name", "missing"))
                continue
            parties.append(Party(str(raw["name"]).strip(), raw.get("role"), raw.get("country")))
        vessel = None
        raw_vessel = data.get("vessel")
        if isinstance(raw_vessel, dict):
            imo = str(raw_vessel.get("imo") or "").strip().upper().removeprefix("IMO").strip()
            if imo and not re.fullmatch(r"\d{7}", imo):
                problems.append(Problem(source, "vessel", "imo",
                                        f"{raw_vessel.get('imo')!r} is not a 7-digit IMO number"))
            vessel = VesselRef(raw_vessel.get("name"), imo or None, raw_vessel.get("flag"),
                               bool(raw_vessel.get("ship_to_ship", False)))
        elif raw_vessel is not None:
            problems.append(Problem(source, None, "vessel", "expected an object"))
        if problems:
            raise InputError(f"{source} is invalid:\n" + "\n".join(f"  - {p}" for p in problems))
        return cls(day, Direction(str(direction_raw)), tuple(goods), tuple(parties), vessel)


@dataclass(frozen=True)
class Trigger:
    """One measure that applies to the shipment, and why.

    ``effect`` is ``prohibited``, ``reporting`` or ``covered`` (an approved exemption
    lifts the ban; ``exemption`` names it). ``exemption_route`` lists, for a prohibition,
    the exemptions in force that could lift it (paragraph, kind, procedure).
    """

    measure: Measure
    reason: str
    effect: str
    hs_verified: bool | None = None
    good: int | None = None
    exemption: str | None = None
    exemption_route: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.measure.id, "citation": self.measure.citation, "reason": self.reason,
                "effect": self.effect, "kind": self.measure.kind.value,
                "verification": self.measure.verification, "hs_verified": self.hs_verified,
                "good": self.good, "exemption": self.exemption,
                "exemption_route": list(self.exemption_route),
                "regime": self.measure.regime, "what_if": self.measure.what_if}


@dataclass(frozen=True)
class Verdict:
    verdict: str
    triggers: tuple[Trigger, ...]
    parties: tuple[dict[str, Any], ...]
    state: RegimeState
    notes: tuple[str, ...] = ()
    exemptions: tuple[str, ...] = field(default=())

    @property
    def exemption_route(self) -> list[dict[str, Any]]:
        """Every route that could lift a prohibition of this shipment, once each."""
        seen: dict[str, dict[str, Any]] = {}
        for t in self.triggers:
            if t.effect == "prohibited":
                for route in t.exemption_route:
                    seen.setdefault(str(route["id"]), route)
        return list(seen.values())

    @property
    def legacy_verdict(self) -> str:
        """The pre-issue-14 label (deprecated): ``needs_exemption`` for a prohibition every
        ban of which the Committee can lift by approval, ``permitted`` when exempted."""
        banned = [t for t in self.triggers if t.effect == "prohibited"]
        if self.verdict == "prohibited" and all(
                any(r["kind"] == ExemptionKind.APPROVAL for r in t.exemption_route)
                and t.good is not None for t in banned):
            return "needs_exemption"
        if self.verdict == "permitted_under_exemption":
            return "permitted"
        return self.verdict

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "exemption_route": self.exemption_route,
            "legacy_verdict": self.legacy_verdict,
            "measures": [t.to_dict() for t in self.triggers],
            "parties": list(self.parties),
            "as_of": self.state.as_of.isoformat(),
            "what_if": self.state.what_if,
            "hs_inference": self.state.hs_inference,
            "exemptions": list(self.exemptions),
            "notes": list(self.notes),
        }


def _measure_hit(good: Good, measure: Measure, inference: bool) -> tuple[str, bool] | None:
    text = good.description.lower()
    if any(word in text for word in measure.unless_described):
        return None
    found = hs_overlap(good.hs_code, measure.hs_codes)
    if found:
        return _hs_reason(good, found), True
    if inference:
        found = hs_overlap(good.hs_code, measure.hs_inferred)
        if found:
            return _hs_reason(good, found) + " (HS mapping is an UNVERIFIED inference)", False
        for prefix, words in measure.hs_when_described.items():
            word = next((w for w in words if w in text), None)
            if word and hs_overlap(good.hs_code, [prefix]):
                return (f"HS {good.hs_code} described as {word!r} falls under HS {prefix} as "
                        "described (mapping is an UNVERIFIED inference)"), False
        for word in measure.keywords:
            if word in text:
                return (f"description mentions {word!r} (keyword mapping is an UNVERIFIED "
                        "inference)"), False
    return None


def _hs_reason(good: Good, found: tuple[str, bool]) -> str:
    prefix, broader = found
    if broader:
        return (f"declared HS {good.hs_code} is broader than the covered HS {prefix}; it "
                "cannot be cleared without a more specific code")
    return f"HS {good.hs_code} falls under HS {prefix}"


def _goods_triggers(shipment: Shipment, state: RegimeState) -> list[Trigger]:
    out: list[Trigger] = []
    for n, good in enumerate(shipment.goods):
        for measure in state.measures:
            if measure.direction not in (Direction.BOTH, shipment.direction):
                continue
            if measure.kind not in _BAN_KINDS and measure.kind != MeasureKind.QUANTITY_CAP:
                continue
            hit = _measure_hit(good, measure, state.hs_inference)
            if hit is None:
                continue
            why, verified = hit
            label = good.description or f"HS {good.hs_code}"
            if measure.kind == MeasureKind.QUANTITY_CAP:
                effect = "reporting"
                why = (f"{label}: {why}; counts against the cap ({measure.scope}). "
                       f"Reporting: {measure.reporting or 'to the Committee'}")
            else:
                effect = "prohibited"
                why = f"{label}: {why}; {measure.scope}"
                if measure.exceptions:
                    why += ". Exceptions: " + "; ".join(measure.exceptions)
                notice = _notification(good, measure, state.as_of)
                if notice is not None:
                    effect = "reporting"
                    why += (f". Permitted with prior notice: {notice.route} (matched by "
                            "description: an UNVERIFIED inference)")
            routes = tuple({**e.to_dict(), "measure": measure.id}
                           for e in measure.exemption_routes if e.in_force(state.as_of))
            out.append(Trigger(measure, why, effect, verified, n,
                               exemption_route=routes if effect == "prohibited" else ()))
    return out


def _notification(good: Good, measure: Measure, on: date) -> Any:
    """A notification exemption whose keywords match the good's description, if any."""
    text = good.description.lower()
    return next((e for e in measure.exemptions
                 if e.kind == ExemptionKind.NOTIFICATION and e.keywords and e.in_force(on)
                 and any(k in text for k in e.keywords)), None)


def _described_notes(shipment: Shipment, state: RegimeState) -> list[str]:
    """Goods whose HS heading holds a banned product only when so described (HS 2709 is
    crude oil and natural-gas condensate): say what the verdict assumed."""
    notes = []
    for good in shipment.goods:
        text = good.description.lower()
        for m in state.measures:
            for prefix, words in m.hs_when_described.items():
                if (m.direction in (Direction.BOTH, shipment.direction)
                        and hs_overlap(good.hs_code, [prefix])
                        and not any(w in text for w in words)):
                    notes.append(f"HS {good.hs_code}: heading {prefix} also covers "
                                 f"{' / '.join(words[:2])}, banned by {m.citation}; the "
                                 "description does not say so, so the good was not treated as "
                                 "such. Describe it to be sure.")
    return notes


def _pick(state: RegimeState, *ids: str) -> Measure | None:
    return next((m for i in ids if (m := state.measure(i)) is not None), None)


def _party_triggers(shipment: Shipment, state: RegimeState, screener: ScreenParties,
                    extra: Sequence[Entity]
                    ) -> tuple[list[Trigger], list[dict[str, Any]], list[str]]:
    """Screen parties and vessel; a UN entry under an asset freeze is a prohibition citing
    that entry's regime (see :mod:`unsc.compliance.parties`)."""
    triggers: list[Trigger] = []
    notes: list[str] = []
    report: list[dict[str, Any]] = []
    day = state.as_of
    queries = [PartyQuery(p.name, "party", p.role, p.country, on=day) for p in shipment.parties]
    if shipment.vessel and (shipment.vessel.name or shipment.vessel.imo):
        v = shipment.vessel
        queries.append(PartyQuery(v.name or f"IMO {v.imo}", "vessel", "vessel", v.flag, v.imo,
                                  on=day))
    for query in queries:
        hits = screener(query, extra)
        matches = [h for h in hits if h.get("match")]
        report.append({"name": query.name, "kind": query.kind, "role": query.role,
                       "country": query.country, "imo": query.imo, "match": bool(matches),
                       "hits": hits})
        for hit in matches:
            found = party_findings(query, hit, state)
            if found.note:
                notes.append(found.note)
            if found.measure is not None:
                triggers.append(Trigger(found.measure, found.reason, "prohibited",
                                        exemption_route=found.routes))
    return triggers, report, notes


def _vessel_triggers(shipment: Shipment, state: RegimeState) -> tuple[list[Trigger], list[str]]:
    vessel = shipment.vessel
    if vessel is None or not vessel.dprk_flagged:
        return [], []
    sts = state.measure("2375-OP11-ship-to-ship")
    if vessel.ship_to_ship and sts is not None:
        return [Trigger(sts, f"ship-to-ship transfer with DPRK-flagged vessel "
                        f"{vessel.name or vessel.imo!r}", "prohibited")], []
    notes = [f"Vessel {vessel.name or vessel.imo!r} is DPRK-flagged: its cargo is subject to "
             "inspection (2270 OP18) and it may not be chartered, crewed, insured or leased "
             "(2321, 2371, 2397 OP9-15)."] if state.measure("2270-OP18-inspection") else []
    return [], notes


def _apply_exemptions(triggers: list[Trigger], shipment: Shipment, state: RegimeState,
                      exemptions: Sequence[Any]) -> tuple[list[Trigger], list[str]]:
    categories = []
    if state.what_if and state.what_if_in_force:
        categories = list(load_what_if(state.what_if).exemption_categories)
    used: list[str] = []
    out: list[Trigger] = []
    for trig in triggers:
        if trig.effect == "prohibited" and trig.good is not None and trig.measure.exemptable:
            good = shipment.goods[trig.good]
            label = next((e.label for e in exemptions if e.covers(good, shipment)), None)
            if label is None:
                label = next((f"what-if {state.what_if} category {c['id']} ({c['name']}; "
                              "categories are an UNVERIFIED inference)"
                              for c in categories
                              if any(good.hs_code.startswith(h) for h in c["hs_codes"])), None)
            if label is not None:
                trig = Trigger(trig.measure, trig.reason + f". Covered by {label}", "covered",
                               trig.hs_verified, trig.good, label, trig.exemption_route)
                if label not in used:
                    used.append(label)
        out.append(trig)
    return out, used


def check_shipment(shipment: Shipment, as_of: date | str | None = None,
                   what_if: str | None = None, screen_parties: ScreenParties | None = None,
                   exemptions: Sequence[Any] | None = None) -> Verdict:
    """The verdict on ``shipment`` under the regime as of ``as_of`` (default: its date).

    ``screen_parties`` screens each party and the vessel (see :func:`default_screener`);
    without one, parties are not screened and the verdict says so. What-if designations
    are passed to it as extra entities. ``exemptions`` are approved exemptions (objects with
    ``covers(good, shipment)`` and ``label``); default: those in the store.
    """
    state = regime_as_of("1718", as_of if as_of is not None else shipment.date, what_if)
    notes = list(state.notes)
    triggers = _goods_triggers(shipment, state)
    extra = what_if_designations(what_if) if what_if and state.what_if_in_force else []
    parties: list[dict[str, Any]] = []
    if screen_parties is not None:
        found, parties, party_notes = _party_triggers(shipment, state, screen_parties, extra)
        triggers.extend(found)
        notes.extend(party_notes)
    elif shipment.parties or shipment.vessel:
        notes.append("Parties and vessel were not screened (no screener given).")
    vessel_triggers, vessel_notes = _vessel_triggers(shipment, state)
    triggers.extend(vessel_triggers)
    notes.extend(vessel_notes)
    if shipment.direction == Direction.TO_DPRK and state.measure("2270-OP7-8-catch-all"):
        notes.append("Catch-all (2270 OP7-8): any item except food or medicine is banned if "
                     "the exporting State determines it could contribute to the DPRK armed "
                     "forces' operational capabilities; this cannot be decided from HS codes.")
    if exemptions is None:
        from unsc.compliance.exemptions import approved_exemptions

        exemptions = approved_exemptions(state.as_of)
    triggers, used = _apply_exemptions(triggers, shipment, state, exemptions)
    worst = max((_RANK[t.effect] for t in triggers), default=0)
    verdict = _VERDICTS[worst]
    if verdict == "permitted_under_exemption" and any(t.effect == "reporting"
                                                      for t in triggers):
        notes.append("Reporting duties also apply (see the measures with effect "
                     "'reporting').")
    notes.extend(_described_notes(shipment, state))
    if not state.hs_inference:
        notes.append("HS inference is off (UNSC_REGIME_HS_INFERENCE=false): only HS codes read "
                     "in a source are matched.")
    return Verdict(verdict, tuple(triggers), tuple(parties), state, tuple(notes), tuple(used))


def check_shipment_file(path: str | Path, as_of: date | str | None = None,
                        what_if: str | None = None) -> Verdict:
    """Read SHIPMENT.json, screen its parties with :func:`default_screener`, and check it."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read shipment {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise InputError(f"shipment {path} is not valid JSON: {exc}") from None
    shipment = Shipment.from_dict(data, str(path))
    screener, notes = default_screener()
    verdict = check_shipment(shipment, as_of, what_if, screen_parties=screener)
    if notes:
        verdict = Verdict(verdict.verdict, verdict.triggers, verdict.parties, verdict.state,
                          (*verdict.notes, *notes), verdict.exemptions)
    return verdict
