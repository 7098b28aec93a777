"""UN sanctions regimes as cited, executable data: measures, resolutions as amendments,
what-ifs, and which measures bind a listed entry on a date.

``regime_as_of("1718", "2018-01-01")`` replays the resolutions adopted up to a date;
``what_if="S/2022/431"`` replays a failed draft on top; ``regime_diff`` shows both side by
side; ``regime_list(on)`` gives every regime's status on a day; ``binding_measures(entity,
on)`` the measures that bind a list entry. Data files live in ``unsc/data/regime`` (one
folder per regime, with sources).
"""

from unsc.dates import parse_date
from unsc.regime.asof import regime_as_of, regime_diff, what_if_designations
from unsc.regime.binding import (
    BindingMeasure,
    EntryMeasures,
    binding_measures,
    entry_measures,
    hit_measures,
)
from unsc.regime.data import WhatIf, load_regime, load_what_if, what_if_symbols
from unsc.regime.hs import hs_overlap, normalise_hs
from unsc.regime.model import (
    Amendment,
    AppliesTo,
    Criterion,
    Direction,
    Exemption,
    ExemptionKind,
    Measure,
    MeasureKind,
    RegimeDiff,
    RegimeInfo,
    RegimeState,
    StatusEvent,
)
from unsc.regime.registry import load_regime_info, regime_for_entry, regime_ids, resolve_regime
from unsc.regime.status import RegimeStatus, regime_list

__all__ = [
    "Amendment",
    "AppliesTo",
    "BindingMeasure",
    "Criterion",
    "Direction",
    "EntryMeasures",
    "Exemption",
    "ExemptionKind",
    "Measure",
    "MeasureKind",
    "RegimeDiff",
    "RegimeInfo",
    "RegimeState",
    "RegimeStatus",
    "StatusEvent",
    "WhatIf",
    "binding_measures",
    "entry_measures",
    "hit_measures",
    "hs_overlap",
    "load_regime",
    "load_regime_info",
    "load_what_if",
    "normalise_hs",
    "parse_date",
    "regime_as_of",
    "regime_diff",
    "regime_for_entry",
    "regime_ids",
    "regime_list",
    "resolve_regime",
    "what_if_designations",
    "what_if_symbols",
]
