"""Reading list versions: one entry as a version holds it, and the diff page's content.

The diff page's route stays in ``pages_lists`` (the lists pages); what it shows is built
here from :func:`unsc.lists.diff_report.diff_report`: counts first, then named added and
removed entries linked to this entry page, then amendments grouped by field with a word
level before/after, 50 rows a page, filtered by kind, list type and field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from unsc.compliance import decisions
from unsc.compliance.keys import Principal
from unsc.errors import NotFoundError
from unsc.web.paging import page_links, page_number
from unsc.web.render import render, user

__all__ = ["diff_context", "paged", "router"]

router = APIRouter()
PER_PAGE = 50


@router.get("/lists/entry", response_class=HTMLResponse)
def entry_page(request: Request, version: str, id: str,
               who: Principal = Depends(user)) -> Response:
    """One entry of one stored version (the diff page links here)."""
    from unsc.lists import service

    info = service.get_version(version)
    found = next((e for e in service.get_version_entities(version)
                  if e.id == id or e.reference_number == id), None)
    if found is None:
        raise NotFoundError(f"{id!r} is not in {version}")
    from unsc.regime import entry_measures

    return render(request, "entry.html", {"title": found.caption, "entity": found.to_dict(),
                                          "caption": found.caption, "info": info.to_dict(),
                                          "measures": entry_measures(found).to_dict()},
                  who=who)


def diff_context(old: str, new: str, params: Mapping[str, str], path: str) -> dict[str, Any]:
    """Everything ``diff.html`` shows for one page of the diff of ``old`` -> ``new``."""
    from unsc.lists import service

    filters = {k: (params.get(k) or "").strip() for k in ("kind", "list_type", "field")}
    report = service.diff_page(old, new, **filters, page=page_number(params.get("page")),
                               per_page=PER_PAGE)
    mine = [a for a in decisions.review_queue("all", 1000)
            if a.source == "rescreen" and a.list_version == new]
    query = {"old": old, "new": new, **filters}
    return {"title": f"Changes {old} → {new}", "report": report, "old": old, "new": new,
            "filters": filters, "subject_alerts": mine,
            "pager": page_links(path, query, report["page"], report["pages"])}


def paged(request: Request, items: Sequence[Any], name: str, per_page: int = PER_PAGE,
          ) -> dict[str, Any]:
    """One page of ``items`` as ``name``, with its pager (the page's query kept)."""
    pages = max(1, -(-len(items) // per_page))
    page = min(page_number(request.query_params.get("page")), pages)
    return {name: items[(page - 1) * per_page: page * per_page], f"{name}_total": len(items),
            "page": page, "pages": pages,
            "pager": page_links(request.url.path, dict(request.query_params), page, pages)}
