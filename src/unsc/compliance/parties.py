"""Screening a shipment's parties and vessel, and what a match on the UN list means.

A screener answers one :class:`PartyQuery` with hit dicts (the shape of
``unsc.screening.Hit.to_dict()``). Each hit on a UN entry carries ``binding_measures``:
which regime's measures bind that entry on the shipment date, with citations and
exemptions (:func:`unsc.regime.entry_measures`). A matched entry under an asset freeze makes
the shipment prohibited, citing the freeze and the routes (basic expenses, Committee
approval) that could lift it; the S/RES/2664 (2022) carve-out is named where it applies. A
match on a national list (OFAC...) is a note: it is not a Council measure.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from unsc.errors import ServiceUnavailableError
from unsc.lists.model import Entity
from unsc.regime import entry_measures
from unsc.regime.model import ExemptionKind, Measure, MeasureKind, RegimeState

__all__ = ["PartyQuery", "ScreenParties", "default_screener", "exact_screener",
           "party_findings"]

_IMO_IN_TEXT = re.compile(r"IMO(?:\s+number)?\s*:?\s*(\d{7})", re.IGNORECASE)


@dataclass(frozen=True)
class PartyQuery:
    """What the shipment check asks a screener about one party or the vessel; ``on`` is
    the shipment date, for the measures binding a matched entry."""

    name: str
    kind: str
    role: str | None = None
    country: str | None = None
    imo: str | None = None
    on: date | None = None


ScreenParties = Callable[[PartyQuery, Sequence[Entity]], list[dict[str, Any]]]
"""A screener: (query, extra entities such as what-if designations) -> hit dicts, each with
at least ``"match": bool``, ``"list"``, ``"entity_id"`` and ``"caption"`` (the shape of
``unsc.screening.Hit.to_dict()``), optionally ``"binding_measures"``."""


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def _with_binding(hit: dict[str, Any], entity: Entity, on: date | None) -> dict[str, Any]:
    if entity.list == "un" or entity.list.startswith("un-"):
        hit["binding_measures"] = entry_measures(entity, on).to_dict()
    return hit


def exact_screener(entities: Sequence[Entity] = ()) -> ScreenParties:
    """A strict screener: exact (case- and punctuation-insensitive) names, exact IMO numbers.

    Used when the screening engine is not available, and for what-if designations. It
    never finds spelling variants; the real engine (``unsc.screening``) does.
    """
    def screen(query: PartyQuery, extra: Sequence[Entity]) -> list[dict[str, Any]]:
        hits: list[dict[str, Any]] = []
        target = _norm(query.name)
        for entity in (*entities, *extra):
            imos = {d.number for d in entity.documents if "imo" in (d.type or "").lower()}
            if entity.vessel and entity.vessel.imo:
                imos.add(entity.vessel.imo)
            imos.update(_IMO_IN_TEXT.findall(entity.comments or ""))
            by_imo = bool(query.imo) and query.imo in {i.upper().removeprefix("IMO").strip()
                                                       for i in imos}
            by_name = bool(target) and any(_norm(n.value) == target for n in entity.names)
            if by_imo or by_name:
                hits.append(_with_binding(
                    {"entity_id": entity.id, "list": entity.list, "caption": entity.caption,
                     "reference_number": entity.reference_number, "schema": str(entity.schema),
                     "score": 1.0, "match": True, "query_name": query.name,
                     "explanation": "same IMO number" if by_imo else "exact name"},
                    entity, query.on))
        return hits
    return screen


def default_screener() -> tuple[ScreenParties, list[str]]:
    """The screening engine over the loaded lists, falling back to :func:`exact_screener`.

    Imported lazily: the engine is a sibling domain and must not be needed just to check
    goods. The list returned with the screener collects notes for the verdict (e.g. "no
    list loaded"), filled while screening.
    """
    notes: list[str] = []
    fallback = exact_screener()
    try:
        module = importlib.import_module("unsc.screening")
        query_cls, screen = module.Query, module.screen
    except (ImportError, AttributeError):
        notes.append("The screening engine (unsc.screening) is not available: parties were "
                     "checked only by exact name or IMO against what-if designations.")
        return fallback, notes

    def engine(query: PartyQuery, extra: Sequence[Entity]) -> list[dict[str, Any]]:
        q = query_cls(name=query.name, schema="Vessel" if query.kind == "vessel" else None,
                      nationality=query.country, id_number=query.imo)
        try:
            return [_with_binding(hit.to_dict(), hit.entity, query.on)
                    for hit in screen(q, limit=5, extra_entities=extra)]
        except ServiceUnavailableError as exc:
            note = (f"Parties not screened against a sanctions list ({exc.message}); only "
                    "exact names or IMO numbers of what-if designations were checked.")
            if note not in notes:
                notes.append(note)
            return fallback(query, extra)
    return engine, notes


@dataclass(frozen=True)
class PartyFinding:
    """A matched party that the Council's measures make a prohibition (or only a note)."""

    measure: Measure | None
    reason: str
    routes: tuple[dict[str, Any], ...]
    note: str | None = None


def _freeze_measure(binding: dict[str, Any], state: RegimeState, kind: str) -> Measure | None:
    """The asset freeze to cite: the first one binding the entry, taken from its regime."""
    from unsc.regime import regime_as_of

    freezes = [m for m in binding.get("measures", []) if m["kind"] == MeasureKind.ASSET_FREEZE]
    if not freezes:
        return None
    regime = freezes[0]["regime"]
    if regime == state.regime:
        if kind == "vessel" and state.measure("2270-OP12-32-freeze"):
            return state.measure("2270-OP12-32-freeze")
        return state.measure(freezes[0]["id"])
    other = regime_as_of(regime, state.as_of)
    return other.measure(freezes[0]["id"])


def party_findings(query: PartyQuery, hit: dict[str, Any], state: RegimeState
                   ) -> PartyFinding:
    """What one matching hit means for the shipment."""
    listed = str(hit.get("list") or "")
    caption = hit.get("caption") or hit.get("entity_id")
    if listed.startswith("whatif:"):
        measure = state.measure(f"{listed[7:]}-designations")
        return PartyFinding(measure, f"{query.kind} {query.name!r} matches {caption}, a "
                            f"designation the draft {listed[7:]} would have made", ())
    if not (listed == "un" or listed.startswith("un-")):
        return PartyFinding(None, "", (), f"{query.kind} {query.name!r} matches {caption} on "
                            f"{listed or 'another list'}: a national designation, not a "
                            "Council measure; national law may still prohibit the shipment.")
    binding = hit.get("binding_measures") or entry_measures(hit, state.as_of).to_dict()
    measure = _freeze_measure(binding, state, query.kind)
    where = f"{hit.get('reference_number') or caption}, {binding.get('regime')} regime"
    if measure is None:
        kinds = sorted({m["kind"] for m in binding.get("measures", [])}) or ["none"]
        return PartyFinding(None, "", (), f"{query.kind} {query.name!r} matches {caption} "
                            f"({where}): no asset freeze binds it on {state.as_of.isoformat()}"
                            f" (binding: {', '.join(kinds)}); the listing does not prohibit "
                            "the shipment.")
    exemptions = [e for e in measure.exemptions if e.in_force(state.as_of)]
    routes = tuple({**e.to_dict(), "measure": measure.id} for e in exemptions
                   if e.kind != ExemptionKind.STANDING)
    why = (f"{query.kind} {query.name!r} matches designated {caption} ({where}): funds and "
           "economic resources must be frozen and none made available")
    for e in exemptions:
        if e.kind == ExemptionKind.STANDING:
            why += f". {e.citation}: {e.scope}"
    return PartyFinding(measure, why, routes)
