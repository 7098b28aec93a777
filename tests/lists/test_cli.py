"""`unsc lists ...` through the Typer app, JSON contracts, export and update over HTTP."""

from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.lists._data import assert_fails, cli, ofac_dir, un_dir, un_file
from unsc.errors import InvalidDateError, NotFoundError, UpstreamError
from unsc.lists.export import CSV_COLUMNS
from unsc.lists.readers import read_list


def test_load_versions_diff_show_json_contracts() -> None:
    for day in ("2017-06-30", "2017-07-03"):
        result = cli("lists", "load", str(un_file(day)), "--json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["created"] is True
    again = cli("lists", "load", str(un_file("2017-07-03")))
    assert again.exit_code == 0 and "already loaded" in again.stdout
    versions = json.loads(cli("lists", "versions", "--json").stdout)
    assert [v["version"] for v in versions] == ["un-2017-06-30", "un-2017-07-03"]
    for v in versions:
        assert v["list"] == "un" and set(v["counts"]) >= {"individuals", "entities",
                                                          "by_list_type"}
    assert versions[1]["counts"]["by_list_type"]["DPRK"] == 99
    diff = json.loads(cli("lists", "diff", "un-2017-06-30", "un-2017-07-03", "--json").stdout)
    assert set(diff) >= {"added", "removed", "amended"} and len(diff["removed"]) == 3
    shown = cli("lists", "show", "KPi.033", "--as-of", "2017-07-01", "--json")
    assert json.loads(shown.stdout)["reference_number"] == "KPi.033"
    human = cli("lists", "show", "KPi.033")
    assert human.exit_code == 0 and "RI WON HO" in human.stdout
    assert_fails(cli("lists", "show", "KPi.033", "--as-of", "2016-01-01"), NotFoundError,
                 "KPi.033")
    assert_fails(cli("lists", "show", "KPi.033", "--as-of", "2017-02-30"), InvalidDateError)
    assert_fails(cli("lists", "diff", "un-2017-06-30", "un-1999-01-01"), NotFoundError,
                 "un-1999-01-01")


def test_export_ftm_round_trip_and_csv_json(tmp_path: Path) -> None:
    from followthemoney import model

    cli("lists", "load", str(un_file("2026-05-08")))
    cli("lists", "load", str(ofac_dir() / "ofac_consolidated_nonsdn_2025-03-28.xml"))
    out = tmp_path / "un.ftm.json"
    result = cli("lists", "export", "--format", "ftm", "--version", "un-2026-05-08",
                 "--output", str(out), "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["entities"] == 1009
    header, *lines = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(header) == {
        "unsc_export": 1, "entities": 1009, "records": len(lines),
        "versions": [{"list": "un", "version": "un-2026-05-08", "published": "2026-05-08",
                      "generated": "2026-05-08T23:00:06.922Z", "entities": 1009,
                      "sha256": read_list(un_file("2026-05-08")).sha256}]}
    for line in lines:
        data = json.loads(line)
        model.get(data["schema"]).validate(data)  # raises on an invalid property
    original = {e.id: e for e in read_list(un_file("2026-05-08")).entities}
    back = read_list(out)
    assert back.list == "un" and len(back.entities) == len(original)
    # the source version's dates travel with the export: never "today"
    assert (back.published, back.generated) == ("2026-05-08", "2026-05-08T23:00:06.922Z")
    assert back.incomplete == ()
    identifier = model.get("Person").get("idNumber")
    lost = 0  # FtM refuses a "number" that is a sentence (known, counted, kept tiny)
    for entity in back.entities:
        source = original[entity.id]
        assert {n.value for n in entity.names} == {n.value for n in source.names}
        assert entity.reference_number == source.reference_number
        assert entity.programmes == source.programmes and entity.listed_on == source.listed_on
        numbers = {d.number for d in source.documents if d.number}
        valid = {n for n in numbers if identifier.validate([n]) is None}
        lost += len(numbers - valid)
        assert {d.number for d in entity.documents} == valid
        assert {b.value for b in entity.birth_dates} >= {b.value for b in source.birth_dates
                                                         if b.value}
    assert lost <= 1
    everything = cli("lists", "export", "--format", "csv")
    rows = list(csv.reader(io.StringIO(everything.stdout)))
    assert tuple(rows[0]) == CSV_COLUMNS and len(rows) == 1 + 1009 + 443
    as_json = json.loads(cli("lists", "export", "--format", "json", "--version",
                             "ofac-nonsdn-2025-03-28").stdout)
    assert len(as_json) == 443 and as_json[0]["list"] == "ofac-nonsdn"


@pytest.fixture
def un_server() -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(un_dir()))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_update_over_http(un_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNSC_UN_LIST_URL", f"{un_server}/un_consolidated_2026-05-08.xml")
    first = cli("lists", "update", "--json")
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    assert data["created"] and data["version"] == "un-2026-05-08"
    assert data["source"].startswith("http://127.0.0.1")
    again = json.loads(cli("lists", "update", "--json").stdout)
    assert again["created"] is False
    assert_fails(cli("lists", "update", "--url", f"{un_server}/nope.xml"), UpstreamError,
                 "404")
    monkeypatch.setenv("UNSC_MAX_LIST_BYTES", "100000")
    assert_fails(cli("lists", "update", "--url", f"{un_server}/un_consolidated_2025-11-20.xml"),
                 UpstreamError, "max_list_bytes")
    versions = json.loads(cli("lists", "versions", "--json").stdout)
    assert [v["version"] for v in versions] == ["un-2026-05-08"]
