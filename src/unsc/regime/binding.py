"""Which Council measures bind a listed entry on a date, with citations and exemptions.

A bank analyst with a hit on ``QDi.123`` needs to know what the listing obliges: an asset
freeze (and under which paragraph), a travel ban if the entry is a person, a targeted arms
embargo, and the exemptions that exist (basic expenses, the S/RES/2664 (2022) humanitarian
carve-out...). :func:`entry_measures` answers from the entry's regime (its UN_LIST_TYPE, or
its reference prefix), the regime's measures in force on the date that bind *listed*
parties of the entry's kind, and the entry's listed-on date (no measure binds before it).

The answer assumes the entry, as given, was on the list on that date: which version of the
list held it is the list store's question (``unsc lists show REF --as-of DATE``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from unsc.dates import parse_date
from unsc.regime.asof import regime_as_of
from unsc.regime.model import AppliesTo, Exemption, Measure
from unsc.regime.registry import load_regime_info, regime_for_entry

__all__ = ["BindingMeasure", "EntryMeasures", "binding_measures", "entry_measures",
           "hit_measures"]


@dataclass(frozen=True)
class BindingMeasure:
    """One measure that binds the entry, with the exemptions in force on the date."""

    measure: Measure
    exemptions: tuple[Exemption, ...]

    def to_dict(self) -> dict[str, Any]:
        m = self.measure
        return {"id": m.id, "regime": m.regime, "kind": m.kind.value, "citation": m.citation,
                "scope": m.scope, "source": m.source, "verification": m.verification,
                "effective_from": m.effective_from.isoformat() if m.effective_from else None,
                "effective_until": m.effective_until.isoformat() if m.effective_until
                else None,
                "restored_by": m.restored_by, "exceptions": list(m.exceptions),
                "exemptions": [e.to_dict() for e in self.exemptions]}


@dataclass(frozen=True)
class EntryMeasures:
    """The answer for one entry on one day: bound or not, by what, and why."""

    entry_id: str | None
    reference_number: str | None
    regime: str | None
    regime_name: str | None
    regime_status: str | None
    listed_on: str | None
    as_of: date
    measures: tuple[BindingMeasure, ...]
    territory_measures: int
    notes: tuple[str, ...]

    @property
    def bound(self) -> bool:
        return bool(self.measures)

    def to_dict(self) -> dict[str, Any]:
        return {"entry": self.entry_id, "reference_number": self.reference_number,
                "regime": self.regime, "regime_name": self.regime_name,
                "regime_status": self.regime_status, "listed_on": self.listed_on,
                "as_of": self.as_of.isoformat(), "bound": self.bound,
                "measures": [b.to_dict() for b in self.measures],
                "territory_measures": self.territory_measures, "notes": list(self.notes)}

    def brief(self) -> dict[str, Any]:
        """The form a screening hit carries: which measures bind, each with its citation and
        the exemptions (id, kind, citation) in force, without the scope texts and sources,
        so a batch answer of hundreds of hits stays small (the full form is
        :meth:`to_dict`, shown by ``unsc lists show REF``)."""
        return {"regime": self.regime, "regime_name": self.regime_name,
                "regime_status": self.regime_status, "listed_on": self.listed_on,
                "as_of": self.as_of.isoformat(), "bound": self.bound,
                "measures": [{"id": b.measure.id, "kind": b.measure.kind.value,
                              "citation": b.measure.citation,
                              "exemptions": [{"id": e.id, "kind": e.kind.value,
                                              "citation": e.citation}
                                             for e in b.exemptions]}
                             for b in self.measures],
                "notes": list(self.notes)}

    def summary(self, citations: bool = True) -> str:
        """One line: ``1718: asset freeze (S/RES/1718 (2006) OP8(d)), ...`` (kinds alone
        without ``citations``, for a narrow table cell)."""
        if not self.measures:
            return "no Council measure" if not citations or not self.notes else self.notes[-1]
        kinds = ", ".join(b.measure.kind.value.replace("_", " ") +
                          (f" ({b.measure.citation})" if citations else "")
                          for b in self.measures)
        return f"{self.regime}: {kinds}"


def _get(entity: Any, key: str) -> Any:
    if isinstance(entity, Mapping):
        return entity.get(key)
    return getattr(entity, key, None)


def _listed_on(raw: Any) -> date | None:
    try:
        return date.fromisoformat(str(raw)[:10]) if raw else None
    except ValueError:
        return None


def entry_measures(entity: Any, on: date | str | None = None) -> EntryMeasures:
    """The measures binding ``entity`` on ``on`` (default today).

    ``entity`` is a :class:`unsc.lists.model.Entity`, its ``to_dict()`` or a screening hit
    dict (``reference_number``, ``list``, ``schema`` and, if known, ``regimes`` and
    ``listed_on``). Entries of national lists (OFAC...) are bound by no Council measure.
    """
    day = parse_date(on, "as-of date", default=date.today())
    ref = _get(entity, "reference_number")
    ident = _get(entity, "id") or _get(entity, "entity_id")
    listing = str(_get(entity, "list") or "")
    schema = str(_get(entity, "schema") or "")
    listed = _get(entity, "listed_on")
    notes: list[str] = []

    def empty(regime: str | None = None, name: str | None = None,
              status: str | None = None) -> EntryMeasures:
        return EntryMeasures(ident, ref, regime, name, status, listed, day, (), 0, tuple(notes))

    if listing.startswith("whatif:"):
        notes.append(f"A designation the draft {listing[7:]} would have made: no Council "
                     "measure binds it (see `unsc regime show 1718 --what-if`).")
        return empty()
    if listing and listing != "un" and not listing.startswith("un-"):
        notes.append(f"An entry of {listing}, a national list: no Security Council measure "
                     "binds it as such (national law may).")
        return empty()
    regime = regime_for_entry(ref, tuple(_get(entity, "regimes") or ()),
                              None)
    if regime is None:
        notes.append(f"No shipped regime matches the entry {ref or ident!r} (its list type "
                     "or reference prefix is unknown).")
        return empty()
    info = load_regime_info(regime)
    state = regime_as_of(regime, day)
    status = info.status_on(day)
    since = _listed_on(listed)
    if since is not None and day < since:
        notes.append(f"Listed on {since.isoformat()}, after {day.isoformat()}: no measure "
                     "bound it yet.")
        return empty(regime, info.name, status.status)
    chosen = tuple(
        BindingMeasure(m, tuple(e for e in m.exemptions if e.in_force(day)))
        for m in state.measures
        if m.applies_to == AppliesTo.LISTED and (not schema or m.binds_schema(schema)))
    territory = sum(m.applies_to == AppliesTo.TERRITORY for m in state.measures)
    if status.status != "active":
        notes.append(f"On {day.isoformat()} the {regime} regime is {status.status} "
                     f"({status.citation})" + (f": {status.note}" if status.note else "."))
    notes.extend(n for n in state.notes if n not in notes and "regime is" not in n)
    if not chosen:
        notes.append(f"No measure of the {regime} regime binds a listed "
                     f"{schema.lower() or 'entry'} on {day.isoformat()}.")
    if territory:
        notes.append(f"{territory} further measure(s) of the regime bind States as to the "
                     f"{info.target} itself: `unsc regime show {regime} --as-of "
                     f"{day.isoformat()}`.")
    return EntryMeasures(ident, ref, regime, info.name, status.status, listed, day, chosen,
                         territory, tuple(notes))


def hit_measures(hits: Any, on: date | str | None = None) -> dict[str, EntryMeasures]:
    """:func:`entry_measures` of each hit's entity (``hit.entity``), keyed by entity id.

    Every screening hit shown to a person (CLI, API, web) carries this, so an analyst with a
    hit on ``QDi.123`` sees at once which regime's measures bind it and under which
    paragraphs, not only that a name matched."""
    day = parse_date(on, "as-of date", default=date.today())
    return {h.entity.id: entry_measures(h.entity, day) for h in hits}


def binding_measures(entity: Any, on: date | str | None = None) -> list[BindingMeasure]:
    """Just the measures of :func:`entry_measures` (each with ``to_dict()``), for callers
    attaching them to screening hits."""
    return list(entry_measures(entity, on).measures)
