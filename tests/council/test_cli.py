"""The public `unsc council` CLI contracts, end to end through CliRunner on unsc.cli.app,
and the README council section's examples run as tests (docs cannot rot)."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from unsc.cli import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def run_json(*args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_vote_contract() -> None:
    data = run_json("council", "vote", "--year", "2022", "--for", "rest", "--against", "CHN,RUS")
    assert {k: data[k] for k in ("outcome", "yes", "no", "abstain", "absent", "vetoed_by")} == {
        "outcome": "not_adopted_veto", "yes": 13, "no": 2, "abstain": 0, "absent": 0,
        "vetoed_by": ["CHN", "RUS"]}
    assert "owing to the negative vote of a permanent member" in data["announcement"]


def test_vote_options() -> None:
    data = run_json("council", "vote", "--year", "2024", "--for", "rest", "--against", "USA",
                    "--procedural")
    assert data["outcome"] == "adopted" and data["vetoed_by"] == []
    data = run_json("council", "vote", "--year", "2023", "--for", "ALB,BRA,GAB", "--abstain",
                    "rest")
    assert data["outcome"] == "not_adopted_insufficient_votes" and data["abstain"] == 12
    data = run_json("council", "vote", "--year", "2022", "--for", "rest", "--absent", "RUS",
                    "--abstain", "CHN")
    assert data["outcome"] == "adopted" and data["absent"] == 1


@pytest.mark.parametrize(("args", "message"), [
    (["--for", "rest", "--against", "CHN,CHN"], "CHN votes twice"),
    (["--for", "DEU"], "DEU is not a member of the Security Council in 2022"),
    (["--for", "QQQ"], "unknown country code 'QQQ'"),
])
def test_vote_errors_exit_non_zero_with_a_message(args: list[str], message: str) -> None:
    result = run("council", "vote", "--year", "2022", *args, "--json")
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_veto_initiative_contract() -> None:
    data = run_json("council", "veto-initiative", "--veto-date", "2022-05-26", "--debate-date",
                    "2022-06-08")
    assert {k: data[k] for k in ("meeting_due_by", "special_report_due_by",
                                 "debate_working_day", "debate_within_deadline")} == {
        "meeting_due_by": "2022-06-10", "special_report_due_by": "2022-06-05T00:00",
        "debate_working_day": 8, "debate_within_deadline": True}
    data = run_json("council", "veto-initiative", "--veto-date", "2023-08-30")
    assert data["meeting_due_by"] == "2023-09-14"
    assert data["special_report_due_by"] is None and data["debate_working_day"] is None
    known = run_json("council", "veto-initiative", "--veto-date", "2024-03-28")
    assert known["speakers_precedence"] == ["RUS"]  # OP2, from the shipped veto history
    assert [v["draft"] for v in known["vetoes_on_date"]] == ["S/2024/255"]
    given = run_json("council", "veto-initiative", "--veto-date", "2024-03-28", "--vetoed-by",
                     "CHN")
    assert given["speakers_precedence"] == ["CHN"]
    result = run("council", "veto-initiative", "--veto-date", "2023-02-29", "--json")
    assert result.exit_code == 2 and "InvalidDateError" in result.output


def test_vetoes_contract(tmp_path: Path, shared_data: Path) -> None:
    path = shared_data / "vetoes" / "unsc_vetoes_1946_sept2022.csv"
    for by in ("member", "topic", "decade"):
        data = run_json("council", "vetoes", "--by", by, "--file", str(path))
        assert data["by"] == by and sum(r["count"] for r in data["counts"]) >= 231
    chart = tmp_path / "v.svg"
    result = run("council", "vetoes", "--by", "member", "--chart", str(chart), "--file", str(path))
    assert result.exit_code == 0 and chart.read_text(encoding="utf-8").count("<svg") == 1
    assert run("council", "vetoes", "--by", "colour").exit_code == 2


def test_draft_commands(tmp_path: Path) -> None:
    shown = run_json("council", "draft", "example", "S/2022/431")
    assert shown["outcome"] == "not_adopted_veto" and shown["vote"]["tally"] == "13-2-0"
    assert run_json("council", "draft", "list")[0]["symbol"] == "S/2022/431"
    replay = run_json("council", "draft", "replay", "S/2022/431")
    assert replay["tally"] == "13-2-0" and replay["steps"][-1]["state"] == "voted"
    diff = run_json("council", "draft", "diff", "S/2022/431", "0", "4")
    assert 'replaced "50 %" with "25 %"' in diff["summary"]
    out = tmp_path / "d.json"
    assert run("council", "draft", "export", "S-2022-431", "--out", str(out)).exit_code == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    exported["id"] = "copy"
    out.write_text(json.dumps(exported), encoding="utf-8")
    assert run_json("council", "draft", "import", str(out))["id"] == "copy"
    again = run("council", "draft", "import", str(out))
    assert again.exit_code == 4 and "already exists" in again.output
    refused = run("council", "draft", "event", "copy", "revision", "--date", "2022-06-01",
                  "--data", '{"text": "late"}')
    assert refused.exit_code == 4 and "already voted" in refused.output
    assert len(run_json("council", "draft", "export", "copy")["events"]) == 13


def test_draft_import_rejects_an_illegal_timeline_and_stores_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"id": "bad", "events": [
        {"type": "created", "date": "2024-01-01", "penholders": ["FRA"]},
        {"type": "zero_draft", "date": "2024-01-02", "text": "x"},
        {"type": "vote", "date": "2024-01-03", "yes": ["rest"]}]}), encoding="utf-8")
    result = run("council", "draft", "import", str(bad))
    assert result.exit_code == 4 and "only on a draft in blue" in " ".join(result.output.split())
    assert run_json("council", "draft", "list") == []
    (tmp_path / "junk.json").write_text("{not json", encoding="utf-8")
    assert run("council", "draft", "import", str(tmp_path / "junk.json")).exit_code == 2


def test_members_contract() -> None:
    data = run_json("council", "members", "--year", "2026")
    assert len(data["members"]) == 15 and sum(m["permanent"] for m in data["members"]) == 5
    assert run("council", "members", "--year", "2014").exit_code == 3


def _readme_examples() -> list[tuple[str, list[str]]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("<!-- section: council -->", 1)[1].split("<!-- section:", 1)[0]
    examples: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S):
        for line in block.splitlines():
            if line.startswith("$ "):
                examples.append((line[2:], []))
            elif examples:
                examples[-1][1].append(line)
    return examples


def _check_expected(expected: list[str], output: str) -> None:
    if expected[0].startswith("{"):
        shown = re.sub(r",\s*}", "}", "\n".join(x for x in expected if x.strip() != "..."))
        actual = json.loads(output)
        for key, value in json.loads(shown).items():
            assert actual[key] == value, key
    else:
        flat = " ".join(output.split())
        for line in expected:
            assert " ".join(line.split()) in flat


def test_readme_council_examples_run(tmp_path: Path, shared_data: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("UNSC_VETOES_FILE",
                       str(shared_data / "vetoes" / "unsc_vetoes_1946_sept2022.csv"))
    (tmp_path / "zero.txt").write_text("Decides to act.", encoding="utf-8")
    examples = _readme_examples()
    assert len(examples) >= 15
    for command, expected in examples:
        argv = shlex.split(command)
        assert argv[:2] == ["unsc", "council"], command
        result = runner.invoke(app, argv[1:])
        failing = bool(expected) and expected[0].startswith("error:")
        assert (result.exit_code != 0) == failing, (command, result.output)
        if expected:
            _check_expected(expected, result.output)
    assert (tmp_path / "vetoes.png").stat().st_size > 20_000


def test_installed_console_script_exit_codes(tmp_path: Path) -> None:
    """The real `unsc` entry point: JSON on stdout, a clear message and code 2 on bad input."""
    import os
    import subprocess
    import sys

    exe = Path(sys.executable).parent / "unsc"
    env = {**os.environ, "UNSC_HOME": str(tmp_path / "home")}
    ok = subprocess.run([str(exe), "council", "vote", "--year", "2022", "--for", "rest",
                         "--against", "CHN,RUS", "--json"], capture_output=True, text=True,
                        env=env, timeout=120, check=False)
    assert ok.returncode == 0 and json.loads(ok.stdout)["outcome"] == "not_adopted_veto"
    bad = subprocess.run([str(exe), "council", "vote", "--year", "2022", "--for", "FRA,FRA"],
                         capture_output=True, text=True, env=env, timeout=120, check=False)
    assert bad.returncode == 2 and "FRA votes twice" in bad.stderr
    assert "Traceback" not in bad.stderr
