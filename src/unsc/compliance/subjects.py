"""Registered subjects, audited screening, and delta re-screening after a list update.

Subjects are the parties a compliance team must keep screening: customers, counterparties,
vessels. Re-screening every subject against every entry after each list update is wasted
work and floods the queue; instead, after a new version of a list loads, only the entries
the lists diff reports as added or amended are screened against the subjects. New or
changed hits are raised as alerts; pairs already decided stay quiet (see ``decisions``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update

from unsc.compliance import audit
from unsc.compliance.decisions import Alert, AlertInput, queue_counts, raise_alerts, subject_hash
from unsc.errors import InputError, NotFoundError
from unsc.lists.model import Entity
from unsc.regime import EntryMeasures, hit_measures
from unsc.screening.screener import Screener
from unsc.screening.types import Hit, Query
from unsc.store import connect, serialise
from unsc.store.service_tables import service_meta, subjects

__all__ = [
    "KINDS",
    "FoundHit",
    "RescreenResult",
    "ScreenResult",
    "Subject",
    "after_list_load",
    "current_versions",
    "find_hit",
    "list_subjects",
    "load_and_rescreen",
    "register_subject",
    "rescreen",
    "rescreen_pending",
    "screen_many",
    "screen_query",
    "service_status",
    "to_query",
    "with_measures",
]

KINDS: tuple[str, ...] = ("customer", "counterparty", "vessel")


@dataclass(frozen=True)
class Subject:
    id: int
    ref: str
    kind: str
    name: str
    schema: str
    birth_date: str | None
    nationality: str | None
    id_number: str | None
    subject_hash: str
    created_at: str
    updated_at: str

    def query_dict(self) -> dict[str, Any]:
        return {"name": self.name, "schema": self.schema, "birth_date": self.birth_date,
                "nationality": self.nationality, "id_number": self.id_number}

    def query(self) -> Query:
        return Query(name=self.name, schema=self.schema, birth_date=self.birth_date,
                     nationality=self.nationality, id_number=self.id_number, id=self.ref)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class ScreenResult:
    """Hits of one query; ``warnings`` says what of the query could not be read (an odd
    date of birth, say), which was then left out while the name was screened."""

    query: dict[str, Any]
    hits: list[Hit]
    versions: list[dict[str, Any]]
    warnings: tuple[str, ...] = ()
    #: The Council measures binding each hit's entry today, by entity id (issue 14).
    measures: dict[str, EntryMeasures] = field(default_factory=dict)

    @property
    def version_label(self) -> str:
        return ", ".join(f"{v.get('list')}@{v.get('version', v.get('published'))}"
                         for v in self.versions)

    def hit_dicts(self) -> list[dict[str, Any]]:
        """The hits as JSON, each with ``binding_measures`` (the brief form)."""
        return _with(self.hits, self.measures or hit_measures(self.hits))

    def to_dict(self) -> dict[str, Any]:
        from unsc.lists.snapshot import list_ages

        return {"query": self.query, "versions": self.versions,
                "list_ages": list_ages(self.versions),  # how old, and how to update
                "warnings": list(self.warnings), "hits": self.hit_dicts()}


def with_measures(hits: Sequence[Hit]) -> list[dict[str, Any]]:
    """Hits as JSON, each with the Council measures binding its entry today: a screening
    hit shown to anyone says which regime's measures bind the entry, with citations."""
    return _with(hits, hit_measures(hits))


def _with(hits: Sequence[Hit], measures: dict[str, EntryMeasures]) -> list[dict[str, Any]]:
    return [{**h.to_dict(), "binding_measures": measures[h.entity.id].brief()} for h in hits]


@dataclass(frozen=True)
class FoundHit:
    hit: Hit
    versions: list[dict[str, Any]]

    @property
    def version_label(self) -> str:
        return ScreenResult({}, [], self.versions).version_label

    @property
    def measures(self) -> EntryMeasures:
        """The Council measures binding the hit's entry today."""
        return hit_measures([self.hit])[self.hit.entity.id]


