"""CLI screenings are audited as the README says: `unsc screen name` like an API
screening, `unsc screen batch` by the SHA-256 of its input and output; UNSC_CLI_AUDIT=0
turns both off."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unsc.cli import app
from unsc.compliance import audit
from unsc.lists import service as lists_service

runner = CliRunner()


@pytest.fixture
def dprk_list(shared_data: Path) -> None:
    lists_service.load_list(shared_data / "un" / "un_1718_dprk_only_2015-03-17.xml")


def test_screen_name_is_audited(dprk_list: None) -> None:
    out = runner.invoke(app, ["screen", "name", "Yun Ho Jin", "--birth-date", "1944-10-13",
                              "--json"])
    assert out.exit_code == 0, out.output
    hits = json.loads(out.stdout)
    [rec], total = audit.list_records(action="screen")
    assert total == 1 and rec.actor.startswith("cli")
    assert rec.payload["query"]["name"] == "Yun Ho Jin"
    assert rec.payload["query"]["birth_date"] == "1944-10-13"
    assert [r["entity_id"] for r in rec.payload["results"]] == [h["entity_id"] for h in hits]
    assert rec.payload["versions"][0]["list"] == "un-1718"  # the list this file is


def test_screen_batch_is_audited_by_content(dprk_list: None, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNSC_SCREENING_WORKERS", "1")
    src, dst = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text("id,name\nc1,Yun Ho Jin\nc2,Nobody Listed Here\n", encoding="utf-8")
    out = runner.invoke(app, ["screen", "batch", str(src), "-o", str(dst), "--json"])
    assert out.exit_code == 0, out.output
    [rec], _ = audit.list_records(action="screen.batch.file")
    assert rec.payload["input_sha256"] == hashlib.sha256(src.read_bytes()).hexdigest()
    assert rec.payload["output_sha256"] == hashlib.sha256(dst.read_bytes()).hexdigest()
    assert rec.payload["queries"] == 2 and rec.payload["matches"] >= 1
    assert audit.verify().ok


def test_cli_audit_setting_turns_it_off(dprk_list: None, monkeypatch: pytest.MonkeyPatch,
                                        ) -> None:
    monkeypatch.setenv("UNSC_CLI_AUDIT", "0")
    assert runner.invoke(app, ["screen", "name", "Yun Ho Jin"]).exit_code == 0
    assert audit.list_records(action="screen")[1] == 0
