"""Council, regime and exemption endpoints: thin calls into those domains' services.

Reads and computations (a vote tally, deadlines, a shipment verdict) need a viewer key;
anything that stores (a draft timeline, an exemption request and its procedure) needs an
analyst key.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Body, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel

from unsc import settings
from unsc.api.auth import admin, analyst, viewer
from unsc.compliance.keys import Principal

__all__ = ["routers", "veto_chart_png"]

council = APIRouter(prefix="/council", tags=["council"])
regime = APIRouter(prefix="/regime", tags=["regime"])
exemptions = APIRouter(prefix="/exemptions", tags=["exemptions"])
service = APIRouter(tags=["service"])


class VoteIn(BaseModel):
    year: int
    yes: str | None = None
    no: str | None = None
    abstain: str | None = None
    absent: str | None = None
    procedural: bool = False


@council.post("/vote")
def vote(body: VoteIn, who: Principal = Depends(viewer)) -> dict[str, object]:
    """Article 27 outcome of a vote (ISO3 lists; ``rest`` = every member not named)."""
    from unsc.council import service as cs

    return cs.vote(body.year, body.yes, body.no, body.abstain, body.absent,
                   body.procedural).to_dict()


@council.get("/members/{year}")
def members(year: int, who: Principal = Depends(viewer)) -> list[dict[str, Any]]:
    from unsc.council import service as cs

    return cs.members(year)


@council.get("/drafts")
def drafts(who: Principal = Depends(viewer)) -> list[dict[str, Any]]:
    from unsc.council import service as cs

    return cs.list_drafts()


@council.get("/draft")
def draft(ref: str, who: Principal = Depends(viewer)) -> dict[str, Any]:
    """One stored draft (``ref`` e.g. ``S/2022/431``) with its replayed timeline."""
    from unsc.council import service as cs

    return {**cs.show_draft(ref), "timeline": cs.replay_steps(ref)}


@council.post("/drafts/examples", status_code=201)
def import_example(symbol: str = Query(..., examples=["S/2022/431"]),
                   who: Principal = Depends(analyst)) -> dict[str, Any]:
    """Store a shipped example timeline."""
    from unsc.council import service as cs

    found, _ = cs.import_example(symbol)
    return cs.show_draft(found.id)


@council.get("/veto-initiative")
def veto_initiative(veto_date: str, debate_date: str | None = None,
                    ess_meets: bool = False, who: Principal = Depends(viewer)) -> dict[str, object]:
    """GA A/RES/76/262 deadlines after a veto."""
    from unsc.council.veto_initiative import veto_initiative as compute

    return compute(veto_date, debate_date, ess_meets=ess_meets).to_dict()


@council.get("/vetoes")
def vetoes(by: Literal["member", "year", "decade", "topic", "region"] = "member",
           verified_only: bool = False, who: Principal = Depends(viewer)) -> dict[str, Any]:
    from unsc.council import service as cs

    return cs.veto_counts(by, verified_only=verified_only)


def veto_chart_png() -> bytes:
    """The veto-history chart as PNG bytes (drawn into a temporary file)."""
    from unsc.council import service as cs

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "vetoes.png"
        cs.veto_counts("member", chart=path)
        return path.read_bytes()


@council.get("/vetoes/chart.png", response_class=Response)
def vetoes_chart(who: Principal = Depends(viewer)) -> Response:
    return Response(veto_chart_png(), media_type="image/png")


@regime.get("")
def regime_list(as_of: str | None = None,
                who: Principal = Depends(viewer)) -> list[dict[str, Any]]:
    """Every regime with its status and measure count on ``as_of`` (default: today)."""
    from unsc.regime import regime_list as regimes

    return [r.to_dict() for r in regimes(as_of)]


@regime.get("/{name}")
def regime_show(name: str, as_of: str | None = None, what_if: str | None = None,
                who: Principal = Depends(viewer)) -> dict[str, Any]:
    """Measures in force on ``as_of`` (optionally with a what-if draft applied)."""
    from unsc.regime import regime_as_of

    return regime_as_of(name, as_of, what_if).to_dict()


@regime.get("/{name}/diff")
def regime_diff(name: str, what_if: str = "S/2022/431", as_of: str | None = None,
                who: Principal = Depends(viewer)) -> dict[str, Any]:
    from unsc.regime import regime_diff as diff

    return diff(name, what_if, as_of).to_dict()


@regime.post("/check")
def check(shipment: dict[str, Any] = Body(...), as_of: str | None = None,
          what_if: str | None = None, who: Principal = Depends(viewer)) -> dict[str, Any]:
    """Verdict on a shipment (SHIPMENT.json shape), parties screened against the lists."""
    from unsc.compliance.shipment import Shipment, check_shipment, default_screener

    screener, notes = default_screener()
    verdict = check_shipment(Shipment.from_dict(shipment), as_of, what_if, screener)
    result: dict[str, Any] = verdict.to_dict()
    result["notes"] = [*result.get("notes", []), *notes]
    return result


@regime.post("/oil-cap")
def oil_cap(ledger: str = Body(..., media_type="text/csv"), period: int = Query(...),
            product: Literal["refined", "crude"] = "refined", what_if: str | None = None,
            who: Principal = Depends(viewer)) -> dict[str, Any]:
    """Cap, delivered, remaining and threshold events for LEDGER.csv sent as the body."""
    from unsc.compliance.oil_cap import cap_report, read_ledger

    return cap_report(read_ledger("ledger.csv", text=ledger), period, product, what_if)


class MemberAction(BaseModel):
    member: str
    on: str | None = None
    note: str | None = None


@exemptions.post("", status_code=201)
def submit(request: dict[str, Any] = Body(...), on: str | None = None,
           who: Principal = Depends(analyst)) -> dict[str, Any]:
    from unsc.compliance import exemptions as ex

    return ex.submit(request, on)


@exemptions.get("")
def list_requests(status: str | None = None, who: Principal = Depends(viewer),
                  ) -> list[dict[str, Any]]:
    from unsc.compliance import exemptions as ex

    return ex.list_requests(status)


@exemptions.get("/{request_id}")
def get_request(request_id: int, who: Principal = Depends(viewer)) -> dict[str, Any]:
    from unsc.compliance import exemptions as ex

    return ex.get_request(request_id)


@exemptions.post("/{request_id}/decide")
def decide(request_id: int, on: str | None = None,
           who: Principal = Depends(analyst)) -> dict[str, Any]:
    from unsc.compliance import exemptions as ex

    return ex.decide(request_id, on)


@exemptions.post("/{request_id}/{action}")
def member_action(request_id: int, action: Literal["hold", "lift-hold", "object"],
                  body: MemberAction, who: Principal = Depends(analyst)) -> dict[str, Any]:
    from unsc.compliance import exemptions as ex

    fn = {"hold": ex.hold, "lift-hold": ex.lift_hold, "object": ex.object_to}[action]
    return fn(request_id, body.member, body.on, body.note)


@service.get("/settings")
def current_settings(who: Principal = Depends(admin)) -> dict[str, Any]:
    """Every setting's current value (secrets masked); change them in the environment."""
    return {name: ("***" if name == "secret_key" and settings.get(name) else settings.get(name))
            for name in settings.SETTINGS}


def routers() -> list[APIRouter]:
    return [council, regime, exemptions, service]
