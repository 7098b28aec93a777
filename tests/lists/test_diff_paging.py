"""`unsc lists diff --page`: the paged report of the web diff page (the API's
`GET /lists/diff?page=` is checked in tests/api/test_api.py), on the real
2025-11-20 -> 2026-05-08 UN lists (11 added, 2 removed, 640 amended: counted
independently with lxml in test_diff_report.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lxml import etree
from typer.testing import CliRunner

from unsc.cli import app

runner = CliRunner()
OLD, NEW = "un-2025-11-20", "un-2026-05-08"


def _load(shared_data: Path) -> None:
    for day, extra in (("2026-05-08", []), ("2025-11-20", ["--historical"])):
        done = runner.invoke(app, ["lists", "load", str(shared_data / "un" /
                                                        f"un_consolidated_{day}.xml"), *extra])
        assert done.exit_code == 0, done.output


def _json(*args: str) -> Any:
    done = runner.invoke(app, ["lists", "diff", OLD, NEW, *args, "--json"])
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)


def _refs(path: Path) -> set[str]:
    root = etree.parse(str(path)).getroot()
    return {(el.findtext("REFERENCE_NUMBER") or "").strip()
            for el in [*root.iter("INDIVIDUAL"), *root.iter("ENTITY")]}


def test_cli_pages_the_report_and_filters_it(shared_data: Path) -> None:
    _load(shared_data)
    first = _json("--page", "1")
    assert {k: first["summary"][k] for k in ("added", "removed", "amended")} == \
        {"added": 11, "removed": 2, "amended": 640}
    assert first["page"] == 1 and first["per_page"] == 50 and len(first["rows"]) == 50
    assert first["pages"] == -(-first["matching"] // 50)
    # every page together holds every row once; added entries named as in the file
    rows = [r for p in range(1, first["pages"] + 1) for r in _json("--page", str(p))["rows"]]
    assert len(rows) == first["matching"]
    new_refs = _refs(shared_data / "un" / "un_consolidated_2026-05-08.xml")
    old_refs = _refs(shared_data / "un" / "un_consolidated_2025-11-20.xml")
    added = _json("--page", "1", "--kind", "added", "--per-page", "500")
    assert {r["ref"] for r in added["rows"]} == new_refs - old_refs
    assert all(r["caption"] != r["ref"] for r in added["rows"])  # a name, not a bare ref
    removed = _json("--kind", "removed", "--page", "1")["rows"]
    assert {r["ref"] for r in removed} == old_refs - new_refs
    names = _json("--field", "names", "--page", "1", "--per-page", "500")["rows"]
    assert names and {r["field"] for r in names} == {"names"}
    # without --page, --json is the whole diff as before
    whole = _json()
    assert len(whole["amended"]) == 640 and sorted(whole["added"]) == sorted(new_refs - old_refs)
    human = runner.invoke(app, ["lists", "diff", OLD, NEW])
    assert human.exit_code == 0, human.output
    text = " ".join(human.stdout.split())
    assert f"{OLD} -> {NEW}: 11 added, 2 removed, 640 amended" in text
    assert "next: --page 2" in text
    shown = [r for r in _json("--page", "1")["rows"] if r["kind"] == "added"]
    assert shown and all(r["ref"] in text and r["caption"].split()[0] in text for r in shown)
    beyond = runner.invoke(app, ["lists", "diff", OLD, NEW, "--page", "999"])
    assert beyond.exit_code == 2 and f"pages run from 1 to {first['pages']}" in \
        " ".join(beyond.output.split())
