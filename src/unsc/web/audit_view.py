"""Audit records as one readable line each: what happened, in words (who and when are
their own columns). The full JSON stays one click away on the page; this is only the
summary an auditor scans, so a payload shape it does not know falls back to its first
few values instead of failing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["summary"]


def _versions(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ", ".join(str(v.get("version", v)) if isinstance(v, dict) else str(v)
                         for v in value) or "no list"
    return "no list"


def _screen(p: dict[str, Any]) -> str:
    query = p.get("query") or {}
    results = p.get("results") or []
    matches = [r for r in results if r.get("match")]
    best = (f"; best {results[0].get('entity_id')} {float(results[0].get('score', 0)):.2f}"
            if results else "")
    return (f"screened {query.get('name')!r} against {_versions(p.get('versions'))}: "
            f"{len(results)} candidates, {len(matches)} match{'es' if len(matches) != 1 else ''}"
            f"{best}")


def _batch(p: dict[str, Any]) -> str:
    queries = p.get("queries") or {}
    matches = sum(1 for q in queries.values() for r in (q.get("results") or [])
                  if r.get("match"))
    return (f"screened a batch of {len(queries)} queries against "
            f"{_versions(p.get('versions'))}: {matches} matching results")


def _batch_file(p: dict[str, Any]) -> str:
    return (f"screened file {p.get('input')} ({p.get('queries')} rows, {p.get('matches')} "
            f"matching rows, {p.get('rows_with_warnings')} rows with warnings) -> "
            f"{p.get('output')}")


def _decision(p: dict[str, Any]) -> str:
    query = p.get("query") or {}
    return (f"decided alert #{p.get('alert_id')} ({query.get('name')!r} ~ "
            f"{p.get('caption') or p.get('entity_id')}): "
            f"{str(p.get('decision', '')).replace('_', ' ')}, reason: {p.get('reason')!r}")


def _load(p: dict[str, Any]) -> str:
    r = p.get("result") or {}
    return (f"loaded {r.get('version')} ({r.get('entities')} entries, published "
            f"{r.get('published')}) from {r.get('source')}"
            + ("" if r.get("created", True) else " (already stored)"))


def _rescreen(p: dict[str, Any]) -> str:
    return (f"re-screened {p.get('subjects')} subjects against {p.get('changed_entries')} "
            f"changed entries of {p.get('new')} (since {p.get('old') or 'nothing'}): "
            f"{len(p.get('alerts') or [])} alerts")


def _subject(p: dict[str, Any]) -> str:
    return (f"registered subject {p.get('ref')} {p.get('name')!r} ({p.get('kind')}): "
            f"{len(p.get('alerts') or [])} alerts")


def _raise(p: dict[str, Any]) -> str:
    query = p.get("query") or {}
    ids = ", ".join(f"#{a}" for a in p.get("alerts") or [])
    return f"queued {query.get('name')!r} for review from a {p.get('source')}: alerts {ids}"


def _settings(p: dict[str, Any]) -> str:
    changed = p.get("changed") or p.get("changes") or {}
    names = ", ".join(sorted(changed)) if isinstance(changed, dict) else ""
    return f"settings changed: {names}" if names else "settings recorded"


SUMMARIES: dict[str, Callable[[dict[str, Any]], str]] = {
    "screen": _screen, "screen.batch": _batch, "screen.batch.file": _batch_file,
    "decision.record": _decision, "list.load": _load, "subjects.rescreen": _rescreen,
    "subject.register": _subject, "alert.raise": _raise, "settings.change": _settings,
    "session.login": lambda p: f"logged in (key {p.get('key_id')})",
    "session.logout": lambda p: "logged out",
    "key.create": lambda p: f"created {p.get('role')} key {p.get('prefix')} "
                            f"(id {p.get('key_id')})",
    "key.revoke": lambda p: f"revoked key {p.get('prefix')} (id {p.get('key_id')})",
}


def summary(action: str, payload: dict[str, Any]) -> str:
    """One line saying what the record is about."""
    found = SUMMARIES.get(action)
    if found is not None:
        try:
            return found(payload)
        except (AttributeError, TypeError, ValueError):
            pass  # a shape this summary does not know: fall back below
    parts = [f"{k}={v}" for k, v in list(payload.items())[:4]
             if isinstance(v, str | int | float | bool)]
    return "; ".join(parts) if parts else f"{len(payload)} fields"
