"""Council and regime pages: the S/2022/431 timeline and vote, veto-initiative deadlines,
the veto-history chart; the regime browser with its what-if toggle, the shipment check
and the oil-cap gauge. Every computation is a GET form (bookmarkable); storing the example
timeline and posting a shipment or a ledger are CSRF-protected POSTs."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from unsc.compliance import keys
from unsc.compliance.keys import Principal
from unsc.errors import InputError, NotFoundError, UnscError
from unsc.web.render import form_data, render, user

__all__ = ["router"]

router = APIRouter()
EXAMPLE = "S/2022/431"
SHIPMENT_EXAMPLE = json.dumps({
    "date": "2024-01-10", "direction": "to_dprk",
    "goods": [{"hs_code": "2710", "description": "diesel", "quantity": 50, "unit": "t"}],
    "parties": [{"name": "Korea Mining Development Trading Corp", "role": "consignee",
                 "country": "KP"}]}, indent=2)
LEDGER_EXAMPLE = ("date,supplier,product,quantity,unit\n2018-02-10,Supplier A,refined,"
                  "180000,barrels\n2018-06-01,Supplier B,refined,25000,tonnes\n")


def _try(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, str | None]:
    """Run a computation for a page section; its error is shown in that section only."""
    try:
        return fn(*args, **kwargs), None
    except UnscError as exc:
        return None, exc.message
    except ValueError as exc:  # e.g. a year that is not a number
        return None, str(exc)


def _year(text: str) -> int:
    if not text.strip().isdigit():
        raise InputError(f"year must be a number, not {text!r}")
    return int(text)


@router.get("/council", response_class=HTMLResponse)
def council_page(request: Request, who: Principal = Depends(user)) -> Response:
    from unsc.council import service as cs
    from unsc.council.veto_initiative import veto_initiative

    q = request.query_params
    try:
        timeline: dict[str, Any] | None = cs.replay_steps(EXAMPLE)
        summary: dict[str, Any] | None = cs.show_draft(EXAMPLE)
    except NotFoundError:
        timeline = summary = None
    vote = err_vote = None
    if q.get("year"):
        vote, err_vote = _try(lambda: cs.vote(_year(q["year"]), q.get("yes"), q.get("no"),
                                              q.get("abstain"), q.get("absent")).to_dict())
    initiative = err_init = None
    if q.get("veto_date"):
        initiative, err_init = _try(lambda: veto_initiative(
            q["veto_date"], q.get("debate_date") or None).to_dict())
    counts, _ = _try(cs.veto_counts, "member")
    return render(request, "council.html", {
        "title": "Council", "example": EXAMPLE, "timeline": timeline, "summary": summary,
        "vote": vote, "err_vote": err_vote, "initiative": initiative, "err_init": err_init,
        "counts": counts, "q": dict(q)}, who=who)


@router.post("/council/example")
async def council_example(request: Request) -> Response:
    await form_data(request)
    keys.require(user(request), "analyst")
    from unsc.council import service as cs

    cs.import_example(EXAMPLE)
    return RedirectResponse("/ui/council", status_code=303)


@router.get("/council/vetoes.png")
def vetoes_png(who: Principal = Depends(user)) -> Response:
    from unsc.api.routes_domains import veto_chart_png

    return Response(veto_chart_png(), media_type="image/png")


def _regime_context(q: dict[str, str]) -> dict[str, Any]:
    from unsc.regime import regime_as_of, regime_diff, regime_list

    regimes, _ = _try(lambda: [r.to_dict() for r in regime_list(q.get("as_of") or None)])
    name = (q.get("regime") or "1718").strip()
    what_if = EXAMPLE if q.get("what_if") and name == "1718" else None
    state, err = _try(regime_as_of, name, q.get("as_of") or None, what_if)
    diff = None
    if what_if and state is not None:
        diff, _ = _try(lambda: regime_diff("1718", what_if, q.get("as_of") or None).to_dict())
    return {"state": state.to_dict() if state else None, "err_state": err, "diff": diff,
            "what_if": what_if, "q": q, "shipment": SHIPMENT_EXAMPLE, "ledger": LEDGER_EXAMPLE,
            "regimes": regimes or [], "regime": state.regime if state else name}


@router.get("/regime", response_class=HTMLResponse)
def regime_page(request: Request, who: Principal = Depends(user)) -> Response:
    context = _regime_context(dict(request.query_params))
    return render(request, "regime.html", {"title": f"Regime {context['regime']}", **context},
                  who=who)


@router.post("/regime", response_class=HTMLResponse)
async def regime_forms(request: Request) -> Response:
    """Shipment check or oil-cap ledger posted from the regime page."""
    data = await form_data(request)
    who = user(request)
    context = _regime_context({k: v for k, v in data.items()
                               if k in ("as_of", "what_if", "regime")})
    what_if = context["what_if"]
    if data.get("form") == "shipment":
        context["shipment"] = data.get("shipment", "")
        context["verdict"], context["err_shipment"] = _try(_check, context["shipment"], what_if)
    else:
        from unsc.compliance.oil_cap import cap_report, read_ledger

        context["ledger"] = data.get("ledger", "")
        context["cap"], context["err_cap"] = _try(
            lambda: cap_report(read_ledger("ledger.csv", text=context["ledger"]),
                               _year(data.get("period") or "2018"),
                               data.get("product", "refined"),
                               what_if))
    return render(request, "regime.html", {"title": "Regime 1718", **context}, who=who)


def _check(text: str, what_if: str | None) -> dict[str, Any]:
    from unsc.compliance.shipment import Shipment, check_shipment, default_screener

    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InputError(f"the shipment is not valid JSON: {exc}") from None
    screener, notes = default_screener()
    result: dict[str, Any] = check_shipment(Shipment.from_dict(data), None, what_if,
                                            screener).to_dict()
    result["notes"] = [*result["notes"], *notes]
    return result
