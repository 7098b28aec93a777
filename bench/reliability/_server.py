"""A real unsc server for the reliability measurements: uvicorn in a subprocess on a
random loopback port, over a store prepared in a temporary UNSC_HOME (loopback only,
bounded in time). Shared by ``audit`` and ``requests``."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

__all__ = ["DATA", "Server", "free_port", "prepared", "start", "stop"]

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("UNSC_SHARED_DATA", ROOT.parent / "shared" / "data"))
UN_FILE = DATA / "un" / "un_consolidated_2026-05-08.xml"


@dataclass
class Server:
    url: str
    proc: subprocess.Popen[bytes]
    home: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def prepared(home: Path) -> Iterator[None]:
    """Point this process's store at SQLite under ``home`` (for setup), then restore."""
    from unsc.store import engine

    saved = {n: os.environ.get(n) for n in ("UNSC_HOME", "UNSC_DATABASE_URL")}
    os.environ["UNSC_HOME"] = str(home)
    os.environ["UNSC_DATABASE_URL"] = ""
    engine.reset_engines()
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        engine.reset_engines()


def wait_healthy(url: str, proc: subprocess.Popen[bytes], seconds: float) -> bool:
    """Whether ``url``/healthz answered 200 before ``proc`` exited or ``seconds`` passed."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return True
        except httpx.TransportError:
            pass  # not listening yet
        if proc.poll() is not None:
            return False
        time.sleep(0.1)
    return False


def start(home: Path, env: dict[str, str] | None = None, port: int | None = None) -> Server:
    """Start a server on ``home`` and wait (at most 60 s) until /healthz answers."""
    port = port or free_port()
    log = (home / f"server-{port}.log").open("ab")
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "unsc.api:create_app", "--host",
         "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env={**os.environ, "UNSC_HOME": str(home), "UNSC_DATABASE_URL": "", **(env or {})},
        stdout=log, stderr=subprocess.STDOUT)
    log.close()
    url = f"http://127.0.0.1:{port}"
    if wait_healthy(url, proc, 60):
        return Server(url, proc, home)
    proc.kill()
    raise RuntimeError(f"server did not start; see {home}")


def stop(server: Server, kill: bool = False) -> None:
    if kill:
        server.proc.kill()  # SIGKILL: no shutdown handler runs
    else:
        server.proc.terminate()
    try:
        server.proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait()
