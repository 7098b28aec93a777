"""Every tampering of the reliability table, done with SQL (and the key file where the
attacker holds it) on a real store, is caught by `unsc audit verify --checkpoint`; the
ones that need no audit key are caught even without the checkpoint.

The catalogue lives in bench/reliability/tamper.py so the test and docs/reliability.md
count the same cases; each case starts from a trail unsc itself wrote (keys, screenings,
alerts, decisions, a key rotation) and a checkpoint taken at its head."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bench.reliability.tamper import TAMPERINGS, Tampering, populate
from typer.testing import CliRunner

from unsc.cli import app
from unsc.compliance import audit

runner = CliRunner()


def _verify(*checkpoints: Path) -> tuple[int, dict[str, object]]:
    args = ["audit", "verify", "--json"]
    for path in checkpoints:
        args += ["--checkpoint", str(path)]
    out = runner.invoke(app, args)
    return out.exit_code, json.loads(out.stdout)


def test_the_untampered_trail_verifies_with_its_checkpoint(tmp_path: Path) -> None:
    checkpoint = populate()
    path = tmp_path / "cp.json"
    audit.write_checkpoint(path, checkpoint)
    code, result = _verify(path)
    assert code == 0, result
    assert result["checkpoints"] == 1 and result["checked"] == checkpoint["seq"]
    assert result["cross_checked"] == {"decisions": 2, "alerts": 3, "api_keys": 2}


def test_the_catalogue_is_whole() -> None:
    """TAMPERINGS parametrises the next test at import: an emptied or shortened catalogue
    would pass silently. 25 cases (counted in bench/reliability/tamper.py), names unique."""
    assert len(TAMPERINGS) == 25
    assert len({t.name for t in TAMPERINGS}) == 25


@pytest.mark.parametrize("tampering", TAMPERINGS, ids=[t.name for t in TAMPERINGS])
def test_tampering_is_caught(tampering: Tampering, tmp_path: Path) -> None:
    path = tmp_path / "cp.json"
    audit.write_checkpoint(path, populate())
    tampering.apply()
    code, result = _verify(path)
    assert code == 1 and result["ok"] is False, result
    assert result["message"]
    if tampering.without_checkpoint:
        code, result = _verify()
        assert code == 1 and result["ok"] is False, result


def test_doctored_checkpoints_are_refused(tmp_path: Path) -> None:
    checkpoint = populate()
    for field, value in (("seq", int(checkpoint["seq"]) - 1), ("hash", "0" * 64),
                         ("key_id", 1)):
        path = tmp_path / f"{field}.json"
        path.write_text(json.dumps({**checkpoint, field: value}), encoding="utf-8")
        code, result = _verify(path)
        assert code == 1 and "checkpoint" in str(result["message"]), field
    junk = tmp_path / "junk.json"
    junk.write_text('{"seq": 3}', encoding="utf-8")
    out = runner.invoke(app, ["audit", "verify", "--checkpoint", str(junk)])
    assert out.exit_code == 2 and "not an audit checkpoint" in out.output
