"""The README's lists section runs as a test: every `$ unsc lists ...` example, in order,
in a fresh store, with the output it shows (docs cannot rot)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, shared_data_dir
from tests.lists._data import cli


def _examples() -> list[tuple[str, list[str]]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("<!-- section: lists -->"):text.index("<!-- section: screening")]
    found: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```sh\n(.*?)```", section, re.S):
        for line in block.splitlines():
            if line.startswith("$ unsc "):
                found.append((line[len("$ unsc "):], []))
            elif found:
                found[-1][1].append(line)
    return found


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_readme_lists_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    examples = _examples()
    assert len(examples) >= 15, "the lists section lost its examples"
    monkeypatch.chdir(tmp_path)  # exports write their --output here
    data = str(shared_data_dir())
    for command, expected in examples:
        command = command.replace("../shared/data", data)
        result = cli(*command.split())
        shown = [line.replace("../shared/data", data) for line in expected]
        errors = [line for line in shown if line.startswith("error: ")]
        if errors:
            assert result.exit_code != 0, command
            assert _flat(errors[0]) in _flat(result.stderr), (command, result.stderr)
            continue
        assert result.exit_code == 0, (command, result.output)
        if shown and shown[0] in ("{", "["):  # JSON: every line shown is in the output
            actual = {line.strip().rstrip(",") for line in result.stdout.splitlines()}
            for line in shown:
                if line.strip() not in ("...", "{", "}", "[", "]"):
                    assert line.strip().rstrip(",") in actual, (command, line)
        else:
            for line in shown:
                assert _flat(line) in _flat(result.stdout), (command, line, result.stdout)
