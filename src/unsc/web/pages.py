"""Web UI core pages: login, search, hit, review queue (the other pages: ``pages_*``).

Server-rendered and usable without JavaScript: every action is a plain form; every POST
carries a CSRF token; reads are GETs so results can be bookmarked and linked.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from unsc.api import limits
from unsc.compliance import audit, decisions, keys, sessions, subjects
from unsc.compliance.keys import Principal
from unsc.errors import AuthError, ForbiddenError, InputError
from unsc.lists.snapshot import stale_notices
from unsc.web import (
    pages_audit,
    pages_batch,
    pages_browse,
    pages_domains,
    pages_lists,
    pages_regime,
)
from unsc.web.paging import page_links, page_number
from unsc.web.render import csrf_binding, error_page, form_data, render, user
from unsc.web.security import (
    SESSION_COOKIE,
    check_csrf,
    cookie_secure,
    session_token,
    sign_session,
)

__all__ = ["error_page", "router"]

router = APIRouter(prefix="/ui", include_in_schema=False)
QUERY_FIELDS = ("name", "schema", "birth_date", "nationality", "id_number")
REVIEW_PAGE = 50


def _query(source: Any) -> dict[str, str]:
    """The screened fields of a form; an empty Type is "any" (the matcher weighs a schema,
    it must not hide a company from a search that did not say what it looked for)."""
    return {f: (source.get(f) or "").strip() for f in QUERY_FIELDS}


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/ui/") -> Response:
    return render(request, "login.html", {"next": next, "title": "Log in"})


@router.post("/login")
async def login(request: Request) -> Response:
    data = await form_data(request)
    target = data.get("next") or "/ui/"
    if not (target.startswith("/ui") or target in ("/docs", "/redoc")):  # no open redirect
        target = "/ui/"
    try:
        principal = keys.authenticate(data.get("key"))
    except AuthError as exc:
        return render(request, "login.html", {"next": target, "title": "Log in",
                                              "message": exc.message}, status=401)
    token, expires = sessions.open_session(principal)  # audited (session.login)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, sign_session(token, expires), httponly=True,
                        samesite="lax", max_age=sessions.SESSION_SECONDS,
                        secure=cookie_secure())
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    """End the session server-side: the cookie stops working even if it was copied."""
    await form_data(request)
    try:
        who = user(request)
        sessions.close_session(session_token(request.cookies.get(SESSION_COOKIE)), who.name)
    except AuthError:
        pass  # no live session: nothing to end
    response = RedirectResponse("/ui/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax",
                           secure=cookie_secure())
    return response


@router.get("/", response_class=HTMLResponse)
def home(request: Request, who: Principal = Depends(user)) -> Response:
    status = subjects.service_status()
    return render(request, "home.html", {"title": "Screen a name", "status": status,
                                         "query": _query({}),
                                         "stale": stale_notices(status["versions"])}, who=who)


def _token_ok(request: Request, token: str | None) -> bool:
    """Whether a GET carries this session's form token (it came from our own form)."""
    try:
        check_csrf(csrf_binding(request), token)
    except ForbiddenError:
        return False
    return True


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, who: Principal = Depends(user)) -> Response:
    """Screen a name; every match goes to the review queue at once (deduplicated), so a
    match seen and not decided is never lost, unless the search is marked what-if.

    Raising alerts is a write behind a GET (searches stay bookmarkable), so it needs the
    session's form token, which only our own search form carries: a link from elsewhere
    (or an old bookmark) shows the matches with a button to queue them instead."""
    params = request.query_params
    query = _query(params)
    what_if = params.get("what_if") == "1"
    if not query["name"]:
        raise InputError("enter a name to search")
    with limits.screening_slot(limits.deadline()):
        result = subjects.screen_query(query, actor=who.name, limit=10)
    items = [decisions.AlertInput.from_hit(h) for h in result.hits]
    matches = [i for h, i in zip(result.hits, items, strict=True) if h.match]
    raised = []
    if matches and not what_if and _token_ok(request, params.get("csrf")):
        raised = _queue(query, matches, result.version_label, who.name)
    known = decisions.known_decisions(query, items)
    queued = decisions.known_alerts(query, matches)
    links = {h.entity.id: "/ui/hit?" + urlencode({**query, "entity_id": h.entity.id})
             for h in result.hits}
    return render(request, "search.html", {
        "title": f"Search: {query['name']}", "query": query, "result": result, "links": links,
        "known": known, "queued": queued, "raised": raised, "what_if": what_if,
        "unqueued": [i for i in matches if i.entity_id not in queued],
        "stale": stale_notices(result.versions)}, who=who)


