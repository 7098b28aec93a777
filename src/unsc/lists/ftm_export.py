"""unsc entities as FollowTheMoney records: the listed entity and its adjacent records
(Sanction, Identification, Address, Ownership/Directorship/Family/... links).

Two sources, two ways. An entity read from FtM data carries its properties as published
(``Entity.properties``, cleaned by FtM on the way in) and its adjacent records the same
way, so it is written back unchanged: export -> load -> export is a fixed point. A UN or
OFAC entry is built through the ``followthemoney`` model from the typed fields, so every
property is checked and cleaned by the code OpenSanctions and yente use: the listed entity
plus one Sanction carrying programme, listing date and reference number.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from followthemoney import model

from unsc.lists._ftm_lines import EXPORT_KEY
from unsc.lists.model import Entity, Name, NameQuality, Schema

__all__ = ["entity_record", "entity_to_ftm", "export_header", "write_ftm"]

_AUTHORITY = {"un": "United Nations Security Council"}


def _name_prop(name: Name) -> str:
    if name.kind == "f.k.a.":
        return "previousName"
    if name.quality == NameQuality.WEAK:
        return "weakAlias"
    return "alias"


def _add_valid(proxy: Any, prop: str, values: list[str]) -> None:
    """Add only values the FtM property type accepts: a UN document "number" is sometimes
    a sentence, which FtM's identifier type rejects on validation."""
    checker = proxy.schema.get(prop)
    proxy.add(prop, [v for v in values if checker.validate([v]) is None])


def _record(rid: str, schema: str, props: dict[str, tuple[str, ...]],
            datasets: list[str]) -> dict[str, Any]:
    return {"id": rid, "schema": schema, "properties": {k: list(v) for k, v in props.items()
                                                         if v}, "datasets": datasets}


def _datasets(entity: Entity) -> list[str]:
    return list(entity.datasets) or [entity.list]


def entity_record(entity: Entity) -> dict[str, Any]:
    """The listed entity alone, as an FtM record (``id``, ``schema``, ``properties``,
    ``datasets``, and ``referents`` when it has any)."""
    if entity.properties:
        data = _record(entity.id, entity.ftm_schema or str(entity.schema), entity.properties,
                       _datasets(entity))
    else:
        data = _typed_record(entity)
    if entity.referents:
        data["referents"] = list(entity.referents)
    return data


def entity_to_ftm(entity: Entity) -> list[dict[str, Any]]:
    """The FtM records (as dicts) for one listed entity: itself first, then its adjacent
    records. A link appears on both of its listed ends; :func:`write_ftm` writes it once."""
    records = [entity_record(entity)]
    datasets = _datasets(entity)
    if entity.properties or entity.sanctions:
        records += [_record(s.id, "Sanction", s.properties, datasets)
                    for s in entity.sanctions]
    else:
        records.append(_typed_sanction(entity))
    records += [_record(d.id, d.schema or "Identification", d.properties, datasets)
                for d in entity.documents if d.id]
    records += [_record(a.id, "Address", a.properties, datasets)
                for a in entity.addresses if a.id]
    records += [_record(link.id, link.schema, link.properties, datasets)
                for link in entity.links]
    return records


