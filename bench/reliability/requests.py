"""Requests over the limits, by kind: the status each gets, how fast, and how /healthz
answers while they run."""

from __future__ import annotations

import contextlib
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from bench.reliability import _server

TITLE = "Requests over the limits"
COLUMNS = ["request", "sent", "answered status", "median s", "p99 s", "slowest s",
           "expected", "goal met"]
REQUEST_SECONDS = 5.0
NAME_STATUS = 422
"""The issue's status for an over-long name (UNSC_MAX_NAME_CHARS); see the notes."""
NOTES = f"""Method. One real server (uvicorn subprocess on loopback, the UN list of 2026-05-08
loaded, default settings except UNSC_API_REQUEST_SECONDS={REQUEST_SECONDS:g} so the time
bound is reached quickly) receives every kind of request below, several of each, four at a
time and interleaved, next to legitimate heavy batches. The 46 MB bodies are declared in
Content-Length but only their first 64 KB are sent (raw socket): an answer proves the
server decided without reading the rest. Meanwhile a separate process calls `GET /healthz`
every 20 ms and times each answer. "p99" of a few requests is their slowest. Goals: every
request answered with its status (401 before the body for a missing key, 413 over the size
bound, 422 over a documented bound, 503 past the time bound), none a 500, and /healthz
p99 < 100 ms while they run. The server's resident memory before and after is given in
the last row (a body that is never read cannot grow it)."""

PROBE = r"""
import json, sys, time, httpx
url, stop_file = sys.argv[1], sys.argv[2]
import os
lat, bad = [], 0
with httpx.Client(base_url=url, timeout=30) as c:
    while not os.path.exists(stop_file):
        t = time.perf_counter()
        try:
            ok = c.get("/healthz").status_code == 200
        except httpx.TransportError:
            ok = False
        lat.append(time.perf_counter() - t)
        bad += not ok
        time.sleep(0.02)
print(json.dumps({"lat": lat, "bad": bad}))
"""


@dataclass(frozen=True)
class Kind:
    name: str
    expected: int
    send: Callable[[], int]


