"""FollowTheMoney JSON lines (the OpenSanctions format), in and out.

Export builds entities through the ``followthemoney`` model, so every property is checked
and cleaned by the same code OpenSanctions and yente use: a listed entity (Person,
Organization, Vessel, Airplane) plus one Sanction entity carrying programme, listing date
and reference number. Import accepts the same shape (and plain OpenSanctions exports):
Sanction, Passport and Identification entities are folded into the entity they point to.
Every line is checked for depth and shape before FtM sees it (:mod:`unsc.lists._ftm_lines`),
so a hostile line is a reported problem, never a traceback. unsc's own exports carry a
header with the source version's publication date and record counts: a re-import keeps
that date (not today's) and a file cut at a line boundary is reported as incomplete.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from followthemoney import model
from followthemoney.exc import InvalidData

from unsc.errors import ListFormatError, Problem
from unsc.lists._files import read_list_bytes
from unsc.lists._ftm_lines import (
    EXPORT_KEY,
    ExportHeader,
    check_record,
    decode_line,
    parse_header,
)
from unsc.lists._values import clean, dedupe
from unsc.lists.model import (
    BirthDate,
    DateKind,
    Document,
    Entity,
    ListVersion,
    Name,
    NameQuality,
    Schema,
    VesselInfo,
)
from unsc.lists.ofac_csv import date_from_name

__all__ = ["entity_to_ftm", "export_header", "parse_ftm", "read_ftm", "write_ftm"]

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


def entity_to_ftm(entity: Entity) -> list[dict[str, Any]]:
    """The FtM entities (as dicts) for one listed entity: itself and its Sanction."""
    proxy = model.make_entity(str(entity.schema))
    proxy.id = entity.id
    for i, name in enumerate(entity.names):
        primary = name.kind == "primary" and name.script is None and i == 0
        proxy.add("name" if primary else _name_prop(name), name.value)
    proxy.add("topics", "sanction")
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
    data["datasets"] = [entity.list]
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
    sanction_data: dict[str, Any] = sanction.to_dict()
    sanction_data["datasets"] = [entity.list]
    return [data, sanction_data]


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
    and a cut file is noticed; without, the file holds entities only."""
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8") as handle:
            write_ftm(entities, handle, versions)
        return
    lines = [json.dumps(data, ensure_ascii=False, sort_keys=True)
             for entity in entities for data in entity_to_ftm(entity)]
    if versions is not None:
        count = sum(int(v.get("entities", 0)) for v in versions)
        out.write(json.dumps(export_header(versions, count, len(lines)), ensure_ascii=False,
                             sort_keys=True) + "\n")
    for line in lines:
        out.write(line + "\n")


def read_ftm(path: str | Path) -> ListVersion:
    """Read a FollowTheMoney JSON lines file."""
    path = Path(path)
    return parse_ftm(read_list_bytes(path), str(path))


@dataclass
class _Collected:
    """What the line pass gathers before entities are built."""

    problems: list[Problem] = field(default_factory=list)
    listed: list[tuple[dict[str, list[str]], str, str]] = field(default_factory=list)
    sanctions: dict[str, list[dict[str, list[str]]]] = field(default_factory=dict)
    docs: dict[str, list[Document]] = field(default_factory=dict)
    datasets: list[str] = field(default_factory=list)
    header: ExportHeader | None = None
    records: int = 0


