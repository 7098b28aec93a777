"""The newcomer's path without a network: ``scripts/run.sh`` with no argument cannot
download the UN list, says so in one line, loads the snapshot bundled with the package,
starts the service, and a screening of a listed name matches and says how old the list is.

"No network" is a list URL on a loopback port nothing listens on (connection refused, as
offline); everything else is the real script, the real package and the real service."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest

from tests.api.server import free_port, wait_healthy

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_run_sh_offline_starts_on_the_bundled_snapshot(tmp_path: Path) -> None:
    port, dead = free_port(), free_port()
    env = {**os.environ, "UNSC_HOME": str(tmp_path / "home"), "UNSC_DATABASE_URL": "",
           "UNSC_PORT": str(port), "UNSC_UN_LIST_URL": f"http://127.0.0.1:{dead}/list.xml"}
    proc = subprocess.Popen([str(ROOT / "scripts" / "run.sh")], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    lines: list[str] = []
    assert proc.stdout is not None
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout or []), daemon=True)
    reader.start()
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while not any(line.startswith("Serving on") for line in lines):
            assert proc.poll() is None, "run.sh exited:\n" + "".join(lines)
            assert time.monotonic() < deadline, "no service after 240 s:\n" + "".join(lines)
            time.sleep(0.2)
        wait_healthy(url, proc, 60, lambda: "".join(lines))
        out = [line for line in lines if not line.startswith("WARNING: Location")]
        text = "".join(out)
        said = [line for line in out if line.startswith("Could not load the current UN list")]
        assert len(said) == 1 and "download failed" in said[0] and "bundled" in said[0], text
        assert "loaded un-2026-05-08: 1009 entries" in text and "bundled snapshot" in text
        age = (datetime.now(UTC).date() - date(2026, 5, 8)).days
        assert f"{age} days old" in text and "unsc lists update" in text
        key = next(line.split()[0] for line in out if line.strip().startswith("unsc_"))
        answer = httpx.post(url + "/screen", json={"name": "Yun Ho Jin"}, timeout=30,
                            headers={"Authorization": f"ApiKey {key.strip()}"})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["hits"][0]["reference_number"] == "KPi.001"
        assert body["hits"][0]["match"] is True
        assert body["list_ages"] == [{
            "list": "un", "version": "un-2026-05-08", "published": "2026-05-08",
            "age_days": age, "stale": age > 7, "stale_after_days": 7,
            "message": body["list_ages"][0]["message"]}]
        assert f"{age} days old" in body["list_ages"][0]["message"]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        reader.join(timeout=10)
        proc.stdout.close()
