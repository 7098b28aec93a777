"""OpenRefine reconciliation endpoints (``/reconcile`` and ``/reconcile/{dataset}``), as
yente offers them: the service manifest, reconciliation queries, entity/type/property
suggest, preview and data extension. The protocol's shapes are in
:mod:`unsc.api.reconcile`; matching is the screening ``/match`` uses, and every batch of
queries is audited like a screening batch.

Add ``http://HOST/reconcile/default?api_key=KEY`` (or one list's name for ``default``) to
OpenRefine as a standard service: the manifest carries the key on to every service path,
because OpenRefine sends no headers. A key in a URL can end up in proxy and access logs:
give OpenRefine a viewer key of its own and revoke it when done.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from unsc.api import limits
from unsc.api import reconcile as protocol
from unsc.api.auth import viewer
from unsc.compliance.keys import Principal
from unsc.errors import InputError, NotFoundError

__all__ = ["router"]

router = APIRouter()
_PREVIEW_CSP = ("default-src 'none'; frame-ancestors *; base-uri 'none'; "
                "form-action 'none'")
"""The preview is shown in OpenRefine's frame, on another origin: it may be framed; it
has no script, style or image."""


def _keep(request: Request) -> str:
    key = request.query_params.get("api_key")
    return urlencode({"api_key": key}) if key else ""


def _base(request: Request, dataset: str) -> str:
    return f"{str(request.base_url).rstrip('/')}/reconcile/{dataset}"


def _scope(dataset: str) -> list[str] | None:
    from unsc.api.routes_match import _datasets

    return _datasets(dataset, [], [])


def _answer(request: Request, dataset: str, queries: str | None, extend: str | None,
            ) -> Response:
    """Data extension, reconciliation queries, or (neither given) the manifest. yente's
    ``algorithm`` and ``changed_since`` URL parameters are honoured or refused as on
    ``/match``."""
    from unsc.api.routes_match import ALGORITHM_NAMES

    algorithm = request.query_params.get("algorithm")
    if algorithm is not None and algorithm not in ALGORITHM_NAMES:
        raise InputError(f"unknown algorithm {algorithm!r}; unsc offers "
                         f"{', '.join(ALGORITHM_NAMES)}")
    if extend:
        viewer(request)
        return JSONResponse(_extend(protocol.parse_batch(extend, "extend")))
    if queries:
        who = viewer(request)
        return JSONResponse(_reconcile(dataset, protocol.parse_batch(queries), who,
                                       request.query_params.get("changed_since")))
    _scope(dataset)  # an unknown list is a 404 before the manifest
    return JSONResponse(protocol.manifest(_base(request, dataset), dataset, _keep(request)))


@router.get("/reconcile", tags=["reconcile"], response_model=None)
def manifest_default(request: Request, queries: str | None = None,
                     extend: str | None = None) -> Response:
    """The service over every current list (= ``/reconcile/default``)."""
    return _answer(request, "default", queries, extend)


@router.post("/reconcile", tags=["reconcile"], response_model=None)
def queries_default(request: Request, queries: str | None = Form(None),
                    extend: str | None = Form(None)) -> Response:
    return _answer(request, "default", queries, extend)


@router.get("/reconcile/{dataset}", tags=["reconcile"], response_model=None)
def manifest_dataset(request: Request, dataset: str, queries: str | None = None,
                     extend: str | None = None) -> Response:
    """The manifest (no key needed), or ``queries``/``extend`` given in the URL."""
    return _answer(request, dataset, queries, extend)


@router.post("/reconcile/{dataset}", tags=["reconcile"], response_model=None)
def queries_dataset(request: Request, dataset: str, queries: str | None = Form(None),
                    extend: str | None = Form(None)) -> Response:
    """Reconciliation queries (form field ``queries``) or data extension (``extend``)."""
    return _answer(request, dataset, queries, extend)


def _reconcile(dataset: str, batch: dict[str, Any], who: Principal,
               changed_since: str | None = None) -> dict[str, Any]:
    from unsc.api.ftm import query_from_ftm
    from unsc.api.routes_match import _candidate_filter, _max_batch
    from unsc.compliance import subjects

    _max_batch(len(batch))
    wanted = _candidate_filter([], [], changed_since)
    lists = _scope(dataset)
    expanded: dict[str, dict[str, Any]] = {}
    limits_: dict[str, int] = {}
    for key, query in batch.items():
        for i, sub in enumerate(query_from_ftm(protocol.to_example(query))):
            subjects.to_query(sub)  # refuse bad input before waiting for a turn
            expanded[f"{key}\x00{i}"] = sub
        limit = query.get("limit", 3) if isinstance(query, dict) else 3
        if not isinstance(limit, int) or not 1 <= limit <= 100:
            raise InputError(f"query {key!r}: limit must be a whole number from 1 to 100")
        limits_[key] = limit
    with limits.screening_turn(limits.deadline()) as pace:
        pool = max(limits_.values(), default=3)
        found = subjects.screen_many(expanded, who.name, pool if wanted is None else 50,
                                     None, lists, pace=pace)
    answer: dict[str, Any] = {}
    for key in batch:
        best: dict[str, Any] = {}
        for name, hits in found.items():
            if name.split("\x00", 1)[0] == key:
                for hit in hits:
                    if wanted is not None and not wanted(hit):
                        continue
                    if hit.entity.id not in best or hit.score > best[hit.entity.id].score:
                        best[hit.entity.id] = hit
        ranked = sorted(best.values(), key=lambda h: -h.score)[:limits_[key]]
        answer[key] = {"result": [protocol.result(h) for h in ranked]}
    return answer


def _lookup(eid: str) -> Any:
    from unsc.lists import search as lists_search

    found = lists_search.current_index().lookup(eid)
    return found[0] if found else None


def _extend(query: dict[str, Any]) -> dict[str, Any]:
    from unsc.api.routes_match import _max_batch

    ids = query.get("ids")
    _max_batch(len(ids) if isinstance(ids, list) else 0)
    return protocol.extend_rows(query, _lookup)


@router.get("/reconcile/{dataset}/suggest/entity", tags=["reconcile"])
def suggest_entity(dataset: str, prefix: str = "", limit: int = Query(10, ge=1, le=100),
                   who: Principal = Depends(viewer)) -> dict[str, Any]:
    """Entries whose names start with, or hold, the typed words (as ``/search``)."""
    from unsc.lists import search as lists_search

    found = lists_search.search(prefix, lists=_scope(dataset), limit=limit, facets=(),
                                fuzzy=False)
    return {"prefix": prefix, "result": [
        {"id": e.id, "name": e.caption, "description": protocol.describe(e)}
        for e in found.results]}


@router.get("/reconcile/{dataset}/suggest/type", tags=["reconcile"])
def suggest_type(dataset: str, prefix: str = "",
                 who: Principal = Depends(viewer)) -> dict[str, Any]:
    _scope(dataset)
    return {"prefix": prefix, "result": protocol.suggest_types(prefix)}


@router.get("/reconcile/{dataset}/suggest/property", tags=["reconcile"])
def suggest_property(dataset: str, prefix: str = "",
                     who: Principal = Depends(viewer)) -> dict[str, Any]:
    _scope(dataset)
    return {"prefix": prefix, "result": protocol.suggest_properties(prefix)}


@router.get("/reconcile/{dataset}/extend/property", tags=["reconcile"])
def propose_properties(dataset: str, type: str = "LegalEntity",
                       limit: int = Query(20, ge=1, le=200),
                       who: Principal = Depends(viewer)) -> dict[str, Any]:
    """Properties OpenRefine may offer to fetch for a column reconciled to ``type``."""
    _scope(dataset)
    return protocol.propose_properties(type, limit)


@router.get("/reconcile/{dataset}/preview", tags=["reconcile"], response_class=HTMLResponse)
def preview(dataset: str, id: str, who: Principal = Depends(viewer)) -> HTMLResponse:
    """A small HTML card of the entry, for OpenRefine's preview frame."""
    entity = _lookup(id)
    if entity is None:
        raise NotFoundError(f"no current entry has the id {id!r}")
    return HTMLResponse(protocol.preview_html(entity),
                        headers={"Content-Security-Policy": _PREVIEW_CSP})
