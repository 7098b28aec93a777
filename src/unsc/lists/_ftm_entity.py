"""One listed FtM entity and its adjacent records -> an :class:`~unsc.lists.model.Entity`.

The typed fields are views for unsc's services (names and their strength, programmes,
reference number and listing date from the Sanctions, dates of birth, countries,
identifiers as documents, addresses by their parts, links); the entity and each adjacent
record also keep their FtM properties whole, so an export or ``/entities`` gives back what
was read. The FtM property -> document type table names the identifiers screening may use.
"""

from __future__ import annotations

from typing import Any

from unsc.lists._values import clean, dedupe
from unsc.lists.model import (
    Address,
    BirthDate,
    DateKind,
    Document,
    Entity,
    Link,
    Name,
    NameQuality,
    Sanction,
    Schema,
    VesselInfo,
)

__all__ = ["IDENTIFIER_TYPES", "build_entity"]

IDENTIFIER_TYPES = {"passportNumber": "Passport", "idNumber": "ID", "imoNumber": "IMO",
                    "registrationNumber": "Registration", "leiCode": "LEI",
                    "innCode": "INN", "swiftBic": "SWIFT/BIC", "taxNumber": "Tax",
                    "ogrnCode": "OGRN", "vatCode": "VAT", "dunsCode": "DUNS",
                    "mmsi": "MMSI", "icaoCode": "ICAO"}
"""FtM identifier properties of a listed entity, and the ``Document.type`` each becomes."""
_SCHEMAS = {"Person": Schema.PERSON, "Vessel": Schema.VESSEL, "Airplane": Schema.AIRPLANE,
            "Organization": Schema.ORGANIZATION}

Props = dict[str, list[str]]


def _first(values: list[str] | None) -> str | None:
    return clean(values[0]) if values else None


def _frozen(props: Props) -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in props.items() if v}


def _address(record: dict[str, Any]) -> Address:
    props: Props = record["properties"]
    return Address(street=_first(props.get("street")), city=_first(props.get("city")),
                   region=_first(props.get("region")),
                   postal_code=_first(props.get("postalCode")),
                   country=_first(props.get("country")), note=_first(props.get("remarks")),
                   id=record["id"], full=_first(props.get("full")),
                   street2=_first(props.get("street2")), state=_first(props.get("state")),
                   po_box=_first(props.get("postOfficeBox")), properties=_frozen(props))


def _documents(record: dict[str, Any]) -> list[Document]:
    props: Props = record["properties"]
    kind = _first(props.get("type")) or record["schema"]
    return [Document(type=kind, number=n, country=_first(props.get("country")),
                     issued=_first(props.get("startDate")),
                     expires=_first(props.get("endDate")), note=_first(props.get("summary")),
                     id=record["id"], schema=record["schema"], properties=_frozen(props))
            for n in props.get("number", [])]


def _link(record: dict[str, Any]) -> Link | None:
    from followthemoney import model

    schema = model.get(record["schema"])
    props: Props = record["properties"]
    if schema is None or not schema.edge_source or not schema.edge_target:
        return None
    source = _first(props.get(schema.edge_source))
    target = _first(props.get(schema.edge_target))
    if source is None or target is None:
        return None
    return Link(id=record["id"], schema=record["schema"], source=source, target=target,
                properties=_frozen(props))


def _names(props: Props) -> list[Name]:
    names = [Name(v) for v in props.get("name", [])]
    names += [Name(v, kind="a.k.a.") for v in props.get("alias", [])]
    names += [Name(v, kind="a.k.a.", quality=NameQuality.WEAK)
              for v in props.get("weakAlias", [])]
    names += [Name(v, kind="f.k.a.") for v in props.get("previousName", [])]
    return list(dict.fromkeys(names))


def build_entity(record: dict[str, Any], adjacent: list[dict[str, Any]],
                 list_name: str) -> Entity:
    """The entity for one listed record; ``adjacent`` are the records that refer to it
    (Sanction, Identification, links) or it refers to (Address)."""
    props: Props = record["properties"]
    eid: str = record["id"]
    schema_name: str = record["schema"]
    schema = _SCHEMAS.get(schema_name, Schema.ORGANIZATION)
    sanctions: list[Sanction] = []
    documents: list[Document] = []
    addresses: list[Address] = []
    links: list[Link] = []
    for item in adjacent:
        kind = item["schema"]
        if kind == "Sanction":
            sanctions.append(Sanction(item["id"], _frozen(item["properties"])))
        elif kind == "Address":
            addresses.append(_address(item))
        elif "number" in item["properties"] or kind in ("Identification", "Passport"):
            documents.extend(_documents(item))
        else:
            link = _link(item)
            if link is not None:
                links.append(link)
    written = {a.text() for a in addresses}
    addresses += [Address(full=text) for text in props.get("address", [])
                  if text not in written]
    programmes = list(props.get("programId", []))
    refs: list[str] = []
    listed: list[str] = []
    for sanction in sanctions:
        sp = sanction.properties
        programmes += list(sp.get("programId", ())) + list(sp.get("program", ()))
        refs += list(sp.get("unscId", ())) + list(sp.get("authorityId", ()))
        listed += list(sp.get("listingDate", ()))
    for prop, kind in IDENTIFIER_TYPES.items():
        documents += [Document(type=kind, number=n) for n in props.get(prop, [])]
    vessel = None
    if schema == Schema.VESSEL:
        vessel = VesselInfo(imo=_first(props.get("imoNumber")), flag=_first(props.get("flag")),
                            call_sign=_first(props.get("callSign")),
                            vessel_type=_first(props.get("type")),
                            tonnage=_first(props.get("tonnage")),
                            gross_tonnage=_first(props.get("grossRegisteredTonnage")),
                            owner=_first(props.get("owner")))
    return Entity(
        id=eid, list=list_name, schema=schema, names=tuple(_names(props)),
        reference_number=refs[0] if refs else None, source_id=eid,
        programmes=dedupe(programmes), listed_on=min(listed) if listed else None,
        birth_dates=tuple(BirthDate(DateKind.EXACT, value=v)
                          for v in sorted(props.get("birthDate", []))),
        birth_places=dedupe(props.get("birthPlace", [])),
        nationalities=dedupe(props.get("nationality", []) + props.get("citizenship", []) +
                             props.get("country", [])),
        documents=tuple(dict.fromkeys(documents)), addresses=tuple(dict.fromkeys(addresses)),
        gender=_first(props.get("gender")), titles=dedupe(props.get("title", [])),
        positions=dedupe(props.get("position", [])), comments=_first(props.get("notes")),
        vessel=vessel, datasets=tuple(record.get("datasets") or ()),
        referents=tuple(record.get("referents") or ()), topics=dedupe(props.get("topics", [])),
        jurisdictions=dedupe(props.get("jurisdiction", [])), sanctions=tuple(sanctions),
        links=tuple(links), ftm_schema=None if schema_name in _SCHEMAS else schema_name,
        properties=_frozen(props))
