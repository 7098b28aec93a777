"""List diffs carry old and new values the right way round, inside ``extra`` too.

Grounded in the list files: in the UN list of 20 November 2025 the entry CDe.001 (Allied
Democratic Forces) ends its COMMENTS1 with the INTERPOL link ".../View-UN-Notices-
Individuals" and has no INTERPOL_LINK element; in the list of 8 May 2026 the comment ends
".../View-UN-Notices-Entities" and an INTERPOL_LINK element holds
"https://www.interpol.int/en/How-we-work/Notices/View-UN-Notices-Entities" (read with grep
in both XML files).
"""

from __future__ import annotations

from pathlib import Path

from unsc.lists import service
from unsc.lists.diff import Amendment, Change, ListDiff, field_changes

LINK = "https://www.interpol.int/en/How-we-work/Notices/View-UN-Notices-Entities"
OLD_TAIL = "web link:https://www.interpol.int/en/How-we-work/Notices/View-UN-Notices-Individuals"
NEW_TAIL = "web link:" + LINK


def test_field_changes_keep_old_and_new_in_order() -> None:
    old = {"names": ["KIM"], "comments": "a", "same": 1}
    new = {"names": ["KIM", "KIM IL"], "comments": "b", "same": 1, "listed_on": "2016-11-30"}
    assert field_changes(old, new) == (
        Change("comments", "a", "b"), Change("listed_on", None, "2016-11-30"),
        Change("names", ["KIM"], ["KIM", "KIM IL"]))
    assert field_changes(new, old) == (
        Change("comments", "b", "a"), Change("listed_on", "2016-11-30", None),
        Change("names", ["KIM", "KIM IL"], ["KIM"]))
    assert field_changes(old, dict(old)) == ()


def test_changes_inside_extra_are_reported_per_key() -> None:
    old = {"extra": {"version": "1", "gone": "x", "kept": [1]}}
    new = {"extra": {"version": "2", "new": "y", "kept": [1]}}
    assert field_changes(old, new) == (
        Change("extra.gone", "x", None), Change("extra.new", None, "y"),
        Change("extra.version", "1", "2"))
    # an extra that appears or disappears whole is one change of the field
    assert field_changes({"extra": None}, {"extra": {"a": 1}}) == (
        Change("extra", None, {"a": 1}),)
    assert field_changes(old, new)[0].to_dict() == {
        "field": "extra.gone", "old": "x", "new": None}


def test_real_amendment_values_both_ways(shared_data: Path) -> None:
    older = service.load_list(shared_data / "un" / "un_consolidated_2025-11-20.xml")
    newer = service.load_list(shared_data / "un" / "un_consolidated_2026-05-08.xml")
    forward = service.diff_versions(older.version, newer.version)
    amendment = next(a for a in forward.amended if a.ref == "CDe.001")
    changes = {c.field: c for c in amendment.changes}
    assert sorted(changes) == ["comments", "extra.interpol_link"]
    assert str(changes["comments"].old).endswith(OLD_TAIL)
    assert str(changes["comments"].new).endswith(NEW_TAIL)
    assert (changes["extra.interpol_link"].old, changes["extra.interpol_link"].new) == (
        None, LINK)
    backward = service.diff_versions(newer.version, older.version)
    back = next(a for a in backward.amended if a.ref == "CDe.001")
    assert [(c.field, c.old, c.new) for c in back.changes] == [
        (c.field, c.new, c.old) for c in amendment.changes]
    assert (forward.added, forward.removed) == (backward.removed, backward.added)
    assert [a.ref for a in forward.amended] == [a.ref for a in backward.amended]


def test_the_json_shape_of_a_diff() -> None:
    """The contract of `unsc lists diff --json` (README "Lists")."""
    diff = ListDiff("un-2017-06-30", "un-2017-07-03", added=("QDi.999",),
                    removed=("QDi.168",),
                    amended=(Amendment("KPi.033", (Change("comments", "a", "b"),)),))
    assert diff.to_dict() == {
        "old": "un-2017-06-30", "new": "un-2017-07-03", "added": ["QDi.999"],
        "removed": ["QDi.168"],
        "amended": [{"ref": "KPi.033", "changes": [{"field": "comments", "old": "a",
                                                    "new": "b"}]}]}
    assert not diff.unchanged and ListDiff("a", "b").unchanged


def test_fields_after_a_changed_extra_are_still_compared() -> None:
    """Keys are compared in sorted order; a change inside ``extra`` must not end the walk
    before the keys that sort after it (``names``, ``schema``)."""
    old = {"comments": "a", "extra": {"interpol_link": "x"}, "names": ["A"], "schema": "Person"}
    new = {"comments": "a", "extra": {"interpol_link": "y"}, "names": ["B"],
           "schema": "Organization"}
    assert field_changes(old, new) == (
        Change("extra.interpol_link", "x", "y"), Change("names", ["A"], ["B"]),
        Change("schema", "Person", "Organization"))
