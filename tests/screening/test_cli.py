"""The three public `unsc screen` commands (name, batch, pairs) on the real lists."""

from __future__ import annotations

import csv
import json
import shlex
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from typer.testing import CliRunner

from unsc.cli import app
from unsc.screening import screen_batch

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_screen_name_json(loaded_store: Path) -> None:
    result = runner.invoke(app, ["screen", "name", "Ri Won Ho", "--birth-date", "1964-07-17",
                                 "--nationality", "KP", "--schema", "Person", "--limit", "3",
                                 "--json"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert 1 <= len(hits) <= 3
    un = next(h for h in hits if h["list"] == "un")
    assert un["reference_number"] == "KPi.033" and un["match"] is True
    assert {"entity_id", "caption", "schema", "score", "matched_name", "explanation",
            "features"} <= set(un)


def test_screen_name_by_id_number_and_table(loaded_store: Path) -> None:
    result = runner.invoke(app, ["screen", "name", "", "--id-number", "381310014",
                                 "--threshold", "0.9"])
    assert result.exit_code == 0, result.output
    assert "KPi.033" in result.stdout and "MATCH" in result.stdout


def test_screen_name_without_lists_fails_clearly(tmp_path: Path) -> None:
    proc = subprocess.run([str(ROOT / ".venv" / "bin" / "unsc"), "screen", "name", "Kim"],
                          capture_output=True, text=True, check=False,
                          env={"UNSC_HOME": str(tmp_path), "PATH": str(Path(sys.executable)
                                                                       .parent)})
    assert proc.returncode != 0
    assert "ServiceUnavailableError" in proc.stderr and "unsc lists load" in proc.stderr


def test_screen_batch_csv_with_bad_rows(loaded_store: Path, tmp_path: Path) -> None:
    """Odd rows are screened with a warning, never skipped: one group per input row."""
    src = tmp_path / "in.csv"
    src.write_text("id,name,schema,birth_date,nationality,id_number\n"
                   "c1,Ri Won-ho,Person,1964-07-17,KP,\n"
                   "c2,Xqzvw Plorkt,,,,\n"
                   ",Ri Won Ho,,,,\n"
                   "c4,Jo Yong Chol,Person,30/09/1973,,\n"
                   "c5,,,,,381310014\n"
                   "c6,KOMID,Organisation,,,\n"
                   "c7,,,,,\n"
                   "c8,Ri Won Ho,,not a date,,\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["screen", "batch", str(src), "--output", str(out),
                                 "--limit", "2", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["queries"] == 8
    assert report["with_warnings"] == 4
    assert [p["record"] for p in report["problems"]] == ["line 4", "line 7", "line 8", "line 9"]
    rows = _rows(out)
    assert list(rows[0]) == ["id", "row", "rank", "entity_id", "reference_number", "list",
                             "score", "match", "matched_name", "explanation", "warnings"]
    by_row: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_row.setdefault(row["row"], []).append(row)
    assert sorted(by_row, key=int) == [str(n) for n in range(2, 10)]
    assert any(r["reference_number"] == "KPi.033" and r["match"] == "true" for r in by_row["2"])
    assert all(r["warnings"] == "" for r in by_row["2"])
    assert not any(r["match"] == "true" for r in by_row["3"])
    assert by_row["4"][0]["id"] == "" and by_row["4"][0]["warnings"] == "empty id"
    assert any(r["reference_number"] == "KPi.033" for r in by_row["4"])
    assert any(r["reference_number"] == "KPi.033" for r in by_row["6"])
    assert "unknown schema 'Organisation'" in by_row["7"][0]["warnings"]
    assert any(r["reference_number"] == "KPe.001" for r in by_row["7"])
    assert by_row["8"] == [{**by_row["8"][0], "rank": "", "entity_id": "", "match": "false"}]
    assert by_row["8"][0]["warnings"].startswith("not screened: ")
    assert "could not be read" in by_row["9"][0]["warnings"]
    assert any(r["reference_number"] == "KPi.033" and r["match"] == "true" for r in by_row["9"])
    assert all(len(v) <= 2 for v in by_row.values())
    assert all(r["warnings"] == by_row[r["row"]][0]["warnings"] for r in rows)


def test_screen_batch_parquet_in_parallel(loaded_store: Path, tmp_path: Path) -> None:
    names = ["Ri Won Ho", "Jo Yong Chol", "Xqzvw Plorkt", "Kim Yong Chol"] * 150
    src = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": [f"q{i}" for i in range(len(names))], "name": names}), src)
    out = tmp_path / "out.parquet"
    seen: list[tuple[int, int]] = []
    report = screen_batch(src, out, limit=1, progress=lambda d, t: seen.append((d, t)),
                          chunk_size=100)
    assert report.queries == 600 and report.workers >= 1
    assert len(seen) == 6 and seen[-1] == (600, 600)
    table = pq.read_table(out).to_pylist()
    assert len(table) == 600  # limit 1: one row per query, hit or not
    assert [r["id"] for r in table[:4]] == ["q0", "q1", "q2", "q3"]
    assert table[0]["match"] == "true" and table[2]["match"] == "false"


def test_screen_pairs(tmp_path: Path) -> None:
    src = tmp_path / "pairs.csv"
    src.write_text("id,name1,name2,schema\n"
                   "p1,Ri Won-ho,RI WON HO,Person\n"
                   "p2,KIM YONG CHOL,KIM SONG CHOL,Person\n"
                   "p3,Korea Mining Development Trading Corp,KOREA MINING DEVELOPMENT "
                   "TRADING CORPORATION,Organization\n"
                   "p4,,missing,\n", encoding="utf-8")
    out = tmp_path / "scores.csv"
    result = runner.invoke(app, ["screen", "pairs", str(src), "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in _rows(out)}
    assert list(rows) == ["p1", "p2", "p3", "p4"]
    assert rows["p1"]["match"] == "true" and float(rows["p1"]["score"]) == 1.0
    assert rows["p2"]["match"] == "false"
    assert rows["p3"]["match"] == "true"
    assert rows["p4"] == {"id": "p4", "row": "5", "score": "", "match": "false",
                          "warnings": "empty name1"}
    assert "line 5" in result.stderr or "line 5" in result.output


def test_readme_screening_examples_run(loaded_store: Path) -> None:
    """The README's `unsc screen name/features` examples run (docs cannot rot)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("<!-- section: screening -->")[1].split("<!-- section:")[0]
    commands = [shlex.split(line[2:]) for line in section.splitlines()
                if line.startswith("$ unsc screen name") or line.startswith("$ unsc screen feat")]
    assert len(commands) >= 4
    for argv in commands:
        result = runner.invoke(app, argv[1:])
        assert result.exit_code == 0, (argv, result.output)
    assert "KPi.034" in runner.invoke(app, commands[1][1:]).stdout