@dataclass
class RescreenResult:
    """What a delta re-screening did, per list: versions compared, entries screened."""

    lists: list[dict[str, Any]] = field(default_factory=list)
    subjects: int = 0
    alerts: list[Alert] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"lists": self.lists, "subjects": self.subjects,
                "alerts": [a.to_dict() for a in self.alerts]}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def to_query(query: dict[str, Any]) -> Query:
    """A validated screening query from a plain dict (InputError names what is wrong)."""
    name = (query.get("name") or "").strip()
    if not name and not query.get("id_number"):
        raise InputError("a screening query needs a name or an id_number")
    return Query(name=name, schema=_clean(query.get("schema")),
                 birth_date=_clean(query.get("birth_date")),
                 nationality=_clean(query.get("nationality")),
                 id_number=_clean(query.get("id_number")))


def _versions(lists: Sequence[str] | None = None) -> list[dict[str, Any]]:
    from unsc.lists import versions_cache

    found = [v.to_dict() for v in versions_cache.current_versions()]
    return [v for v in found if lists is None or v.get("list") in lists]


def _screen(query: Query, limit: int, threshold: float | None = None,
            lists: Sequence[str] | None = None) -> list[Hit]:
    from unsc.screening.service import screen

    return list(screen(query, limit=limit, threshold=threshold,
                       lists=list(lists) if lists is not None else None))


