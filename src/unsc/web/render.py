"""Template rendering with the session user and a CSRF token in every page's context.

The CSRF token is bound to the session when the request has a live one, else to the
pre-login ``unsc_csrf`` cookie (see ``security``); rendering and checking use the same
rule (:func:`csrf_binding`), cached per request so a page reads its session once."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from unsc.compliance.keys import Principal
from unsc.compliance.sessions import session_principal
from unsc.errors import AuthError, ForbiddenError, UnscError
from unsc.web.security import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    check_csrf,
    cookie_secure,
    csrf_token,
    new_csrf_cookie,
    session_token,
)

__all__ = ["check_form", "csrf_binding", "error_page", "form_data", "number", "render",
           "templates", "user"]

templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent / "templates"))


def number(value: Any, decimals: int = 0) -> str:
    """A figure as people write it: thousands separated, rounded to ``decimals`` places,
    no trailing zeros or ``.0`` (500,000; 82.5; 7.619)."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return "" if value is None else str(value)
    text = f"{x:,.{max(decimals, 0)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


templates.env.filters["num"] = number


def _session(request: Request) -> tuple[Principal, str] | AuthError:
    """(principal, session token) of the request's live session, or why there is none."""
    cached = getattr(request.state, "unsc_session", None)
    if cached is None:
        try:
            token = session_token(request.cookies.get(SESSION_COOKIE))
            cached = (session_principal(token), token)
        except AuthError as exc:
            cached = exc
        request.state.unsc_session = cached
    return cached


def user(request: Request) -> Principal:
    """The logged-in principal (AuthError -> the error handler redirects to login)."""
    found = _session(request)
    if isinstance(found, AuthError):
        raise found
    return found[0]


def csrf_binding(request: Request) -> str | None:
    """What this request's CSRF token must be made for: its live session, else its
    ``unsc_csrf`` cookie (None when it has neither)."""
    found = _session(request)
    if not isinstance(found, AuthError):
        return "session:" + found[1]
    cookie = request.cookies.get(CSRF_COOKIE)
    return "cookie:" + cookie if cookie else None


def render(request: Request, name: str, context: dict[str, Any], status: int = 200,
           who: Principal | None = None) -> HTMLResponse:
    binding = csrf_binding(request)
    fresh = None
    if binding is None:
        fresh = new_csrf_cookie()
        binding = "cookie:" + fresh
    ctx = {"user": who, "csrf": csrf_token(binding), "path": request.url.path, **context}
    response = templates.TemplateResponse(request, name, ctx, status_code=status)
    if fresh is not None:
        response.set_cookie(CSRF_COOKIE, fresh, httponly=True, samesite="lax",
                            secure=cookie_secure())
    return response


async def form_data(request: Request) -> dict[str, str]:
    """The posted form as plain strings, after the CSRF check (403 without a valid token)."""
    form = await request.form()
    data = {k: v for k, v in form.items() if isinstance(v, str)}
    check_form(request, data)
    return data


def check_form(request: Request, data: dict[str, str]) -> None:
    """The CSRF check of a form the route parsed itself (one with a file upload)."""
    check_csrf(csrf_binding(request), data.get("csrf"))


def error_page(request: Request, exc: UnscError) -> Response:
    """Unauthenticated -> login page; anything else -> an error page with the status."""
    if isinstance(exc, AuthError) and not isinstance(exc, ForbiddenError):
        target = quote(str(request.url.path) + (f"?{request.url.query}" if request.url.query
                                                 else ""))
        return RedirectResponse(f"/ui/login?next={target}", status_code=303)
    try:
        who: Principal | None = user(request)
    except UnscError:
        who = None
    return render(request, "error.html", {"error": exc, "title": type(exc).__name__},
                  status=exc.http_status, who=who)
