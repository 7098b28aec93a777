"""Versions, diffs and "as of" look-ups over the real UN files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.lists._data import all_refs, manifest, parsed, refs_by_type, un_dir, un_file
from unsc.errors import ListGateError
from unsc.lists import service


def stored(day: str, force: bool = False) -> str:
    """Store a (session-cached) parsed UN file; returns its version id."""
    return service.store_version(parsed(un_file(day)), force=force).version


def test_every_un_file_loads_with_manifest_counts() -> None:
    rows = manifest()
    refused: list[tuple[str, list[str]]] = []
    for row in rows:
        try:
            result = service.load_list(un_dir() / row["file"])
        except ListGateError as exc:  # a real drop: forced by hand, as an operator would
            refused.append((row["file"], exc.gates))
            result = service.load_list(un_dir() / row["file"], force=True)
            assert result.forced == ("shrink",) and result.current
        assert result.created and result.sha256 == row["sha256"]
    # the Iran records leave between 2020-03-20 (1014 entries) and 2024-09-21 (875): 13.7 %
    assert refused == [("un_consolidated_2024-09-21.xml", ["shrink"])]
    infos = {v.sha256: v for v in service.list_versions()}
    assert len(infos) == len(rows)
    for row in rows:
        info = infos[row["sha256"]]
        assert info.published == row["dateGenerated"][:10]
        assert info.counts["individuals"] == int(row["individuals"])
        assert info.counts["entities"] == int(row["entities"])
        assert info.counts["by_list_type"].get("DPRK", 0) == \
            int(row["dprk_individuals"]) + int(row["dprk_entities"])
        data = info.to_dict()
        assert {"version", "list", "published", "sha256", "counts"} <= set(data)
    latest = {v.list: v.version for v in service.latest_versions()}
    assert latest == {"un": "un-2026-05-08", "un-1718": "un-1718-2015-03-17"}
    current = service.current_entities(["un"])
    assert len(current) == len(all_refs(un_file("2026-05-08")))


def test_same_bytes_twice_is_a_noop() -> None:
    first = service.load_list(un_file("2024-09-21"))
    again = service.load_list(un_file("2024-09-21"))
    assert first.created and not again.created
    assert again.version == first.version and "nothing written" in again.message
    assert len(service.list_versions()) == 1


def test_same_date_different_bytes_gets_a_suffix(tmp_path: Path) -> None:
    service.load_list(un_file("2017-06-30"))
    edited = un_file("2017-06-30").read_bytes().replace(
        b"Ri Won Ho is a DPRK", b"Ri Won Ho, a DPRK", 1)
    copy = tmp_path / "edited.xml"
    copy.write_bytes(edited)
    result = service.load_list(copy)
    assert result.created and result.version == "un-2017-06-30-2"
    diff = service.diff_versions("un-2017-06-30", "un-2017-06-30-2")
    assert diff.added == () and diff.removed == ()
    assert [(a.ref, [c.field for c in a.changes]) for a in diff.amended] == \
        [("KPi.033", ["comments"])]
    change = diff.amended[0].changes[0]
    assert "Ri Won Ho is a DPRK" in change.old and "Ri Won Ho, a DPRK" in change.new
    assert change.old.replace("Ri Won Ho is a DPRK", "Ri Won Ho, a DPRK", 1) == change.new


def test_diff_2017_three_removals() -> None:
    old, new = (stored(d) for d in ("2017-06-30", "2017-07-03"))
    diff = service.diff_versions(old, new)
    expected = sorted(all_refs(un_file("2017-06-30")) - all_refs(un_file("2017-07-03")))
    assert len(expected) == 3
    assert list(diff.removed) == expected
    assert diff.added == () and diff.amended == ()


def test_diff_2024_no_entry_changes() -> None:
    old, new = (stored(d) for d in ("2024-09-21", "2024-09-26"))
    assert old != new
    assert service.diff_versions(old, new).to_dict() == {
        "old": old, "new": new, "added": [], "removed": [], "amended": []}


def test_diff_2020_2024_iran_removed() -> None:
    old, new = (stored(d, force=True) for d in ("2020-03-20", "2024-09-21"))
    diff = service.diff_versions(old, new)
    iran_2020 = refs_by_type(un_file("2020-03-20"))["Iran"]
    row = next(r for r in manifest() if r["file"].endswith("2020-03-20.xml"))
    assert len(iran_2020) == int(row["iran_records"])
    assert iran_2020 <= set(diff.removed)
    assert set(diff.removed) == all_refs(un_file("2020-03-20")) - all_refs(un_file("2024-09-21"))
    assert set(diff.added) == all_refs(un_file("2024-09-21")) - all_refs(un_file("2020-03-20"))
    assert diff.amended and all(a.changes for a in diff.amended)


def test_entry_as_of_across_versions() -> None:
    for day in ("2015-03-27", "2017-06-30", "2025-04-19"):
        stored(day, force=True)  # 2017 -> 2025 drops the Iran records (14 %)
    # KPi.033 was listed on 2016-11-30: absent from the 2015 list, present after
    assert service.entry_as_of("KPi.033", date(2015, 12, 31)) is None
    assert service.entry_as_of("KPi.033", date(2014, 1, 1)) is None  # before any version
    entity = service.entry_as_of("KPi.033", date(2017, 7, 1))
    assert entity is not None and entity.caption == "RI WON HO"
    assert service.entry_as_of("kpi.033", date(2017, 7, 1), "un") == entity
    # a record amended between 2017 and 2025 reads differently depending on the date
    amended = service.diff_versions("un-2017-06-30", "un-2025-04-19").amended[0].ref
    v2017 = {e.reference_number: e for e in service.get_version_entities("un-2017-06-30")}
    v2025 = {e.reference_number: e for e in service.get_version_entities("un-2025-04-19")}
    assert v2017[amended] != v2025[amended]
    assert service.entry_as_of(amended, date(2017, 12, 31)) == v2017[amended]
    assert service.entry_as_of(amended, date(2025, 4, 19)) == v2025[amended]
    assert service.entry_as_of(amended, None) == v2025[amended]
    # an Iran record: listed in 2015 and 2017, absent in April 2025
    iran = sorted(refs_by_type(un_file("2017-06-30"))["Iran"])[0]
    assert service.entry_as_of(iran, date(2017, 7, 1)) is not None
    assert service.entry_as_of(iran, date(2025, 5, 1)) is None