def current_versions(lists: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The list versions screening runs against now (as recorded in the trail)."""
    return _versions(lists)


def screen_query(query: dict[str, Any], actor: str, limit: int = 10,
                 threshold: float | None = None, lists: Sequence[str] | None = None,
                 audited: bool = True) -> ScreenResult:
    """Screen one query and audit it (query, list versions, results)."""
    from unsc.lists import versions_cache

    q = to_query(query)
    with versions_cache.pinned():  # screened and recorded against the same versions
        hits = _screen(q, limit, threshold, lists)
        versions = _versions(lists)
    if audited:
        audit.record("screen", {"query": query, "versions": versions,
                                "warnings": list(q.warnings), "results": [
            {"entity_id": h.entity.id, "score": round(h.score, 4), "match": h.match}
            for h in hits]}, actor)
    return ScreenResult(dict(query), hits, versions, q.warnings, hit_measures(hits))


def screen_many(queries: dict[str, dict[str, Any]], actor: str, limit: int = 5,
                threshold: float | None = None, lists: Sequence[str] | None = None,
                pace: Callable[[int, int], None] | None = None) -> dict[str, list[Hit]]:
    """Screen a batch; one audit record for the whole batch keeps the chain short.

    ``pace(done, total)`` runs before each query: the service uses it to stop a batch
    past its time (it raises, and nothing is recorded) and to let other requests take a
    turn, so one request cannot occupy the service longer than its caller allows."""
    from unsc.lists import versions_cache

    results: dict[str, list[Hit]] = {}
    with versions_cache.pinned():  # one set of versions for every query and the record
        for key, q in queries.items():
            if pace is not None:
                pace(len(results), len(queries))
            results[key] = _screen(to_query(q), limit, threshold, lists)
        versions = _versions(lists)
    audit.record("screen.batch", {"versions": versions, "queries": {
        key: {"query": queries[key], "results": [
            {"entity_id": h.entity.id, "score": round(h.score, 4), "match": h.match}
            for h in hits]} for key, hits in results.items()}}, actor)
    return results


def find_hit(query: dict[str, Any], entity_id: str, actor: str, audited: bool = True,
             ) -> FoundHit:
    """The hit for ``entity_id`` when screening ``query`` (re-computed, never trusted from
    the client), so a decision always rests on the current entry."""
    result = (screen_query(query, actor, limit=50) if audited else
              ScreenResult(query, _screen(to_query(query), 50), _versions()))
    for found in result.hits:
        if found.entity.id == entity_id:
            return FoundHit(found, result.versions)
    raise NotFoundError(f"{entity_id!r} is not among the hits for {query.get('name')!r}")


def _subject(row: Any) -> Subject:
    return Subject(int(row.id), row.ref, row.kind, row.name, row.schema, row.birth_date,
                   row.nationality, row.id_number, row.subject_hash, row.created_at,
                   row.updated_at)


def _matches(hits: Iterable[Hit]) -> list[AlertInput]:
    return [AlertInput.from_hit(h) for h in hits if h.match]


def register_subject(ref: str, name: str, *, kind: str = "customer", schema: str = "Person",
                     birth_date: str | None = None, nationality: str | None = None,
                     id_number: str | None = None, actor: str = "system",
                     ) -> tuple[Subject, list[Alert]]:
    """Register or update a subject, screen it against the current lists, queue matches."""
    ref, name = ref.strip(), name.strip()
    if not ref or not name:
        raise InputError("a subject needs a ref and a name")
    if kind not in KINDS:
        raise InputError(f"unknown subject kind {kind!r}; expected one of {', '.join(KINDS)}")
    values = {"kind": kind, "name": name, "schema": schema or "Person",
              "birth_date": _clean(birth_date), "nationality": _clean(nationality),
              "id_number": _clean(id_number)}
    values["subject_hash"] = subject_hash(values)
    hits = _screen(to_query(values), limit=20) if _versions() else []
    now = _now()
    with connect(write=True) as conn:
        row = conn.execute(select(subjects).where(subjects.c.ref == ref)).first()
        if row is None:
            conn.execute(insert(subjects).values(ref=ref, created_at=now, updated_at=now,
                                                 **values))
        else:
            conn.execute(update(subjects).where(subjects.c.ref == ref)
                         .values(updated_at=now, **values))
        subject = _subject(conn.execute(select(subjects).where(subjects.c.ref == ref)).one())
        raised = raise_alerts(subject.query_dict(), _matches(hits), source="subject",
                              subject_id=subject.id, conn=conn)
        audit.record("subject.register", {"ref": ref, **values, "alerts": [
            a.id for a in raised]}, actor, conn)
    return subject, raised


def list_subjects() -> list[Subject]:
    with connect() as conn:
        rows = conn.execute(select(subjects).order_by(subjects.c.ref)).all()
    return [_subject(r) for r in rows]


def _changed_entities(old: str | None, new: str) -> list[Entity]:
    """Entries added or amended in ``new`` relative to ``old`` (all of ``new`` if none).

    The lists diff names entries by reference number (or id when there is none)."""
    from unsc.lists import service as lists_service

    entities = lists_service.get_version_entities(new)
    if old is None:
        return entities
    try:
        diff = lists_service.diff_versions(old, new)
    except NotFoundError:  # the version last re-screened was deleted: screen all of new
        return entities
    wanted = set(diff.added) | {a.ref for a in diff.amended}
    return [e for e in entities if (e.reference_number or e.id) in wanted]


def _changed_count(old: str | None, new: str) -> int:
    """The number :func:`_changed_entities` would return, counted in the store."""
    from unsc.store import lists_tables as lists_repo

    with connect() as conn:
        if old is not None and not lists_repo.select_versions(conn, ids=[old]):
            old = None  # the version last re-screened was deleted: all of new
        return lists_repo.count_changed(conn, old, new)


def _screener_for(list_name: str, version: str) -> Screener:
    """The cached screener of the list's latest version, or one built for ``version``."""
    from unsc.lists import service as lists_service
    from unsc.screening.service import current_screener

    latest = {v.list: v.version for v in lists_service.latest_versions()}
    if latest.get(list_name) == version:
        return current_screener([list_name])
    return Screener(lists_service.get_version_entities(version))


def rescreen(list_name: str, old: str | None, new: str, actor: str = "system",
             ) -> RescreenResult:
    """Screen every subject against the entries changed from ``old`` to ``new`` only.

    Candidates come from the index of the whole version, so a score (which weighs tokens
    by their rarity on the list) is the same as in a full screening; only hits on changed
    entries are kept. Screening a subset on its own would make common names look rare.
    """
    all_subjects = list_subjects()
    # With no subject to screen, the changed entries are only counted, by the database:
    # reading them would hold a whole (possibly multi-GB) version in memory for nothing.
    changed = _changed_entities(old, new) if all_subjects else []
    changed_ids = {e.id for e in changed}
    count = len(changed) if all_subjects else _changed_count(old, new)
    result = RescreenResult(subjects=len(all_subjects))
    found: list[tuple[Subject, list[AlertInput]]] = []
    if changed and all_subjects:  # screen before taking the write lock
        screener = _screener_for(list_name, new)
        for subject in all_subjects:
            found.append((subject, _matches(h for h in screener.screen(subject.query(), limit=50)
                                            if h.entity.id in changed_ids)))
    with connect(write=True) as conn:
        # Loaders of one list in several processes each re-screen it; on PostgreSQL their
        # delete-then-insert of the marker below raced into a unique violation (found by
        # tests/test_concurrent_writers.py). SQLite writers are serialised already.
        serialise(conn, f"rescreened:{list_name}")
        for subject, items in found:
            result.alerts.extend(raise_alerts(
                subject.query_dict(), items, source="rescreen", subject_id=subject.id,
                list_version=new, conn=conn))
        conn.execute(service_meta.delete().where(service_meta.c.key == f"rescreened:{list_name}"))
        conn.execute(insert(service_meta).values(key=f"rescreened:{list_name}", value=new))
        entry = {"list": list_name, "old": old, "new": new, "changed_entries": count}
        result.lists.append(entry)
        audit.record("subjects.rescreen", {**entry, "subjects": len(all_subjects),
                                           "alerts": [a.id for a in result.alerts]}, actor, conn)
    return result


def rescreen_pending(actor: str = "system") -> RescreenResult:
    """Re-screen each list whose latest version has not been re-screened yet; the service
    calls this after every list load, and ``unsc subjects rescreen`` runs it by hand."""
    total = RescreenResult(subjects=len(list_subjects()))
    with connect() as conn:
        done = {r.key.split(":", 1)[1]: r.value for r in conn.execute(select(service_meta))
                if r.key.startswith("rescreened:")}
    for info in _versions():
        name, version = str(info["list"]), str(info["version"])
        if done.get(name) == version:
            continue
        part = rescreen(name, done.get(name), version, actor)
        total.lists.extend(part.lists)
        total.alerts.extend(part.alerts)
    return total


def service_status() -> dict[str, Any]:
    """What the home page and `unsc serve` show: loaded lists, subjects, queue counts."""
    return {"versions": _versions(), "subjects": len(list_subjects()),
            "queue": queue_counts(), "audit_records": audit.list_records(limit=1)[1]}


def after_list_load(loaded: Any, actor: str = "system") -> dict[str, Any]:
    """Delta re-screen the subjects after a list load (a ``LoadResult``). Any code that
    loads a list (CLI, API, scheduler) calls this so the queue stays whole; the load's
    audit record was written by the load itself, in the same transaction."""
    info: dict[str, Any] = loaded.to_dict()
    info["rescreen"] = rescreen_pending(actor).to_dict()
    return info


def load_and_rescreen(path: Path, data: bytes | None = None, actor: str = "system",
                      force: bool = False, historical: bool = False) -> dict[str, Any]:
    """Load a list version (audited by the load), then delta re-screen the subjects."""
    from unsc.lists import service as lists_service

    return after_list_load(lists_service.load_list(path, data=data, force=force,
                                                   historical=historical, actor=actor), actor)
