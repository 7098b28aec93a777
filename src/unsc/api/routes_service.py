"""Endpoints of the service itself: health, keys, audit trail, decisions, subjects."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from unsc.api.auth import admin, analyst, viewer
from unsc.compliance import audit, decisions, keys, subjects
from unsc.compliance.keys import Principal

__all__ = ["router"]

router = APIRouter()


@router.get("/healthz", tags=["service"])
async def healthz() -> dict[str, str]:
    """Liveness; needs no key (load balancers and yente clients call it). Answered on the
    event loop itself, not in the worker threads, so it answers while every worker is
    busy screening."""
    return {"status": "ok"}


@router.get("/readyz", tags=["service"], response_model=None)
def readyz() -> dict[str, Any] | JSONResponse:
    """Ready = the store answers and at least one list is current: 200 ``{"status":
    "ok", "lists": {...}}``, else 503 (a load balancer sends no traffic to a server that
    would screen against nothing). Needs no key, like ``/healthz``: it tells only which
    lists are loaded and since when, which ``/catalog`` tells any viewer."""
    from unsc.lists import service as lists_service

    current = {v.list: v.published for v in lists_service.current_versions()}
    if not current:
        return JSONResponse({"status": "not ready", "lists": {},
                             "message": "no list is loaded (unsc lists load FILE)"},
                            status_code=503)
    return {"status": "ok", "lists": current}


class KeyIn(BaseModel):
    role: Literal["viewer", "analyst", "admin"]
    label: str | None = None


@router.post("/keys", tags=["keys"], status_code=201)
def create_key(body: KeyIn, who: Principal = Depends(admin)) -> dict[str, Any]:
    """Create a key; the plain key is in this response only."""
    key, info = keys.create_key(body.role, body.label, actor=who.name)
    return {"key": key, "role": info.role, "id": info.id, "prefix": info.prefix}


@router.get("/keys", tags=["keys"])
def list_keys(who: Principal = Depends(admin)) -> list[dict[str, Any]]:
    return [k.to_dict() for k in keys.list_keys()]


@router.delete("/keys/{key_id}", tags=["keys"])
def revoke_key(key_id: int, who: Principal = Depends(admin)) -> dict[str, Any]:
    return keys.revoke_key(key_id, actor=who.name).to_dict()


@router.get("/audit", tags=["audit"])
def audit_records(limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0),
                  action: str | None = None, who: Principal = Depends(viewer),
                  ) -> dict[str, Any]:
    """Newest first."""
    records, total = audit.list_records(limit, offset, action)
    return {"total": total, "records": [r.to_dict() for r in records]}


@router.get("/audit/verify", tags=["audit"])
def audit_verify(who: Principal = Depends(viewer)) -> dict[str, Any]:
    return audit.verify().to_dict()


@router.get("/alerts", tags=["decisions"])
def review_queue(status: str = "pending", limit: int = Query(200, ge=1, le=1000),
                 who: Principal = Depends(viewer)) -> list[dict[str, Any]]:
    """The review queue: open and escalated alerts unless ``status`` says otherwise."""
    return [a.to_dict() for a in decisions.review_queue(status, limit)]


@router.get("/alerts/{alert_id}", tags=["decisions"])
def get_alert(alert_id: int, who: Principal = Depends(viewer)) -> dict[str, Any]:
    data = decisions.get_alert(alert_id).to_dict()
    data["decisions"] = [d.to_dict() for d in decisions.list_decisions(alert_id=alert_id)]
    return data


class DecisionIn(BaseModel):
    alert_id: int
    decision: Literal["true_match", "false_positive", "escalate"]
    reason: str = Field(min_length=1)


@router.post("/decisions", tags=["decisions"], status_code=201)
def record_decision(body: DecisionIn, who: Principal = Depends(analyst)) -> dict[str, Any]:
    return decisions.decide(body.alert_id, body.decision, body.reason, who.name).to_dict()


@router.get("/decisions", tags=["decisions"])
def list_decisions(limit: int = Query(200, ge=1, le=1000),
                   who: Principal = Depends(viewer)) -> list[dict[str, Any]]:
    return [d.to_dict() for d in decisions.list_decisions(limit)]


class SubjectIn(BaseModel):
    ref: str = Field(min_length=1, description="Your own identifier (customer number...)")
    name: str = Field(min_length=1)
    kind: Literal["customer", "counterparty", "vessel"] = "customer"
    schema_: str = Field("Person", alias="schema")
    birth_date: str | None = None
    nationality: str | None = None
    id_number: str | None = None


@router.post("/subjects", tags=["subjects"], status_code=201)
def register_subject(body: SubjectIn, who: Principal = Depends(analyst)) -> dict[str, Any]:
    """Register (or update) a subject and screen it against the current lists."""
    subject, raised = subjects.register_subject(
        body.ref, body.name, kind=body.kind, schema=body.schema_, birth_date=body.birth_date,
        nationality=body.nationality, id_number=body.id_number, actor=who.name)
    return {"subject": subject.to_dict(), "alerts": [a.to_dict() for a in raised]}


@router.get("/subjects", tags=["subjects"])
def list_subjects(who: Principal = Depends(viewer)) -> list[dict[str, Any]]:
    return [s.to_dict() for s in subjects.list_subjects()]


@router.post("/subjects/rescreen", tags=["subjects"])
def rescreen(who: Principal = Depends(analyst)) -> dict[str, Any]:
    """Delta re-screening: subjects against the entries changed since the last run."""
    return subjects.rescreen_pending(actor=who.name).to_dict()
