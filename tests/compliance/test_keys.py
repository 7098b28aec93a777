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


def test_cli_list_and_revoke() -> None:
    import json

    from typer.testing import CliRunner

    from unsc.cli import app

    runner = CliRunner()
    made = json.loads(runner.invoke(app, ["keys", "create", "--role", "viewer", "--json"]).stdout)
    listed = json.loads(runner.invoke(app, ["keys", "list", "--json"]).stdout)
    assert [k["role"] for k in listed] == ["viewer"] and "key_hash" not in listed[0]
    assert made["key"] not in json.dumps(listed)
    out = runner.invoke(app, ["keys", "revoke", str(made["id"]), "--json"])
    assert out.exit_code == 0 and json.loads(out.stdout)["revoked_at"]
    with pytest.raises(AuthError):
        keys.authenticate(made["key"])
    assert runner.invoke(app, ["keys", "revoke", "999"]).exit_code == 3
    assert runner.invoke(app, ["keys", "create", "--role", "root"]).exit_code == 2
