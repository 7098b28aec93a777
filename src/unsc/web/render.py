"""Template rendering with the session user and a CSRF token in every page's context."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from unsc.compliance.keys import Principal
from unsc.errors import AuthError, ForbiddenError, UnscError
from unsc.web.security import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    check_csrf,
    csrf_token,
    new_csrf_cookie,
    read_session,
)

__all__ = ["error_page", "form_data", "render", "templates", "user"]

templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent / "templates"))


def user(request: Request) -> Principal:
    """The logged-in principal (AuthError -> the error handler redirects to login)."""
    return read_session(request.cookies.get(SESSION_COOKIE))


def render(request: Request, name: str, context: dict[str, Any], status: int = 200,
           who: Principal | None = None) -> HTMLResponse:
    cookie = request.cookies.get(CSRF_COOKIE)
    fresh = cookie is None
    if cookie is None:
        cookie = new_csrf_cookie()
    ctx = {"user": who, "csrf": csrf_token(cookie), "path": request.url.path, **context}
    response = templates.TemplateResponse(request, name, ctx, status_code=status)
    if fresh:
        response.set_cookie(CSRF_COOKIE, cookie, httponly=True, samesite="lax")
    return response


async def form_data(request: Request) -> dict[str, str]:
    """The posted form as plain strings, after the CSRF check (403 without a valid token)."""
    form = await request.form()
    data = {k: v for k, v in form.items() if isinstance(v, str)}
    check_csrf(request.cookies.get(CSRF_COOKIE), data.get("csrf"))
    return data


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
