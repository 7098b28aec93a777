"""A lists diff as people read it: counts first, named entries, real before/after, paged.

``ListDiff`` says *which* entries changed (reference numbers and raw field values); a
reviewer needs more: who an added entry is and under which list type, what exactly an
amendment changed (two 2,000-character comments that differ in one URL look identical
when cut short), and a page that stays readable when a version amends 640 entries.

:func:`diff_report` turns a diff into rows of one shape, ``added`` and ``removed``
entries first, then amended entries grouped by field (substantive fields before the
source's bookkeeping ``extra.*`` values), filtered by kind, list type and field, and cut
into pages. Text values carry a word-level diff (:func:`word_diff`); list values (names,
documents, addresses...) say which items were removed, added or kept.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from unsc.errors import InputError
from unsc.lists.diff import Change, ListDiff
from unsc.lists.model import Entity

__all__ = ["FIELD_ORDER", "KINDS", "diff_report", "display_items", "word_diff"]

KINDS = ("added", "removed", "amended")
FIELD_ORDER = ("names", "schema", "birth_dates", "birth_places", "nationalities", "documents",
               "addresses", "vessel", "gender", "titles", "positions", "programmes", "regimes",
               "listed_on", "comments")
"""Fields in the order a reviewer weighs them; any other field follows, ``extra.*`` last."""
_WORDS = re.compile(r"\s+|\w+|[^\w\s]")
"""Words, runs of whitespace and single punctuation marks: a changed URL path segment is
shown as that segment, not as the whole link."""
_CONTEXT = 80  # characters of unchanged text kept either side of a change (short view)


def _field_rank(name: str) -> tuple[int, str]:
    if name in FIELD_ORDER:
        return FIELD_ORDER.index(name), name
    return (len(FIELD_ORDER) + (1 if name.startswith("extra.") else 0), name)


def _item(field: str, value: Any) -> str:
    """One list item (a name, a document, an address...) as one readable line."""
    if not isinstance(value, dict):
        return str(value)
    if field == "names":
        notes = [v for v in (value.get("kind"), value.get("quality") == "weak" and "weak",
                             value.get("script") and f"{value['script']} script",
                             value.get("note")) if v]
        return f"{value.get('value')} ({', '.join(str(n) for n in notes)})"
    if field == "birth_dates":
        text = value.get("value") or "–".join(str(value.get(k)) for k in ("year_from", "year_to")
                                               if value.get(k) is not None)
        notes = [str(v) for v in (value.get("kind") != "exact" and value.get("kind"),
                                  value.get("note")) if v]
        return f"{text} ({'; '.join(notes)})" if notes else str(text)
    if field == "documents":
        head = " ".join(str(value.get(k)) for k in ("type", "number") if value.get(k))
        tail = ", ".join(f"{k} {value[k]}" for k in ("country", "issued", "expires", "note")
                         if value.get(k))
        return f"{head} ({tail})" if tail else head
    parts = [f"{k}: {v}" if field == "vessel" else str(v) for k, v in value.items()
             if v not in (None, "", [])]
    return ", ".join(parts)


def display_items(field: str, value: Any) -> list[str]:
    """A field value as readable lines: one per list item, one for a scalar, none for
    an empty value."""
    if value in (None, "", [], {}):
        return []
    if isinstance(value, list):
        return [_item(field, v) for v in value]
    if isinstance(value, dict):
        return [_item(field, value)]
    return [str(value)]


def word_diff(old: str, new: str) -> dict[str, Any]:
    """Word-level differences of two texts.

    ``old``/``new``: segments ``{"op": "equal"|"delete"|"insert", "text": ...}`` of the
    whole texts (newlines kept as newlines); ``short_old``/``short_new``: the same with long
    unchanged stretches shortened to about ``_CONTEXT`` characters either side of a change, so the
    change is always in view however long the text."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    left: list[dict[str, str]] = []
    right: list[dict[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            left.append({"op": "equal", "text": "".join(a[i1:i2])})
            right.append({"op": "equal", "text": "".join(b[j1:j2])})
            continue
        if i2 > i1:
            left.append({"op": "delete", "text": "".join(a[i1:i2])})
        if j2 > j1:
            right.append({"op": "insert", "text": "".join(b[j1:j2])})
    return {"old": left, "new": right, "short_old": _shorten(left), "short_new": _shorten(right)}


def _edge(words: list[str], *, tail: bool) -> str:
    """About ``_CONTEXT`` characters of ``words`` at one end, cut at a space."""
    seq = list(reversed(words)) if tail else words
    kept: list[str] = []
    size = 0
    for token in seq:
        if size >= _CONTEXT and token.isspace():
            break
        kept.append(token)
        size += len(token)
    return "".join(reversed(kept) if tail else kept)


def _shorten(segments: list[dict[str, str]]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for n, seg in enumerate(segments):
        if seg["op"] != "equal" or len(seg["text"]) <= 3 * _CONTEXT:
            out.append(seg)
            continue
        words = _WORDS.findall(seg["text"])
        head = _edge(words, tail=False) if n > 0 else ""
        tail = _edge(words, tail=True) if n < len(segments) - 1 else ""
        out.append({"op": "equal", "text": head})
        out.append({"op": "skip", "text": " … "})
        out.append({"op": "equal", "text": tail})
    return [s for s in out if s["text"]]


def _change(change: Change) -> dict[str, Any]:
    """What changed in one field: a word diff for text, item lists for everything else."""
    if isinstance(change.old, str | None) and isinstance(change.new, str | None) and (
            change.old or change.new):
        return {"field": change.field, "type": "text",
                **word_diff(change.old or "", change.new or "")}
    before = display_items(change.field, change.old)
    after = display_items(change.field, change.new)
    removed = [x for x in before if x not in after]
    added = [x for x in after if x not in before]
    if not removed and not added:  # same items as shown: the order (or a hidden detail) moved
        return {"field": change.field, "type": "items", "removed": before, "added": after,
                "kept": [], "reordered": True}
    return {"field": change.field, "type": "items", "removed": removed, "added": added,
            "kept": [x for x in after if x in before], "reordered": False}


def _entry(entity: Entity | None, ref: str, version: str) -> dict[str, Any]:
    if entity is None:
        return {"ref": ref, "entity_id": None, "caption": ref, "schema": None,
                "list_types": [], "version": version}
    return {"ref": ref, "entity_id": entity.id, "caption": entity.caption,
            "schema": str(entity.schema), "list_types": list(entity.programmes),
            "version": version}


def _by_ref(entities: Iterable[Entity]) -> dict[str, Entity]:
    return {e.reference_number or e.id: e for e in entities}


def diff_report(diff: ListDiff, old_entities: Sequence[Entity], new_entities: Sequence[Entity],
                *, kind: str = "", list_type: str = "", field: str = "", page: int = 1,
                per_page: int = 50) -> dict[str, Any]:
    """Summary, filters and one page of rows (see the module docstring).

    Each row: ``kind``, the entry (``ref``, ``entity_id``, ``caption``, ``schema``,
    ``list_types``, ``version`` it is shown from) and, for amendments, ``change`` (one
    field). ``summary`` counts the whole diff; ``matching`` counts the rows the filters
    leave. A page past the end is an InputError naming the last page."""
    if kind and kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    if per_page < 1 or per_page > 500:
        raise InputError("per_page must be between 1 and 500")
    before, after = _by_ref(old_entities), _by_ref(new_entities)
    rows: list[dict[str, Any]] = []
    rows += [{"kind": "added", **_entry(after.get(r), r, diff.new)} for r in diff.added]
    rows += [{"kind": "removed", **_entry(before.get(r), r, diff.old)} for r in diff.removed]
    amended = []
    for a in diff.amended:
        entry = _entry(after.get(a.ref), a.ref, diff.new)
        amended += [{"kind": "amended", **entry, "field": c.field, "raw": c} for c in a.changes]
    amended.sort(key=lambda r: (_field_rank(r["field"]), r["ref"]))
    rows += amended
    entries = {(r["kind"], r["ref"]): set(r["list_types"]) for r in rows}  # per entry
    summary = {"added": len(diff.added), "removed": len(diff.removed),
               "amended": len(diff.amended),
               "fields": dict(sorted(Counter(r["field"] for r in amended).items(),
                                     key=lambda kv: _field_rank(kv[0]))),
               "list_types": dict(sorted(Counter(t for types in entries.values()
                                                 for t in types).items()))}
    chosen = [r for r in rows if (not kind or r["kind"] == kind)
              and (not list_type or list_type in r["list_types"])
              and (not field or r.get("field") == field)]
    pages = max(1, math.ceil(len(chosen) / per_page))
    if page < 1 or page > pages:
        raise InputError(f"page {page} does not exist; pages run from 1 to {pages}")
    shown = chosen[(page - 1) * per_page: page * per_page]
    for row in shown:
        raw = row.pop("raw", None)
        if raw is not None:
            row["change"] = _change(raw)
    return {"old": diff.old, "new": diff.new, "summary": summary,
            "filters": {"kind": kind, "list_type": list_type, "field": field},
            "matching": len(chosen), "page": page, "pages": pages, "per_page": per_page,
            "rows": shown}
