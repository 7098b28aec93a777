"""Sessions, CSRF protection and cookie flags for the web UI.

The browser never holds an API key after login: the login form exchanges a key for a
session (``unsc.compliance.sessions``: a server-side row, so logging out or revoking the
key ends it at once). The cookie carries the session token and its expiry, signed with
HMAC-SHA256 under the secret key (setting ``secret_key``, else generated once into
``$UNSC_HOME/secret_key``), so a forged cookie is refused before the store is asked.

CSRF tokens are bound to the session: every form of a logged-in page carries
``HMAC(secret, "session:" + session token)``, so a token taken from one session is
worthless in another. Before login (the login form itself) the token is bound to a random
``unsc_csrf`` cookie instead (signed double submit). SameSite=Lax stops the cookies riding
along on cross-site POSTs anyway. Cookies are ``Secure`` when the service is told it is
behind TLS (settings ``behind_tls`` / ``cookie_secure``).
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

from unsc import settings
from unsc.compliance import sessions
from unsc.compliance.keys import Principal
from unsc.errors import AuthError, ForbiddenError

__all__ = [
    "CSRF_COOKIE",
    "SESSION_COOKIE",
    "check_csrf",
    "cookie_secure",
    "csrf_token",
    "new_csrf_cookie",
    "read_session",
    "secret_key",
    "session_token",
    "sign_session",
]

SESSION_COOKIE = "unsc_session"
CSRF_COOKIE = "unsc_csrf"


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


def cookie_secure() -> bool:
    """Whether cookies get the Secure flag: ``cookie_secure`` if set, else ``behind_tls``."""
    configured = settings.get("cookie_secure")
    return bool(settings.get("behind_tls") if configured is None else configured)


def sign_session(token: str, expires: int) -> str:
    """The session cookie value for a session token (see ``sessions.open_session``)."""
    body = json.dumps({"s": token, "exp": int(expires)}, separators=(",", ":")).encode()
    payload = base64.urlsafe_b64encode(body).decode().rstrip("=")
    return payload + "." + _mac("session", payload.encode())


def session_token(cookie: str | None) -> str:
    """The session token of a correctly signed, unexpired cookie (AuthError otherwise);
    whether the session is still live is the store's answer (``read_session``)."""
    if not cookie or "." not in cookie:
        raise AuthError("please log in")
    payload, mac = cookie.rsplit(".", 1)
    if not hmac.compare_digest(mac, _mac("session", payload.encode())):
        raise AuthError("invalid session; please log in again")
    try:
        data: dict[str, Any] = json.loads(
            base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        expires, token = int(data["exp"]), str(data["s"])
    except (ValueError, KeyError, TypeError):  # signed by us, so only a key change gets here
        raise AuthError("invalid session; please log in again") from None
    if expires < time.time():
        raise AuthError("session expired; please log in again")
    return token


def read_session(cookie: str | None) -> Principal:
    """The principal of a live session (not logged out, not expired, key not revoked)."""
    return sessions.session_principal(session_token(cookie))


def new_csrf_cookie() -> str:
    return secrets.token_urlsafe(24)


def csrf_token(binding: str) -> str:
    """The form token for ``binding`` ("session:TOKEN" or "cookie:VALUE")."""
    return _mac("csrf", binding.encode())


def check_csrf(binding: str | None, token: str | None) -> None:
    """ForbiddenError (403) unless the form token was made for this binding."""
    if not binding or not token or not hmac.compare_digest(csrf_token(binding), token):
        raise ForbiddenError("missing or invalid CSRF token; reload the form and try again")
