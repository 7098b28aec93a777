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


def _leaf_commands() -> list[tuple[str, object]]:
    import typer

    from unsc.cli.reference import _walk

    root = typer.main.get_command(app)
    return [(" ".join(path), cmd) for path, cmd in _walk(root, ("unsc",))
            if not getattr(cmd, "commands", None)]


def test_every_command_has_json() -> None:
    missing = [name for name, cmd in _leaf_commands()
               if "--json" not in [o for p in cmd.params for o in p.opts]]  # type: ignore[attr-defined]
    assert not missing, f"commands without --json: {missing}"


def test_cli_reference_is_current() -> None:
    """docs/cli.md is generated from the commands; regenerate it after changing one."""
    from unsc.cli.reference import reference_markdown

    doc = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
    assert doc.read_text(encoding="utf-8") == reference_markdown(app), (
        "docs/cli.md is stale: run `python -m unsc.cli.reference > docs/cli.md`")
    for name, _cmd in _leaf_commands():
        assert f"## `{name}`" in doc.read_text(encoding="utf-8")
