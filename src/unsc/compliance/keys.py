"""API keys and roles: who may read, who may decide, who may administer.

Roles are ordered: ``viewer`` (read, screen) < ``analyst`` (+ decisions, subjects) <
``admin`` (+ list loads, keys, settings). Only the SHA-256 of a key is stored: the keys
are 256-bit random tokens, so a fast hash is enough (no dictionary to guess from) and a
leaked database does not leak working keys. Key creation and revocation are audited.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, insert, select, update

from unsc.compliance import audit
from unsc.errors import AuthError, ForbiddenError, InputError, NotFoundError
from unsc.store import connect
from unsc.store.service_tables import api_keys

__all__ = [
    "ROLES",
    "ApiKey",
    "Principal",
    "authenticate",
    "create_key",
    "ensure_bootstrap_key",
    "list_keys",
    "require",
    "revoke_key",
]

ROLES: tuple[str, ...] = ("viewer", "analyst", "admin")
KEY_PREFIX = "unsc_"


@dataclass(frozen=True)
class Principal:
    """The caller behind a key; ``name`` is what the audit trail records."""

    key_id: int
    role: str
    prefix: str
    label: str | None = None

    @property
    def name(self) -> str:
        return f"key:{self.prefix}" + (f" ({self.label})" if self.label else "")

    def can(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


@dataclass(frozen=True)
class ApiKey:
    id: int
    prefix: str
    role: str
    label: str | None
    created_at: str
    revoked_at: str | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
    return role


def create_key(role: str, label: str | None = None, actor: str = "system") -> tuple[str, ApiKey]:
    """Create a key; the plain key is returned once and never stored."""
    _check_role(role)
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    prefix = key[len(KEY_PREFIX):len(KEY_PREFIX) + 6]
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with connect(write=True) as conn:
        key_id = conn.execute(insert(api_keys).values(
            key_hash=_digest(key), prefix=prefix, role=role, label=label, created_at=now,
        ).returning(api_keys.c.id)).scalar_one()
        # The key's hash (never the key) lets verify notice a key row swapped by SQL.
        audit.record("key.create", {"key_id": key_id, "prefix": prefix, "role": role,
                                    "label": label, "key_hash": _digest(key)}, actor, conn)
    return key, ApiKey(int(key_id), prefix, role, label, now, None)


def ensure_bootstrap_key() -> str | None:
    """On first start (no key at all) create an admin key and return it, else None."""
    with connect() as conn:
        count = conn.execute(select(func.count()).select_from(api_keys)).scalar_one()
    if count:
        return None
    key, _ = create_key("admin", "bootstrap", actor="system")
    return key


def authenticate(key: str | None) -> Principal:
    """The principal for ``key``; AuthError (401) when missing, unknown or revoked."""
    if not key:
        raise AuthError("an API key is required (header 'Authorization: ApiKey KEY')")
    digest = _digest(key.strip())
    with connect() as conn:
        row = conn.execute(select(api_keys).where(api_keys.c.key_hash == digest)).first()
    if row is None or not hmac.compare_digest(row.key_hash, digest) or row.revoked_at:
        raise AuthError("unknown or revoked API key")
    return Principal(int(row.id), row.role, row.prefix, row.label)


def require(principal: Principal, role: str) -> Principal:
    """ForbiddenError (403) unless ``principal`` has at least ``role``."""
    if not principal.can(_check_role(role)):
        raise ForbiddenError(f"this needs the {role} role; the key has {principal.role}")
    return principal


def list_keys() -> list[ApiKey]:
    with connect() as conn:
        rows = conn.execute(select(api_keys).order_by(api_keys.c.id)).all()
    return [ApiKey(int(r.id), r.prefix, r.role, r.label, r.created_at, r.revoked_at)
            for r in rows]


def revoke_key(key_id: int, actor: str = "system") -> ApiKey:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with connect(write=True) as conn:
        row = conn.execute(select(api_keys).where(api_keys.c.id == key_id)).first()
        if row is None:
            raise NotFoundError(f"no API key with id {key_id}")
        if not row.revoked_at:
            conn.execute(update(api_keys).where(api_keys.c.id == key_id).values(revoked_at=now))
            from unsc.compliance.sessions import revoke_key_sessions

            ended = revoke_key_sessions(conn, key_id)
            audit.record("key.revoke", {"key_id": key_id, "prefix": row.prefix,
                                        "sessions_ended": ended}, actor, conn)
    return ApiKey(int(row.id), row.prefix, row.role, row.label, row.created_at,
                  row.revoked_at or now)
