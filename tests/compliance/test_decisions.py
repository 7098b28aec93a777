"""Decisions: who/when/why recorded and audited; a false positive stays quiet until the
list entry or the subject changes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from unsc.compliance import audit, decisions
from unsc.compliance.decisions import AlertInput
from unsc.errors import ConflictError, InputError
from unsc.lists.model import Entity
from unsc.lists.readers import read_list

QUERY = {"name": "Yun Ho Jin", "schema": "Person", "birth_date": "1944", "nationality": "",
         "id_number": ""}


@pytest.fixture(scope="module")
def entity(shared_data: Path) -> Entity:
    version = read_list(shared_data / "un" / "un_1718_dprk_only_2015-03-17.xml")
    return next(e for e in version.entities if e.caption == "YUN HO-JIN")


def _item(entity: Entity, score: float = 0.9) -> AlertInput:
    data = entity.to_dict()
    return AlertInput(entity.id, decisions.entity_hash(data), entity.caption, score,
                      {"entity_id": entity.id, "explanation": "test hit"})


def test_decision_records_who_when_why_and_is_audited(entity: Entity) -> None:
    [alert] = decisions.raise_alerts(QUERY, [_item(entity)], source="test")
    assert decisions.review_queue()[0].id == alert.id
    made = decisions.decide(alert.id, "false_positive", "born 1972, not 1944", "analyst:ann")
    assert (made.actor, made.reason, made.decision) == ("analyst:ann", "born 1972, not 1944",
                                                        "false_positive")
    assert made.at
    assert decisions.review_queue() == []
    assert decisions.get_alert(alert.id).status == "false_positive"
    records, _ = audit.list_records(action="decision.record")
    assert records[0].payload["reason"] == "born 1972, not 1944"
    assert records[0].payload["entity_id"] == entity.id
    with pytest.raises(ConflictError):
        decisions.decide(alert.id, "true_match", "changed my mind", "analyst:ann")


def test_false_positive_not_raised_again_until_entry_or_subject_changes(entity: Entity) -> None:
    [alert] = decisions.raise_alerts(QUERY, [_item(entity)], source="test")
    decisions.decide(alert.id, "false_positive", "different person", "analyst:bob")
    assert decisions.raise_alerts(QUERY, [_item(entity)], source="test") == []
    # Same subject re-typed with other spacing and case: still the same subject.
    retyped = {**QUERY, "name": "  yun  ho JIN "}
    assert decisions.raise_alerts(retyped, [_item(entity)], source="test") == []
    # The Committee amends the entry (new alias): the pair is new and is raised again.
    amended = replace(entity, names=(*entity.names, replace(entity.names[0], value="YUN HO JIN",
                                                            kind="a.k.a.")))
    again = decisions.raise_alerts(QUERY, [_item(amended)], source="rescreen")
    assert len(again) == 1 and again[0].entity_id == entity.id
    # The subject changes (a date of birth added): raised again too.
    changed = {**QUERY, "birth_date": "1944-06-13"}
    assert len(decisions.raise_alerts(changed, [_item(entity)], source="test")) == 1


def test_escalate_keeps_it_in_the_queue(entity: Entity) -> None:
    [alert] = decisions.raise_alerts(QUERY, [_item(entity)], source="test")
    decisions.decide(alert.id, "escalate", "needs the MLRO", "analyst:cy")
    [pending] = decisions.review_queue()
    assert pending.id == alert.id and pending.status == "escalated"
    decisions.decide(alert.id, "true_match", "MLRO confirmed: passport matches", "mlro:di")
    assert decisions.review_queue() == []
    assert [d.decision for d in decisions.list_decisions(alert_id=alert.id)] == [
        "true_match", "escalate"]


def test_bad_decisions_are_refused(entity: Entity) -> None:
    [alert] = decisions.raise_alerts(QUERY, [_item(entity)], source="test")
    with pytest.raises(InputError, match="reason"):
        decisions.decide(alert.id, "false_positive", "   ", "x")
    with pytest.raises(InputError, match="unknown decision"):
        decisions.decide(alert.id, "maybe", "because", "x")
    assert decisions.get_alert(alert.id).status == "open"


def test_known_decisions_and_decide_hit(entity: Entity) -> None:
    made = decisions.decide_hit(QUERY, _item(entity), "true_match", "DOB and name agree",
                                "analyst:ed")
    known = decisions.known_decisions(QUERY, [_item(entity)])
    assert known[entity.id].id == made.id
    assert decisions.get_alert(made.alert_id or 0).source == "search"


def test_cli_queue_decide_list(entity: Entity) -> None:
    import json

    from typer.testing import CliRunner

    from unsc.cli import app

    runner = CliRunner()
    [alert] = decisions.raise_alerts(QUERY, [_item(entity)], source="test")
    queue = json.loads(runner.invoke(app, ["decisions", "queue", "--json"]).stdout)
    assert [a["id"] for a in queue] == [alert.id]
    out = runner.invoke(app, ["decisions", "decide", str(alert.id), "--decision", "escalate",
                              "--reason", "needs a second look", "--actor", "ann", "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["decision"] == "escalate"
    bad = runner.invoke(app, ["decisions", "decide", str(alert.id), "--decision", "nope",
                              "--reason", "x"])
    assert bad.exit_code == 2
    missing = runner.invoke(app, ["decisions", "decide", "9999", "--decision", "escalate",
                                  "--reason", "x"])
    assert missing.exit_code == 3
    listed = json.loads(runner.invoke(app, ["decisions", "list", "--json"]).stdout)
    assert listed[0]["actor"] == "ann" and listed[0]["reason"] == "needs a second look"
