"""A real unsc server for API and browser tests: uvicorn in a subprocess on a random
loopback port, with its own UNSC_HOME prepared in-process (one list loaded, one key per
role). A subprocess, not a thread, because the per-test UNSC_HOME switching in
tests/conftest.py must not move the server's store under it.

The server's store follows the suite's: SQLite under its home, or, when the suite runs on
PostgreSQL (UNSC_DATABASE_URL), a PostgreSQL database of its own on the same server
(tests/pg.py), because the suite empties its own database before every test."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.pg import create_database, drop_database, postgres_url
from unsc.store import engine as store_engine

__all__ = ["Server", "free_port", "prepared_home", "running_server", "store_url",
           "wait_healthy"]

_STORES: dict[Path, str] = {}  # a server home -> its PostgreSQL database URL


@dataclass(frozen=True)
class Server:
    url: str
    home: Path
    keys: dict[str, str]
    pid: int = 0


def store_url(home: Path) -> str:
    """The server store's URL for UNSC_DATABASE_URL ("" = SQLite under ``home``)."""
    return _STORES.get(home, "")


@contextmanager
def prepared_home(home: Path) -> Iterator[None]:
    """Point the in-process store at the server's (SQLite under ``home``, or its own
    PostgreSQL database) for setup or inspection, then restore the caller's."""
    saved = {name: os.environ.get(name) for name in ("UNSC_HOME", "UNSC_DATABASE_URL")}
    os.environ["UNSC_HOME"] = str(home)
    os.environ["UNSC_DATABASE_URL"] = store_url(home)
    store_engine.reset_engines()
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        store_engine.reset_engines()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, proc: subprocess.Popen[Any], seconds: float,
                 log: Callable[[], str]) -> None:
    """Wait until ``url``/healthz answers 200; RuntimeError with ``log()`` if the process
    exits or ``seconds`` pass first."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass  # not listening yet
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("server did not start: " + log())
        time.sleep(0.1)


@contextmanager
def running_server(home: Path, list_files: list[Path], env: dict[str, str] | None = None,
                   made: dict[str, str] | None = None) -> Iterator[Server]:
    """``env`` adds settings for the server process; ``made`` reuses keys of a home that
    is already prepared (a second server on the same store)."""
    base, database = postgres_url(), None
    if made is None and base:
        database = "unsc_srv_" + hashlib.sha256(str(home).encode()).hexdigest()[:16]
        _STORES[home] = create_database(base, database)
    try:
        with _started(home, list_files, env, made) as server:
            yield server
    finally:
        if database and base:
            _STORES.pop(home, None)
            drop_database(base, database)


@contextmanager
def _started(home: Path, list_files: list[Path], env: dict[str, str] | None,
             made: dict[str, str] | None) -> Iterator[Server]:
    from unsc.compliance import keys
    from unsc.compliance.subjects import load_and_rescreen

    if made is None:
        with prepared_home(home):
            for path in list_files:
                load_and_rescreen(path, actor="test-setup")
            made = {role: keys.create_key(role, f"test {role}")[0]
                    for role in ("viewer", "analyst", "admin")}
    port = free_port()
    env = {**os.environ, "UNSC_HOME": str(home), "UNSC_DATABASE_URL": store_url(home),
           **(env or {})}
    log = (home / f"server-{port}.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "unsc.api:create_app",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, 60,
                     lambda: (home / f"server-{port}.log").read_text(errors="replace"))
        yield Server(url, home, made, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
