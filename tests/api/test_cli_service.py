"""`unsc serve` (a real subprocess) and the README service section's commands, so the
docs cannot rot."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import httpx
from typer.testing import CliRunner

from tests.api.server import free_port
from unsc.cli import app

ROOT = Path(__file__).resolve().parents[2]
UNSC = Path(sys.executable).parent / "unsc"


def test_serve_prints_bootstrap_key_and_how_to_load(unsc_home: Path) -> None:
    port = free_port()
    env = {**os.environ, "UNSC_HOME": str(unsc_home), "COLUMNS": "200"}
    proc = subprocess.Popen([str(UNSC), "serve", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines: list[str] = []
        assert proc.stdout is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            lines.append(line)
            if "Serving on" in line or not line:
                break
        out = "".join(lines)
        assert "one-time admin key" in out, out
        assert "unsc lists load" in out and "unsc lists update" in out
        assert f"http://127.0.0.1:{port}/ui/" in out
        key = re.search(r"(unsc_[A-Za-z0-9_-]{20,})", out)
        assert key, out
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                httpx.get(url + "/healthz")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        keys = httpx.get(url + "/keys", headers={"Authorization": f"ApiKey {key.group(1)}"})
        assert keys.status_code == 200 and keys.json()[0]["role"] == "admin"
        # Screening with no list loaded: 503 with the how-to in the message.
        empty = httpx.post(url + "/screen", json={"name": "x"},
                           headers={"Authorization": f"ApiKey {key.group(1)}"})
        assert empty.status_code == 503 and "unsc lists load" in empty.json()["detail"]
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        if proc.stdout is not None:
            proc.stdout.close()


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("<!-- section: service -->", 1)[1].split("<!-- section:", 1)[0]
    found: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S):
        found += [line[2:] for line in block.splitlines() if line.startswith("$ unsc ")]
    return found


def test_readme_service_commands_run(shared_data: Path, tmp_path: Path) -> None:
    commands = _readme_commands()
    assert len(commands) >= 7
    runner = CliRunner()
    for command in commands:
        args = shlex.split(command)[1:]
        if args[0] == "serve":
            continue  # covered by the subprocess test above
        args = [a.replace("../shared/data", str(shared_data)) for a in args]
        args = [str(tmp_path / a) if a.endswith((".jsonl", ".json")) and "/" not in a else a
                for a in args]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, f"{command}: {result.output}"
        if "--json" in args:
            json.loads(result.stdout)
    assert (tmp_path / "audit.jsonl").read_text().count("\n") >= 2
