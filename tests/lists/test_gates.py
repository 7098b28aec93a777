"""Load gates on real files: an empty, truncated, shrunken, future-dated or older list is
refused with the store unchanged, and loads only with an explicit, audited override."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.lists._data import assert_fails, cli, ofac_dir, un_dir, un_file
from tests.lists._store import pointers, snapshot
from unsc.compliance import audit
from unsc.errors import InputError, ListFormatError, ListGateError
from unsc.lists import gates, service
from unsc.lists.export import export_entities
from unsc.lists.model import ListVersion
from unsc.lists.readers import read_list

SDN = ofac_dir() / "sdn_2024-05-03.csv"
EMPTY_UN = (b'<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST '
            b'dateGenerated="2026-06-01T00:00:00Z"><INDIVIDUALS/><ENTITIES/>'
            b"</CONSOLIDATED_LIST>\n")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refused(path: Path, **options: bool) -> ListGateError:
    before = snapshot()
    with pytest.raises(ListGateError) as info:
        service.load_list(path, **options)
    assert snapshot() == before, "a refused load changed the store"
    return info.value


def last_load() -> dict[str, object]:
    records, _ = audit.list_records(limit=1, action="list.load")
    return records[0].payload


def test_empty_list_refused_then_forced_and_audited(tmp_path: Path) -> None:
    service.load_list(un_file("2026-05-08"))
    path = write(tmp_path, "empty.xml", EMPTY_UN)
    error = refused(path)
    assert error.gates == ["empty", "shrink"] and "--force" in error.message
    assert_fails(cli("lists", "load", str(path)), ListGateError, "empty", "--force")
    # the real list stays current: screening still has its 1,009 entries
    assert pointers() == {"un": "un-2026-05-08"}
    forced = service.load_list(path, force=True, actor="ops")
    assert forced.current and forced.forced == ("empty", "shrink") and forced.entities == 0
    payload = last_load()
    assert payload["force"] is True and payload["result"]["forced"] == ["empty", "shrink"]
    # and there is a way back: the real version is made current again
    assert service.use_version("un-2026-05-08", actor="ops")["previous"] == forced.version
    assert pointers() == {"un": "un-2026-05-08"}


def test_both_real_sdn_files_carry_the_end_of_file_marker() -> None:
    for path in sorted(ofac_dir().glob("sdn_*.csv")):
        data = path.read_bytes()
        assert data.endswith(b"\r\n\x1a"), path
        assert read_list(path).incomplete == (), path


def test_sdn_cut_at_a_line_boundary_is_refused(tmp_path: Path) -> None:
    data = SDN.read_bytes()
    lines = data.split(b"\r\n")
    cut = write(tmp_path, "sdn_2024-05-03.csv", b"\r\n".join(lines[:4476]) + b"\r\n")
    parsed = read_list(cut)
    assert len(parsed.entities) == 4476 and parsed.incomplete  # parses, but is incomplete
    assert refused(cut).gates == ["incomplete"]  # an empty store: nothing to shrink from
    service.load_list(SDN)
    assert refused(cut).gates == ["incomplete", "shrink"]
    # only the marker gone: same entries, still refused, and --force names it
    no_marker = write(tmp_path, "sdn_2024-05-03b.csv", data[:-1])
    error = refused(no_marker)
    assert error.gates == ["incomplete"] and "Ctrl-Z" in error.message
    result = cli("lists", "load", str(no_marker), "--force", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["forced"] == ["incomplete"]
    assert last_load()["incomplete"] and last_load()["force"] is True


def _export(version: str) -> bytes:
    out = io.StringIO()
    export_entities("ftm", out, version)
    return out.getvalue().encode()


def test_ftm_export_cut_short_or_cut_mid_line(tmp_path: Path) -> None:
    service.load_list(un_file("2017-06-30"))
    data = _export("un-2017-06-30")
    lines = data.splitlines(keepends=True)
    header = json.loads(lines[0])
    assert header["records"] == len(lines) - 1 == 2 * 1024
    # a cut at a line boundary that drops only a Sanction record: entity count unchanged
    cut = write(tmp_path, "cut.ftm.json", b"".join(lines[:-1]))
    parsed = read_list(cut)
    assert len(parsed.entities) == 1024 and parsed.incomplete
    assert refused(cut).gates == ["incomplete"]
    # a cut inside a JSON line is a broken file, not a gate: --force cannot load it
    mid = write(tmp_path, "mid.ftm.json", data[: len(data) - 40])
    for force in (False, True):
        before = snapshot()
        with pytest.raises(ListFormatError) as info:
            service.load_list(mid, force=force)
        assert not isinstance(info.value, ListGateError) and snapshot() == before
        assert "not JSON" in info.value.message


def test_ftm_reimport_keeps_the_source_date_and_is_older(tmp_path: Path) -> None:
    service.load_list(un_file("2017-06-30"))
    service.load_list(un_file("2020-03-20"))
    path = write(tmp_path, "export.ftm.json", _export("un-2017-06-30"))
    again = read_list(path)
    assert (again.list, again.published) == ("un", "2017-06-30")  # not today
    assert refused(path).gates == ["older"]
    stored = service.load_list(path, historical=True)
    assert stored.version == "un-2017-06-30-2" and not stored.current
    assert pointers() == {"un": "un-2020-03-20"}


def test_future_date_refused_tomorrow_accepted(tmp_path: Path) -> None:
    text = un_file("2025-08-02").read_bytes()

    def dated(day: str) -> Path:
        changed = re.sub(rb'dateGenerated="[^"]+"', f'dateGenerated="{day}T00:00:00Z"'.encode(),
                         text, count=1)
        return write(tmp_path, f"un-{day}.xml", changed)

    typo = dated("2205-08-02")
    assert refused(typo).gates == ["future"]
    assert_fails(cli("lists", "load", str(typo)), ListGateError, "2205-08-02")
    today = datetime.now(UTC).date()
    assert refused(dated((today + timedelta(days=2)).isoformat())).gates == ["future"]
    tomorrow = service.load_list(dated((today + timedelta(days=1)).isoformat()))
    assert tomorrow.current


def test_older_version_needs_historical(tmp_path: Path) -> None:
    service.load_list(un_file("2026-05-08"))
    error = refused(un_file("2025-11-20"))
    assert error.gates == ["older"] and "--historical" in error.message
    result = cli("lists", "load", str(un_file("2025-11-20")), "--historical", "--json")
    assert result.exit_code == 0, result.output
    loaded = json.loads(result.stdout)
    assert loaded["current"] is False and loaded["previous"] == "un-2026-05-08"
    assert pointers() == {"un": "un-2026-05-08"}
    versions = json.loads(cli("lists", "versions", "--json").stdout)
    assert {v["version"]: v["current"] for v in versions} == {
        "un-2025-11-20": False, "un-2026-05-08": True}
    # reloading the same bytes says it is stored but not current, and how to change that
    again = service.load_list(un_file("2025-11-20"))
    assert not again.created and "unsc lists use un-2025-11-20" in again.message


def test_real_shrink_between_2020_and_2024(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Iran records leave the list in 2024 (1,014 -> 875 entries, -13.7 %)."""
    service.load_list(un_file("2020-03-20"))
    error = refused(un_file("2024-09-21"))
    assert error.gates == ["shrink"] and "13.7%" in error.message
    monkeypatch.setenv("UNSC_MAX_SHRINK", "0.2")
    assert service.load_list(un_file("2024-09-21")).current
    monkeypatch.setenv("UNSC_MAX_SHRINK", "1.5")
    assert_fails(cli("lists", "load", str(un_file("2025-04-19"))), InputError,
                 "UNSC_MAX_SHRINK")


