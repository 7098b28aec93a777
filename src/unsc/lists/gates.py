"""Load gates: checks a parsed list version must pass before it may become current.

A reader proves a file is well-formed; it cannot prove the file is the whole list. A
download cut at a line boundary, an export of an empty list, or a typo in a date all
parse, and before these gates any of them replaced the current version and silently
shrank every later screening. Each gate names what it saw and how to override it:

- ``empty``: no entries at all;
- ``incomplete``: the format's own completeness marker is missing (SDN.CSV's end-of-file
  byte, the record count an unsc FtM export states);
- ``future``: published more than a day after today (a date typo such as 2205-08-02);
- ``older``: published before the current version of the same list;
- ``shrink``: fewer entries than the current version by more than ``max_shrink``.

``--force`` overrides every gate; ``--historical`` loads the file as a non-current
version, which is what an older file usually is, so ``older`` and ``shrink`` (which
protect the current version) do not apply to it. Overrides are recorded in the audit
record of the load. The gates are pure functions of the version, the current version's
summary and today's date, so they are tested without a store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from unsc.errors import ListGateError, Problem
from unsc.lists.model import ListVersion

__all__ = ["GATES", "Current", "Gate", "check", "evaluate"]

GATES = ("empty", "incomplete", "future", "older", "shrink")
FUTURE_SLACK = timedelta(days=1)
"""A list published "tomorrow" is a time-zone difference (UN files are stamped in New
York or UTC); more than that is a wrong date."""


@dataclass(frozen=True)
class Current:
    """What the gates need to know about the current version of the same list."""

    version: str
    published: str
    entities: int


@dataclass(frozen=True)
class Gate:
    name: str
    message: str


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def evaluate(version: ListVersion, current: Current | None, *, today: date,
             max_shrink: float, historical: bool = False,
             count: int | None = None) -> list[Gate]:
    """Every gate the version fails, in the order of :data:`GATES`. ``count`` stands for
    ``len(version.entities)`` when the entities are streamed, not held."""
    failed: list[Gate] = []
    count = len(version.entities) if count is None else count
    if count == 0:
        failed.append(Gate("empty", "the file has no entries: loading it would make "
                                    "every screening against this list find nothing"))
    failed.extend(Gate("incomplete", reason) for reason in version.incomplete)
    published = _day(version.published)
    if published is None:
        failed.append(Gate("future", f"publication date {version.published!r} is not a "
                                     "date"))
    elif published > today + FUTURE_SLACK:
        failed.append(Gate("future", f"published {version.published}, after today "
                                     f"({today.isoformat()}): a wrong date would keep this "
                                     "version current forever"))
    if current is None or historical:
        return failed
    if published is not None and version.published < current.published:
        failed.append(Gate("older", f"published {version.published}, before the current "
                                    f"version {current.version} ({current.published})"))
    floor = current.entities * (1.0 - max_shrink)
    if current.entities and count < floor:
        drop = 1.0 - count / current.entities
        failed.append(Gate("shrink", f"{count} entries against {current.entities} in the "
                                     f"current version {current.version}: {drop:.1%} fewer, "
                                     f"more than max_shrink={max_shrink:.0%}"))
    return failed


def check(version: ListVersion, current: Current | None, *, today: date, max_shrink: float,
          force: bool = False, historical: bool = False,
          count: int | None = None) -> list[str]:
    """The names of the gates ``force`` overrode; ListGateError when any gate refuses."""
    failed = evaluate(version, current, today=today, max_shrink=max_shrink,
                      historical=historical, count=count)
    if not failed:
        return []
    if force:
        return sorted({g.name for g in failed}, key=GATES.index)
    names = sorted({g.name for g in failed}, key=GATES.index)
    hint = "load it anyway with --force (API: force=true); the override is audited"
    if names == ["older"]:
        hint = ("load it as a non-current version with --historical (API: historical=true), "
                "or make it current with --force")
    problems = [Problem(version.source, None, None, f"{g.name}: {g.message}") for g in failed]
    raise ListGateError(f"{version.source}: refused ({', '.join(names)}); nothing was written."
                        f" To {hint}.", problems, names)
