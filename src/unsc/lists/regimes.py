"""Reference data: which Security Council sanctions regime each UN_LIST_TYPE belongs to.

This is reference data, not logic: the UN Consolidated List names each record's regime by
a short programme label (UN_LIST_TYPE); the regime is identified here by the number of the
resolution that established its sanctions committee (the committee's own name, e.g. the
"1718 Committee" for the DPRK). Sources: the committees' pages on un.org/securitycouncil.
Notes on the less obvious rows:

- "Somalia" -> 751: the Somalia/Eritrea committee; since resolution 2713 (2023) it is the
  Al-Shabaab committee, and the list keeps the label "Somalia".
- "Iran" -> 1737: terminated by resolution 2231 (2015); the records returned to the list in
  late 2025 (snapback). Kept under 1737 as the list type name does not change.
- "CdI" (1572) and "Liberia" (1521) regimes ended in 2016; they appear in old files only.
- "Mali" -> 2374 ended in 2023; "GB" is Guinea-Bissau (2048).

OFAC programmes are US measures, not Council regimes: OFAC records keep ``regimes`` empty;
:data:`OFAC_RELATED_REGIMES` only says which OFAC programmes *relate* to a UN regime.
"""

from __future__ import annotations

__all__ = ["OFAC_RELATED_REGIMES", "UN_LIST_TYPE_REGIMES", "ofac_related_regimes",
           "regimes_for_un_list_type"]

UN_LIST_TYPE_REGIMES: dict[str, str] = {
    "Al-Qaida": "1267",
    "Taliban": "1988",
    "Iraq": "1518",
    "DRC": "1533",
    "Sudan": "1591",
    "Somalia": "751",
    "Al-Shabaab": "2713",
    "DPRK": "1718",
    "Iran": "1737",
    "Libya": "1970",
    "CAR": "2127",
    "Yemen": "2140",
    "SouthSudan": "2206",
    "Mali": "2374",
    "Haiti": "2653",
    "GB": "2048",
    "Lebanon": "1636",
    "CdI": "1572",
    "Liberia": "1521",
}

OFAC_RELATED_REGIMES: dict[str, str] = {
    "DPRK": "1718",
    "DPRK2": "1718",
    "DPRK3": "1718",
    "DPRK4": "1718",
    "DPRK-NKSPEA": "1718",
}


def regimes_for_un_list_type(list_type: str | None) -> tuple[str, ...]:
    """The regime (committee resolution number) for a UN_LIST_TYPE, or () when unknown."""
    if not list_type:
        return ()
    regime = UN_LIST_TYPE_REGIMES.get(list_type.strip())
    return (regime,) if regime else ()


def ofac_related_regimes(programmes: tuple[str, ...]) -> str | None:
    """Council regimes an OFAC record's programmes relate to ("1718"), comma-joined, for
    ``Entity.extra["related_regimes"]``; None when none do. Related is not listed: the US
    designation is not a Council designation."""
    found = dict.fromkeys(OFAC_RELATED_REGIMES[p] for p in programmes
                          if p in OFAC_RELATED_REGIMES)
    return ",".join(found) or None
