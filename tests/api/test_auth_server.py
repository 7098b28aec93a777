"""Both authorisation schemes on the real server (see tests/api/test_auth_scheme.py for
the rule itself)."""

from __future__ import annotations

import httpx

from tests.api.server import Server


def test_both_schemes_work_on_the_real_server(server: Server) -> None:
    key = server.keys["viewer"]
    for scheme in ("ApiKey", "Bearer", "bearer"):
        response = httpx.get(server.url + "/lists/versions",
                             headers={"Authorization": f"{scheme} {key}"})
        assert response.status_code == 200, scheme
        assert "un-2026-05-08" in [v["version"] for v in response.json()]
    refused = httpx.get(server.url + "/lists/versions", headers={"Authorization": f"Basic {key}"})
    assert refused.status_code == 401
