"""List endpoints: versions, entries, diffs, and (admin) loading a new version, choosing
the current version of a list and deleting a non-current one (all three audited)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile

from unsc import settings
from unsc.api.auth import admin, viewer
from unsc.compliance import subjects
from unsc.compliance.keys import Principal
from unsc.errors import InputError, InvalidDateError, NotFoundError

__all__ = ["router"]

router = APIRouter(prefix="/lists", tags=["lists"])


@router.get("/versions")
def versions(who: Principal = Depends(viewer)) -> list[dict[str, Any]]:
    """Every loaded version of every list, oldest publication first; ``current`` marks
    the version of each list that screening uses."""
    from unsc.lists import service

    return [v.to_dict() for v in service.list_versions()]


@router.get("/versions/{version}/entries")
def entries(version: str, offset: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=1000),
            who: Principal = Depends(viewer)) -> dict[str, Any]:
    from unsc.lists import service

    found = list(service.get_version_entities(version))
    return {"version": version, "total": len(found),
            "entries": [e.to_dict() for e in found[offset:offset + limit]]}


@router.get("/entry")
def entry(ref: str, as_of: str | None = None, list: str | None = None,
          who: Principal = Depends(viewer)) -> dict[str, Any]:
    """An entry (reference number or id) as it stood on ``as_of`` (default: current)."""
    from unsc.lists import service

    try:
        day = date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise InvalidDateError(f"as_of {as_of!r} is not a date (YYYY-MM-DD)") from None
    found = service.entry_as_of(ref, day, list)
    if found is None:
        raise NotFoundError(f"{ref!r} was not listed" + (f" on {as_of}" if as_of else ""))
    from unsc.regime import entry_measures  # the Council measures binding it (issue 14)

    return {**found.to_dict(), "binding_measures": entry_measures(found, day).to_dict()}


@router.get("/diff")
def diff(old: str, new: str, page: int | None = Query(None, ge=1),
         per_page: int = Query(50, ge=1, le=500), kind: str = "", list_type: str = "",
         field: str = "", who: Principal = Depends(viewer)) -> dict[str, Any]:
    """Added, removed and amended entries between two versions of a list.

    With ``page`` (1, 2...): the paged report the web diff page shows (summary counts,
    added/removed entries with names and list types, amendments one field a row with a
    word-level before/after), filtered by ``kind``, ``list_type`` and ``field``. Without
    it: the whole diff in one answer (reference numbers and raw values)."""
    from unsc.lists import service

    if page is None:
        if kind or list_type or field:
            raise InputError("kind, list_type and field filter the paged report: add page=1")
        result: dict[str, Any] = service.diff_versions(old, new).to_dict()
        return result
    return service.diff_page(old, new, kind=kind.strip(), list_type=list_type.strip(),
                             field=field.strip(), page=page, per_page=per_page)


@router.post("/load", status_code=201)
async def load(file: UploadFile = File(...), filename: str | None = Form(None),
               force: bool = Form(False), historical: bool = Form(False),
               who: Principal = Depends(admin)) -> dict[str, Any]:
    """Load a list file (UN XML, OFAC CSV/XML, FtM JSON); then delta re-screen subjects.

    The load gates apply (422 ``ListGateError`` naming them); ``force=true`` overrides
    them and ``historical=true`` stores the file without making it current, both audited.
    """
    limit = int(settings.get("max_list_bytes"))
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"list file larger than max_list_bytes ({limit})")
    name = Path(filename or file.filename or "upload").name
    return subjects.load_and_rescreen(Path(name), data, actor=who.name, force=force,
                                      historical=historical)


@router.post("/versions/{version}/use")
def use(version: str, who: Principal = Depends(admin)) -> dict[str, Any]:
    """Make a stored version the current one of its list (roll back or forward); then
    delta re-screen subjects against what changed."""
    from unsc.lists import service

    result = service.use_version(version, actor=who.name)
    result["rescreen"] = (subjects.rescreen_pending(who.name).to_dict() if result["changed"]
                          else None)
    return result


@router.delete("/versions/{version}")
def delete(version: str, who: Principal = Depends(admin)) -> dict[str, Any]:
    """Delete a version that is not current, with its entries (409 for the current one)."""
    from unsc.lists import service

    return service.delete_version(version, actor=who.name)
