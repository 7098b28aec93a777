"""The oil-cap ledger: deliveries reported by supplying States against the 1718 caps.

Caps come from the regime in force at the end of the period (so a what-if replaces them):
2397 OP5 refined products 500,000 bbl and OP4 crude 4,000,000 bbl / 525,000 t; the
2375 OP14 refined cap of 500,000 bbl for 1 Oct to 31 Dec 2017.

Period labels (``--period YEAR``):

- refined: the calendar year YEAR (2397 OP5: twelve months from 1 January 2018); 2017 is
  the 2375 OP14 quarter, 1 October to 31 December 2017;
- crude: the twelve months that *end* in YEAR, 22 December YEAR-1 to 21 December YEAR
  (2397 OP4 counts from its adoption on 22 December 2017, so period 2018 is the first).

Quantities in tonnes are converted to barrels with the settings
``barrels_per_tonne_crude`` / ``barrels_per_tonne_refined`` and the factor is reported.
Threshold events fire at the fractions in ``oil_cap_thresholds`` (75 % and 90 % UNVERIFIED,
95 %: Member States must cease supplies for the rest of the period).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from unsc import settings
from unsc.dates import parse_date
from unsc.errors import InputError, ListFormatError, NotFoundError, Problem
from unsc.regime.asof import regime_as_of
from unsc.regime.model import Measure

__all__ = ["COLUMNS", "Delivery", "cap_report", "ledger_report", "period_bounds", "read_ledger"]

COLUMNS = ("date", "supplier", "product", "quantity", "unit")
_UNITS = {"barrels": "barrels", "bbl": "barrels", "tonnes": "tonnes", "t": "tonnes",
          "tons": "tonnes", "metric tons": "tonnes"}


@dataclass(frozen=True)
class Delivery:
    """One reported delivery; ``line`` is its line in the ledger file (1 = header)."""

    date: date
    supplier: str
    product: str
    quantity: float
    unit: str
    line: int = 0

    def barrels(self) -> float:
        if self.unit == "barrels":
            return self.quantity
        factor = float(settings.get(f"barrels_per_tonne_{self.product}"))
        return self.quantity * factor


def read_ledger(source: Path | str, text: str | None = None) -> list[Delivery]:
    """Parse LEDGER.csv (``date,supplier,product,quantity,unit``); all problems at once."""
    name = str(source)
    if text is None:
        try:
            text = Path(source).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise InputError(f"cannot read ledger {name}: {exc.strerror or exc}") from None
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in next(reader, [])]
    if tuple(header[: len(COLUMNS)]) != COLUMNS:
        raise ListFormatError(f"ledger {name}: header must be {','.join(COLUMNS)}",
                              [Problem(name, "line 1", None, f"found {','.join(header)!r}")])
    problems: list[Problem] = []
    out: list[Delivery] = []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        rec = f"line {line}"
        if len(row) < len(COLUMNS):
            problems.append(Problem(name, rec, None, f"{len(row)} columns, expected "
                                    f"{len(COLUMNS)}"))
            continue
        raw = dict(zip(COLUMNS, (c.strip() for c in row), strict=False))
        before = len(problems)
        try:
            day = parse_date(raw["date"], "date")
        except InputError as exc:
            problems.append(Problem(name, rec, "date", exc.message))
        if not raw["supplier"]:
            problems.append(Problem(name, rec, "supplier", "missing"))
        product = raw["product"].lower()
        if product not in ("refined", "crude"):
            problems.append(Problem(name, rec, "product",
                                    f"{raw['product']!r}: expected refined or crude"))
        try:
            qty = float(raw["quantity"].replace(",", ""))
            if not qty >= 0 or qty == float("inf"):
                raise ValueError
        except ValueError:
            problems.append(Problem(name, rec, "quantity",
                                    f"{raw['quantity']!r} is not a non-negative number"))
        unit = _UNITS.get(raw["unit"].lower())
        if unit is None:
            problems.append(Problem(name, rec, "unit",
                                    f"{raw['unit']!r}: expected barrels or tonnes"))
        if len(problems) == before:
            out.append(Delivery(day, raw["supplier"], product, qty, str(unit), line))
    if problems:
        raise ListFormatError(f"ledger {name} has {len(problems)} problem(s)", problems)
    return out


def period_bounds(product: str, year: int) -> tuple[date, date]:
    """First and last day of the cap period labelled ``year`` (see the module docstring)."""
    if product == "crude":
        if year < 2018:
            raise InputError("crude periods start with 2018 (22 Dec 2017 - 21 Dec 2018); "
                             "2375 OP15 set no published figure before it")
        return date(year - 1, 12, 22), date(year, 12, 21)
    if product == "refined":
        if year < 2017:
            raise InputError("refined-product caps start with 2375 OP14 (1 Oct 2017)")
        if year == 2017:
            return date(2017, 10, 1), date(2017, 12, 31)
        return date(year, 1, 1), date(year, 12, 31)
    raise InputError(f"product {product!r}: expected refined or crude")


def _cap_measure(product: str, end: date, what_if: str | None) -> Measure:
    state = regime_as_of("1718", end, what_if)
    caps = [m for m in state.caps(product) if m.cap and m.cap.get("amount")]
    if not caps:
        raise NotFoundError(f"no numeric {product} cap in force on {end.isoformat()}")
    return caps[-1]


def cap_report(deliveries: list[Delivery], year: int, product: str = "refined",
               what_if: str | None = None, proposed: Delivery | None = None) -> dict[str, Any]:
    """Cap, delivered, remaining, threshold events and warnings for one period.

    ``proposed`` is a delivery not yet made: the report then says whether it would exceed
    the cap (``"proposed": {"would_exceed": ...}``) without adding it to the totals.
    """
    start, end = period_bounds(product, year)
    measure = _cap_measure(product, end, what_if)
    assert measure.cap is not None
    cap = float(measure.cap["amount"])
    thresholds = sorted(float(t) for t in settings.get("oil_cap_thresholds"))
    rows = sorted((d for d in deliveries if d.product == product and start <= d.date <= end),
                  key=lambda d: (d.date, d.line))
    delivered = 0.0
    events: list[dict[str, Any]] = []
    warnings: list[dict[str, Any]] = []
    by_supplier: dict[str, float] = {}
    pending = list(thresholds)
    for d in rows:
        before, bbl = delivered, d.barrels()
        delivered += bbl
        by_supplier[d.supplier] = by_supplier.get(d.supplier, 0.0) + bbl
        while pending and delivered >= pending[0] * cap:
            fraction = pending.pop(0)
            events.append({
                "threshold": fraction, "percent": round(fraction * 100, 2),
                "date": d.date.isoformat(), "line": d.line, "supplier": d.supplier,
                "delivered": round(delivered, 3),
                "action": "Member States must immediately cease supplies for the rest of the "
                          "period" if fraction >= 0.95 else "Committee Secretary notifies "
                          "Member States"})
        if delivered > cap >= before:
            warnings.append({"line": d.line, "date": d.date.isoformat(), "supplier": d.supplier,
                             "quantity_barrels": round(bbl, 3), "delivered_before":
                             round(before, 3), "cap": cap, "message": f"delivery would exceed "
                             f"the cap by {delivered - cap:,.0f} barrels"})
        elif before > cap:
            warnings.append({"line": d.line, "date": d.date.isoformat(), "supplier": d.supplier,
                             "quantity_barrels": round(bbl, 3), "delivered_before":
                             round(before, 3), "cap": cap,
                             "message": "delivery after the cap was exceeded"})
    factor = float(settings.get(f"barrels_per_tonne_{product}"))
    ahead = None
    if proposed is not None:
        bbl = proposed.barrels()
        ahead = {"date": proposed.date.isoformat(), "supplier": proposed.supplier,
                 "quantity_barrels": round(bbl, 3), "would_exceed": delivered + bbl > cap,
                 "remaining_before": round(max(cap - delivered, 0.0), 3),
                 "message": f"would exceed the cap by {delivered + bbl - cap:,.0f} barrels"
                 if delivered + bbl > cap else "within the cap"}
    return {
        "product": product, "period": {"label": year, "start": start.isoformat(),
                                       "end": end.isoformat()},
        "cap": cap, "cap_tonnes": measure.cap.get("amount_tonnes"), "unit": "barrels",
        "delivered": round(delivered, 3), "remaining": round(max(cap - delivered, 0.0), 3),
        "exceeded": delivered > cap, "over_by": round(max(delivered - cap, 0.0), 3),
        "threshold_events": events, "warnings": warnings,
        "measure": {"id": measure.id, "citation": measure.citation,
                    "what_if": measure.what_if},
        "what_if": what_if, "deliveries": len(rows), "proposed": ahead,
        "by_supplier": {k: round(v, 3) for k, v in sorted(by_supplier.items())},
        "conversion": {"barrels_per_tonne": factor,
                       "setting": f"UNSC_BARRELS_PER_TONNE_{product.upper()}"},
    }


def ledger_report(path: Path | str, year: int, product: str = "refined",
                  what_if: str | None = None) -> dict[str, Any]:
    """Read LEDGER.csv and report one period (the ``unsc regime oil-cap`` service)."""
    return cap_report(read_ledger(path), year, product, what_if)
