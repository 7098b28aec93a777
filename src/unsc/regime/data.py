"""Reading the resolution files shipped in ``unsc/data/regime``.

Each regime folder (``1718/``, ``1267/``...) holds its ``regime.json`` (see
:mod:`unsc.regime.registry`) and resolution files: one JSON object per resolution
(``1718/2397.json``), or a file with ``"resolutions": [...]`` holding several. What-if
drafts live in ``whatif/`` and the HS inference table in ``hs_inference.json``. A file
that does not validate raises :class:`ListFormatError` with every problem found, naming the
file, the measure and the field: a half-loaded regime would give wrong verdicts silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Any

from unsc.errors import InputError, ListFormatError, NotFoundError, Problem
from unsc.regime.hs import normalise_hs
from unsc.regime.model import (
    Amendment,
    AppliesTo,
    Direction,
    Exemption,
    ExemptionKind,
    Measure,
    MeasureKind,
)
from unsc.regime.registry import (
    VERIFICATION,
    data_root,
    is_citable,
    read_json,
    regime_ids,
    resolve_regime,
)

__all__ = ["REGIMES", "WhatIf", "load_regime", "load_what_if", "what_if_symbols"]

REGIMES = regime_ids()
_SCHEMAS = {"Person", "Organization", "Vessel", "Airplane"}
_DRAFT_SYMBOL = re.compile(r"^S/\d{4}/\d{1,5}$")


@dataclass(frozen=True)
class WhatIf:
    """A failed draft replayed as an amendment, with what only a draft file carries."""

    amendment: Amendment
    regime: str
    designations: tuple[dict[str, Any], ...]
    exemption_categories: tuple[dict[str, Any], ...]


def _date(raw: Any, name: str, record: str | None, fld: str,
          problems: list[Problem]) -> date | None:
    if raw is None:
        return None
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        problems.append(Problem(name, record, fld, f"not a date: {raw!r}"))
        return None


@lru_cache(maxsize=1)
def _shared_exemptions() -> dict[str, Any]:
    """Exemptions several regimes share (the S/RES/2664 (2022) carve-out), by key; a
    measure names one as ``"@2664"``."""
    table: dict[str, Any] = read_json(data_root() / "exemptions.json",
                                      "exemptions.json").get("exemptions", {})
    return table


def _exemptions(raw: dict[str, Any], mid: str, name: str,
                problems: list[Problem]) -> tuple[Exemption, ...]:
    out: list[Exemption] = []
    for n, ex in enumerate(raw.get("exemptions", [])):
        rec = f"{mid} exemptions[{n}]"
        if isinstance(ex, str):
            shared = _shared_exemptions().get(ex.removeprefix("@"))
            if not ex.startswith("@") or shared is None:
                problems.append(Problem(name, rec, "exemptions",
                                        f"unknown shared exemption {ex!r}"))
                continue
            ex = {**shared, "id": f"{ex.removeprefix('@')}-{mid}"}
        try:
            kind = ExemptionKind(str(ex.get("kind")))
        except ValueError:
            problems.append(Problem(name, rec, "kind", "must be approval, notification or "
                                    "standing"))
            continue
        for fld in ("citation", "scope", "procedure", "source"):
            if not ex.get(fld):
                problems.append(Problem(name, rec, fld, "missing"))
        if ex.get("source") and not is_citable(str(ex["source"])):
            problems.append(Problem(name, rec, "source", "not a document symbol or URL"))
        if ex.get("verification") not in VERIFICATION:
            problems.append(Problem(name, rec, "verification", "must be Y, C or N"))
        out.append(Exemption(
            id=str(ex.get("id") or f"{mid}-ex{n + 1}"), kind=kind,
            citation=str(ex.get("citation", "")), scope=str(ex.get("scope", "")),
            procedure=str(ex.get("procedure", "")), source=str(ex.get("source", "")),
            verification=str(ex.get("verification", "N")),
            keywords=tuple(str(k).lower() for k in ex.get("keywords", [])),
            note=ex.get("note"),
            effective_from=_date(ex.get("effective_from"), name, rec, "effective_from",
                                 problems),
            effective_until=_date(ex.get("effective_until"), name, rec, "effective_until",
                                  problems)))
    return tuple(out)


def _enum_field(raw: dict[str, Any], fld: str, enum: Any, default: Any, name: str, mid: str,
                problems: list[Problem]) -> Any:
    if raw.get(fld) is None:
        return default
    try:
        return enum(raw[fld])
    except ValueError:
        problems.append(Problem(name, mid, fld, f"unknown {fld} {raw[fld]!r}"))
        return default


def _measure(raw: dict[str, Any], symbol: str, adopted: date | None, name: str,
             inference: dict[str, Any], problems: list[Problem],
             what_if: str | None, regime: str) -> Measure | None:
    mid = str(raw.get("id") or "")
    if not mid:
        problems.append(Problem(name, None, "id", "measure without id"))
        return None
    before = len(problems)
    kind = _enum_field(raw, "kind", MeasureKind, MeasureKind.OTHER, name, mid, problems)
    if raw.get("kind") is None:
        problems.append(Problem(name, mid, "kind", "missing"))
    direction = _enum_field(raw, "direction", Direction, None, name, mid, problems)
    applies = _enum_field(raw, "applies_to", AppliesTo, AppliesTo.TERRITORY, name, mid,
                          problems)
    if raw.get("verification") not in VERIFICATION:
        problems.append(Problem(name, mid, "verification", "must be Y, C or N"))
    for fld in ("scope", "source"):
        if not raw.get(fld):
            problems.append(Problem(name, mid, fld, "missing"))
    if raw.get("source") and not is_citable(str(raw["source"])):
        problems.append(Problem(name, mid, "source", "not a document symbol or URL"))
    schemas = tuple(raw.get("schemas", []))
    if set(schemas) - _SCHEMAS:
        problems.append(Problem(name, mid, "schemas", f"unknown schema in {list(schemas)}"))
    hs: list[str] = []
    inferred = inference.get(mid, {})
    for code in [*raw.get("hs_codes", []), *inferred.get("hs", [])]:
        try:
            hs.append(normalise_hs(code, f"{name} {mid}"))
        except ValueError as exc:
            problems.append(Problem(name, mid, "hs_codes", str(exc)))
    exemptions = _exemptions(raw, mid, name, problems)
    if len(problems) > before:
        return None
    verified = tuple(hs[: len(raw.get("hs_codes", []))])
    op = str(raw.get("op") or "")
    exemptable = bool(raw.get("exemptable", False)) or any(
        e.kind == ExemptionKind.APPROVAL for e in exemptions)
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
        exemptable=exemptable, reporting=raw.get("reporting"),
        cap=raw.get("cap"), note=raw.get("note"), what_if=what_if, regime=regime,
        applies_to=applies, schemas=schemas, exemptions=exemptions,
        hs_when_described={str(k): tuple(str(w).lower() for w in v)
                           for k, v in inferred.get("hs_when_described", {}).items()},
        unless_described=tuple(str(w).lower() for w in inferred.get("unless_described", [])),
    )


def _amendment(data: dict[str, Any], name: str, inference: dict[str, Any],
               problems: list[Problem], regime: str, what_if: str | None = None) -> Amendment:
    symbol = str(data.get("symbol") or "")
    if not symbol:
        problems.append(Problem(name, None, "symbol", "missing"))
    adopted = _date(data.get("adopted"), name, symbol or None, "adopted", problems)
    if "adopted" not in data:
        problems.append(Problem(name, symbol or None, "adopted", "missing"))
    if not data.get("source") or not is_citable(str(data.get("source"))):
        problems.append(Problem(name, symbol or None, "source",
                                "missing, or not a document symbol or URL"))
    measures = [_measure(m, symbol, adopted, name, inference, problems, what_if, regime)
                for m in data.get("measures", [])]
    return Amendment(
        symbol=symbol, adopted=adopted or date.min, title=str(data.get("title", "")),
        vote=data.get("vote"), source=str(data.get("source", "")),
        adds=tuple(m for m in measures if m is not None),
        replaces={k: tuple(v) for k, v in data.get("replaces", {}).items()},
        ends=tuple(data.get("ends", [])), adopted_text=bool(data.get("adopted_text", True)),
        elements=tuple(data.get("elements", [])), note=data.get("note"),
        effective=_date(data.get("effective"), name, symbol or None, "effective", problems),
        restores=tuple(data.get("restores", [])),
        unverified=tuple(str(u) for u in data.get("unverified", [])),
        kind=str(data.get("kind", "resolution")),
    )


@lru_cache(maxsize=1)
def _inference() -> dict[str, Any]:
    data = read_json(data_root() / "hs_inference.json", "hs_inference.json")
    measures: dict[str, Any] = data.get("measures", {})
    return measures


def _check_links(regime: str, found: list[Amendment], problems: list[Problem]) -> None:
    ids = [m.id for a in found for m in a.adds]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        problems.append(Problem(regime, None, "id", f"duplicate measure ids: {dupes}"))
    for amendment in found:
        links = [*amendment.replaces, *(n for v in amendment.replaces.values() for n in v),
                 *amendment.ends, *amendment.restores]
        for mid in links:
            if mid not in ids:
                problems.append(Problem(amendment.symbol, None, "replaces/ends/restores",
                                        f"unknown measure {mid!r}"))


@lru_cache(maxsize=32)
def load_regime(regime: str = "1718") -> tuple[Amendment, ...]:
    """Every adopted resolution of ``regime`` (id or alias) as an amendment, oldest first."""
    rid = resolve_regime(regime)
    problems: list[Problem] = []
    found: list[Amendment] = []
    for path in sorted((data_root() / rid).iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".json") or path.name == "regime.json":
            continue
        data = read_json(path, f"{rid}/{path.name}")
        for raw in data.get("resolutions", [data]):
            found.append(_amendment(raw, f"{rid}/{path.name}", _inference(), problems, rid))
    _check_links(rid, found, problems)
    if problems:
        raise ListFormatError(f"regime {rid} data files are invalid", problems)
    return tuple(sorted(found, key=lambda a: (a.adopted, a.takes_effect)))


def what_if_symbols() -> list[str]:
    return sorted(p.name[:-5].replace("_", "/") for p in (data_root() / "whatif").iterdir()
                  if p.name.endswith(".json"))


def _known_draft(symbol: str) -> str:
    """The shipped draft ``symbol`` names, or a clear error (never a file lookup of
    arbitrary text: a 255-character value once reached the file system)."""
    text = str(symbol or "").strip()
    known = what_if_symbols()
    if text in known:
        return text
    shown = text if len(text) <= 40 else text[:40] + "..."
    if not _DRAFT_SYMBOL.match(text):
        raise InputError(f"what-if {shown!r} is not a draft symbol (S/YYYY/N); known "
                         f"what-if drafts: {', '.join(known)}")
    raise NotFoundError(f"no what-if data for {shown!r}; known: {', '.join(known)}")


@lru_cache(maxsize=8)
def load_what_if(symbol: str) -> WhatIf:
    """A failed draft (e.g. ``S/2022/431``) as a what-if amendment."""
    text = _known_draft(symbol)
    fname = text.replace("/", "_") + ".json"
    data = read_json(data_root() / "whatif" / fname, fname)
    problems: list[Problem] = []
    regime = str(data.get("regime", "1718"))
    amendment = _amendment(data, fname, _inference(), problems, regime, what_if=text)
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
    return WhatIf(amendment, regime, tuple(designations), categories)