def _partial(url: str, path: str, declared: int, key: str | None) -> int:
    """Declare ``declared`` bytes, send 64 KB of them, read the status line."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        head = (f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {declared}\r\n"
                + (f"Authorization: ApiKey {key}\r\n" if key else "") + "\r\n")
        sock.sendall(head.encode())
        with contextlib.suppress(OSError):  # the server may already have answered
            sock.sendall(b'{"name": "' + b"x" * 65536)
        data = b""
        while b"\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    return int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0


def _names(count: int, length: int, tag: str) -> list[str]:
    """Real listed names, lengthened to ``length`` characters with other real names."""
    from bench.reliability._names import listed_names

    pool = listed_names()
    out = []
    for i in range(count):
        parts: list[str] = [f"{tag}{i}"]
        j = i
        while sum(len(p) + 1 for p in parts) < length:
            parts.append(pool[j % len(pool)])
            j += 7
        out.append(" ".join(parts)[:length])
    return out


def _kinds(url: str, key: str, repeat: int) -> list[Kind]:
    """Every kind, with its payloads built beforehand (so only the server is timed);
    heavy batches get fresh names per request, so no result cache helps them."""
    auth = {"Authorization": f"ApiKey {key}"}
    client = httpx.Client(base_url=url, timeout=120)

    def post(path: str, content: bytes, headers: dict[str, str] | None = None) -> int:
        extra = {**(headers or {}), "Content-Type": "application/json"}
        return client.post(path, content=content, headers=extra).status_code

    def chunked() -> int:
        def body() -> Any:
            for _ in range(48):
                yield b" " * 65536
        return client.post("/screen", content=body(),
                           headers={**auth, "Content-Type": "application/json"}).status_code

    def match_body(queries: dict[str, Any]) -> bytes:
        return json.dumps({"queries": queries}).encode()

    def batches(n_queries: int, names_each: int, length: int, tag: str) -> Callable[[], int]:
        bodies = []
        for r in range(repeat):
            names = _names(n_queries * names_each, length, f"{tag}{r}x")
            bodies.append(match_body({f"q{i}": {"schema": "Person", "properties": {
                "name": names[i * names_each:(i + 1) * names_each]}} for i in range(n_queries)}))
        sent = iter(bodies)
        return lambda: post("/match/default", next(sent), auth)

    def fixed(path: str, content: bytes, headers: dict[str, str] | None = None,
              ) -> Callable[[], int]:
        return lambda: post(path, content, headers)

    deep = ("[" * 2000 + "]" * 2000).encode()
    many = match_body({"q": {"schema": "Person", "properties": {
        "name": _names(2000, 20, "n")}}})
    long_name = json.dumps({"name": " ".join(_names(1, 100_000, "L"))}).encode()
    return [
        Kind("no key, 46 MB body declared (64 KB sent)", 401,
             lambda: _partial(url, "/screen", 46_000_000, None)),
        Kind("no key, malformed JSON", 401, fixed("/screen", b'{"name": ')),
        Kind("valid key, 46 MB body declared (64 KB sent)", 413,
             lambda: _partial(url, "/screen", 46_000_000, key)),
        Kind("valid key, 3 MB chunked body (no Content-Length)", 413, chunked),
        Kind("JSON nested 2,000 deep", 422,
             fixed("/match/default", b'{"queries": ' + deep + b"}", auth)),
        Kind("/match: 2,000 names in one query", 422, fixed("/match/default", many, auth)),
        Kind("/match: 501 queries", 422, fixed("/match/default", match_body(
            {f"q{i}": {"properties": {"name": ["Kim"]}} for i in range(501)}), auth)),
        Kind("/screen/batch: 501 queries", 422, fixed("/screen/batch", json.dumps(
            {"queries": [{"name": "Kim"}] * 501}).encode(), auth)),
        Kind("/screen: one 100,000-character name", NAME_STATUS,
             fixed("/screen", long_name, auth)),
        Kind("/screen: 'Kim Jong Un' repeated to 10,000 characters", NAME_STATUS, fixed(
            "/screen", json.dumps({"name": ("Kim Jong Un " * 1000)[:10_000]}).encode(), auth)),
        Kind(f"/match: 2,000 names of 490 characters (over {REQUEST_SECONDS:g} s)", 503,
             batches(4, 500, 490, "h")),
        Kind("/match: legitimate batch, 100 queries of real names", 200,
             batches(100, 1, 40, "ok")),
    ]


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))]


def _timed(kind: Kind) -> tuple[str, int, float]:
    started = time.perf_counter()
    try:
        status = kind.send()
    except (httpx.HTTPError, OSError):
        status = 0
    return kind.name, status, time.perf_counter() - started


def run(quick: bool) -> list[dict[str, object]]:
    repeat = 2 if quick else 5
    with tempfile.TemporaryDirectory(prefix="unsc-rel-req-") as tmp:
        home = Path(tmp)
        with _server.prepared(home):
            from unsc.compliance import keys
            from unsc.compliance.subjects import load_and_rescreen

            load_and_rescreen(_server.UN_FILE, actor="bench")
            key = keys.create_key("viewer", "reliability")[0]
        server = _server.start(home, {"UNSC_API_REQUEST_SECONDS": str(REQUEST_SECONDS)})
        stop_file = home / "probe.stop"
        try:
            kinds = _kinds(server.url, key, repeat)
            httpx.post(server.url + "/screen", json={"name": "warm up"},
                       headers={"Authorization": f"ApiKey {key}"}, timeout=60)
            rss_before = _rss_kb(server.proc.pid)
            probe = subprocess.Popen([sys.executable, "-c", PROBE, server.url, str(stop_file)],
                                     stdout=subprocess.PIPE, text=True)
            time.sleep(0.5)
            jobs = [k for _ in range(repeat) for k in kinds]
            with ThreadPoolExecutor(max_workers=4) as pool:
                results = list(pool.map(_timed, jobs))
            stop_file.touch()
            out, _ = probe.communicate(timeout=60)
            rss_after = _rss_kb(server.proc.pid)
        finally:
            stop_file.touch()
            _server.stop(server)
    return _rows(kinds, results, json.loads(out), rss_before, rss_after)


def _rows(kinds: list[Kind], results: list[tuple[str, int, float]], probe: dict[str, Any],
          rss_before: int, rss_after: int) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for kind in kinds:
        mine = [(s, t) for n, s, t in results if n == kind.name]
        statuses = sorted({s for s, _ in mine})
        times = [t for _, t in mine]
        rows.append({
            "request": kind.name, "sent": len(mine),
            "answered status": ", ".join(str(s) for s in statuses),
            "median s": round(statistics.median(times), 3),
            "p99 s": round(_percentile(times, 99), 3), "slowest s": round(max(times), 3),
            "expected": kind.expected,
            "goal met": "yes" if statuses == [kind.expected] else "NO"})
    lat: list[float] = probe["lat"]
    p99 = _percentile(lat, 99)
    rows.append({
        "request": f"GET /healthz every 20 ms meanwhile (server RSS {rss_before // 1024} MB "
                   f"before, {rss_after // 1024} MB after)",
        "sent": len(lat), "answered status": f"200 x {len(lat) - probe['bad']}"
        + (f", failed {probe['bad']}" if probe["bad"] else ""),
        "median s": round(statistics.median(lat), 4), "p99 s": round(p99, 4),
        "slowest s": round(max(lat), 4), "expected": "p99 < 0.1 s",
        "goal met": "yes" if p99 < 0.1 and not probe["bad"] else "NO"})
    return rows
