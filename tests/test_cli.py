"""The root CLI turns domain errors into one clear line and the class's exit code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from unsc.cli import app
from unsc.errors import InvalidDateError

UNSC = Path(sys.executable).with_name("unsc")


def test_error_becomes_message_and_exit_code() -> None:
    result = CliRunner().invoke(app, ["council", "veto-initiative", "--veto-date", "2022-13-01"])
    assert result.exit_code == InvalidDateError.exit_code
    assert "InvalidDateError" in result.output
    assert "Traceback" not in result.output


def test_console_script_prints_no_traceback() -> None:
    proc = subprocess.run([str(UNSC), "council", "veto-initiative", "--veto-date", "2022-02-30"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == InvalidDateError.exit_code
    assert "Traceback" not in proc.stderr
    assert "2022-02-30" in proc.stderr
