"""Hit decisions and the review queue.

A screening hit becomes an *alert* keyed by (subject content, list entry id, list entry
content). An analyst decides it: ``true_match``, ``false_positive`` or ``escalate``, always
with a reason; who and when are recorded, and every decision goes to the audit trail.

Why content hashes: a false positive must not come back every night, but it must come back
when something material changes. Keying on the hash of the subject's screened fields and
the hash of the list entry's full content gives exactly that: the same pair stays quiet; an
amended entry (new alias, new passport) or an edited subject is a new pair and is raised.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, func, insert, select, update

from unsc.compliance import audit
from unsc.compliance.audit import canonical_json
from unsc.errors import ConflictError, InputError, NotFoundError
from unsc.store import connect, serialise
from unsc.store.service_tables import alerts, decisions

__all__ = [
    "DECISIONS",
    "Alert",
    "AlertInput",
    "Decision",
    "decide",
    "decide_hit",
    "entity_hash",
    "get_alert",
    "known_alerts",
    "known_decisions",
    "list_decisions",
    "raise_alerts",
    "review_queue",
    "subject_hash",
]

DECISIONS: tuple[str, ...] = ("true_match", "false_positive", "escalate")
SUBJECT_FIELDS: tuple[str, ...] = ("name", "schema", "birth_date", "nationality", "id_number")


def subject_hash(query: Mapping[str, Any]) -> str:
    """Hash of the screened fields of a subject or query (case and spacing folded, so a
    re-typed identical name is the same subject)."""
    norm = {f: " ".join(str(query.get(f) or "").split()).casefold() for f in SUBJECT_FIELDS}
    return hashlib.sha256(canonical_json(norm).encode("utf-8")).hexdigest()


def entity_hash(entity_dict: Mapping[str, Any]) -> str:
    """Hash of a list entry's full content (its ``to_dict()``)."""
    return hashlib.sha256(canonical_json(dict(entity_dict)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AlertInput:
    """What the queue needs from a screening hit, independent of the screening module."""

    entity_id: str
    entity_hash: str
    caption: str
    score: float
    hit: dict[str, Any]

    @classmethod
    def from_hit(cls, hit: Any) -> AlertInput:
        """From a ``unsc.screening`` Hit (duck-typed: .entity, .score, .to_dict())."""
        data = hit.entity.to_dict()
        return cls(hit.entity.id, entity_hash(data), hit.entity.caption, float(hit.score),
                   hit.to_dict())


@dataclass(frozen=True)
class Alert:
    id: int
    subject_hash: str
    subject_id: int | None
    query: dict[str, Any]
    entity_id: str
    entity_hash: str
    caption: str
    list_version: str | None
    score: float
    hit: dict[str, Any]
    source: str
    status: str
    created_at: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Decision:
    id: int
    alert_id: int | None
    subject_hash: str
    entity_id: str
    entity_hash: str
    decision: str
    reason: str
    actor: str
    at: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _alert(row: Any) -> Alert:
    return Alert(int(row.id), row.subject_hash, row.subject_id, json.loads(row.query),
                 row.entity_id, row.entity_hash, row.caption, row.list_version,
                 float(row.score), json.loads(row.hit), row.source, row.status, row.created_at)


def _decision(row: Any) -> Decision:
    return Decision(int(row.id), row.alert_id, row.subject_hash, row.entity_id,
                    row.entity_hash, row.decision, row.reason, row.actor, row.at)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def raise_alerts(query: Mapping[str, Any], hits: Iterable[AlertInput], *, source: str,
                 subject_id: int | None = None, list_version: str | None = None,
                 conn: Connection | None = None) -> list[Alert]:
    """Queue the hits not seen before; return the alerts actually raised.

    A pair already queued (any status) is not raised twice; a pair whose latest decision is
    ``false_positive`` stays quiet. A changed entry or subject has a new hash, so it is new.
    """
    if conn is None:
        with connect(write=True) as own:
            return raise_alerts(query, hits, source=source, subject_id=subject_id,
                                list_version=list_version, conn=own)
    shash = subject_hash(query)
    # Two servers raising the same pair at once: the second waits, then finds it queued
    # (PostgreSQL; SQLite writers are serialised already), instead of a unique violation.
    serialise(conn, f"alerts:{shash}")
    raised: list[Alert] = []
    for item in hits:
        key = and_(alerts.c.subject_hash == shash, alerts.c.entity_id == item.entity_id,
                   alerts.c.entity_hash == item.entity_hash)
        if conn.execute(select(alerts.c.id).where(key)).first() is not None:
            continue
        row = {"subject_hash": shash, "subject_id": subject_id,
               "query": canonical_json(dict(query)), "entity_id": item.entity_id,
               "entity_hash": item.entity_hash, "caption": item.caption,
               "list_version": list_version, "score": item.score,
               "hit": canonical_json(item.hit), "source": source, "status": "open",
               "created_at": _now()}
        new_id = conn.execute(insert(alerts).values(**row).returning(alerts.c.id)).scalar_one()
        raised.append(_alert(conn.execute(select(alerts).where(alerts.c.id == new_id)).one()))
    return raised


def decide(alert_id: int, decision: str, reason: str, actor: str) -> Decision:
    """Record an analyst's decision on an alert (audited in the same transaction)."""
    if decision not in DECISIONS:
        raise InputError(f"unknown decision {decision!r}; expected one of {', '.join(DECISIONS)}")
    reason = (reason or "").strip()
    if not reason:
        raise InputError("a decision needs a reason")
    with connect(write=True) as conn:
        # Row-locked (PostgreSQL), so a decision retried or sent to two servers at once is
        # recorded once: the second sees the first's status and gets a 409.
        row = conn.execute(select(alerts).where(alerts.c.id == alert_id)
                           .with_for_update()).first()
        if row is None:
            raise NotFoundError(f"no alert with id {alert_id}")
        if row.status in ("true_match", "false_positive"):
            raise ConflictError(f"alert {alert_id} is already decided ({row.status})")
        at = _now()
        values = {"alert_id": alert_id, "subject_hash": row.subject_hash,
                  "entity_id": row.entity_id, "entity_hash": row.entity_hash,
                  "decision": decision, "reason": reason, "actor": actor, "at": at}
        new_id = conn.execute(insert(decisions).values(**values)
                              .returning(decisions.c.id)).scalar_one()
        status = "escalated" if decision == "escalate" else decision
        conn.execute(update(alerts).where(alerts.c.id == alert_id).values(status=status))
        audit.record("decision.record", {**values, "decision_id": new_id,
                                         "query": json.loads(row.query),
                                         "caption": row.caption}, actor, conn)
    return Decision(int(new_id), alert_id, row.subject_hash, row.entity_id, row.entity_hash,
                    decision, reason, actor, at)


def decide_hit(query: Mapping[str, Any], item: AlertInput, decision: str, reason: str,
               actor: str, list_version: str | None = None) -> Decision:
    """Decide a hit straight from a search: queue it (or find its alert), then decide."""
    shash = subject_hash(query)
    with connect(write=True) as conn:
        raise_alerts(query, [item], source="search", list_version=list_version, conn=conn)
        alert_id = conn.execute(select(alerts.c.id).where(and_(
            alerts.c.subject_hash == shash, alerts.c.entity_id == item.entity_id,
            alerts.c.entity_hash == item.entity_hash))).scalar_one()
    return decide(int(alert_id), decision, reason, actor)


def known_decisions(query: Mapping[str, Any], items: Iterable[AlertInput],
                    ) -> dict[str, Decision]:
    """The latest decision per entity id for this subject and these exact entry contents,
    so a search can show "false positive, decided by ..." next to a hit."""
    shash = subject_hash(query)
    found: dict[str, Decision] = {}
    with connect() as conn:
        for item in items:
            row = conn.execute(select(decisions).where(and_(
                decisions.c.subject_hash == shash, decisions.c.entity_id == item.entity_id,
                decisions.c.entity_hash == item.entity_hash)).order_by(
                decisions.c.id.desc()).limit(1)).first()
            if row is not None:
                found[item.entity_id] = _decision(row)
    return found


def known_alerts(query: Mapping[str, Any], items: Iterable[AlertInput]) -> dict[str, Alert]:
    """The queued alert per entity id for this subject and these exact entry contents
    (any status), so a search shows which of its matches are already in the queue."""
    shash = subject_hash(query)
    found: dict[str, Alert] = {}
    with connect() as conn:
        for item in items:
            row = conn.execute(select(alerts).where(and_(
                alerts.c.subject_hash == shash, alerts.c.entity_id == item.entity_id,
                alerts.c.entity_hash == item.entity_hash)).order_by(alerts.c.id)).first()
            if row is not None:
                found[item.entity_id] = _alert(row)
    return found


def get_alert(alert_id: int) -> Alert:
    with connect() as conn:
        row = conn.execute(select(alerts).where(alerts.c.id == alert_id)).first()
    if row is None:
        raise NotFoundError(f"no alert with id {alert_id}")
    return _alert(row)


def review_queue(status: str = "pending", limit: int = 200, offset: int = 0) -> list[Alert]:
    """Alerts awaiting review: ``pending`` = open + escalated; or one status; or ``all``
    (strongest first; ``offset`` pages through them)."""
    query = select(alerts)
    if status == "pending":
        query = query.where(alerts.c.status.in_(("open", "escalated")))
    elif status != "all":
        query = query.where(alerts.c.status == status)
    with connect() as conn:
        rows = conn.execute(query.order_by(alerts.c.score.desc(), alerts.c.id)
                            .limit(limit).offset(offset)).all()
    return [_alert(r) for r in rows]


def list_decisions(limit: int = 200, alert_id: int | None = None) -> list[Decision]:
    query = select(decisions)
    if alert_id is not None:
        query = query.where(decisions.c.alert_id == alert_id)
    with connect() as conn:
        rows = conn.execute(query.order_by(decisions.c.id.desc()).limit(limit)).all()
    return [_decision(r) for r in rows]


def queue_counts() -> dict[str, int]:
    with connect() as conn:
        rows = conn.execute(select(alerts.c.status, func.count()).group_by(alerts.c.status))
        return {str(s): int(n) for s, n in rows}
