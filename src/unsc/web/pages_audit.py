"""The audit trail page: newest first, 50 records a page, filtered by kind or action,
actor and date; each record one readable line (who, what, when) with its JSON on demand,
and the chain verification one button away."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from unsc.compliance import audit
from unsc.compliance.keys import Principal
from unsc.errors import InputError
from unsc.web.audit_view import summary
from unsc.web.paging import page_links, page_number
from unsc.web.render import render, user

__all__ = ["router"]

router = APIRouter()
PER_PAGE = 50
FILTERS = ("action", "actor", "since", "until")


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, verify: int = 0, who: Principal = Depends(user)) -> Response:
    params = request.query_params
    filters = {k: (params.get(k) or "").strip() for k in FILTERS}
    page = page_number(params.get("page"))
    records, total = audit.list_records(PER_PAGE, (page - 1) * PER_PAGE,
                                        **{k: v or None for k, v in filters.items()})
    pages = max(1, -(-total // PER_PAGE))
    if page > pages:
        raise InputError(f"page {page} does not exist; pages run from 1 to {pages}")
    facets = audit.facets()
    kinds: dict[str, list[int]] = {}  # "decision.*": counts of its actions
    for action, count in facets["actions"].items():
        kinds.setdefault(action.split(".", 1)[0] + ".*", []).append(count)
    rows = [{"record": r, "summary": summary(r.action, r.payload)} for r in records]
    return render(request, "audit.html", {
        "title": "Audit trail", "rows": rows, "total": total, "filters": filters,
        "facets": facets, "kinds": {k: sum(n) for k, n in sorted(kinds.items())
                                    if len(n) > 1},  # kinds of more than one action
        "page": page, "pages": pages, "verify": audit.verify() if verify else None,
        "pager": page_links(request.url.path, filters, page, pages)}, who=who)
