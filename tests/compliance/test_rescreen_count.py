"""With no subject registered, a list load only counts the changed entries (in the store,
without reading the version into memory): the count equals the lists diff's added plus
amended entries, on real UN versions."""

from __future__ import annotations

from tests.lists._data import un_file
from unsc.compliance import subjects
from unsc.lists import service


def test_changed_entries_counted_without_subjects() -> None:
    first = subjects.load_and_rescreen(un_file("2017-06-30"))["rescreen"]["lists"][0]
    assert first["old"] is None
    assert first["changed_entries"] == service.get_version(first["new"]).counts["individuals"] \
        + service.get_version(first["new"]).counts["entities"]
    second = subjects.load_and_rescreen(un_file("2020-03-20"))["rescreen"]["lists"][0]
    diff = service.diff_versions(second["old"], second["new"])
    assert second["changed_entries"] == len(diff.added) + len(diff.amended) > 0
    assert len(diff.amended) > 0 and len(diff.added) > 0, "both kinds are counted"
