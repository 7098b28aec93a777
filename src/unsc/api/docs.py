"""The API schema and its browsable docs, exposed as the ``api_docs`` setting says.

FastAPI publishes ``/openapi.json``, ``/docs`` and ``/redoc`` to anyone by default, while
the README promised that only ``/healthz`` is public. The default here, ``key``, keeps
the schema for those who may call the API: ``/openapi.json`` answers a valid API key or a
web session, ``/docs`` and ``/redoc`` (browser pages) a web session (else they go to the
login page). ``public`` restores FastAPI's behaviour; ``off`` removes all three.

The docs pages are FastAPI's Swagger UI and ReDoc, loaded from their CDN: they get their
own Content-Security-Policy, naming that CDN and their one inline script by its hash
(their widgets set inline styles, so style-src allows those on these pages only).
"""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import JSONResponse, RedirectResponse, Response

from unsc import settings
from unsc.compliance.keys import authenticate
from unsc.errors import AuthError
from unsc.web.security import SESSION_COOKIE, read_session

__all__ = ["add_docs"]

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def _docs_csp(html: str) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(html))
    return ("default-src 'none'; "
            f"script-src 'self' https://cdn.jsdelivr.net {hashes}; "
            "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net "
            "https://fonts.googleapis.com; font-src https://fonts.gstatic.com; "
            "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; "
            "worker-src blob:; connect-src 'self'; frame-ancestors 'none'; "
            "base-uri 'none'; object-src 'none'")


def _page(html: Response) -> Response:
    text = bytes(html.body).decode("utf-8")
    html.headers["Content-Security-Policy"] = _docs_csp(text)
    return html


def add_docs(app: FastAPI) -> None:
    """Add the schema and docs routes the setting allows (the app is built without
    FastAPI's own)."""
    mode = str(settings.get("api_docs"))
    if mode == "off":
        return
    guarded = mode == "key"

    def has_session(request: Request) -> bool:
        try:
            read_session(request.cookies.get(SESSION_COOKIE))
        except AuthError:
            return False
        return True

    @app.get("/openapi.json", include_in_schema=False)
    def openapi(request: Request) -> Response:
        if guarded and not has_session(request):
            scheme, _, value = request.headers.get("authorization", "").partition(" ")
            authenticate(value.strip() if scheme.lower() in ("apikey", "bearer") else None)
        return JSONResponse(app.openapi())

    def browser_page(request: Request, path: str, html: Response) -> Response:
        if guarded and not has_session(request):
            return RedirectResponse(f"/ui/login?next={path}", status_code=303)
        return _page(html)

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> Response:
        return browser_page(request, "/docs", get_swagger_ui_html(
            openapi_url="/openapi.json", title=f"{app.title} API"))

    @app.get("/redoc", include_in_schema=False)
    def redoc(request: Request) -> Response:
        return browser_page(request, "/redoc", get_redoc_html(
            openapi_url="/openapi.json", title=f"{app.title} API"))
