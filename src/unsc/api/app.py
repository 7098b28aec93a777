"""The FastAPI application factory: REST API, yente-compatible /match and the web UI.

One exception handler maps every :class:`~unsc.errors.UnscError` subclass to its
``http_status`` (JSON for the API, an HTML page for the UI), so no route catches errors
itself and no error class can fall back to 500 by accident.

Around the routes: the request guard (key before body, body size and JSON depth bounds:
``api/guard.py``) and, outermost so even a crash's 500 carries them, the security
headers (``web/headers.py``). The schema and docs follow ``api_docs`` (``api/docs.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from unsc import __version__
from unsc.api import (
    routes_lists,
    routes_match,
    routes_reconcile,
    routes_search,
    routes_service,
)
from unsc.api.docs import add_docs
from unsc.api.guard import RequestGuard
from unsc.errors import AuthError, ForbiddenError, UnscError
from unsc.web.headers import SecurityHeaders

__all__ = ["create_app"]

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"


async def _unsc_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, UnscError)
    if request.url.path.startswith("/ui"):
        from unsc.web.pages import error_page

        return error_page(request, exc)
    headers = {}
    if isinstance(exc, AuthError) and not isinstance(exc, ForbiddenError):
        headers["WWW-Authenticate"] = "ApiKey"
    # "detail" as FastAPI and yente put it, so yente clients show the message too.
    body = {**exc.to_dict(), "detail": exc.message}
    return JSONResponse(body, status_code=exc.http_status, headers=headers)


class UnscApp(FastAPI):
    """FastAPI with the security headers outside Starlette's error middleware."""

    def build_middleware_stack(self) -> Any:
        return SecurityHeaders(super().build_middleware_stack())


def create_app() -> FastAPI:
    """A fresh application; the store is opened (and migrated) on first use."""
    app = UnscApp(
        docs_url=None, redoc_url=None, openapi_url=None,
        title="unsc",
        version=__version__,
        summary="UN Security Council sanctions: screening, lists, council, the 1718 regime.",
        description="Every endpoint except /healthz and /readyz needs `Authorization: ApiKey "
        "KEY`; the key is checked before a request body is read. `POST /match/{dataset}`, "
        "`GET /search/{dataset}` and `GET /entities/{id}` speak the yente (OpenSanctions) "
        "protocol.",
    )
    app.add_exception_handler(UnscError, _unsc_error)
    app.add_middleware(RequestGuard)
    add_docs(app)
    for router in (routes_match.router, routes_search.router, routes_reconcile.router,
                   routes_lists.router, routes_service.router):
        app.include_router(router)
    for module in _optional_routers():
        app.include_router(module)

    from unsc.web.pages import router as web_router

    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/ui/", status_code=303)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:  # browsers ask for it at the root, before any page
        return FileResponse(STATIC / "favicon.ico", media_type="image/x-icon")

    return app


def _optional_routers() -> list[APIRouter]:
    """Routers for domains wired in as they exist (council, regime, exemptions)."""
    from unsc.api import routes_domains

    return list(routes_domains.routers())
