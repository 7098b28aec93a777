"""Reading the regime data files shipped in ``unsc/data/regime``.

One JSON file per resolution (``1718/2397.json``), one per what-if draft
(``whatif/S_2022_431.json``) and one HS inference table (``hs_inference.json``). A file
that does not validate raises :class:`ListFormatError` with every problem found, naming the
file, the measure and the field: a half-loaded regime would give wrong verdicts silently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from unsc.errors import ListFormatError, NotFoundError, Problem
from unsc.regime.hs import normalise_hs
from unsc.regime.model import Amendment, Direction, Measure, MeasureKind

__all__ = ["WhatIf", "load_regime", "load_what_if", "what_if_symbols"]

REGIMES = ("1718",)
_VERIFICATION = {"Y", "C", "N"}


@dataclass(frozen=True)
class WhatIf:
    """A failed draft replayed as an amendment, with what only a draft file carries."""

    amendment: Amendment
    regime: str
    designations: tuple[dict[str, Any], ...]
    exemption_categories: tuple[dict[str, Any], ...]


def _root() -> Traversable:
    return resources.files("unsc") / "data" / "regime"


def _read(path: Traversable, name: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ListFormatError(f"regime data file {name} cannot be read: {exc}") from None
    if not isinstance(data, dict):
        raise ListFormatError(f"regime data file {name}: top level must be an object")
    return data


def _date(raw: Any, name: str, record: str | None, fld: str,
          problems: list[Problem]) -> date | None:
    if raw is None:
        return None
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        problems.append(Problem(name, record, fld, f"not a date: {raw!r}"))
        return None


def _measure(raw: dict[str, Any], symbol: str, adopted: date | None, name: str,
             inference: dict[str, Any], problems: list[Problem],
             what_if: str | None) -> Measure | None:
    mid = str(raw.get("id") or "")
    if not mid:
        problems.append(Problem(name, None, "id", "measure without id"))
        return None
    before = len(problems)
    try:
        kind = MeasureKind(str(raw.get("kind")))
    except ValueError:
        problems.append(Problem(name, mid, "kind", f"unknown kind {raw.get('kind')!r}"))
        kind = MeasureKind.OTHER
    direction = None
    if raw.get("direction") is not None:
        try:
            direction = Direction(raw["direction"])
        except ValueError:
            problems.append(Problem(name, mid, "direction",
                                    f"unknown direction {raw['direction']!r}"))
    if raw.get("verification") not in _VERIFICATION:
        problems.append(Problem(name, mid, "verification", "must be Y, C or N"))
    for fld in ("scope", "source"):
        if not raw.get(fld):
            problems.append(Problem(name, mid, fld, "missing"))
    hs: list[str] = []
    inferred = inference.get(mid, {})
    for code in [*raw.get("hs_codes", []), *inferred.get("hs", [])]:
        try:
            hs.append(normalise_hs(code, f"{name} {mid}"))
        except ValueError as exc:
            problems.append(Problem(name, mid, "hs_codes", str(exc)))
    if len(problems) > before:
        return None
    verified = tuple(hs[: len(raw.get("hs_codes", []))])
    op = str(raw.get("op") or "")
    return Measure(
        id=mid, kind=kind, direction=direction, scope=str(raw["scope"]),
        citation=f"{symbol} {op}".strip() + (" (draft, not adopted)" if what_if else ""),
        resolution=symbol,
        hs_codes=verified, hs_inferred=tuple(hs[len(verified):]),
        keywords=tuple(str(k).lower() for k in inferred.get("keywords", [])),
        exceptions=tuple(raw.get("exceptions", [])),
        effective_from=_date(raw.get("effective_from"), name, mid, "effective_from", problems)
        or adopted,
        effective_until=_date(raw.get("effective_until"), name, mid, "effective_until",
                              problems),
        source=str(raw["source"]), verification=str(raw["verification"]),
        exemptable=bool(raw.get("exemptable", False)), reporting=raw.get("reporting"),
        cap=raw.get("cap"), note=raw.get("note"), what_if=what_if,
    )


def _amendment(data: dict[str, Any], name: str, inference: dict[str, Any],
               problems: list[Problem], what_if: str | None = None) -> Amendment:
    symbol = str(data.get("symbol") or "")
    if not symbol:
        problems.append(Problem(name, None, "symbol", "missing"))
    adopted = _date(data.get("adopted"), name, None, "adopted", problems)
    if "adopted" not in data:
        problems.append(Problem(name, None, "adopted", "missing"))
    measures = [_measure(m, symbol, adopted, name, inference, problems, what_if)
                for m in data.get("measures", [])]
    return Amendment(
        symbol=symbol, adopted=adopted or date.min, title=str(data.get("title", "")),
        vote=data.get("vote"), source=str(data.get("source", "")),
        adds=tuple(m for m in measures if m is not None),
        replaces={k: tuple(v) for k, v in data.get("replaces", {}).items()},
        ends=tuple(data.get("ends", [])), adopted_text=bool(data.get("adopted_text", True)),
        elements=tuple(data.get("elements", [])), note=data.get("note"),
    )


@lru_cache(maxsize=1)
def _inference() -> dict[str, Any]:
    data = _read(_root() / "hs_inference.json", "hs_inference.json")
    measures: dict[str, Any] = data.get("measures", {})
    return measures


@lru_cache(maxsize=4)
def load_regime(regime: str = "1718") -> tuple[Amendment, ...]:
    """Every adopted resolution of ``regime`` as an amendment, oldest first."""
    if regime not in REGIMES:
        raise NotFoundError(f"unknown regime {regime!r}; known: {', '.join(REGIMES)}")
    problems: list[Problem] = []
    found: list[Amendment] = []
    for path in sorted((_root() / regime).iterdir(), key=lambda p: p.name):
        if path.name.endswith(".json"):
            found.append(_amendment(_read(path, path.name), path.name, _inference(), problems))
    ids = [m.id for a in found for m in a.adds]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        problems.append(Problem(regime, None, "id", f"duplicate measure ids: {dupes}"))
    for amendment in found:
        for old, new in amendment.replaces.items():
            for mid in (old, *new):
                if mid not in ids:
                    problems.append(Problem(amendment.symbol, None, "replaces",
                                            f"unknown measure {mid!r}"))
    if problems:
        raise ListFormatError(f"regime {regime} data files are invalid", problems)
    return tuple(sorted(found, key=lambda a: a.adopted))


def what_if_symbols() -> list[str]:
    return sorted(p.name[:-5].replace("_", "/") for p in (_root() / "whatif").iterdir()
                  if p.name.endswith(".json"))


@lru_cache(maxsize=8)
def load_what_if(symbol: str) -> WhatIf:
    """A failed draft (e.g. ``S/2022/431``) as a what-if amendment."""
    fname = symbol.strip().replace("/", "_") + ".json"
    path = _root() / "whatif" / fname
    if not path.is_file():
        raise NotFoundError(f"no what-if data for {symbol!r}; known: "
                            f"{', '.join(what_if_symbols())}")
    data = _read(path, fname)
    problems: list[Problem] = []
    amendment = _amendment(data, fname, _inference(), problems, what_if=symbol.strip())
    designations: list[dict[str, Any]] = []
    for raw in data.get("measures", []):
        designations.extend(raw.get("designations", []))
    categories = tuple(data.get("exemption_categories", []))
    for cat in categories:
        cat["hs_codes"] = [normalise_hs(c, f"{fname} category {cat.get('id')}")
                           for c in cat.get("hs_codes", [])]
    if problems:
        raise ListFormatError(f"what-if file {fname} is invalid", problems)
    amendment = replace(amendment, symbol=str(data["symbol"]))
    return WhatIf(amendment, str(data.get("regime", "1718")), tuple(designations), categories)
