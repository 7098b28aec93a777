"""The current version of each list is an explicit pointer: loads move it, `use` rolls it
back or forward, `delete` refuses the current version, all audited; screening follows it;
an existing store gets pointers equal to the old "newest date wins" choice."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import delete, select

from tests.lists._data import assert_fails, cli, un_file
from tests.lists._store import entries_per_version, pointers, snapshot
from unsc.compliance import audit
from unsc.errors import ConflictError, NotFoundError
from unsc.lists import service
from unsc.screening.service import screen
from unsc.screening.types import Query
from unsc.store import connect, get_engine, reset_engines
from unsc.store import lists_tables as repo
from unsc.store.schema import schema_migrations

KNIC = Query(name="Korean National Insurance Company", schema="Organization")


def test_use_and_delete_through_the_cli() -> None:
    for day in ("2017-06-30", "2020-03-20"):
        assert cli("lists", "load", str(un_file(day))).exit_code == 0
    assert pointers() == {"un": "un-2020-03-20"}
    rolled = cli("lists", "use", "un-2017-06-30", "--json")
    assert rolled.exit_code == 0, rolled.output
    data = json.loads(rolled.stdout)
    assert (data["changed"], data["previous"]) == (True, "un-2020-03-20")
    assert pointers() == {"un": "un-2017-06-30"}
    same = json.loads(cli("lists", "use", "un-2017-06-30", "--json").stdout)
    assert same["changed"] is False
    uses = [r for r in audit.iter_records() if r.action == "list.use"]
    assert [(r.actor, r.payload["version"], r.payload["previous"]) for r in uses] == [
        ("cli", "un-2017-06-30", "un-2020-03-20")]  # the no-op wrote nothing
    assert_fails(cli("lists", "delete", "un-2017-06-30"), ConflictError, "current version")
    assert_fails(cli("lists", "use", "un-1999-01-01"), NotFoundError, "un-1999-01-01")
    assert_fails(cli("lists", "delete", "un-1999-01-01"), NotFoundError)
    human = cli("lists", "versions")
    assert human.exit_code == 0 and "*" in human.stdout
    gone = json.loads(cli("lists", "delete", "un-2020-03-20", "--json").stdout)
    assert gone["entities"] == 709 + 305
    assert entries_per_version() == {"un-2017-06-30": 653 + 371}
    deletes = [r.payload for r in audit.iter_records() if r.action == "list.delete"]
    assert [d["version"] for d in deletes] == ["un-2020-03-20"]
    assert audit.verify().ok


def test_screening_follows_the_pointer() -> None:
    """KNIC (KPe.048) was listed in August 2017: on the 2020 list, not on 2017-06-30's."""
    service.load_list(un_file("2017-06-30"))
    service.load_list(un_file("2020-03-20"))

    def knic_hit() -> bool:
        return any(h.entity.id == "un-KPe.048" and h.match for h in screen(KNIC, limit=5))

    assert knic_hit()
    service.use_version("un-2017-06-30")
    assert [v.version for v in service.latest_versions()] == ["un-2017-06-30"]
    assert not knic_hit()
    service.use_version("un-2020-03-20")
    assert knic_hit()


def test_rescreen_survives_a_deleted_version() -> None:
    from unsc.compliance import subjects

    subjects.register_subject("org-1", "Korean National Insurance Company",
                              kind="counterparty", schema="Organization")
    subjects.load_and_rescreen(un_file("2017-06-30"))
    subjects.load_and_rescreen(un_file("2020-03-20"))
    service.use_version("un-2017-06-30")
    subjects.rescreen_pending()  # the last re-screened version is now 2017-06-30
    service.use_version("un-2020-03-20")
    service.delete_version("un-2017-06-30")
    result = subjects.rescreen_pending()  # compares against a deleted version: all of new
    assert result.lists and result.lists[0]["old"] == "un-2017-06-30"
    assert result.lists[0]["changed_entries"] == 709 + 305


def _simulate_store_before_pointers() -> None:
    with connect(write=True) as conn:
        repo.current.drop(conn)
        conn.execute(delete(schema_migrations)
                     .where(schema_migrations.c.name == "lists_0002_current_pointer"))
    reset_engines()


def test_migration_sets_pointers_to_the_old_latest_choice(tmp_path: Path) -> None:
    service.load_list(un_file("2017-06-30"))
    edited = tmp_path / "edited.xml"  # same date, different bytes, loaded later: it won ties
    edited.write_bytes(un_file("2017-06-30").read_bytes().replace(
        b"Ri Won Ho is a DPRK", b"Ri Won Ho, a DPRK", 1))
    service.load_list(edited)
    service.load_list(un_file("2015-03-27"), historical=True)
    service.load_list(un_dir_1718())
    service.use_version("un-2015-03-27")  # the pointer now differs from "newest wins"
    with connect() as conn:
        rows = repo.select_versions(conn)
    expected: dict[str, str] = {}
    for row in sorted(rows, key=lambda r: (r["published"], r["loaded_at"])):
        expected[row["list"]] = row["id"]
    assert expected == {"un": "un-2017-06-30-2", "un-1718": "un-1718-2015-03-17"}
    before = snapshot()
    _simulate_store_before_pointers()
    get_engine()  # migrates
    assert pointers() == expected
    after = snapshot()
    assert (after.versions, after.entries, after.audit) == (
        before.versions, before.entries, before.audit)
    with connect() as conn:
        by = set(conn.execute(select(repo.current.c.set_by)).scalars())
    assert by == {"migration lists_0002"}


def un_dir_1718() -> Path:
    return un_file("2017-06-30").parent / "un_1718_dprk_only_2015-03-17.xml"
