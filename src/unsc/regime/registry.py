"""Which regimes exist, what each one is, and how a name, alias or list label finds it.

Every regime is a folder of ``unsc/data/regime`` named by the resolution that set up its
sanctions committee (``1718``, ``1267``, ``751``...). Its ``regime.json`` holds what is not
a measure: names and aliases, the list labels and reference prefixes that link Consolidated
List entries to it, committee, panel, designation criteria, the regime's life (established,
terminated, restored, ended) and its SOURCES. A file that does not validate raises
:class:`ListFormatError` listing every problem: a half-read regime would mislabel entries.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from unsc.errors import ListFormatError, NotFoundError, Problem
from unsc.regime.model import Criterion, RegimeInfo, Renewal, StatusEvent

__all__ = ["VERIFICATION", "data_root", "is_citable", "load_regime_info", "read_json",
           "regime_for_entry", "regime_ids", "resolve_regime"]

VERIFICATION = {"Y", "C", "N"}
_STATUSES = {"active", "terminated", "ended"}
_URL = re.compile(r"(?:https?://)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/\S*)?", re.IGNORECASE)
_SYMBOL = re.compile(
    r"\b(?:S/RES/\d+|S/\d{4}/\d+|S/PV\.\d+|S/PRST/\d{4}/\d+|SC/\d+|GA/\d+|A/RES/\d+/\d+"
    r"|A/\d+/\d+|A/ES-\d+/\d+|ST/IC/\d{4}/\d+|INFCIRC/\d+)")


def is_citable(source: str) -> bool:
    """Whether every part of a source cell (``;``-separated) names a document symbol
    (``S/RES/2397 (2017)``, ``SC/15324``, ``S/PV.9087``) or a URL (``press.un.org/...``),
    so a reader can find it: a search-result number or a vague name is not a source."""
    parts = [p.strip() for p in _split_sources(source)]
    return bool(parts) and all(p and (_URL.search(p) or _SYMBOL.search(p)) for p in parts)


def _split_sources(source: str) -> list[str]:
    """Split on ``;`` outside parentheses and quotes (a quoted passage may hold one)."""
    parts: list[str] = []
    current: list[str] = []
    depth, quoted = 0, False
    for char in source:
        if char == '"':
            quoted = not quoted
        elif char == "(" and not quoted:
            depth += 1
        elif char == ")" and not quoted:
            depth = max(0, depth - 1)
        if char == ";" and depth == 0 and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def data_root() -> Traversable:
    return resources.files("unsc") / "data" / "regime"


def read_json(path: Traversable, name: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ListFormatError(f"regime data file {name} cannot be read: {exc}") from None
    if not isinstance(data, dict):
        raise ListFormatError(f"regime data file {name}: top level must be an object")
    return data


@lru_cache(maxsize=1)
def regime_ids() -> tuple[str, ...]:
    """Every regime shipped, by committee resolution number (numeric order)."""
    found = [p.name for p in data_root().iterdir()
             if p.is_dir() and (p / "regime.json").is_file()]
    return tuple(sorted(found, key=lambda n: (not n.isdigit(), int(n) if n.isdigit() else 0, n)))


def _date(raw: Any, name: str, record: str | None, fld: str,
          problems: list[Problem]) -> date | None:
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        problems.append(Problem(name, record, fld, f"not a date: {raw!r}"))
        return None


def _criteria(data: dict[str, Any], name: str, problems: list[Problem]) -> list[Criterion]:
    out = []
    for n, raw in enumerate(data.get("criteria", [])):
        rec = f"criteria[{n}]"
        for fld in ("citation", "text", "source"):
            if not raw.get(fld):
                problems.append(Problem(name, rec, fld, "missing"))
        if raw.get("verification") not in VERIFICATION:
            problems.append(Problem(name, rec, "verification", "must be Y, C or N"))
        out.append(Criterion(str(raw.get("citation", "")), str(raw.get("text", "")),
                             str(raw.get("source", "")), str(raw.get("verification", "N"))))
    return out


def _timeline(data: dict[str, Any], name: str, problems: list[Problem]) -> list[StatusEvent]:
    out = []
    for n, raw in enumerate(data.get("timeline", [])):
        rec = f"timeline[{n}]"
        day = _date(raw.get("on"), name, rec, "on", problems)
        if raw.get("status") not in _STATUSES:
            problems.append(Problem(name, rec, "status", f"must be one of {sorted(_STATUSES)}"))
        for fld in ("citation", "source"):
            if not raw.get(fld):
                problems.append(Problem(name, rec, fld, "missing"))
        if raw.get("verification") not in VERIFICATION:
            problems.append(Problem(name, rec, "verification", "must be Y, C or N"))
        if day is not None:
            out.append(StatusEvent(day, str(raw.get("status")), str(raw.get("citation", "")),
                                   str(raw.get("source", "")), raw.get("note"),
                                   str(raw.get("verification", "N"))))
    if not out:
        problems.append(Problem(name, None, "timeline", "a regime needs at least one event"))
    return out


def _renewals(data: dict[str, Any], name: str, problems: list[Problem]) -> list[Renewal]:
    out = []
    for n, raw in enumerate(data.get("renewals", [])):
        rec = f"renewals[{n}]"
        adopted = _date(raw.get("adopted"), name, rec, "adopted", problems)
        until = _date(raw.get("until"), name, rec, "until", problems)
        for fld in ("by", "source", "measures"):
            if not raw.get(fld):
                problems.append(Problem(name, rec, fld, "missing"))
        if raw.get("source") and not is_citable(str(raw["source"])):
            problems.append(Problem(name, rec, "source", "not a document symbol or URL"))
        if raw.get("verification") not in VERIFICATION:
            problems.append(Problem(name, rec, "verification", "must be Y, C or N"))
        if adopted and until:
            out.append(Renewal(str(raw.get("by")), adopted, until,
                               tuple(raw.get("measures", [])), str(raw.get("source", "")),
                               str(raw.get("verification", "N")), raw.get("vote")))
    return out


@lru_cache(maxsize=32)
def load_regime_info(regime: str) -> RegimeInfo:
    """The ``regime.json`` of one regime (by id; see :func:`resolve_regime` for aliases)."""
    rid = resolve_regime(regime)
    name = f"{rid}/regime.json"
    data = read_json(data_root() / rid / "regime.json", name)
    problems: list[Problem] = []
    if str(data.get("id")) != rid:
        problems.append(Problem(name, None, "id", f"must be {rid!r}, the folder name"))
    for fld in ("name", "target", "committee", "sources"):
        if not data.get(fld):
            problems.append(Problem(name, None, fld, "missing"))
    for src in data.get("sources", []):
        if not is_citable(str(src)):
            problems.append(Problem(name, None, "sources", f"not a symbol or URL: {src!r}"))
    criteria = _criteria(data, name, problems)
    timeline = _timeline(data, name, problems)
    renewals = _renewals(data, name, problems)
    if problems:
        raise ListFormatError(f"regime {rid}: regime.json is invalid", problems)
    return RegimeInfo(
        id=rid, name=str(data["name"]), target=str(data["target"]),
        aliases=tuple(str(a) for a in data.get("aliases", [])),
        list_types=tuple(data.get("list_types", [])),
        reference_prefixes=tuple(data.get("reference_prefixes", [])),
        committee=dict(data["committee"]), panel=data.get("panel"),
        criteria=tuple(criteria), timeline=tuple(sorted(timeline, key=lambda e: e.on)),
        sources=tuple(str(s) for s in data["sources"]),
        unverified=tuple(str(u) for u in data.get("unverified", [])), note=data.get("note"),
        renewals=tuple(renewals))


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    for rid in regime_ids():
        data = read_json(data_root() / rid / "regime.json", f"{rid}/regime.json")
        for key in (rid, *data.get("aliases", []), *data.get("list_types", [])):
            table.setdefault(str(key).strip().casefold(), rid)
    return table


def resolve_regime(name: str) -> str:
    """The regime id for an id, an alias (``2713``, ``ISIL``) or a list label (``DPRK``).

    Only the shipped names are looked up, so odd input (a very long string, a path) can
    only ever give :class:`NotFoundError`.
    """
    key = str(name or "").strip().casefold()
    rid = _aliases().get(key)
    if rid is None:
        shown = name if len(str(name)) <= 40 else str(name)[:40] + "..."
        raise NotFoundError(f"unknown regime {shown!r}; known: {', '.join(regime_ids())} "
                            "(see `unsc regime list`)")
    return rid


@lru_cache(maxsize=1)
def _prefixes() -> dict[str, str]:
    table: dict[str, str] = {}
    for rid in regime_ids():
        for prefix in load_regime_info(rid).reference_prefixes:
            table[prefix.casefold()] = rid
    return table


def regime_for_entry(reference_number: str | None, regimes: tuple[str, ...] = (),
                     list_type: str | None = None) -> str | None:
    """The regime of a UN list entry: from its regimes field (set from UN_LIST_TYPE by the
    list reader), else its list label, else its reference prefix (``QDi.123`` -> 1267)."""
    for candidate in (*regimes, list_type):
        if candidate:
            try:
                return resolve_regime(candidate)
            except NotFoundError:
                continue
    ref = (reference_number or "").strip()
    if "." in ref:
        return _prefixes().get(ref.split(".", 1)[0].casefold())
    return None
