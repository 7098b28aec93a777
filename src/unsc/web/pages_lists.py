"""List versions and diffs; subjects and what changed for them after a list update."""

from __future__ import annotations

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

    versions = [v.to_dict() for v in service.list_versions()]
    return render(request, "lists.html", {"title": "Lists", "versions": versions}, who=who)


@router.get("/lists/diff", response_class=HTMLResponse)
def diff_page(request: Request, old: str, new: str, who: Principal = Depends(user)) -> Response:
    from unsc.lists import service

    diff = service.diff_versions(old, new).to_dict()
    return render(request, "diff.html", {"title": f"Changes {old} → {new}", "diff": diff,
                                         "old": old, "new": new}, who=who)


@router.get("/subjects", response_class=HTMLResponse)
def subjects_page(request: Request, who: Principal = Depends(user)) -> Response:
    changed = [a for a in decisions.review_queue("all", 500) if a.source == "rescreen"]
    return render(request, "subjects.html", {
        "title": "Subjects", "subjects": subjects.list_subjects(), "changed": changed,
        "kinds": subjects.KINDS}, who=who)


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
