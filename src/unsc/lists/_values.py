"""Small value cleaners shared by the readers: whitespace, countries, dates.

Real list files carry stray spaces (" RI ", "KPe.023 "), empty placeholders and country
names in many spellings; every reader cleans them the same way so diffs across formats and
versions compare like with like.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

__all__ = ["clean", "country_code", "dedupe", "iso_date", "squash"]

_NON_WORD = re.compile(r"[^\w]+")


def clean(text: str | None) -> str | None:
    """Strip and collapse whitespace; empty becomes None."""
    if text is None:
        return None
    return " ".join(text.split()) or None


def squash(text: str | None) -> str | None:
    """Like :func:`clean` but keeps line breaks out only at the ends (long comments)."""
    if text is None:
        return None
    value = text.strip()
    return value or None


def _norm(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


@lru_cache(maxsize=1)
def _country_index() -> tuple[dict[str, str], ...]:
    """Name -> FtM country code from rigour's territory data: strong names, then weak names
    (other languages and spellings), then places (capitals), each level only where the
    stronger ones are silent. Subdivisions resolve to their FtM country (Texas -> us).

    Why not ``followthemoney.registry.country.clean``: it gives the same codes on every
    country string in the UN files, but its first call builds an ICU-normalised index that
    takes 6-12 s here, which alone would break the 2 s load target of a fresh process.
    """
    from rigour._core import territories_jsonl
    from rigour.data import iter_jsonl_text

    rows = list(iter_jsonl_text(territories_jsonl()))
    parents = {r["code"]: r.get("parent") for r in rows}
    ftm = {r["code"] for r in rows if r.get("is_ftm")}

    def resolve(code: str) -> str | None:
        seen: set[str] = set()
        current: str | None = code
        while current and current not in ftm and current not in seen:
            seen.add(current)
            current = parents.get(current)
        return current if current in ftm else None

    strong: dict[str, str] = {}
    weak: dict[str, str] = {}
    places: dict[str, str] = {}
    for row in rows:
        code = resolve(row["code"])
        if code is None:
            continue
        for name in (row["name"], row.get("full_name"), row["code"], row.get("alpha3"),
                     *(row.get("names_strong") or [])):
            if name:
                strong.setdefault(_norm(name), code)
        for name in row.get("names_weak") or []:
            weak.setdefault(_norm(name), code)
        for name in row.get("places") or []:
            places.setdefault(_norm(name), code)
    return strong, weak, places


@lru_cache(maxsize=4096)
def country_code(name: str | None) -> str | None:
    """ISO 3166-1 alpha-2 (lower case, FtM's country codes) for a country name or code; the
    source text when the name cannot be resolved, None when empty."""
    value = clean(name)
    if value is None:
        return None
    key = _norm(value)
    for index in _country_index():
        if key in index:
            return index[key]
    return value


def iso_date(text: str) -> str:
    """Validate a YYYY, YYYY-MM or YYYY-MM-DD date; raise ValueError when impossible."""
    value = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        date.fromisoformat(value)
        return value
    if re.fullmatch(r"\d{4}-\d{2}", value):
        month = int(value[5:])
        if not 1 <= month <= 12:
            raise ValueError(f"invalid month in {value!r}")
        return value
    if re.fullmatch(r"\d{4}", value):
        return value
    raise ValueError(f"not an ISO date: {value!r}")


def dedupe(values: list[str]) -> tuple[str, ...]:
    """Keep the first occurrence of each value, in order."""
    return tuple(dict.fromkeys(v for v in values if v))
