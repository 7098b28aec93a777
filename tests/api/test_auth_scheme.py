"""The authorisation schemes the API accepts (src/unsc/api/auth.py, README "REST API"):
``Authorization: ApiKey KEY`` and ``Bearer KEY``, scheme case-insensitive (RFC 9110
s.11.1: "It uses a case-insensitive token to identify the authentication scheme"); any
other scheme or an empty credential is no key at all."""

from __future__ import annotations

import httpx
import pytest
from starlette.requests import Request

from tests.api.server import Server
from unsc.api.auth import key_from_header


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


def test_both_schemes_work_on_the_real_server(server: Server) -> None:
    key = server.keys["viewer"]
    for scheme in ("ApiKey", "Bearer", "bearer"):
        response = httpx.get(server.url + "/lists/versions",
                             headers={"Authorization": f"{scheme} {key}"})
        assert response.status_code == 200, scheme
        assert "un-2026-05-08" in [v["version"] for v in response.json()]
    refused = httpx.get(server.url + "/lists/versions", headers={"Authorization": f"Basic {key}"})
    assert refused.status_code == 401
