"""The regime page: the regime browser with its what-if toggle, the shipment check and the
oil-cap ledger as real forms.

Browsing is a GET (bookmarkable). The two forms are CSRF-checked POSTs whose result is
shown at the top of the page (``#result``, which the form's action scrolls to); every
problem of a form is reported at once, next to its field. A verdict or a cap computed
under the S/2022/431 what-if is marked hypothetical in its badge, not only in a note.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import UploadFile

from unsc.compliance.keys import Principal
from unsc.errors import InputError, ListFormatError, UnscError
from unsc.web.forms_regime import LedgerForm, ShipmentForm, read_ledger_form, read_shipment_form
from unsc.web.render import check_form, render, user

__all__ = ["router"]

router = APIRouter()
EXAMPLE = "S/2022/431"
EXAMPLE_SHIPMENT = {"date": "2024-01-10", "direction": "to_dprk",
                    "goods-0-hs_code": "2710", "goods-0-description": "diesel",
                    "goods-0-quantity": "50", "goods-0-unit": "t",
                    "parties-0-name": "Korea Mining Development Trading Corp",
                    "parties-0-role": "consignee", "parties-0-country": "KP"}
EXAMPLE_LEDGER = {"period": "2018", "product": "refined",
                  "ledger-0-date": "2018-02-10", "ledger-0-supplier": "Supplier A",
                  "ledger-0-product": "refined", "ledger-0-quantity": "180000",
                  "ledger-0-unit": "barrels", "ledger-1-date": "2018-06-01",
                  "ledger-1-supplier": "Supplier B", "ledger-1-product": "refined",
                  "ledger-1-quantity": "25000", "ledger-1-unit": "tonnes"}


def _try(fn: Any, *args: Any) -> tuple[Any, str | None]:
    try:
        return fn(*args), None
    except UnscError as exc:
        return None, exc.message


def _context(q: dict[str, str]) -> dict[str, Any]:
    from unsc.regime import regime_as_of, regime_diff, regime_list

    regimes, _ = _try(lambda: [r.to_dict() for r in regime_list(q.get("as_of") or None)])
    name = (q.get("regime") or "1718").strip()
    what_if = EXAMPLE if q.get("what_if") and name == "1718" else None
    state, err = _try(regime_as_of, name, q.get("as_of") or None, what_if)
    diff = None
    if what_if and state is not None:
        diff, _ = _try(lambda: regime_diff("1718", what_if, q.get("as_of") or None).to_dict())
    return {"state": state.to_dict() if state else None, "err_state": err, "diff": diff,
            "what_if": what_if, "q": q, "regimes": regimes or [],
            "regime": state.regime if state else name,
            "ship": read_shipment_form(EXAMPLE_SHIPMENT),
            "ledger": read_ledger_form(EXAMPLE_LEDGER), "hints": {}}


@router.get("/regime", response_class=HTMLResponse)
def regime_page(request: Request, who: Principal = Depends(user)) -> Response:
    context = _context(dict(request.query_params))
    context["hints"] = _hints(context["ship"], context["what_if"])
    return render(request, "regime.html", {"title": f"Regime {context['regime']}", **context},
                  who=who)


@router.post("/regime", response_class=HTMLResponse)
async def regime_forms(request: Request) -> Response:
    """The shipment check or the oil-cap ledger posted from the regime page."""
    form = await request.form()
    data = {k: v for k, v in form.items() if isinstance(v, str)}
    check_form(request, data)
    who = user(request)
    context = _context({k: v for k, v in data.items() if k in ("as_of", "what_if")})
    action = data.get("action", "")
    if data.get("form") == "shipment":
        ship = read_shipment_form(data, add=action.removeprefix("add_"))
        context["ship"] = ship
        if not action.startswith("add_"):
            context["posted"] = "shipment"
            context["verdict"], context["err_shipment"] = _check(ship, context["what_if"])
        context["hints"] = _hints(ship, context["what_if"])
    elif data.get("form") == "shipment_json":
        context["shipment_json"] = data.get("shipment", "")
        context["posted"] = "shipment_json"
        context["verdict"], context["err_shipment"] = _try(_check_json,
                                                           context["shipment_json"],
                                                           context["what_if"])
    else:
        ledger = read_ledger_form(data, add=action == "add_ledger")
        context["ledger"] = ledger
        upload = form.get("ledger_file")
        if action != "add_ledger":
            context["posted"] = "oil_cap"
            context["cap"], context["err_cap"] = _cap(ledger, upload, context["what_if"])
    context["hints"] = context["hints"] or _hints(context["ship"], context["what_if"])
    return render(request, "regime.html", {"title": "Regime 1718", **context}, who=who)


@router.get("/regime/hs")
def hs_hint(request: Request, code: str = "", date: str = "", direction: str = "to_dprk",
            description: str = "", what_if: str = "",
            who: Principal = Depends(user)) -> Response:
    """The measures one HS code falls under (the shipment form shows them as you type)."""
    found, error = _try(_measures_for, code, description, date, direction,
                        EXAMPLE if what_if else None)
    return JSONResponse({"code": code, "measures": found or [], "error": error})


def _measures_for(code: str, description: str, day: str, direction: str,
                  what_if: str | None) -> list[dict[str, Any]]:
    from unsc.compliance.shipment import Shipment, check_shipment

    shipment = Shipment.from_dict({"date": day or "2024-01-01", "direction": direction,
                                   "goods": [{"hs_code": code, "description": description}]})
    verdict = check_shipment(shipment, None, what_if, None, exemptions=())
    return [{"id": t.measure.id, "citation": t.measure.citation, "effect": t.effect,
             "what_if": t.measure.what_if} for t in verdict.triggers]


def _hints(ship: ShipmentForm, what_if: str | None) -> dict[int, str]:
    """Per goods row, the measures its HS code falls under (shown under the field)."""
    out: dict[int, str] = {}
    for i, good in enumerate(ship.goods):
        if not good["hs_code"] or f"goods-{i}-hs_code" in ship.errors:
            continue
        found, _ = _try(_measures_for, good["hs_code"], good["description"],
                        ship.date if "date" not in ship.errors else "",
                        ship.direction if "direction" not in ship.errors else "to_dprk",
                        what_if)
        out[i] = ("; ".join(f"{m['citation']} ({m['effect']})" for m in found)
                  if found else "no measure found for this code")
    return out


def _check(ship: ShipmentForm, what_if: str | None) -> tuple[Any, str | None]:
    if not ship.valid:
        return None, None  # the errors are shown next to their fields
    return _try(_verdict, ship.shipment(), what_if)


def _check_json(text: str, what_if: str | None) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InputError(f"the shipment is not valid JSON: {exc}") from None
    return _verdict(data, what_if)


def _verdict(data: Any, what_if: str | None) -> dict[str, Any]:
    from unsc.compliance.shipment import Shipment, check_shipment, default_screener

    screener, notes = default_screener()
    result: dict[str, Any] = check_shipment(Shipment.from_dict(data), None, what_if,
                                            screener).to_dict()
    result["notes"] = [*result["notes"], *notes]
    return result


def _cap(ledger: LedgerForm, upload: Any, what_if: str | None
         ) -> tuple[dict[str, Any] | None, list[str] | None]:
    """The cap report, or every problem of the ledger (typed rows: "row N")."""
    from unsc.compliance.oil_cap import cap_report, read_ledger

    if ledger.errors:
        return None, list(ledger.errors.values())
    name, text, typed = "typed rows", ledger.csv_text(), True
    if not (isinstance(upload, UploadFile) and upload.filename) and not any(
            any(r.values()) for r in ledger.rows):
        return None, ["type at least one delivery or upload a ledger file"]
    if isinstance(upload, UploadFile) and upload.filename:
        raw = upload.file.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None, [f"{upload.filename}: not UTF-8 text; save the ledger as UTF-8 CSV"]
        name, typed = upload.filename, False
    try:
        report = cap_report(read_ledger(name, text=text), int(ledger.period), ledger.product,
                            what_if)
    except ListFormatError as exc:
        if not exc.problems:
            return None, [exc.message]
        return None, [_where(p.record, typed) + (f" {p.field}" if p.field else "")
                      + f": {p.message}" for p in exc.problems]
    except UnscError as exc:
        return None, [exc.message]
    from unsc import settings

    report["source"] = name
    report["markers"] = _markers([float(t) * 100 for t in settings.get("oil_cap_thresholds")])
    return report, None


def _markers(percents: list[float]) -> list[dict[str, Any]]:
    """Gauge markers with where their labels sit: neighbours closer than 8 points put
    their labels on either side of the line, so "90 %" and "95 %" do not overlap."""
    found = sorted(round(p, 2) for p in percents) or [100.0]
    out = []
    for i, pct in enumerate(found):
        anchor = "middle"
        if i + 1 < len(found) and found[i + 1] - pct < 8:
            anchor = "end"
        if i > 0 and pct - found[i - 1] < 8:
            anchor = "start"
        out.append({"percent": pct, "anchor": anchor})
    return out


def _where(record: str | None, typed: bool) -> str:
    if typed and record and record.startswith("line "):
        number = record.removeprefix("line ")
        return f"row {int(number) - 1}" if number.isdigit() else record
    return record or ""
