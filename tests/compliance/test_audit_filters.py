"""Audit records filtered by action (or kind), actor and date, for the audit page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from unsc.compliance import audit
from unsc.errors import InvalidDateError


def test_filters_by_action_kind_actor_and_date() -> None:
    for n in range(30):
        audit.record("decision.record" if n % 3 == 0 else "screen",
                     {"n": n}, "key:alice" if n % 2 else "key:bob")
    audit.record("decision.note", {"n": 99}, "key:alice")
    everything, total = audit.list_records(1000)
    assert total == len(everything) >= 31
    decided, n_decided = audit.list_records(100, action="decision.record")
    assert n_decided == 10 and {r.action for r in decided} == {"decision.record"}
    kind, n_kind = audit.list_records(100, action="decision.*")
    assert n_kind == 11 and {r.action for r in kind} == {"decision.record", "decision.note"}
    alice, n_alice = audit.list_records(5, 0, "screen", actor="key:alice")
    assert n_alice == len([n for n in range(30) if n % 3 and n % 2]) and len(alice) == 5
    assert [r.seq for r in alice] == sorted((r.seq for r in alice), reverse=True)
    today = datetime.now(UTC).date()
    assert audit.list_records(100, since=today.isoformat(), until=today.isoformat())[1] == total
    yesterday = (today - timedelta(days=1)).isoformat()
    assert audit.list_records(100, until=yesterday)[1] == 0
    assert audit.list_records(100, since=(today + timedelta(days=1)).isoformat())[1] == 0
    with pytest.raises(InvalidDateError):
        audit.list_records(10, since="yesterday")
    facets = audit.facets()
    assert facets["actions"]["decision.record"] == 10 and facets["actors"]["key:bob"] == 15
