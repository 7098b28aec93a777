"""The authorisation schemes the API accepts (src/unsc/api/auth.py, README "REST API"):
``Authorization: ApiKey KEY`` and ``Bearer KEY``, scheme case-insensitive (RFC 9110
s.11.1: "It uses a case-insensitive token to identify the authentication scheme"); any
other scheme or an empty credential is no key at all."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from unsc.api.auth import admin, analyst, key_from_header, viewer
from unsc.compliance import keys
from unsc.compliance.keys import Principal
from unsc.errors import AuthError, ForbiddenError


def _request(header: str | None) -> Request:
    headers = [] if header is None else [(b"authorization", header.encode())]
    return Request({"type": "http", "method": "GET", "path": "/", "headers": headers})


@pytest.mark.parametrize(("header", "key"), [
    ("ApiKey unsc_abc", "unsc_abc"), ("Bearer unsc_abc", "unsc_abc"),
    ("bearer unsc_abc", "unsc_abc"), ("APIKEY unsc_abc", "unsc_abc"),
    ("Bearer   unsc_abc  ", "unsc_abc"),
    ("Basic unsc_abc", None), ("Token unsc_abc", None), ("Bearer", None), ("Bearer  ", None),
    ("unsc_abc", None), ("", None), (None, None),
])
def test_schemes(header: str | None, key: str | None) -> None:
    assert key_from_header(_request(header)) == key


def _with_state(header: str | None, principal: Principal | None = None) -> Request:
    request = _request(header)
    request.scope["state"] = {}
    if principal is not None:
        request.state.unsc_principal = principal
    return request


@pytest.mark.parametrize(("role", "allowed"), [
    ("viewer", {"viewer"}), ("analyst", {"viewer", "analyst"}),
    ("admin", {"viewer", "analyst", "admin"}),
])
def test_each_dependency_requires_its_role(role: str, allowed: set[str]) -> None:
    """The roles are ordered viewer < analyst < admin (README "REST API"): a key passes
    the dependency of its own role and of every lower one, by header or as checked by
    the request guard (request.state.unsc_principal)."""
    key, _ = keys.create_key(role, f"{role} dependency")
    checked = keys.authenticate(key)
    for dependency in (viewer, analyst, admin):
        for request in (_with_state(f"ApiKey {key}"), _with_state(None, checked)):
            if dependency.__name__ in allowed:
                assert dependency(request) == checked
            else:
                with pytest.raises(ForbiddenError, match=f"^this needs the {dependency.__name__} "
                                   f"role; the key has {role}$"):
                    dependency(request)
    with pytest.raises(AuthError):
        viewer(_with_state(None))
    with pytest.raises(AuthError):
        viewer(_with_state("ApiKey unsc_not-a-key"))