def _typed_record(entity: Entity) -> dict[str, Any]:
    proxy = model.make_entity(str(entity.schema))
    proxy.id = entity.id
    for i, name in enumerate(entity.names):
        primary = name.kind == "primary" and name.script is None and i == 0
        proxy.add("name" if primary else _name_prop(name), name.value)
    proxy.add("topics", list(entity.topics) or "sanction")
    proxy.add("programId", list(entity.programmes))
    proxy.add("notes", entity.comments)
    proxy.add("address", [a.text() for a in entity.addresses if a.text()])
    if entity.schema == Schema.PERSON:
        for birth in entity.birth_dates:
            if birth.value:
                proxy.add("birthDate", birth.value)
            else:
                proxy.add("birthDate", [str(y) for y in (birth.year_from, birth.year_to) if y])
        proxy.add("birthPlace", list(entity.birth_places))
        proxy.add("nationality", list(entity.nationalities))
        proxy.add("gender", entity.gender)
        proxy.add("title", list(entity.titles))
        proxy.add("position", list(entity.positions))
        _add_valid(proxy, "passportNumber", [d.number for d in entity.documents
                                             if d.number and
                                             "passport" in (d.type or "").lower()])
    elif entity.schema == Schema.ORGANIZATION:
        proxy.add("country", list(entity.nationalities))
        proxy.add("jurisdiction", list(entity.jurisdictions))
    if entity.schema in (Schema.PERSON, Schema.ORGANIZATION):
        _add_valid(proxy, "idNumber", [d.number for d in entity.documents if d.number and
                                       "passport" not in (d.type or "").lower() and
                                       d.type != "IMO"])
    vessel = entity.vessel
    if entity.schema == Schema.AIRPLANE:
        proxy.add("registrationNumber", [d.number for d in entity.documents if d.number])
    if entity.schema == Schema.VESSEL:
        proxy.add("imoNumber", [d.number for d in entity.documents if d.type == "IMO"])
        proxy.add("registrationNumber", [d.number for d in entity.documents
                                         if d.type != "IMO" and d.number])
        if vessel:
            proxy.add("flag", vessel.flag)
            proxy.add("callSign", vessel.call_sign)
            proxy.add("type", vessel.vessel_type)
            proxy.add("tonnage", vessel.tonnage)
            proxy.add("grossRegisteredTonnage", vessel.gross_tonnage)
    data: dict[str, Any] = proxy.to_dict()
    data["datasets"] = _datasets(entity)
    return data


def _typed_sanction(entity: Entity) -> dict[str, Any]:
    sanction = model.make_entity("Sanction")
    sanction.id = f"{entity.id}-sanction"
    sanction.add("entity", entity.id)
    sanction.add("authority", _AUTHORITY.get(entity.list, "OFAC" if "ofac" in entity.list
                                             else entity.list))
    sanction.add("programId", list(entity.programmes))
    sanction.add("listingDate", entity.listed_on)
    sanction.add("authorityId", entity.reference_number)
    if entity.list == "un":
        sanction.add("unscId", entity.reference_number)
    data: dict[str, Any] = sanction.to_dict()
    data["datasets"] = _datasets(entity)
    return data


def export_header(versions: list[dict[str, Any]], entities: int, records: int,
                  ) -> dict[str, Any]:
    """The first record of an unsc export: the source version(s) with their publication
    dates and counts, and how many records follow (see :mod:`unsc.lists._ftm_lines`)."""
    return {EXPORT_KEY: 1, "versions": versions, "entities": entities, "records": records}


def write_ftm(entities: Iterable[Entity], out: str | Path | IO[str],
              versions: list[dict[str, Any]] | None = None) -> None:
    """Write ``entities`` as FtM JSON lines to a path or an open text stream.

    With ``versions`` (list, version, published, generated, entities of each source
    version) the first line is an export header, so a re-import keeps the version's date
    and a cut file is noticed; without, the file holds entities only. A record shared by
    two entities (a link between two listed entities) is written once."""
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8") as handle:
            write_ftm(entities, handle, versions)
        return
    seen: set[str] = set()
    lines: list[str] = []
    for entity in entities:
        for data in entity_to_ftm(entity):
            if data["id"] in seen:
                continue
            seen.add(data["id"])
            lines.append(json.dumps(data, ensure_ascii=False, sort_keys=True))
    if versions is not None:
        count = sum(int(v.get("entities", 0)) for v in versions)
        out.write(json.dumps(export_header(versions, count, len(lines)), ensure_ascii=False,
                             sort_keys=True) + "\n")
    for line in lines:
        out.write(line + "\n")
