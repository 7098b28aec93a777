"""Sessions and CSRF protection for the web UI, signed with the service secret.

The browser never holds an API key after login: the login form exchanges a key for a
session cookie carrying the key's id and an expiry, signed with HMAC-SHA256 under the
secret key (setting ``secret_key``, else generated once into ``$UNSC_HOME/secret_key``).
Each request re-reads the key row, so revoking a key ends its sessions.

CSRF uses a signed double-submit token: a random ``unsc_csrf`` cookie, and every form
carries ``HMAC(secret, cookie)``. A cross-site form can neither read the cookie nor forge
the MAC, and SameSite=Lax stops the cookie riding along on cross-site POSTs anyway.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from functools import lru_cache
from typing import Any

from sqlalchemy import select

from unsc import settings
from unsc.compliance.keys import Principal
from unsc.errors import AuthError, ForbiddenError
from unsc.store import connect
from unsc.store.service_tables import api_keys

__all__ = [
    "CSRF_COOKIE",
    "SESSION_COOKIE",
    "check_csrf",
    "csrf_token",
    "new_csrf_cookie",
    "read_session",
    "secret_key",
    "sign_session",
]

SESSION_COOKIE = "unsc_session"
CSRF_COOKIE = "unsc_csrf"
SESSION_SECONDS = 8 * 3600


def secret_key() -> bytes:
    """The configured secret, else one generated once (mode 0600) under UNSC_HOME."""
    configured = settings.get("secret_key")
    if configured:
        return str(configured).encode("utf-8")
    return _stored_secret(str(settings.home()))


@lru_cache(maxsize=8)
def _stored_secret(home: str) -> bytes:
    path = os.path.join(home, "secret_key")
    try:
        with open(path, "rb") as handle:
            return handle.read().strip()
    except FileNotFoundError:
        pass
    value = secrets.token_hex(32).encode("ascii")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another worker won the race: use its secret
        with open(path, "rb") as handle:
            return handle.read().strip()
    with os.fdopen(fd, "wb") as handle:
        handle.write(value)
    return value


def _mac(purpose: str, data: bytes) -> str:
    digest = hmac.new(secret_key(), purpose.encode() + b"\x00" + data, hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).decode().rstrip("=")


def sign_session(principal: Principal) -> str:
    body = json.dumps({"k": principal.key_id, "exp": int(time.time()) + SESSION_SECONDS,
                       "n": secrets.token_hex(8)}, separators=(",", ":")).encode()
    payload = base64.urlsafe_b64encode(body).decode().rstrip("=")
    return payload + "." + _mac("session", payload.encode())


def read_session(cookie: str | None) -> Principal:
    """The principal of a valid, unexpired session for a key that is not revoked."""
    if not cookie or "." not in cookie:
        raise AuthError("please log in")
    payload, mac = cookie.rsplit(".", 1)
    if not hmac.compare_digest(mac, _mac("session", payload.encode())):
        raise AuthError("invalid session; please log in again")
    try:
        data: dict[str, Any] = json.loads(
            base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        expires, key_id = int(data["exp"]), int(data["k"])
    except (ValueError, KeyError, TypeError):  # signed by us, so only a key change gets here
        raise AuthError("invalid session; please log in again") from None
    if expires < time.time():
        raise AuthError("session expired; please log in again")
    with connect() as conn:
        row = conn.execute(select(api_keys).where(api_keys.c.id == key_id)).first()
    if row is None or row.revoked_at:
        raise AuthError("the key of this session was revoked")
    return Principal(int(row.id), row.role, row.prefix, row.label)


def new_csrf_cookie() -> str:
    return secrets.token_urlsafe(24)


def csrf_token(cookie: str) -> str:
    return _mac("csrf", cookie.encode())


def check_csrf(cookie: str | None, token: str | None) -> None:
    """ForbiddenError (403) unless the form token matches the browser's CSRF cookie."""
    if not cookie or not token or not hmac.compare_digest(csrf_token(cookie), token):
        raise ForbiddenError("missing or invalid CSRF token; reload the form and try again")
