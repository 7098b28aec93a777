"""Sessions, the login redirect guard, CSRF on every form and deciding an alert, over real
HTTP against the UI server (tests/web/conftest.py).

What is pinned (src/unsc/web/security.py, src/unsc/compliance/sessions.py,
src/unsc/web/pages.py): a session ends at its expiry both in the signed cookie and in the
store; ``next`` after login only ever leads to a page of this site under /ui or to the API
docs (no open redirect); every POST form of the UI refuses a request without a valid CSRF
token; an analyst decides an alert from its page and the decision is recorded and audited.
"""

from __future__ import annotations

import base64
import json
import re
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute

from tests.api.server import Server, prepared_home
from tests.web.test_forms import _csrf, _login
from unsc.api import create_app
from unsc.compliance import keys, sessions
from unsc.errors import AuthError
from unsc.web import security

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "unsc" / "web" / "templates"
# The UI's POST routes, counted in src/unsc/web/pages*.py: login, logout, hit/decide,
# alerts/{id}/decide, lists/use, lists/delete, subjects, subjects/rescreen,
# council/example, regime.
UI_POSTS = {"/ui/login", "/ui/logout", "/ui/hit/decide", "/ui/alerts/{alert_id}/decide",
            "/ui/lists/use", "/ui/lists/delete", "/ui/subjects", "/ui/subjects/rescreen",
            "/ui/council/example", "/ui/regime", "/ui/search/alerts", "/ui/batch",
            "/ui/batch/{job_id}/delete"}


def test_an_expired_session_row_is_refused() -> None:
    principal = keys.authenticate(keys.create_key("viewer", "expiry")[0])
    live, _ = sessions.open_session(principal, seconds=60)
    assert sessions.session_principal(live).key_id == principal.key_id
    gone, _ = sessions.open_session(principal, seconds=-1)
    with pytest.raises(AuthError, match="session expired"):
        sessions.session_principal(gone)


def test_a_session_of_a_revoked_key_is_refused_at_once() -> None:
    key, made = keys.create_key("analyst", "revoked later")
    token, _ = sessions.open_session(keys.authenticate(key), seconds=3600)
    keys.revoke_key(made.id)  # also revokes the key's sessions, in the same transaction
    with pytest.raises(AuthError, match="logged out"):
        sessions.session_principal(token)
    with pytest.raises(AuthError):
        keys.authenticate(key)


def test_an_expired_cookie_is_refused_before_the_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNSC_SECRET_KEY", "test-secret")
    cookie = security.sign_session("some-token", int(time.time()) - 1)
    with pytest.raises(AuthError, match="session expired"):
        security.session_token(cookie)
    fresh = security.sign_session("some-token", int(time.time()) + 60)
    assert security.session_token(fresh) == "some-token"


def _resigned(server: Server, cookie: str, expires: int,
              monkeypatch: pytest.MonkeyPatch) -> str:
    """The same session token in a cookie signed with the server's own secret but another
    expiry (what the server would have issued at another time)."""
    payload = cookie.rsplit(".", 1)[0]
    token = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["s"]
    secret = (server.home / "secret_key").read_text().strip()
    monkeypatch.setenv("UNSC_SECRET_KEY", secret)
    return security.sign_session(token, expires)


