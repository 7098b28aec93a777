"""The per-process copy of the current versions follows every pointer move, including
moves made by another process, and a pinned block asks the store nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import event

from tests.lists._data import un_file
from unsc.compliance import subjects
from unsc.lists import service, versions_cache
from unsc.store import get_engine

UNSC = str(Path(sys.executable).parent / "unsc")


def _ids() -> list[str]:
    return [v.version for v in versions_cache.current_versions()]


def test_follows_loads_and_uses_in_this_and_other_processes() -> None:
    service.load_list(un_file("2017-06-30"))
    assert _ids() == ["un-2017-06-30"] == [v.version for v in service.current_versions()]
    done = subprocess.run([UNSC, "lists", "load", str(un_file("2020-03-20"))],
                          env=dict(os.environ), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert _ids() == ["un-2020-03-20"]  # moved by another process
    service.use_version("un-2017-06-30")
    assert _ids() == ["un-2017-06-30"]
    subprocess.run([UNSC, "lists", "use", "un-2020-03-20"], env=dict(os.environ), check=True,
                   capture_output=True)
    assert [v.to_dict() for v in versions_cache.current_versions()] == \
        [v.to_dict() for v in service.current_versions()]


def test_a_pinned_block_screens_and_records_one_set_of_versions() -> None:
    service.load_list(un_file("2017-06-30"))
    statements: list[str] = []
    engine = get_engine()

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    with versions_cache.pinned() as pinned:
        event.listen(engine, "before_cursor_execute", count)
        try:
            service.load_list(un_file("2020-03-20"))  # a load while a batch runs
            statements.clear()
            inside = [v["version"] for v in subjects.current_versions()]
            assert statements == []  # no query: the pinned answer
        finally:
            event.remove(engine, "before_cursor_execute", count)
    assert inside == [v.version for v in pinned] == ["un-2017-06-30"]
    assert _ids() == ["un-2020-03-20"]
