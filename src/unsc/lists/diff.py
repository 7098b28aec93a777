"""Differences between two list versions: added, removed and amended entries.

Entries are matched by their stable id (``un-KPi.033``), so a record whose fields change
is *amended*, not removed-and-added. Amendments list field-level changes (top-level
entity fields, and ``extra.<key>`` for the source's bookkeeping values) with old and new
values, which is what a compliance officer reads to see what a Committee changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Amendment", "Change", "ListDiff", "field_changes"]


@dataclass(frozen=True)
class Change:
    field: str
    old: Any
    new: Any

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class Amendment:
    ref: str
    changes: tuple[Change, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"ref": self.ref, "changes": [c.to_dict() for c in self.changes]}


@dataclass(frozen=True)
class ListDiff:
    """The contract shape of ``unsc lists diff --json`` (extended with the version ids)."""

    old: str
    new: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    amended: tuple[Amendment, ...] = field(default_factory=tuple)

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.amended)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "added": list(self.added),
            "removed": list(self.removed),
            "amended": [a.to_dict() for a in self.amended],
        }


def field_changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[Change, ...]:
    """Field-level differences between two entity documents (``Entity.to_dict()``)."""
    changes: list[Change] = []
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if key == "extra" and isinstance(before, dict) and isinstance(after, dict):
            for sub in sorted(set(before) | set(after)):
                if before.get(sub) != after.get(sub):
                    changes.append(Change(f"extra.{sub}", before.get(sub), after.get(sub)))
            continue
        changes.append(Change(key, before, after))
    return tuple(changes)