def _version(count: int, published: str = "2026-01-01") -> ListVersion:
    entities = read_list(un_dir() / "un_1718_dprk_only_2015-03-17.xml").entities
    return ListVersion("un", published, "x" * 64, "test", (entities * 40)[:count])


def test_shrink_boundary_and_override_rules() -> None:
    current = gates.Current("un-2025-12-31", "2025-12-31", 1000)
    day = date(2026, 6, 1)
    names = [g.name for g in gates.evaluate(_version(900), current, today=day, max_shrink=0.1)]
    assert names == []  # exactly 10 % fewer is allowed
    names = [g.name for g in gates.evaluate(_version(899), current, today=day, max_shrink=0.1)]
    assert names == ["shrink"]
    old = _version(899, "2025-01-01")
    assert [g.name for g in gates.evaluate(old, current, today=day, max_shrink=0.1)] == [
        "older", "shrink"]
    # historical: the current version is not replaced, so only file-level gates apply
    assert gates.evaluate(old, current, today=day, max_shrink=0.1, historical=True) == []
    assert gates.check(old, current, today=day, max_shrink=0.1, force=True) == [
        "older", "shrink"]
    with pytest.raises(ListGateError) as info:
        gates.check(_version(0), None, today=day, max_shrink=0.1, historical=True)
    assert info.value.gates == ["empty"]


def test_gate_and_audit_share_the_transaction(monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure writing the audit record rolls the version and its pointer back too."""
    service.load_list(un_file("2017-06-30"))
    before = snapshot()

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("audit store unavailable")

    # (a context of its own: undo() would also undo the fixtures' UNSC_HOME)
    with monkeypatch.context() as patched:
        patched.setattr(audit, "record", broken)
        with pytest.raises(RuntimeError):
            service.load_list(un_file("2017-07-03"))
    assert snapshot() == before
    loaded = service.load_list(un_file("2017-07-03"))
    assert last_load()["result"]["version"] == loaded.version and audit.verify().ok