def test_the_server_refuses_an_expired_cookie(ui_server: Server,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    with _login(ui_server, "viewer") as c:
        cookie = c.cookies["unsc_session"]
        same = _resigned(ui_server, cookie, int(time.time()) + 600, monkeypatch)
        c.cookies.set("unsc_session", same)
        assert c.get("/ui/").status_code == 200  # the re-signed cookie is genuine
        c.cookies.set("unsc_session", _resigned(ui_server, cookie, int(time.time()) - 5,
                                                monkeypatch))
        page = c.get("/ui/review")
        assert page.status_code == 303
        assert page.headers["location"] == "/ui/login?next=/ui/review"


@pytest.mark.parametrize(("target", "landing"), [
    ("/ui/review", "/ui/review"), ("/ui/audit?verify=1", "/ui/audit?verify=1"),
    ("/docs", "/docs"), ("/redoc", "/redoc"),
    ("https://evil.example/ui", "/ui/"), ("//evil.example/ui", "/ui/"),
    ("javascript:alert(1)", "/ui/"), ("/openapi.json", "/ui/"), ("/lists/versions", "/ui/"),
    ("", "/ui/"),
])
def test_login_redirects_only_inside_the_site(ui_server: Server, target: str,
                                              landing: str) -> None:
    with httpx.Client(base_url=ui_server.url) as c:
        page = c.get("/ui/login", params={"next": target})
        done = c.post("/ui/login", data={"key": ui_server.keys["viewer"],
                                         "csrf": _csrf(page.text), "next": target})
        assert done.status_code == 303 and done.headers["location"] == landing


def test_a_failed_login_keeps_only_a_safe_target(ui_server: Server) -> None:
    with httpx.Client(base_url=ui_server.url) as c:
        page = c.get("/ui/login")
        bad = c.post("/ui/login", data={"key": "unsc_wrong", "csrf": _csrf(page.text),
                                        "next": "https://evil.example/"})
        assert bad.status_code == 401 and "evil.example" not in bad.text


def _post_paths(routes: list[Any], prefix: str = "") -> set[str]:
    """POST paths of an app, through FastAPI's included routers (which keep the router
    they include and the prefix they add)."""
    found: set[str] = set()
    for route in routes:
        if isinstance(route, APIRoute):
            if "POST" in route.methods:
                found.add(prefix + route.path)
        elif hasattr(route, "original_router"):
            found |= _post_paths(route.original_router.routes,
                                 prefix + route.include_context.prefix)
    return found


def test_the_ui_post_routes_are_the_ones_counted() -> None:
    found = {p for p in _post_paths(create_app().routes) if p.startswith("/ui")}
    assert found == UI_POSTS


def test_every_post_form_in_the_templates_carries_the_token() -> None:
    """A form carries the token itself or through a macro of its template whose body does
    (regime.html's ``keepstate()``)."""
    token = 'name="csrf" value="{{ csrf }}"'
    forms = 0
    for template in sorted(TEMPLATES.glob("*.html")):
        text = template.read_text(encoding="utf-8")
        carriers = [name for name, body in re.findall(
            r"{% macro (\w+)\(\) %}(.*?){% endmacro %}", text, flags=re.S) if token in body]
        for form in re.findall(r'<form\b[^>]*method="post".*?</form>', text, flags=re.S):
            forms += 1
            assert token in form or any(f"{{{{ {m}() }}}}" in form for m in carriers), \
                template.name
    # _decide, base, batch, batch_job, council, lists x2, login, regime x3, search,
    # subjects x2 (grep '<form[^>]*post' src/unsc/web/templates/*.html)
    assert forms == 14


@pytest.mark.parametrize("path", sorted(UI_POSTS))
def test_every_ui_post_refuses_a_missing_or_forged_token(ui_server: Server, path: str) -> None:
    url = path.replace("{alert_id}", "1").replace("{job_id}", "1")
    with _login(ui_server, "admin") as c:
        for data in ({}, {"csrf": "forged"}):
            response = c.post(url, data={**data, "form": "shipment", "ref": "x", "name": "y"})
            assert response.status_code == 403, (path, data, response.status_code)
            assert "CSRF" in response.text
        assert c.get("/ui/").status_code == 200  # still logged in: nothing was done


def test_an_analyst_decides_an_alert_from_its_page(ui_server: Server) -> None:
    analyst = {"Authorization": f"ApiKey {ui_server.keys['analyst']}"}
    made = httpx.post(f"{ui_server.url}/subjects", headers=analyst, timeout=60,
                      json={"ref": "web-decide-1", "name": "Pak To Chun"})
    assert made.status_code == 201, made.text
    alert = next(a for a in made.json()["alerts"] if a["entity_id"].startswith("un-KPi."))
    page_url = f"/ui/alerts/{alert['id']}"
    with _login(ui_server, "viewer") as viewer:
        page = viewer.get(page_url)
        assert page.status_code == 200 and "Decisions need the analyst role" in page.text
        refused = viewer.post(page_url + "/decide", data={
            "csrf": _csrf(page.text), "decision": "false_positive", "reason": "x"})
        assert refused.status_code == 403
    with _login(ui_server, "analyst") as c:
        page = c.get(page_url)
        assert page.status_code == 200 and 'action="' + page_url + '/decide"' in page.text
        token = _csrf(page.text)
        bad = c.post(page_url + "/decide", data={"csrf": token, "decision": "maybe",
                                                 "reason": "x"})
        assert bad.status_code == 400
        done = c.post(page_url + "/decide", data={
            "csrf": token, "decision": "false_positive",
            "reason": "born 1944 per the list, our customer in 1990"})
        assert done.status_code == 303 and done.headers["location"] == page_url + "?decided=1"
        assert "born 1944 per the list" in c.get(done.headers["location"]).text
    stored = httpx.get(f"{ui_server.url}/alerts/{alert['id']}", headers=analyst).json()
    assert stored["status"] == "false_positive"
    (decision,) = stored["decisions"]
    assert decision["decision"] == "false_positive" and decision["reason"].startswith("born")
    with prepared_home(ui_server.home):
        from unsc.compliance import audit

        records = [r for r in audit.iter_records() if r.action == "decision.record"
                   and r.payload.get("alert_id") == alert["id"]]
        assert len(records) == 1 and records[0].payload["decision"] == "false_positive"
