"""Translation between unsc entities and FollowTheMoney-shaped yente payloads.

yente clients send FtM entities (schema + multi-valued properties) and expect FtM-shaped
results; this module is the whole of that mapping, so the matching itself stays in
``unsc.screening``.
"""

from __future__ import annotations

from typing import Any

from unsc.lists.model import Entity

__all__ = ["entity_properties", "query_from_ftm"]

def _first(props: dict[str, Any], *names: str) -> str | None:
    for name in names:
        values = props.get(name) or []
        if isinstance(values, str):
            values = [values]
        for value in values:
            if isinstance(value, str) and value.strip():
                return value.strip()
    return None


def query_from_ftm(example: dict[str, Any]) -> list[dict[str, Any]]:
    """One unsc query per name of the example (yente matches every name too)."""
    props = example.get("properties") or {}
    names = props.get("name") or []
    if isinstance(names, str):
        names = [names]
    birth = _first(props, "birthDate")  # read leniently by the query, time part included
    base = {"schema": example.get("schema") or "Thing",
            "birth_date": birth,
            "nationality": _first(props, "nationality", "citizenship", "country",
                                  "jurisdiction", "flag"),
            "id_number": _first(props, "idNumber", "passportNumber", "imoNumber",
                                "registrationNumber", "taxNumber", "leiCode", "innCode",
                                "swiftBic", "ogrnCode", "vatCode", "dunsCode", "mmsi",
                                "icaoCode")}
    queries = [{**base, "name": n.strip()} for n in names if isinstance(n, str) and n.strip()]
    if not queries and base["id_number"]:
        queries = [{**base, "name": ""}]
    return queries


def entity_properties(entity: Entity) -> dict[str, list[str]]:
    """FtM properties of a listed entity."""
    props: dict[str, list[str]] = {}

    def add(key: str, value: str | None) -> None:
        if value and value not in props.setdefault(key, []):
            props[key].append(value)

    for name in entity.names:
        add("name" if name.kind == "primary" else "alias", name.value)
    for birth in entity.birth_dates:
        add("birthDate", birth.value or (str(birth.year_from) if birth.year_from else None))
    for place in entity.birth_places:
        add("birthPlace", place)
    for country in entity.nationalities:
        add("nationality", country)
    for doc in entity.documents:
        kind = (doc.type or "").lower()
        add("passportNumber" if "passport" in kind else "idNumber", doc.number)
    for address in entity.addresses:
        add("address", address.text())
    for programme in entity.programmes:
        add("program", programme)
    add("notes", entity.comments)
    add("gender", entity.gender)
    for title in entity.titles:
        add("title", title)
    for position in entity.positions:
        add("position", position)
    if entity.vessel is not None:
        add("imoNumber", entity.vessel.imo)
        add("flag", entity.vessel.flag)
        add("callSign", entity.vessel.call_sign)
    add("createdAt", entity.listed_on)
    add("topics", "sanction")
    return {k: v for k, v in props.items() if v}
