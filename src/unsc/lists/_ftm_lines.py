"""Checking one FtM JSON line before anything trusts its shape.

A JSON line is hostile input: ``json.loads`` recurses once per nesting level (2,000
levels raise RecursionError), and a valid JSON value may still be a list, a number, or an
object whose ``datasets`` is ``5``. So each line is first measured for nesting depth
without recursion, then decoded, then checked field by field; every failure is a
:class:`~unsc.errors.Problem` for the reader to collect, never an exception.

unsc's own exports start with a header record (``{"unsc_export": 1, ...}``) stating the
source version, its publication date and how many records follow, so a re-import keeps
the version's date and a file cut at a line boundary is noticed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from unsc.errors import Problem

__all__ = ["EXPORT_KEY", "MAX_DEPTH", "ExportHeader", "check_record", "decode_line",
           "nesting_depth_exceeds", "parse_header"]

EXPORT_KEY = "unsc_export"
MAX_DEPTH = 32
"""Deepest JSON nesting accepted on one line; an FtM entity needs 3 (object, properties,
values)."""
MAX_ID_CHARS = 200  # lists_entries.entity_id is String(200)
_STRUCTURE = re.compile(r'[\\"\[\]{}]')
_LIST_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,59}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def nesting_depth_exceeds(line: str, limit: int = MAX_DEPTH) -> bool:
    """True when brackets outside strings nest deeper than ``limit``; iterative, linear."""
    if line.count("[") + line.count("{") <= limit:
        return False
    depth = 0
    in_string = False
    escaped_at = -1  # position of the character a backslash escapes
    for match in _STRUCTURE.finditer(line):
        pos, char = match.start(), match.group()
        if pos == escaped_at:
            continue
        if in_string:
            if char == "\\":
                escaped_at = pos + 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def decode_line(line: str, source: str, where: str) -> tuple[Any, Problem | None]:
    """The decoded JSON value of one line, or a problem saying why it is not one."""
    if nesting_depth_exceeds(line):
        return None, Problem(source, where, None,
                             f"JSON nested deeper than {MAX_DEPTH} levels; refused unread")
    try:
        return json.loads(line), None
    except ValueError as exc:  # JSONDecodeError and invalid UTF-8 surrogates
        return None, Problem(source, where, None, f"not JSON (cut or corrupt line): {exc}")


def _string_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _value_list(value: Any) -> bool:
    """Property values: strings, or entity objects in a nested (yente-style) file, which
    the reader checks as records of their own."""
    return isinstance(value, list) and all(isinstance(v, str | dict) for v in value)


def check_record(raw: Any, source: str, where: str) -> list[Problem]:
    """Shape problems of one decoded FtM entity (empty when it can be given to FtM)."""
    def problem(field: str | None, message: str) -> list[Problem]:
        return [Problem(source, where, field, message)]

    if not isinstance(raw, dict):
        return problem(None, f"not an FtM entity: a JSON object was expected, got "
                             f"{type(raw).__name__}")
    eid = raw.get("id")
    if not isinstance(eid, str) or not eid.strip():
        return problem("id", "missing or non-string id")
    if len(eid) > MAX_ID_CHARS:
        return problem("id", f"id longer than {MAX_ID_CHARS} characters")
    if not isinstance(raw.get("schema"), str):
        return problem("schema", "missing or non-string schema")
    found: list[Problem] = []
    props = raw.get("properties", {})
    if not isinstance(props, dict):
        found += problem("properties", "properties must be an object")
    else:
        for name, values in props.items():
            if not _value_list(values):
                found += problem(name, "property values must be a list of strings (or "
                                       "of nested entities)")
    datasets = raw.get("datasets", [])
    if datasets is not None and not (_string_list(datasets) and
                                     all(_LIST_NAME.match(d) for d in datasets)):
        found += problem("datasets", "datasets must be a list of list names "
                                     "(letters, digits, _ . -; at most 60 characters)")
    return found


@dataclass(frozen=True)
class ExportHeader:
    """What an unsc export says about itself."""

    list: str
    version: str
    published: str
    generated: str | None
    entities: int
    records: int


def parse_header(raw: dict[str, Any], source: str, where: str,
                 ) -> tuple[ExportHeader | None, list[Problem]]:
    """The header of an unsc export, or the problems that make it unusable."""
    def bad(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(source, where, EXPORT_KEY, message)]

    versions = raw.get("versions")
    records = raw.get("records")
    if not isinstance(versions, list) or not versions:
        return bad("export header without versions")
    if len(versions) != 1:
        return bad(f"an export of {len(versions)} list versions cannot load as one version; "
                   "export one version (`unsc lists export --version ID`) per file")
    info = versions[0]
    if not isinstance(info, dict):
        return bad("export header version must be an object")
    name, published = info.get("list"), info.get("published")
    count, generated = info.get("entities"), info.get("generated")
    if not isinstance(name, str) or not _LIST_NAME.match(name):
        return bad("export header: missing or invalid list name")
    if not isinstance(published, str) or not _real_date(published):
        return bad("export header: published must be a date, YYYY-MM-DD")
    entities, total = _count(count), _count(records)
    if entities is None or total is None or _count(raw.get("entities")) != entities:
        return bad("export header: entities and records must be non-negative integers, "
                   "the entities stated once for the file and once for its version agreeing")
    if generated is not None and not isinstance(generated, str):
        return bad("export header: generated must be a string")
    version = info.get("version")
    return ExportHeader(name, str(version) if isinstance(version, str) else "", published,
                        generated, entities, total), []


def _count(value: Any) -> int | None:
    """The value when it is a count (an int, not a bool, not negative)."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def _real_date(text: str) -> bool:
    if not _DATE.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
