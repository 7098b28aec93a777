"""Security headers on every response (UI pages, API answers, static files, errors).

- ``Content-Security-Policy``: scripts, styles, images and form targets from this origin
  only; no inline script or style (the templates have none, and the test of every page
  checks it), no plugins, no framing, no ``<base>`` rewriting. A route may send its own
  policy (the API docs page does: it needs its CDN and names its inline scripts by hash).
- ``X-Frame-Options: DENY`` (clickjacking, for browsers without ``frame-ancestors``),
  ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer`` (search URLs carry
  the names screened: they must not leak to another site through the Referer header).
- ``Cache-Control: no-store`` on everything but static files: pages and answers hold
  screened names and hits, which must not stay in shared or browser caches.
- ``Strict-Transport-Security`` when the service is told it is behind TLS.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from unsc import settings

__all__ = ["CSP", "SecurityHeaders", "security_headers"]

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'; object-src 'none'")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def security_headers(path: str) -> dict[str, str]:
    """The headers every response to ``path`` carries (unless it set them itself)."""
    found = {"content-security-policy": CSP, "x-frame-options": "DENY",
             "x-content-type-options": "nosniff", "referrer-policy": "no-referrer",
             "cross-origin-opener-policy": "same-origin"}
    if not path.startswith("/static/"):
        found["cache-control"] = "no-store"
    if settings.get("behind_tls"):
        found["strict-transport-security"] = "max-age=31536000"
    return found


class SecurityHeaders:
    """ASGI middleware adding :func:`security_headers` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = security_headers(str(scope["path"]))

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                present = {bytes(name).lower() for name, _ in raw}
                raw.extend((name.encode(), value.encode()) for name, value in extra.items()
                           if name.encode() not in present)
                message["headers"] = raw
            await send(message)

        await self.app(scope, receive, with_headers)
