"""Who a key or a session is, and the words of each refusal.

The principal a key or session resolves to is what the audit trail names
(``key:PREFIX (label)``), so every field of it is checked; the prefix is the six characters
after ``unsc_`` that ``unsc keys list`` shows to tell keys apart (docs/cli.md). Each refusal
is checked word for word: they are what a user reads on the login page and in a 401 body.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import update

from unsc.compliance import keys, sessions
from unsc.compliance.keys import Principal
from unsc.errors import AuthError
from unsc.store import connect
from unsc.store.service_tables import api_keys
from unsc.store.service_tables import sessions as session_rows


def test_a_key_resolves_to_its_id_role_prefix_and_label() -> None:
    key, made = keys.create_key("analyst", "desk 4")
    expected = Principal(made.id, "analyst", key[5:11], "desk 4")
    assert keys.authenticate(key) == expected
    assert keys.authenticate(f"  {key} ") == expected
    assert expected.name == f"key:{key[5:11]} (desk 4)"


def test_key_refusals_are_worded_exactly() -> None:
    for missing in (None, ""):
        with pytest.raises(AuthError) as err:
            keys.authenticate(missing)
        assert str(err.value) == "an API key is required (header 'Authorization: ApiKey KEY')"
    key, made = keys.create_key("viewer")
    for bad in ("unsc_" + "x" * 43, key + "x"):
        with pytest.raises(AuthError) as err:
            keys.authenticate(bad)
        assert str(err.value) == "unknown or revoked API key"
    keys.revoke_key(made.id)
    with pytest.raises(AuthError) as err:
        keys.authenticate(key)
    assert str(err.value) == "unknown or revoked API key"


def test_a_session_resolves_to_the_principal_of_its_key() -> None:
    key, made = keys.create_key("admin", "night shift")
    token, _ = sessions.open_session(keys.authenticate(key), seconds=60)
    assert sessions.session_principal(token) == Principal(made.id, "admin", key[5:11],
                                                          "night shift")


def _refusal(token: str) -> str:
    with pytest.raises(AuthError) as err:
        sessions.session_principal(token)
    return str(err.value)


def test_session_refusals_are_worded_exactly() -> None:
    key, made = keys.create_key("viewer")
    principal = keys.authenticate(key)
    assert _refusal("no-such-token") == "unknown session; please log in again"
    out, _ = sessions.open_session(principal)
    assert sessions.close_session(out, principal.name) is True
    assert _refusal(out) == "this session was logged out; please log in again"
    gone, _ = sessions.open_session(principal, seconds=-1)
    assert _refusal(gone) == "session expired; please log in again"
    live, _ = sessions.open_session(principal)
    # revoke_key also ends the key's sessions; a key revoked in its table alone (an older
    # unsc, or by hand) must still end them, which the next check proves
    with connect(write=True) as conn:
        conn.execute(update(api_keys).where(api_keys.c.id == made.id)
                     .values(revoked_at="2026-05-08T00:00:00+00:00"))
    assert _refusal(live) == "the key of this session was revoked"


def test_a_session_is_live_up_to_its_expiry_second() -> None:
    """Expiry is stored to the second; a session whose expiry is the current second is
    still live (``expires_at < now`` ends it, not ``<=``). Retried if the clock ticks over
    between setting the expiry and checking it."""
    principal = keys.authenticate(keys.create_key("viewer")[0])
    token, _ = sessions.open_session(principal)
    for _ in range(5):
        now = sessions._stamp(datetime.now(UTC))
        with connect(write=True) as conn:
            conn.execute(update(session_rows).values(expires_at=now))
        try:
            assert sessions.session_principal(token) == principal
        except AuthError:
            if sessions._stamp(datetime.now(UTC)) == now:
                raise
            continue
        if sessions._stamp(datetime.now(UTC)) == now:
            return
    pytest.fail("the clock ticked over on every try")


def test_stamps_are_utc_whatever_the_local_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stamps compare as strings, so they must all be in one zone."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        two_hours_east = datetime(2026, 5, 8, 12, 0, 30, 999, tzinfo=timezone(timedelta(hours=2)))
        assert sessions._stamp(two_hours_east) == "2026-05-08T10:00:30+00:00"
    finally:
        monkeypatch.undo()
        time.tzset()
