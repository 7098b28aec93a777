"""Web sessions kept server-side, so they can end before they expire.

A signed cookie alone cannot be taken back: after "log out" a copied cookie would keep
working for its eight hours. Each session is therefore a row (the SHA-256 of a random
token, the key it was opened with, its expiry, when it was revoked); the cookie carries
the token. Logging out revokes the row; revoking an API key revokes its sessions; every
request re-reads both the session and its key. Logins and logouts are audited.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, delete, insert, select, update

from unsc.compliance import audit
from unsc.compliance.keys import Principal
from unsc.errors import AuthError
from unsc.store import connect
from unsc.store.service_tables import api_keys, sessions

__all__ = ["SESSION_SECONDS", "close_session", "open_session", "revoke_key_sessions",
           "session_principal"]

SESSION_SECONDS = 8 * 3600


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _stamp(when: datetime) -> str:
    # One fixed format (UTC, seconds) so the stored strings compare in time order.
    return when.astimezone(UTC).isoformat(timespec="seconds")


def open_session(principal: Principal, seconds: int = SESSION_SECONDS) -> tuple[str, int]:
    """A new session for ``principal``: (token for the cookie, expiry as a Unix time)."""
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    expires = now + timedelta(seconds=seconds)
    with connect(write=True) as conn:
        conn.execute(delete(sessions).where(sessions.c.expires_at < _stamp(now)))
        conn.execute(insert(sessions).values(
            token_hash=_digest(token), key_id=principal.key_id, created_at=_stamp(now),
            expires_at=_stamp(expires)))
        audit.record("session.login", {"key_id": principal.key_id,
                                       "session": _digest(token)[:16]}, principal.name, conn)
    return token, int(expires.timestamp())


def session_principal(token: str) -> Principal:
    """The principal of a live session: AuthError when the session is unknown, expired,
    logged out, or its key was revoked."""
    with connect() as conn:
        row = conn.execute(
            select(sessions.c.expires_at, sessions.c.revoked_at, api_keys.c.id, api_keys.c.role,
                   api_keys.c.prefix, api_keys.c.label,
                   api_keys.c.revoked_at.label("key_revoked_at"))
            .join(api_keys, api_keys.c.id == sessions.c.key_id)
            .where(sessions.c.token_hash == _digest(token))).first()
    if row is None:
        raise AuthError("unknown session; please log in again")
    if row.revoked_at:
        raise AuthError("this session was logged out; please log in again")
    if row.key_revoked_at:
        raise AuthError("the key of this session was revoked")
    if row.expires_at < _stamp(datetime.now(UTC)):
        raise AuthError("session expired; please log in again")
    return Principal(int(row.id), row.role, row.prefix, row.label)


def close_session(token: str, actor: str) -> bool:
    """Log out: revoke the session (audited). False when it was not live."""
    with connect(write=True) as conn:
        done = conn.execute(update(sessions).where(
            sessions.c.token_hash == _digest(token), sessions.c.revoked_at.is_(None))
            .values(revoked_at=_stamp(datetime.now(UTC)))).rowcount
        if done:
            audit.record("session.logout", {"session": _digest(token)[:16]}, actor, conn)
    return bool(done)


def revoke_key_sessions(conn: Connection, key_id: int) -> int:
    """Revoke every live session of a key, in the caller's transaction."""
    return int(conn.execute(update(sessions).where(
        sessions.c.key_id == key_id, sessions.c.revoked_at.is_(None))
        .values(revoked_at=_stamp(datetime.now(UTC)))).rowcount)
