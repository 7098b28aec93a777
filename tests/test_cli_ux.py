"""The command line as people read it: ``--version``, the audit export on stdout, tables
that never cut a reference number at 80 columns, and the S/2022/431 timeline's
reconstruction labels in the normal (not only the --json) output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from unsc import __version__
from unsc.cli import app
from unsc.compliance import audit

UNSC = Path(sys.executable).with_name("unsc")


def _run(*args: str, columns: int = 80) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": str(columns)}
    return subprocess.run([str(UNSC), *args], capture_output=True, text=True, check=False,
                          env=env)


def test_version() -> None:
    done = _run("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"unsc {__version__}"


def test_audit_export_defaults_to_stdout(tmp_path: Path) -> None:
    for n in range(3):
        audit.record("test.event", {"n": n}, "tester")
    result = CliRunner().invoke(app, ["audit", "export"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == audit.list_records(1)[1] >= 3
    assert [r["seq"] for r in lines] == sorted(r["seq"] for r in lines)
    assert [r["payload"]["n"] for r in lines if r["action"] == "test.event"] == [0, 1, 2]
    target = tmp_path / "trail.jsonl"
    to_file = CliRunner().invoke(app, ["audit", "export", "-o", str(target), "--json"])
    assert json.loads(to_file.stdout)["records"] == len(lines)
    assert target.read_text(encoding="utf-8").count("\n") == len(lines)


def test_tables_keep_reference_numbers_whole_at_80_columns(shared_data: Path) -> None:
    for name in ("ofac/ofac_consolidated_nonsdn_2025-03-28.xml",
                 "un/un_consolidated_2026-05-08.xml"):
        assert _run("lists", "load", str(shared_data / name)).returncode == 0
    versions = _run("lists", "versions", columns=60)
    for version in ("ofac-nonsdn-2025-03-28", "un-2026-05-08"):
        assert version in versions.stdout, versions.stdout
    assert "…" not in versions.stdout
    found = _run("screen", "name", "Korea Kwangson Banking Corporation", "--limit", "5")
    assert found.returncode == 0 and "…" not in found.stdout, found.stdout
    refs = json.loads(_run("screen", "name", "Korea Kwangson Banking Corporation", "--limit",
                           "5", "--json").stdout)
    for hit in refs:
        assert (hit["reference_number"] or hit["entity_id"]) in found.stdout


def test_draft_timeline_shows_its_reconstruction_labels() -> None:
    assert _run("council", "draft", "example").returncode == 0
    replay = _run("council", "draft", "replay", "S/2022/431")
    assert replay.returncode == 0
    assert replay.stdout.count("RECONSTRUCTION") >= 5  # zero draft + four revisions
    assert "verified: 13-2-0" in replay.stdout and "…" not in replay.stdout
    listed = _run("council", "draft", "list").stdout
    assert "S/2022/431" in listed and "S-2022-431" not in listed
    shown = _run("council", "draft", "show", "S/2022/431", columns=100).stdout
    assert "Draft S/2022/431" in shown and shown.count("RECONSTRUCTION") == 5
