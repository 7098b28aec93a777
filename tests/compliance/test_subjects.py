"""Delta re-screening on real UN list versions: after a new version loads, subjects are
screened against the added and amended entries only, and decided pairs stay quiet."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from unsc.cli import app
from unsc.compliance import audit, decisions, subjects
from unsc.lists import service as lists_service


def test_delta_rescreen_after_list_update(shared_data: Path) -> None:
    un = shared_data / "un"
    # Registered before any list exists: nothing to screen yet, and no error.
    namchongang, none_yet = subjects.register_subject(
        "org-1", "Namchongang Trading Corporation", kind="counterparty", schema="Organization")
    knic, _ = subjects.register_subject(
        "org-2", "Korean National Insurance Company", kind="counterparty",
        schema="Organization")
    assert none_yet == []

    first = subjects.load_and_rescreen(un / "un_consolidated_2017-06-30.xml", actor="t")
    assert first["rescreen"]["lists"][0]["old"] is None  # first version: all entries new
    queue = decisions.review_queue()
    nam_alert = next(a for a in queue if a.entity_id == "un-KPe.004")
    assert nam_alert.subject_id == namchongang.id and nam_alert.source == "rescreen"
    assert not any(a.entity_id == "un-KPe.048" for a in queue)  # KNIC listed in 2017-08
    decisions.decide(nam_alert.id, "false_positive", "our counterparty is a namesake", "ann")

    second = subjects.load_and_rescreen(un / "un_consolidated_2020-03-20.xml", actor="t")
    part = second["rescreen"]["lists"][0]
    diff = lists_service.diff_versions(part["old"], part["new"])
    assert part["changed_entries"] == len(diff.added) + len(diff.amended) > 0
    changed_refs = set(diff.added) | {a.ref for a in diff.amended}
    raised = [decisions.get_alert(a["id"]) for a in second["rescreen"]["alerts"]]
    assert raised, "the 2020 list adds KNIC (KPe.048): it must be raised"
    assert all(a.entity_id.removeprefix("un-") in changed_refs for a in raised)
    assert any(a.entity_id == "un-KPe.048" and a.subject_id == knic.id for a in raised)
    # Namchongang's entry did not change and was decided: it is not raised again.
    assert "KPe.004" not in changed_refs
    assert not any(a.entity_id == "un-KPe.004" for a in raised)

    # Nothing new loaded: a manual re-screen has nothing to do.
    out = CliRunner().invoke(app, ["subjects", "rescreen", "--json"])
    assert out.exit_code == 0, out.output
    assert '"lists": []' in out.stdout
    actions = {r.action for r in audit.iter_records()}
    assert {"list.load", "subjects.rescreen", "subject.register", "decision.record"} <= actions
    assert audit.verify().ok


def test_subject_update_changes_its_hash_and_bad_input(shared_data: Path) -> None:
    subjects.load_and_rescreen(shared_data / "un" / "un_consolidated_2026-05-08.xml")
    first, raised = subjects.register_subject("c-1", "Yun Ho Jin", birth_date="1944-10-13")
    assert [a.entity_id for a in raised] == ["un-KPi.001"]
    decisions.decide(raised[0].id, "false_positive", "different person", "bob")
    same, again = subjects.register_subject("c-1", "Yun Ho Jin", birth_date="1944-10-13")
    assert again == [] and same.id == first.id
    moved, new = subjects.register_subject("c-1", "Yun Ho Jin", birth_date="1944-10-13",
                                           nationality="kp")
    assert moved.subject_hash != first.subject_hash and [a.entity_id for a in new] == [
        "un-KPi.001"]
    for bad in ({"ref": "", "name": "x"}, {"ref": "x", "name": "x", "kind": "friend"}):
        try:
            subjects.register_subject(**bad)  # type: ignore[arg-type]
        except ValueError as exc:
            assert "subject" in str(exc)
        else:
            raise AssertionError(f"accepted {bad}")
    listed = CliRunner().invoke(app, ["subjects", "list", "--json"])
    assert '"ref": "c-1"' in listed.stdout


def test_cli_list_load_is_audited_and_rescreens(shared_data: Path) -> None:
    """A load through `unsc lists load` goes through the same hook as the API's."""
    subjects.register_subject("org-9", "Korean National Insurance Company",
                              kind="counterparty", schema="Organization")
    runner = CliRunner()
    first = runner.invoke(app, ["lists", "load", "--json",
                                str(shared_data / "un" / "un_consolidated_2017-06-30.xml")])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, ["lists", "load", "--json",
                                 str(shared_data / "un" / "un_consolidated_2020-03-20.xml")])
    assert second.exit_code == 0, second.output
    loads = [r for r in audit.iter_records() if r.action == "list.load"]
    assert len(loads) == 2 and all(r.actor == "cli" for r in loads)
    assert any(a.entity_id == "un-KPe.048" for a in decisions.review_queue())
