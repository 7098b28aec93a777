"""Every UnscError subclass reaches the client with its own http_status, over real HTTP."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from unsc.api import create_app
from unsc.compliance import keys
from unsc.errors import ListFormatError, Problem, UnscError, all_error_classes


def _raise(cls: type[UnscError]) -> None:
    if issubclass(cls, ListFormatError):
        raise cls(f"{cls.__name__} raised", [Problem("f.xml", "r1", "NAME", "bad")])
    raise cls(f"{cls.__name__} raised")


@pytest.fixture
def url() -> Iterator[str]:
    app: FastAPI = create_app()
    by_name = {cls.__name__: cls for cls in all_error_classes()}

    @app.get("/_raise/{name}")
    def boom(name: str) -> None:
        _raise(by_name[name])

    @app.get("/ui/_raise/{name}")
    def boom_ui(name: str) -> None:
        _raise(by_name[name])

    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "test server did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_every_error_class_maps_to_its_status(url: str) -> None:
    classes = all_error_classes()
    assert len(classes) >= 15
    key, _ = keys.create_key("viewer", "errors test")  # the guard wants a key on API paths
    with httpx.Client(base_url=url, headers={"Authorization": f"ApiKey {key}"}) as client:
        for cls in classes:
            response = client.get(f"/_raise/{cls.__name__}")
            assert response.status_code == cls.http_status, cls.__name__
            body = response.json()
            assert body["error"] == cls.__name__
            assert body["detail"].startswith(f"{cls.__name__} raised")
        assert client.get("/_raise/ListFormatError").json()["problems"][0]["field"] == "NAME"
        assert client.get("/_raise/AuthError").headers["www-authenticate"] == "ApiKey"


def test_ui_errors_are_pages_and_401_goes_to_login(url: str) -> None:
    with httpx.Client(base_url=url) as client:
        login = client.get("/ui/_raise/AuthError")
        assert login.status_code == 303
        assert login.headers["location"].startswith("/ui/login?next=")
        page = client.get("/ui/_raise/NotFoundError")
        assert page.status_code == 404 and "text/html" in page.headers["content-type"]
        assert "NotFoundError raised" in page.text
