"""Council pages: the S/2022/431 timeline and vote, veto-initiative deadlines, the
veto-history chart (the regime page is ``pages_regime``). Every computation is a GET form
(bookmarkable); storing the example timeline is a CSRF-protected POST."""

from __future__ import annotations

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