def _collect(data: bytes, source: str) -> _Collected:
    found = _Collected()
    seen: set[str] = set()
    first = True
    for line_no, chunk in enumerate(data.splitlines(), start=1):
        if not chunk.strip():
            continue
        where = f"line {line_no}"
        try:  # JSON text is UTF-8 (RFC 8259): a bad byte is a corrupt name, not a "?"
            line = chunk.decode("utf-8-sig" if line_no == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            found.problems.append(Problem(source, where, None, f"not UTF-8: {exc.reason} at "
                                                               f"byte {exc.start}"))
            first = False
            continue
        raw, problem = decode_line(line, source, where)
        if problem is not None:
            found.problems.append(problem)
            first = False
            continue
        if isinstance(raw, dict) and EXPORT_KEY in raw:
            if not first:
                found.problems.append(Problem(source, where, EXPORT_KEY,
                                              "export header must be the first line"))
            else:
                found.header, bad = parse_header(raw, source, where)
                found.problems.extend(bad)
            first = False
            continue
        first = False
        found.records += 1
        shape = check_record(raw, source, where)
        if shape:
            found.problems.extend(shape)
            continue
        eid = str(raw["id"])
        if eid in seen:
            found.problems.append(Problem(source, where, "id", f"duplicate id {eid!r}"))
            continue
        seen.add(eid)
        try:
            proxy = model.get_proxy(raw, cleaned=False)
        except (ValueError, TypeError, KeyError, AttributeError, InvalidData) as exc:
            found.problems.append(Problem(source, where, None, f"not an FtM entity: {exc}"))
            continue
        _file(found, proxy, raw, source, where)
    return found


def _file(found: _Collected, proxy: Any, raw: dict[str, Any], source: str,
          where: str) -> None:
    props: dict[str, list[str]] = proxy.properties
    found.datasets.extend(raw.get("datasets") or [])
    schema = proxy.schema
    if schema.is_a("Sanction"):
        for target in props.get("entity", []):
            found.sanctions.setdefault(target, []).append(props)
    elif schema.is_a("Identification"):
        for holder in props.get("holder", []):
            found.docs.setdefault(holder, []).extend(
                Document(type=schema.label, number=n, country=_first(props.get("country", [])))
                for n in props.get("number", []))
    elif schema.name in ("Vessel", "Airplane") or schema.is_a("LegalEntity"):
        if not props.get("name"):
            found.problems.append(Problem(source, f"{where} ({proxy.id})", "name",
                                          "missing name"))
            return
        found.listed.append((props, str(proxy.id), schema.name))


def parse_ftm(data: bytes, source: str) -> ListVersion:
    """Parse FtM JSON lines, collecting every problem (with its line) before failing."""
    found = _collect(data, source)
    if not found.listed and not found.problems:
        found.problems.append(Problem(source, None, None, "no listed entities (Person, "
                                      "Organization, Vessel...) in the file"))
    if found.problems:
        raise ListFormatError(f"{source}: {len(found.problems)} problem(s) in the FtM file",
                              found.problems[:500])
    header = found.header
    list_name = header.list if header else (found.datasets[0] if found.datasets else "ftm")
    entities = tuple(_entity(props, eid, schema, list_name, found.sanctions.get(eid, []),
                             found.docs.get(eid, [])) for props, eid, schema in found.listed)
    incomplete: list[str] = []
    if header is not None:
        if header.records != found.records:
            incomplete.append(f"the export header states {header.records} records, the file "
                              f"holds {found.records}: cut short or edited")
        if header.entities != len(entities):
            incomplete.append(f"the export header states {header.entities} entities, the "
                              f"file holds {len(entities)}")
        published = header.published
    else:
        published = date_from_name(source) or datetime.now(UTC).date().isoformat()
    return ListVersion(list=list_name, published=published,
                       sha256=hashlib.sha256(data).hexdigest(), source=source,
                       entities=entities, fmt="ftm",
                       generated=header.generated if header else None,
                       incomplete=tuple(incomplete))


def _first(values: list[str]) -> str | None:
    return clean(values[0]) if values else None


def _entity(props: dict[str, list[str]], eid: str, schema_name: str, list_name: str,
            sanctions: list[dict[str, list[str]]], docs: list[Document]) -> Entity:
    schema = {"Person": Schema.PERSON, "Vessel": Schema.VESSEL,
              "Airplane": Schema.AIRPLANE}.get(schema_name, Schema.ORGANIZATION)
    names = [Name(v) for v in props.get("name", [])]
    names += [Name(v, kind="a.k.a.") for v in props.get("alias", [])]
    names += [Name(v, kind="a.k.a.", quality=NameQuality.WEAK)
              for v in props.get("weakAlias", [])]
    names += [Name(v, kind="f.k.a.") for v in props.get("previousName", [])]
    programmes = list(props.get("programId", []))
    refs: list[str] = []
    listed: list[str] = []
    for sanction in sanctions:
        programmes += sanction.get("programId", []) + sanction.get("program", [])
        refs += sanction.get("unscId", []) + sanction.get("authorityId", [])
        listed += sanction.get("listingDate", [])
    documents = list(docs)
    documents += [Document(type="Passport", number=n) for n in props.get("passportNumber", [])]
    documents += [Document(type="ID", number=n) for n in props.get("idNumber", [])]
    documents += [Document(type="IMO", number=n) for n in props.get("imoNumber", [])]
    documents += [Document(type="Registration", number=n)
                  for n in props.get("registrationNumber", [])]
    vessel = None
    if schema == Schema.VESSEL:
        vessel = VesselInfo(imo=_first(props.get("imoNumber", [])),
                            flag=_first(props.get("flag", [])),
                            call_sign=_first(props.get("callSign", [])),
                            vessel_type=_first(props.get("type", [])),
                            tonnage=_first(props.get("tonnage", [])),
                            gross_tonnage=_first(props.get("grossRegisteredTonnage", [])))
    return Entity(
        id=eid, list=list_name, schema=schema, names=tuple(dict.fromkeys(names)),
        reference_number=refs[0] if refs else None, source_id=eid,
        programmes=dedupe(programmes), listed_on=min(listed) if listed else None,
        birth_dates=tuple(BirthDate(DateKind.EXACT, value=v)
                          for v in sorted(props.get("birthDate", []))),
        birth_places=dedupe(props.get("birthPlace", [])),
        nationalities=dedupe(props.get("nationality", []) + props.get("country", [])),
        documents=tuple(dict.fromkeys(documents)), gender=_first(props.get("gender", [])),
        titles=dedupe(props.get("title", [])), positions=dedupe(props.get("position", [])),
        comments=_first(props.get("notes", [])), vessel=vessel)
