"""List versions and diffs (admins choose the current version or delete an old one);
subjects and what changed for them after a list update."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from unsc.compliance import decisions, keys, subjects
from unsc.compliance.keys import Principal
from unsc.web.render import form_data, render, user

__all__ = ["router"]

router = APIRouter()


@router.get("/lists", response_class=HTMLResponse)
def lists_page(request: Request, who: Principal = Depends(user)) -> Response:
    from unsc.lists import service

    rows: list[dict[str, Any]] = []
    previous: dict[str, str] = {}
    for info in service.list_versions():  # oldest publication first
        row = info.to_dict()
        row["previous"] = previous.get(info.list)
        row["entries"] = sum(int(info.counts.get(k, 0)) for k in ("individuals", "entities"))
        previous[info.list] = info.version
        rows.append(row)
    rows.reverse()  # newest first on the page
    return render(request, "lists.html", {"title": "Lists", "versions": rows}, who=who)


@router.post("/lists/use")
async def use_version(request: Request) -> Response:
    """Make a version current (admin; CSRF-checked like every form; audited)."""
    from unsc.lists import service

    data = await form_data(request)
    who = keys.require(user(request), "admin")
    if service.use_version(data.get("version", ""), actor=who.name)["changed"]:
        subjects.rescreen_pending(actor=who.name)
    return RedirectResponse("/ui/lists", status_code=303)


@router.post("/lists/delete")
async def delete_version(request: Request) -> Response:
    """Delete a non-current version (admin; CSRF-checked; audited; 409 for the current)."""
    from unsc.lists import service

    data = await form_data(request)
    who = keys.require(user(request), "admin")
    service.delete_version(data.get("version", ""), actor=who.name)
    return RedirectResponse("/ui/lists", status_code=303)


@router.get("/lists/diff", response_class=HTMLResponse)
def diff_page(request: Request, old: str, new: str, who: Principal = Depends(user)) -> Response:
    from unsc.web.pages_browse import diff_context  # paged, filtered, named (see there)

    return render(request, "diff.html", diff_context(old, new, request.query_params,
                                                     request.url.path), who=who)


@router.get("/subjects", response_class=HTMLResponse)
def subjects_page(request: Request, who: Principal = Depends(user)) -> Response:
    changed = [a for a in decisions.review_queue("all", 500) if a.source == "rescreen"]
    from unsc.web.pages_browse import paged  # 50 a page, like every long page

    return render(request, "subjects.html", {
        "title": "Subjects", "changed": changed, "kinds": subjects.KINDS,
        **paged(request, subjects.list_subjects(), "subjects")}, who=who)


@router.post("/subjects")
async def add_subject(request: Request) -> Response:
    data = await form_data(request)
    who = keys.require(user(request), "analyst")
    subjects.register_subject(
        data.get("ref", ""), data.get("name", ""), kind=data.get("kind", "customer"),
        schema=data.get("schema", "Person"), birth_date=data.get("birth_date"),
        nationality=data.get("nationality"), id_number=data.get("id_number"), actor=who.name)
    return RedirectResponse("/ui/subjects", status_code=303)


@router.post("/subjects/rescreen")
async def rescreen(request: Request) -> Response:
    await form_data(request)
    who = keys.require(user(request), "analyst")
    subjects.rescreen_pending(actor=who.name)
    return RedirectResponse("/ui/subjects", status_code=303)
