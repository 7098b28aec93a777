"""API-key authentication for the REST API: ``Authorization: ApiKey KEY``.

A dependency per role keeps each endpoint's requirement visible in its signature
(``principal: Principal = Depends(analyst)``) and in the OpenAPI schema.
"""

from __future__ import annotations

from fastapi import Request

from unsc.compliance.keys import Principal, authenticate, require

__all__ = ["admin", "analyst", "key_from_header", "viewer"]


def key_from_header(request: Request) -> str | None:
    """The key from ``Authorization: ApiKey KEY`` (``Bearer KEY`` also accepted)."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() in ("apikey", "bearer") and value.strip():
        return value.strip()
    return None


def _principal(request: Request) -> Principal:
    # The request guard (api/guard.py) authenticated the key before reading the body.
    checked = getattr(request.state, "unsc_principal", None)
    if isinstance(checked, Principal):
        return checked
    return authenticate(key_from_header(request))


def viewer(request: Request) -> Principal:
    """Any valid key: read and screen."""
    return require(_principal(request), "viewer")


def analyst(request: Request) -> Principal:
    """Decisions and subjects."""
    return require(_principal(request), "analyst")


def admin(request: Request) -> Principal:
    """List loads, keys, settings."""
    return require(_principal(request), "admin")
