"""The per-regime counts table in ``docs/regimes.md``: measures, exemptions and the facts the
sources did not settle, generated from the data files so the docs cannot drift from them
(a test regenerates it and compares).

Regenerate with ``python -m unsc.regime.report > docs/regimes.md``.
"""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date

from unsc.regime.asof import regime_as_of
from unsc.regime.data import load_regime
from unsc.regime.registry import load_regime_info, regime_ids
from unsc.regime.status import unverified_count

__all__ = ["REFERENCE_DATE", "counts", "render"]

REFERENCE_DATE = date(2026, 5, 8)
"""The date of the newest list file in the shared data: the status column is as of then."""


def counts(regime: str) -> dict[str, object]:
    """Figures for one regime: resolutions, measures (all, in force on the reference date,
    by verification flag), exemptions, renewals and UNVERIFIED facts."""
    amendments = load_regime(regime)
    measures = [m for a in amendments for m in a.adds]
    flags = Counter(m.verification for m in measures)
    state = regime_as_of(regime, REFERENCE_DATE)
    info = load_regime_info(regime)
    return {"regime": regime, "name": info.name,
            "status": info.status_on(REFERENCE_DATE).status,
            "resolutions": len(amendments), "measures": len(measures),
            "in_force": len(state.measures), "Y": flags["Y"], "C": flags["C"], "N": flags["N"],
            "exemptions": sum(len(m.exemptions) for m in measures),
            "renewals": len(info.renewals), "unverified": unverified_count(regime)}


def render() -> str:
    """The whole of docs/regimes.md."""
    rows = [counts(r) for r in regime_ids()]
    lines = [
        "# Regimes: measures and unverified facts",
        "",
        "Generated from `src/unsc/data/regime/` by `python -m unsc.regime.report > "
        "docs/regimes.md`; a test checks it is current.",
        "",
        f"Status as of {REFERENCE_DATE.isoformat()} (the newest list file). *measures*: "
        "measures in the data files (every resolution); *in force*: on that date; "
        "**Y** content and paragraph read in a source, **C** content read and paragraph "
        "from recollection, **N** not found. *UNVERIFIED facts*: measures, exemptions, "
        "criteria, timeline events and renewals flagged N, and the labelled UNVERIFIED "
        "statements of the regime and its resolutions (votes not read, paragraph numbers "
        "recalled, renewals not found...). Each is listed in the regime's `regime.json` "
        "(`unverified`) or on the resolution (`unverified`).",
        "",
        "| regime | name | status | resolutions | measures | in force | Y | C | N "
        "| exemptions | renewals | UNVERIFIED facts |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append("| {regime} | {name} | {status} | {resolutions} | {measures} | "
                     "{in_force} | {Y} | {C} | {N} | {exemptions} | {renewals} | "
                     "{unverified} |".format(**r))
    total = {k: sum(int(str(r[k])) for r in rows)
             for k in ("resolutions", "measures", "in_force", "Y", "C", "N", "exemptions",
                       "renewals", "unverified")}
    lines.append("| **all** | {n} regimes | | {resolutions} | {measures} | {in_force} | {Y} | "
                 "{C} | {N} | {exemptions} | {renewals} | {unverified} |".format(
                     n=len(rows), **total))
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - the docs generator
    sys.stdout.write(render())
