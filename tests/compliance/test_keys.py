"""API keys are stored hashed; roles are ordered; unknown or revoked keys are refused."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from unsc.compliance import keys
from unsc.errors import AuthError, ForbiddenError, InputError
from unsc.store import connect
from unsc.store.service_tables import api_keys


def test_key_is_stored_hashed_only() -> None:
    key, info = keys.create_key("viewer", "ops")
    with connect() as conn:
        stored = conn.execute(select(api_keys.c.key_hash)).scalar_one()
    assert stored == hashlib.sha256(key.encode()).hexdigest()
    assert key not in stored
    assert keys.authenticate(key).role == "viewer" and info.label == "ops"


def test_roles_are_ordered() -> None:
    key, _ = keys.create_key("analyst")
    who = keys.authenticate(key)
    assert keys.require(who, "viewer") is who
    assert keys.require(who, "analyst") is who
    with pytest.raises(ForbiddenError, match="admin"):
        keys.require(who, "admin")


def test_unknown_missing_revoked_and_bad_role() -> None:
    with pytest.raises(AuthError):
        keys.authenticate(None)
    with pytest.raises(AuthError):
        keys.authenticate("unsc_not-a-key")
    key, info = keys.create_key("admin")
    keys.revoke_key(info.id)
    with pytest.raises(AuthError, match="revoked"):
        keys.authenticate(key)
    with pytest.raises(InputError, match="unknown role"):
        keys.create_key("superuser")


def test_bootstrap_key_only_once() -> None:
    first = keys.ensure_bootstrap_key()
    assert first is not None and keys.authenticate(first).role == "admin"
    assert keys.ensure_bootstrap_key() is None
