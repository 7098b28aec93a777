"""The bundled UN list snapshot (for a first start offline) and the list-age notices.

The snapshot is checked against the real file in ../shared/data it was made from, loaded
into the per-test store through the ordinary reader, and refused when its bytes do not
match the manifest."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unsc.cli import app
from unsc.compliance import audit
from unsc.errors import ListFormatError
from unsc.lists import service, snapshot
from unsc.screening.service import screen
from unsc.screening.types import Query

PACKAGE_DATA = Path(snapshot.__file__).resolve().parents[1] / "data" / "un"


def test_the_snapshot_is_the_real_list_file_its_manifest_describes(shared_data: Path) -> None:
    snap = snapshot.bundled()
    original = (shared_data / "un" / "un_consolidated_2026-05-08.xml").read_bytes()
    assert snapshot.bundled_bytes() == original
    assert snap.sha256 == hashlib.sha256(original).hexdigest()
    packed = (PACKAGE_DATA / snap.file).read_bytes()
    assert snap.gzip_sha256 == hashlib.sha256(packed).hexdigest()
    assert snap.published == "2026-05-08" and snap.list == "un"
    # The only list file in the package: everything else under data/ is reference tables.
    shipped = [p.name for p in PACKAGE_DATA.parent.rglob("*") if p.suffix in (".xml", ".gz")]
    assert shipped == [snap.file]


def test_load_bundled_into_an_empty_store_then_keep_what_is_there() -> None:
    loaded, present = snapshot.load_bundled()
    assert present is None and loaded is not None and loaded.created
    assert loaded.version == "un-2026-05-08" and loaded.entities == 1009
    assert loaded.source.startswith("bundled snapshot ")
    hits = screen(Query(name="Yun Ho Jin", birth_date="1944-10-13"), limit=1)
    assert hits[0].entity.reference_number == "KPi.001" and hits[0].match
    again, kept = snapshot.load_bundled()
    assert again is None and kept is not None and kept.version == "un-2026-05-08"
    assert len(service.list_versions()) == 1


def test_a_store_with_another_un_version_keeps_it(shared_data: Path) -> None:
    service.load_list(shared_data / "un" / "un_consolidated_2025-11-20.xml")
    loaded, present = snapshot.load_bundled()
    assert loaded is None and present is not None and present.version == "un-2025-11-20"


def test_a_damaged_or_replaced_snapshot_is_refused(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "un"
    shutil.copytree(PACKAGE_DATA, folder)
    monkeypatch.setattr(snapshot, "_folder", lambda: folder)
    snap = snapshot.bundled()
    text = gzip.decompress((folder / snap.file).read_bytes())
    (folder / snap.file).write_bytes(gzip.compress(text.replace(b"KPi.001", b"KPi.999", 1)))
    with pytest.raises(ListFormatError, match=r"does not match snapshot\.json"):
        snapshot.load_bundled()
    (folder / snap.file).write_bytes(b"not gzip")
    with pytest.raises(ListFormatError, match="unreadable"):
        snapshot.bundled_bytes()
    assert service.list_versions() == []  # nothing was written


def test_list_ages_say_how_old_and_how_to_update(monkeypatch: pytest.MonkeyPatch) -> None:
    versions = [{"list": "un", "version": "un-2026-05-08", "published": "2026-05-08"},
                {"list": "ofac-sdn", "version": "ofac-sdn-x", "published": "2026-11-30"},
                {"list": "odd", "version": "odd-1", "published": ""}]
    ages = snapshot.list_ages(versions, today=date(2026, 12, 1))
    assert [(a["age_days"], a["stale"]) for a in ages] == [(207, True), (1, False),
                                                           (None, True)]
    assert "207 days old" in ages[0]["message"] and "unsc lists update" in ages[0]["message"]
    assert "2026-05-08" in ages[0]["message"]
    monkeypatch.setenv("UNSC_STALE_LIST_DAYS", "365")
    assert snapshot.stale_notices(versions, today=date(2026, 12, 1)) == [ages[2]["message"]]
    assert snapshot.list_ages(versions[:1], today=date(2026, 5, 8))[0]["message"].count(
        "published today") == 1


def test_cli_snapshot_command_loads_audits_and_says_the_age() -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["lists", "snapshot", "--json"])
    assert first.exit_code == 0, first.output
    body = json.loads(first.stdout)
    assert body["loaded"] is True and body["version"] == "un-2026-05-08"
    assert body["list_ages"][0]["published"] == "2026-05-08"
    records, _ = audit.list_records(10, 0, "list.load")
    assert records and records[0].payload["result"]["version"] == "un-2026-05-08"
    second = runner.invoke(app, ["lists", "snapshot"])
    assert second.exit_code == 0 and "already loaded" in second.stdout
