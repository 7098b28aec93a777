"""Web hardening over real HTTP: security headers and no inline script or style on every
page, sessions that end server-side (logout, key revocation), CSRF tokens bound to the
session, Secure cookies and HSTS behind TLS, and the API docs behind a key or session."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from tests.api.server import Server, running_server
from tests.web.test_forms import _csrf, _login
from unsc.api import create_app
from unsc.compliance import keys
from unsc.web.headers import CSP

PAGES = ("/ui/", "/ui/review", "/ui/subjects", "/ui/lists", "/ui/audit", "/ui/council",
         "/ui/regime", "/ui/search?name=Yun+Ho+Jin", "/ui/hit?name=Yun+Ho+Jin&schema=Person"
         "&entity_id=un-KPi.001", "/ui/no-such-page", "/ui/batch", "/ui/regime?what_if=1",
         "/ui/lists/diff?old=un-2026-05-08&new=un-2026-05-08", "/ui/audit?action=screen",
         "/ui/lists/entry?version=un-2026-05-08&id=un-KPi.001", "/ui/search?name=Yun+Ho+Jin"
         "&what_if=1")
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "unsc" / "web" / "templates"
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|\sstyle\s*=|javascript:",
                    re.I)


def _assert_headers(response: httpx.Response, where: str) -> None:
    h = response.headers
    assert h.get("content-security-policy") == CSP, where
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert h.get("x-frame-options") == "DENY", where
    assert h.get("x-content-type-options") == "nosniff", where
    assert h.get("referrer-policy") == "no-referrer", where


def test_every_page_and_answer_carries_the_headers(ui_server: Server) -> None:
    with _login(ui_server, "admin") as c:
        for path in PAGES:
            response = c.get(path)
            _assert_headers(response, path)
            assert response.headers["cache-control"] == "no-store", path
            assert not INLINE.search(response.text), f"inline script or style on {path}"
        _assert_headers(c.get("/static/style.css"), "static")
    with httpx.Client(base_url=ui_server.url) as anon:
        for path in ("/ui/login", "/healthz", "/lists/versions", "/ui/review", "/nowhere"):
            _assert_headers(anon.get(path), path)  # pages, API answers, 401s, redirects


def test_templates_have_no_inline_script_or_style() -> None:
    for bad in ('<script>x()</script>', '<a onclick="x()">', '<div style="w">',
                '<a href="javascript:x()">'):
        assert INLINE.search(bad), bad  # the check itself can fail
    assert not INLINE.search('<script src="/static/app.js"></script><svg><rect width="3"/>')
    for template in TEMPLATES.glob("*.html"):
        assert not INLINE.search(template.read_text(encoding="utf-8")), template.name


def test_logout_ends_the_session_server_side(ui_server: Server) -> None:
    with _login(ui_server, "viewer") as c:
        copied = c.cookies["unsc_session"]
        assert c.post("/ui/logout", data={"csrf": _csrf(c.get("/ui/").text)}
                      ).status_code == 303
    with httpx.Client(base_url=ui_server.url) as thief:
        thief.cookies.set("unsc_session", copied)
        assert thief.get("/ui/").status_code == 303  # the old cookie no longer works
        assert thief.get("/ui/").headers["location"].startswith("/ui/login")


def test_revoking_a_key_ends_its_sessions(ui_server: Server) -> None:
    admin = {"Authorization": f"ApiKey {ui_server.keys['admin']}"}
    made = httpx.post(f"{ui_server.url}/keys", json={"role": "viewer", "label": "short-lived"},
                      headers=admin).json()
    with httpx.Client(base_url=ui_server.url) as c:
        token = _csrf(c.get("/ui/login").text)
        assert c.post("/ui/login", data={"key": made["key"], "csrf": token}
                      ).status_code == 303
        assert c.get("/ui/").status_code == 200
        revoked = httpx.delete(f"{ui_server.url}/keys/{made['id']}", headers=admin)
        assert revoked.status_code == 200
        assert c.get("/ui/").status_code == 303


def test_csrf_token_is_bound_to_its_session(ui_server: Server) -> None:
    form = {"ref": "csrf-bound", "name": "Someone Else", "kind": "customer",
            "schema": "Person"}
    with _login(ui_server, "analyst") as a, _login(ui_server, "analyst") as b:
        token_a = _csrf(a.get("/ui/subjects").text)
        # Session B's cookies with session A's token: refused (and the reverse).
        assert b.post("/ui/subjects", data={**form, "csrf": token_a}).status_code == 403
        token_b = _csrf(b.get("/ui/subjects").text)
        assert token_a != token_b
        assert a.post("/ui/subjects", data={**form, "csrf": token_b}).status_code == 403
        assert a.post("/ui/subjects", data={**form, "csrf": token_a}).status_code == 303


def test_form_posts_without_a_session_go_to_login_unread(ui_server: Server) -> None:
    with httpx.Client(base_url=ui_server.url) as c:
        response = c.post("/ui/subjects", data={"ref": "x", "name": "y", "csrf": "z"})
        assert response.status_code == 303 and response.headers["location"] == "/ui/login"


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("tls-home")
    with running_server(home, [], env={"UNSC_BEHIND_TLS": "1"}) as srv:
        yield srv


def test_cookies_are_secure_behind_tls(tls_server: Server, ui_server: Server) -> None:
    for server, secure in ((tls_server, True), (ui_server, False)):
        with httpx.Client(base_url=server.url) as c:
            page = c.get("/ui/login")
            assert ("secure" in page.headers["set-cookie"].lower()) is secure
            # httpx, like a browser, keeps a Secure cookie off plain http: hand it over.
            c.cookies.clear()
            c.cookies.set("unsc_csrf", page.cookies["unsc_csrf"])
            done = c.post("/ui/login", data={"key": server.keys["viewer"],
                                             "csrf": _csrf(page.text)})
            cookie = done.headers["set-cookie"].lower()
            assert "unsc_session=" in cookie and "httponly" in cookie
            assert ("secure" in cookie) is secure
            assert ("strict-transport-security" in done.headers) is secure


@pytest.fixture
def app_url(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[str]:
    monkeypatch.setenv("UNSC_API_DOCS", request.param)
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=0,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.mark.parametrize("app_url", ["off"], indirect=True)
def test_docs_off(app_url: str) -> None:
    key, _ = keys.create_key("admin")
    for path in ("/openapi.json", "/docs", "/redoc"):
        assert httpx.get(app_url + path, headers={"Authorization": f"ApiKey {key}"}
                         ).status_code in (401, 404), path
    assert httpx.get(app_url + "/docs").status_code == 404


@pytest.mark.parametrize("app_url", ["public"], indirect=True)
def test_docs_public(app_url: str) -> None:
    assert "/screen" in httpx.get(app_url + "/openapi.json").json()["paths"]
    docs = httpx.get(app_url + "/docs")
    assert docs.status_code == 200 and "swagger-ui" in docs.text
    policy = docs.headers["content-security-policy"]
    assert "'sha256-" in policy and "script-src 'self' https://cdn.jsdelivr.net" in policy


@pytest.mark.parametrize("app_url", ["key"], indirect=True)
def test_docs_behind_a_key_or_session(app_url: str) -> None:
    key, _ = keys.create_key("viewer")
    assert httpx.get(app_url + "/openapi.json").status_code == 401
    assert httpx.get(app_url + "/openapi.json",
                     headers={"Authorization": f"ApiKey {key}"}).status_code == 200
    with httpx.Client(base_url=app_url) as c:
        assert c.get("/docs").headers["location"] == "/ui/login?next=/docs"
        page = c.get("/ui/login", params={"next": "/docs"})
        done = c.post("/ui/login", data={"key": key, "csrf": _csrf(page.text), "next": "/docs"})
        assert done.headers["location"] == "/docs"
        assert c.get("/docs").status_code == 200
        assert c.get("/openapi.json").status_code == 200  # the page's own fetch, by session
