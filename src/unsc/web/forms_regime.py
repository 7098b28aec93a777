"""The shipment and oil-cap forms of the regime page: fields in, checked values out.

A form is read field by field and *every* problem is collected, keyed by the field it
belongs to, so one submission shows all of them next to their fields (the domain reader
stops at the first bad date or HS code, which suits a file but not a form someone is
filling in). What passes becomes the plain dict ``Shipment.from_dict`` reads, or the CSV
text ``read_ledger`` reads, so the checks themselves stay the domain's.

No web framework here: the page module hands in the posted fields as a mapping.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from unsc.dates import parse_date
from unsc.errors import InputError
from unsc.regime.hs import normalise_hs

__all__ = ["GOOD_FIELDS", "LEDGER_FIELDS", "PARTY_FIELDS", "LedgerForm", "ShipmentForm",
           "read_ledger_form", "read_shipment_form", "rows"]

GOOD_FIELDS = ("hs_code", "description", "quantity", "unit")
PARTY_FIELDS = ("name", "role", "country")
VESSEL_FIELDS = ("name", "imo", "flag", "sts")
LEDGER_FIELDS = ("date", "supplier", "product", "quantity", "unit")
MAX_ROWS = 200  # rows a form may hold (bounded like every input)


def rows(data: Mapping[str, str], prefix: str, names: tuple[str, ...], minimum: int,
         add: bool = False) -> list[dict[str, str]]:
    """The ``prefix-N-name`` fields of a form as rows (at least ``minimum``, one more when
    the user asked to add a row), so a form re-renders with what was typed."""
    try:
        count = int(data.get(f"{prefix}_rows") or 0)
    except ValueError:
        count = 0
    count = min(max(count, minimum) + (1 if add else 0), MAX_ROWS)
    return [{n: (data.get(f"{prefix}-{i}-{n}") or "").strip() for n in names}
            for i in range(count)]


def _number(text: str) -> float:
    value = float(text.replace(",", "").replace("\u202f", "").replace(" ", ""))
    if not value >= 0 or value == float("inf"):
        raise ValueError(text)
    return value


@dataclass
class ShipmentForm:
    """A shipment form as typed (for re-rendering) and, when it is valid, as the dict
    ``Shipment.from_dict`` reads. ``errors`` maps a field name to what is wrong with it."""

    date: str
    direction: str
    goods: list[dict[str, str]]
    parties: list[dict[str, str]]
    vessel: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.errors

    def shipment(self) -> dict[str, Any]:
        """The SHIPMENT.json dict of a valid form (InputError when it is not valid)."""
        if self.errors:
            raise InputError("the shipment form has errors: " + "; ".join(self.errors.values()))
        goods = [{"hs_code": g["hs_code"], "description": g["description"],
                  "quantity": _number(g["quantity"]) if g["quantity"] else None,
                  "unit": g["unit"] or None} for g in self.goods if any(g.values())]
        parties = [{"name": p["name"], "role": p["role"] or None,
                    "country": p["country"] or None} for p in self.parties if any(p.values())]
        out: dict[str, Any] = {"date": self.date, "direction": self.direction, "goods": goods,
                               "parties": parties}
        if self.vessel.get("name") or self.vessel.get("imo"):
            out["vessel"] = {"name": self.vessel["name"] or None,
                             "imo": self.vessel["imo"] or None,
                             "flag": self.vessel["flag"] or None,
                             "ship_to_ship": self.vessel.get("sts") == "1"}
        return out


def read_shipment_form(data: Mapping[str, str], add: str = "") -> ShipmentForm:
    """Read and check every field; ``add`` ("goods" or "parties") adds an empty row."""
    form = ShipmentForm(
        date=(data.get("date") or "").strip(), direction=(data.get("direction") or "").strip(),
        goods=rows(data, "goods", GOOD_FIELDS, 2, add == "goods"),
        parties=rows(data, "parties", PARTY_FIELDS, 2, add == "parties"),
        vessel={n: (data.get(f"vessel-{n}") or "").strip() for n in VESSEL_FIELDS})
    errors = form.errors
    try:
        parse_date(form.date, "shipment date")
    except InputError as exc:
        errors["date"] = exc.message
    if form.direction not in ("to_dprk", "from_dprk"):
        errors["direction"] = "choose a direction: to the DPRK or from the DPRK"
    filled = [(i, g) for i, g in enumerate(form.goods) if any(g.values())]
    if not filled:
        errors["goods-0-hs_code"] = "enter at least one good (its HS code)"
    for i, good in filled:
        try:
            normalise_hs(good["hs_code"], f"good {i + 1}: HS code")
        except InputError as exc:
            errors[f"goods-{i}-hs_code"] = (exc.message if good["hs_code"] else
                                            f"good {i + 1}: HS code is missing")
        if good["quantity"]:
            try:
                _number(good["quantity"])
            except ValueError:
                errors[f"goods-{i}-quantity"] = (f"good {i + 1}: quantity {good['quantity']!r} "
                                                 "is not a non-negative number")
    for i, party in enumerate(form.parties):
        if any(party.values()) and not party["name"]:
            errors[f"parties-{i}-name"] = f"party {i + 1}: name is missing"
    imo = form.vessel["imo"].upper().removeprefix("IMO").strip()
    if imo and not (imo.isdigit() and len(imo) == 7):
        errors["vessel-imo"] = f"vessel IMO {form.vessel['imo']!r} is not a 7-digit IMO number"
    return form


@dataclass
class LedgerForm:
    """Oil-cap deliveries typed as rows (or an uploaded file), the period and product."""

    rows: list[dict[str, str]]
    period: str
    product: str
    errors: dict[str, str] = field(default_factory=dict)

    def csv_text(self) -> str:
        """The typed rows as LEDGER.csv; row N of the form is line N + 1 (the header is
        line 1), blank rows kept so the line numbers of the domain's messages still hold."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(LEDGER_FIELDS)
        for row in self.rows:
            writer.writerow([row[n] for n in LEDGER_FIELDS])
        return out.getvalue()


def read_ledger_form(data: Mapping[str, str], add: bool = False) -> LedgerForm:
    form = LedgerForm(rows(data, "ledger", LEDGER_FIELDS, 3, add),
                      (data.get("period") or "").strip(), (data.get("product") or "refined"))
    if not form.period.isdigit():
        form.errors["period"] = f"period must be a year, not {form.period!r}"
    if form.product not in ("refined", "crude"):
        form.errors["product"] = "product must be refined or crude"
    return form
