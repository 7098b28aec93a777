"""Bounded work per request, over real HTTP on a real server: the key is checked before
the body is read, bodies are bounded before parsing, JSON depth and names per query are
bounded, and screening time per request is bounded by stopping the work (the server's
CPU goes quiet) while /healthz keeps answering. Two server processes on one SQLite store
serve interleaved requests without a failure. The server here runs with
UNSC_API_REQUEST_SECONDS=3 so the time bound is reached quickly, and list uploads are
bounded at UNSC_MAX_LIST_BYTES=1000000."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.server import Server, prepared_home, running_server

SECONDS = 3.0


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("guard-home")
    with running_server(home, [shared_data / "un" / "un_consolidated_2026-05-08.xml"],
                        env={"UNSC_API_REQUEST_SECONDS": str(SECONDS),
                             "UNSC_MAX_LIST_BYTES": "1000000"}) as srv:
        yield srv


def _auth(server: Server) -> dict[str, str]:
    return {"Authorization": f"ApiKey {server.keys['viewer']}"}


def _partial(server: Server, declared: int, key: str | None) -> tuple[int, float]:
    """POST declaring ``declared`` bytes but sending only 64 KB; (status, seconds)."""
    host, port = server.url.removeprefix("http://").split(":")
    started = time.perf_counter()
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall((f"POST /screen HTTP/1.1\r\nHost: {host}\r\nContent-Type: "
                      f"application/json\r\nContent-Length: {declared}\r\n"
                      + (f"Authorization: ApiKey {key}\r\n" if key else "") + "\r\n").encode())
        with contextlib.suppress(OSError):  # already answered and closed
            sock.sendall(b'{"name": "' + b"x" * 65536)
        data = b""
        while b"\r\n" not in data:
            chunk = sock.recv(4096)
            assert chunk, "closed without an answer"
            data += chunk
    return int(data.split(b" ", 2)[1]), time.perf_counter() - started


def _rss_mb(pid: int) -> float:
    line = next(x for x in Path(f"/proc/{pid}/status").read_text().splitlines()
                if x.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_the_key_is_checked_before_the_body_is_read(guarded: Server) -> None:
    before = _rss_mb(guarded.pid)
    for _ in range(5):
        status, seconds = _partial(guarded, 46_000_000, None)
        # Answered although 45.9 MB were never sent: the server did not wait for them.
        assert status == 401 and seconds < 2
    assert _rss_mb(guarded.pid) - before < 20
    malformed = httpx.post(guarded.url + "/screen", content=b'{"name": ',
                           headers={"Content-Type": "application/json"})
    assert malformed.status_code == 401  # not 422: nobody parses a stranger's body


def test_bodies_over_the_limit_are_refused_unread(guarded: Server) -> None:
    status, seconds = _partial(guarded, 46_000_000, guarded.keys["viewer"])
    assert status == 413 and seconds < 2

    def chunks() -> Iterator[bytes]:
        for _ in range(48):  # 3 MB, no Content-Length
            yield b" " * 65536

    chunked = httpx.post(guarded.url + "/screen", content=chunks(),
                         headers={**_auth(guarded), "Content-Type": "application/json"})
    assert chunked.status_code == 413 and "api_max_body_bytes" in chunked.json()["detail"]
    near = httpx.post(guarded.url + "/screen", headers=_auth(guarded), timeout=30,
                      json={"name": "Ri Won Ho", "note": "x" * 1_900_000})
    assert near.status_code == 200  # just under the 2 MB default: read and answered


def test_deep_json_and_too_many_names_are_422(guarded: Server) -> None:
    with httpx.Client(base_url=guarded.url, headers=_auth(guarded), timeout=30) as c:
        deep = c.post("/match/default", content=b'{"queries": ' + b"[" * 2000 + b"]" * 2000
                      + b"}", headers={"Content-Type": "application/json"})
        assert deep.status_code == 422 and "api_max_json_depth" in deep.json()["detail"]
        names = [f"Kim Chol {i}" for i in range(2000)]
        many = c.post("/match/default", json={"queries": {"q": {
            "schema": "Person", "properties": {"name": names}}}})
        assert many.status_code == 422
        assert "2000 property values" in many.json()["detail"]
        assert "api_max_batch" in many.json()["detail"]
        ok = c.post("/match/default", json={"queries": {"q": {
            "schema": "Person", "properties": {"name": names[:50]}}}})
        assert ok.status_code == 200
        over = c.post("/match/default", json={"queries": {
            f"q{i}": {"properties": {"name": ["Kim"]}} for i in range(501)}})
        assert over.status_code == 422


def _heavy_body(tag: str) -> dict[str, object]:
    """2,000 distinct 490-character names in 4 queries: within every count and size
    bound, but far more screening than the 3 s this server allows."""
    base = "Kim Jong Un Ri Won Ho Pak Chol Su Yun Ho Jin Choe Ryong Hae " * 10
    return {"queries": {f"q{q}": {"schema": "Person", "properties": {"name": [
        f"{tag} {q} {i} {base}"[:490] for i in range(500)]}} for q in range(4)}}


def test_time_bound_stops_the_work_and_healthz_keeps_answering(guarded: Server) -> None:
    results: list[tuple[int, float]] = []

    def heavy(n: int) -> None:
        started = time.perf_counter()
        r = httpx.post(guarded.url + "/match/default", json=_heavy_body(f"T{n}"),
                       headers=_auth(guarded), timeout=60)
        results.append((r.status_code, time.perf_counter() - started))

    threads = [threading.Thread(target=heavy, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    probes: list[float] = []
    light: list[tuple[int, float]] = []
    with httpx.Client(base_url=guarded.url, timeout=10) as c:
        while any(t.is_alive() for t in threads):
            started = time.perf_counter()
            assert c.get("/healthz").status_code == 200
            probes.append(time.perf_counter() - started)
            if len(probes) % 25 == 1:
                started = time.perf_counter()
                r = c.post("/screen", json={"name": f"Ri Won Ho {len(probes)}"},
                           headers=_auth(guarded))
                light.append((r.status_code, time.perf_counter() - started))
            time.sleep(0.02)
    for t in threads:
        t.join()
    assert [s for s, _ in results] == [503, 503, 503]
    assert all(seconds < SECONDS + 2 for _, seconds in results), results
    assert len(probes) > 20 and max(probes) < 1.0, max(probes)
    assert light and all(s == 200 and t < 2.0 for s, t in light), light
    # The stopped requests do not keep running: the server's CPU goes quiet.
    cpu = _cpu_seconds(guarded.pid)
    time.sleep(1.0)
    assert _cpu_seconds(guarded.pid) - cpu < 0.3


def test_two_servers_on_one_store_do_not_clash(guarded: Server) -> None:
    with running_server(guarded.home, [], made=guarded.keys) as second:
        failures: list[str] = []
        names: list[str] = []

        def client(n: int) -> None:
            with httpx.Client(headers=_auth(guarded), timeout=60) as c:
                for i in range(40):
                    url = (guarded.url, second.url)[i % 2]
                    name = f"Two Servers {n} {i}"
                    r = c.post(url + "/screen", json={"name": name})
                    (names if r.status_code == 200 else failures).append(
                        name if r.status_code == 200 else r.text)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert failures == [] and len(names) == 240
    with prepared_home(guarded.home):
        from unsc.compliance import audit

        screened = {r.payload["query"]["name"] for r in audit.iter_records()
                    if r.action == "screen"}
        assert set(names) <= screened
        assert audit.verify().ok


def test_over_long_names_are_refused_fast_with_the_setting_named(guarded: Server) -> None:
    with httpx.Client(base_url=guarded.url, headers=_auth(guarded), timeout=30) as c:
        for name in ("Kim Jong Un " * 1000, "x" * 100_000):
            started = time.perf_counter()
            r = c.post("/screen", json={"name": name})
            body = r.json()
            assert (r.status_code, body["error"]) == (422, "LimitError")
            assert "UNSC_MAX_NAME_CHARS" in body["detail"]
            assert time.perf_counter() - started < 2


def test_unreadable_birth_dates_come_back_as_warnings(guarded: Server) -> None:
    with httpx.Client(base_url=guarded.url, headers=_auth(guarded), timeout=30) as c:
        one = c.post("/screen", json={"name": "Yun Ho Jin", "birth_date": "1999-99-99"})
        assert one.status_code == 200 and one.json()["hits"]
        assert any("1999-99-99" in w for w in one.json()["warnings"])
        batch = c.post("/screen/batch", json={"queries": [
            {"name": "Yun Ho Jin", "birth_date": "1999-99-99"}, {"name": "Ri Won Ho"}]})
        first, second = batch.json()["results"]
        assert any("1999-99-99" in w for w in first["warnings"]) and second["warnings"] == []
        match = c.post("/match/default", json={"queries": {"q": {
            "schema": "Person", "properties": {"name": ["Yun Ho Jin"],
                                               "birthDate": ["1999-99-99"]}}}})
        answer = match.json()["responses"]["q"]
        assert answer["status"] == 200 and answer["results"]
        assert any("1999-99-99" in w for w in answer["warnings"])


def test_list_uploads_over_their_bound_are_413_and_load_nothing(guarded: Server) -> None:
    admin = {"Authorization": f"ApiKey {guarded.keys['admin']}"}
    before = httpx.get(guarded.url + "/lists/versions", headers=admin).json()
    big = b"<CONSOLIDATED_LIST>" + b" " * 3_000_000
    declared = httpx.post(guarded.url + "/lists/load", headers=admin, timeout=60,
                          files={"file": ("big.xml", big, "application/xml")})
    assert declared.status_code == 413

    def stream() -> Iterator[bytes]:  # the same upload, chunked: counted as it arrives
        boundary = b"--unscboundary"
        yield (boundary + b'\r\nContent-Disposition: form-data; name="file"; '
               b'filename="big.xml"\r\nContent-Type: application/xml\r\n\r\n')
        for start in range(0, len(big), 65536):
            yield big[start:start + 65536]
        yield b"\r\n" + boundary + b"--\r\n"

    chunked = httpx.post(guarded.url + "/lists/load", content=stream(), timeout=60, headers={
        **admin, "Content-Type": "multipart/form-data; boundary=unscboundary"})
    assert chunked.status_code == 413, chunked.text
    assert httpx.get(guarded.url + "/lists/versions", headers=admin).json() == before
