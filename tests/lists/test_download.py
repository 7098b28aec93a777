"""List downloads over real sockets: a server that is not up yet at the first connection
attempt is reached by httpx's transport retries (setting download_retries); with no
retries the same download fails with an UpstreamError; an error status is not retried."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.api.server import free_port
from unsc.errors import UpstreamError
from unsc.lists.update import download

BODY = b"<CONSOLIDATED_LIST/>"


class _Handler(BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:
        type(self).hits += 1
        status = 503 if self.path == "/down" else 200
        self.send_response(status)
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def late_server(port: int, delay: float) -> Iterator[type[_Handler]]:
    """An HTTP server on ``port`` that starts listening only after ``delay`` seconds."""
    handler = type("Handler", (_Handler,), {"hits": 0})
    box: list[ThreadingHTTPServer] = []

    def run() -> None:
        time.sleep(delay)
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        box.append(server)
        server.serve_forever(poll_interval=0.05)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield handler
    finally:
        while not box and thread.is_alive():
            time.sleep(0.05)
        if box:
            box[0].shutdown()
            box[0].server_close()


def test_retries_reach_a_server_that_comes_up_late(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNSC_DOWNLOAD_RETRIES", "4")
    port = free_port()
    with late_server(port, 0.4) as handler:
        assert download(f"http://127.0.0.1:{port}/list.xml") == BODY
        assert handler.hits == 1


def test_without_retries_the_same_download_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNSC_DOWNLOAD_RETRIES", "0")
    port = free_port()
    with late_server(port, 0.4), pytest.raises(UpstreamError, match="download failed"):
        download(f"http://127.0.0.1:{port}/list.xml")


def test_an_error_status_is_not_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNSC_DOWNLOAD_RETRIES", "4")
    port = free_port()
    with late_server(port, 0.0) as handler:
        time.sleep(0.2)
        with pytest.raises(UpstreamError, match="HTTP 503"):
            download(f"http://127.0.0.1:{port}/down")
        assert handler.hits == 1
