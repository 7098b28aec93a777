"""The README's regime section shows the example files the tests run, so it cannot rot."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

from typer.testing import CliRunner

from unsc.cli import app

ROOT = Path(__file__).resolve().parents[2]


def section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("<!-- section: regime -->")
    end = text.index("<!-- section:", start + 10)
    return text[start:end]


def test_readme_examples_are_the_tested_files() -> None:
    blocks = re.findall(r"```(json|csv)\n(.*?)```", section(), re.S)
    files = {"shipment_coal.json", "ledger.csv", "exemption_request.json"}
    texts = {(ROOT / "docs" / "examples" / f).read_text(encoding="utf-8") for f in files}
    assert {body for _, body in blocks} == texts
    for kind, body in blocks:
        if kind == "json":
            json.loads(body)


def test_readme_regime_commands_run() -> None:
    runner = CliRunner()
    commands = re.findall(r"^unsc (regime [^#\n]+)", section(), re.M)
    assert len(commands) == 9
    for line in commands:
        args = [a.replace("docs/", str(ROOT / "docs") + "/") for a in shlex.split(line)]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (line, result.output)
        json.loads(result.stdout)


def test_per_regime_counts_in_the_docs_are_current() -> None:
    """docs/regimes.md is generated from the data files; regenerate it after a data change:
    `python -m unsc.regime.report > docs/regimes.md`."""
    from unsc.regime.report import counts, render

    doc = (ROOT / "docs" / "regimes.md").read_text(encoding="utf-8")
    assert doc == render(), "docs/regimes.md is stale: python -m unsc.regime.report"
    iran = counts("1737")
    assert iran["status"] == "active" and int(str(iran["unverified"])) > 0
    assert "| 2048 | Guinea-Bissau | active |" in doc
