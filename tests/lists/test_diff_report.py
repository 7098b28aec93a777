"""The diff as people read it, on the real 2025-11-20 -> 2026-05-08 UN lists: 11 added,
2 removed, 640 amended (counted independently with lxml below), named rows, a word-level
before/after that shows the change however long the text, paging and filters."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pytest
from lxml import etree

from tests.lists._data import un_file
from unsc.errors import InputError
from unsc.lists.diff import ListDiff
from unsc.lists.diff_report import diff_report, display_items, word_diff
from unsc.lists.model import Entity
from unsc.lists.readers import read_list

OLD, NEW = "2025-11-20", "2026-05-08"


@lru_cache(maxsize=1)
def _real() -> tuple[ListDiff, list[Entity], list[Entity]]:
    from unsc.lists.diff import Amendment, field_changes

    old, new = read_list(un_file(OLD)), read_list(un_file(NEW))
    before = {e.id: e for e in old.entities}
    after = {e.id: e for e in new.entities}

    def ref(e: Entity) -> str:
        return e.reference_number or e.id

    amended = tuple(sorted((Amendment(ref(after[k]), field_changes(before[k].to_dict(),
                                                                    after[k].to_dict()))
                            for k in before.keys() & after.keys()
                            if before[k].to_dict() != after[k].to_dict()),
                           key=lambda a: a.ref))
    diff = ListDiff(f"un-{OLD}", f"un-{NEW}",
                    tuple(sorted(ref(after[k]) for k in after.keys() - before.keys())),
                    tuple(sorted(ref(before[k]) for k in before.keys() - after.keys())), amended)
    return diff, list(old.entities), list(new.entities)


def _refs(day: str) -> dict[str, str]:
    """Reference number -> first name, read with plain lxml."""
    root = etree.parse(str(un_file(day))).getroot()
    found = {}
    for el in [*root.iter("INDIVIDUAL"), *root.iter("ENTITY")]:
        names = [(el.findtext(t) or "").strip() for t in ("FIRST_NAME", "SECOND_NAME",
                                                          "THIRD_NAME", "FOURTH_NAME")]
        found[(el.findtext("REFERENCE_NUMBER") or "").strip()] = " ".join(n for n in names if n)
    return found


def _report(**kwargs: Any) -> dict[str, Any]:
    diff, old, new = _real()
    return diff_report(diff, old, new, **kwargs)


def test_summary_counts_match_the_files() -> None:
    before, after = _refs(OLD), _refs(NEW)
    report = _report()
    summary = report["summary"]
    assert summary["added"] == len(after.keys() - before.keys()) == 11
    assert summary["removed"] == len(before.keys() - after.keys()) == 2
    assert summary["amended"] == 640
    assert sum(summary["list_types"].values()) == 11 + 2 + 640
    assert list(summary["fields"])[-2:] == ["extra.interpol_link", "extra.last_day_updated"]
    assert report["pages"] == -(-report["matching"] // 50) and len(report["rows"]) == 50


def test_added_and_removed_rows_carry_names_and_list_types() -> None:
    before, after = _refs(OLD), _refs(NEW)
    rows = _report(per_page=13)["rows"]
    added = [r for r in rows if r["kind"] == "added"]
    removed = [r for r in rows if r["kind"] == "removed"]
    assert {r["ref"] for r in added} == after.keys() - before.keys()
    for r in added:
        assert r["caption"] == after[r["ref"]] and r["version"] == f"un-{NEW}"
        assert r["entity_id"] == f"un-{r['ref']}" and r["list_types"]
    for r in removed:
        assert r["caption"] == before[r["ref"]] and r["version"] == f"un-{OLD}"


def test_an_amended_comment_shows_its_change_in_the_short_view() -> None:
    report = _report(field="comments", per_page=500)
    assert report["matching"] == report["summary"]["fields"]["comments"]
    for row in report["rows"]:
        change = row["change"]
        short_old = "".join(s["text"] for s in change["short_old"] if s["op"] == "delete")
        short_new = "".join(s["text"] for s in change["short_new"] if s["op"] == "insert")
        full_old = "".join(s["text"] for s in change["old"] if s["op"] == "delete")
        full_new = "".join(s["text"] for s in change["new"] if s["op"] == "insert")
        assert (short_old, short_new) == (full_old, full_new), row["ref"]
        assert short_old or short_new, row["ref"]
        assert "".join(s["text"] for s in change["old"] if s["op"] != "insert") != \
            "".join(s["text"] for s in change["new"] if s["op"] != "delete")


def test_word_diff_keeps_whole_texts_and_marks_only_the_change() -> None:
    old = "First line\nsecond line with a link:https://x.int/View-UN-Notices-Individuals end"
    new = old.replace("Individuals", "Entities")
    d = word_diff(old, new)
    assert "".join(s["text"] for s in d["old"]) == old
    assert "".join(s["text"] for s in d["new"]) == new
    assert [s["text"] for s in d["old"] if s["op"] == "delete"] == ["Individuals"]
    assert [s["text"] for s in d["new"] if s["op"] == "insert"] == ["Entities"]
    long = "word " * 300 + "Individuals " + "tail " * 300
    short = word_diff(long, long.replace("Individuals", "Entities"))["short_new"]
    assert [s["op"] for s in short] == ["skip", "equal", "insert", "equal", "skip"]
    assert sum(len(s["text"]) for s in short) < 250


def test_filters_and_pages() -> None:
    report = _report(list_type="DPRK")
    assert report["matching"] == 1 and report["rows"][0]["list_types"] == ["DPRK"]
    sudan = _report(kind="added", list_type="Sudan")
    assert sudan["matching"] == 8 and {r["kind"] for r in sudan["rows"]} == {"added"}
    last = _report(page=_report()["pages"])
    assert 0 < len(last["rows"]) <= 50
    with pytest.raises(InputError, match="pages run from 1 to"):
        _report(page=last["pages"] + 1)
    with pytest.raises(InputError, match="unknown kind"):
        _report(kind="changed")


def test_display_items_read_like_the_entry() -> None:
    assert display_items("names", [{"value": "KIM", "kind": "a.k.a.", "quality": "weak",
                                    "script": None, "note": None}]) == ["KIM (a.k.a., weak)"]
    assert display_items("documents", [{"type": "Passport", "number": "745", "country": "kp",
                                        "issued": None, "expires": None, "note": None}]) == [
        "Passport 745 (country kp)"]
    assert display_items("comments", None) == []