def _queue(query: dict[str, str], matches: list[decisions.AlertInput], version: str,
           actor: str) -> list[decisions.Alert]:
    raised = decisions.raise_alerts(query, matches, source="search", list_version=version)
    if raised:
        audit.record("alert.raise", {"source": "search", "query": query, "versions": version,
                                     "alerts": [a.id for a in raised]}, actor)
    return raised


@router.post("/search/alerts")
async def queue_search(request: Request) -> Response:
    """Queue the matches of a search opened from a link (re-screened, never trusted from
    the form), then show the search again."""
    data = await form_data(request)
    who = user(request)
    query = _query(data)
    with limits.screening_slot(limits.deadline()):
        result = subjects.screen_query(query, actor=who.name, limit=10)
    _queue(query, [decisions.AlertInput.from_hit(h) for h in result.hits if h.match],
           result.version_label, who.name)
    return RedirectResponse("/ui/search?" + urlencode(query), status_code=303)


@router.get("/hit", response_class=HTMLResponse)
def hit(request: Request, entity_id: str, who: Principal = Depends(user)) -> Response:
    query = _query(request.query_params)
    with limits.screening_slot(limits.deadline()):
        found = subjects.find_hit(query, entity_id, actor=who.name)
    item = decisions.AlertInput.from_hit(found.hit)
    known = decisions.known_decisions(query, [item])
    return render(request, "hit.html", {"title": found.hit.entity.caption, "query": query,
                                        "hit": found.hit, "data": found.hit.to_dict(),
                                        "entity": found.hit.entity.to_dict(),
                                        "measures": found.measures.to_dict(),
                                        "known": known.get(entity_id),
                                        "versions": found.versions,
                                        "choices": decisions.DECISIONS}, who=who)


@router.post("/hit/decide")
async def decide_hit(request: Request) -> Response:
    data = await form_data(request)
    who = keys.require(user(request), "analyst")
    query = _query(data)
    found = subjects.find_hit(query, data.get("entity_id", ""), actor=who.name, audited=False)
    decision = decisions.decide_hit(query, decisions.AlertInput.from_hit(found.hit),
                                    data.get("decision", ""), data.get("reason", ""), who.name,
                                    list_version=found.version_label)
    return RedirectResponse(f"/ui/alerts/{decision.alert_id}?decided=1", status_code=303)


@router.get("/review", response_class=HTMLResponse)
def review(request: Request, status: str = "pending", who: Principal = Depends(user)) -> Response:
    """The queue, strongest first, 50 alerts a page."""
    counts = decisions.queue_counts()
    total = (sum(counts.values()) if status == "all" else
             counts.get("open", 0) + counts.get("escalated", 0) if status == "pending" else
             counts.get(status, 0))
    pages = max(1, -(-total // REVIEW_PAGE))
    page = min(page_number(request.query_params.get("page")), pages)
    alerts = decisions.review_queue(status, REVIEW_PAGE, (page - 1) * REVIEW_PAGE)
    return render(request, "review.html", {
        "title": "Review queue", "status": status, "alerts": alerts, "counts": counts,
        "total": total, "page": page, "pages": pages,
        "pager": page_links(request.url.path, {"status": status}, page, pages)}, who=who)


@router.get("/alerts/{alert_id}", response_class=HTMLResponse)
def alert(request: Request, alert_id: int, decided: int = 0,
          who: Principal = Depends(user)) -> Response:
    return render(request, "alert.html", {
        "title": f"Alert {alert_id}", "alert": decisions.get_alert(alert_id),
        "decisions": decisions.list_decisions(alert_id=alert_id), "decided": decided,
        "choices": decisions.DECISIONS}, who=who)


@router.post("/alerts/{alert_id}/decide")
async def decide_alert(request: Request, alert_id: int) -> Response:
    data = await form_data(request)
    who = keys.require(user(request), "analyst")
    decisions.decide(alert_id, data.get("decision", ""), data.get("reason", ""), who.name)
    return RedirectResponse(f"/ui/alerts/{alert_id}?decided=1", status_code=303)


router.include_router(pages_lists.router)
router.include_router(pages_browse.router)
router.include_router(pages_domains.router)
router.include_router(pages_regime.router)
router.include_router(pages_audit.router)
router.include_router(pages_batch.router)
