"""The 1718 regime as cited, executable data: measures, resolutions as amendments, what-ifs.

``regime_as_of("1718", "2018-01-01")`` replays the resolutions adopted up to a date;
``what_if="S/2022/431"`` replays a failed draft on top; ``regime_diff`` shows both side by
side. Data files live in ``unsc/data/regime`` (one per resolution, with sources).
"""

from unsc.dates import parse_date
from unsc.regime.asof import regime_as_of, regime_diff, what_if_designations
from unsc.regime.data import WhatIf, load_regime, load_what_if, what_if_symbols
from unsc.regime.hs import hs_overlap, normalise_hs
from unsc.regime.model import (
    Amendment,
    Direction,
    Measure,
    MeasureKind,
    RegimeDiff,
    RegimeState,
)

__all__ = [
    "Amendment",
    "Direction",
    "Measure",
    "MeasureKind",
    "RegimeDiff",
    "RegimeState",
    "WhatIf",
    "hs_overlap",
    "load_regime",
    "load_what_if",
    "normalise_hs",
    "parse_date",
    "regime_as_of",
    "regime_diff",
    "what_if_designations",
    "what_if_symbols",
]
