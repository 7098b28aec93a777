"""Reader for OFAC's sdn.xml schema (root ``sdnList``), used by the SDN list and by the
Consolidated (non-SDN) list.

Both lists share one schema, so the list name cannot come from the content alone: a file
whose name says "nonsdn" or "consolidated"/"cons_" is "ofac-nonsdn", anything else
"ofac-sdn" (override with ``list_name``). Record_Count is checked against the entries
found, which catches truncated downloads that still happen to be well-formed.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from lxml import etree

from unsc.errors import ListFormatError, Problem
from unsc.lists._files import read_list_bytes
from unsc.lists._values import clean, country_code, dedupe
from unsc.lists._xmlsafe import parse_xml
from unsc.lists.model import (
    Address,
    Document,
    Entity,
    ListVersion,
    Name,
    NameQuality,
    Schema,
    VesselInfo,
)
from unsc.lists.ofac_remarks import is_document_type, ofac_date, parse_dob
from unsc.lists.regimes import ofac_related_regimes

__all__ = ["ofac_list_name", "parse_ofac_xml", "read_ofac_xml"]

_Element = etree._Element
_SCHEMAS = {"individual": Schema.PERSON, "entity": Schema.ORGANIZATION,
            "vessel": Schema.VESSEL, "aircraft": Schema.AIRPLANE}


def read_ofac_xml(path: str | Path, *, list_name: str | None = None) -> ListVersion:
    """Read an OFAC sdn.xml-schema file (SDN or Consolidated non-SDN list)."""
    path = Path(path)
    return parse_ofac_xml(read_list_bytes(path), str(path), list_name=list_name)


def ofac_list_name(source: str) -> str:
    name = Path(source).name.lower()
    if "nonsdn" in name or "non_sdn" in name or "consolidated" in name or "cons_" in name:
        return "ofac-nonsdn"
    return "ofac-sdn"


def _t(el: _Element, name: str) -> str | None:
    return clean(el.findtext("{*}" + name))


def _all(el: _Element, path: str) -> list[_Element]:
    return list(el.iterfind("/".join("{*}" + p for p in path.split("/"))))


def parse_ofac_xml(data: bytes, source: str, *, list_name: str | None = None) -> ListVersion:
    root = parse_xml(data, source)
    if etree.QName(root).localname != "sdnList":
        raise ListFormatError(f"{source}: not an OFAC sdnList file (root <{root.tag}>)",
                              [Problem(source, None, None, f"unexpected root element {root.tag}")])
    problems: list[Problem] = []
    published = ""
    raw_date = _t(root, "publshInformation/{*}Publish_Date")
    try:
        published = datetime.strptime(raw_date or "", "%m/%d/%Y").date().isoformat()
    except ValueError:
        problems.append(Problem(source, None, "Publish_Date", f"invalid date {raw_date!r}"))
    name = list_name or ofac_list_name(source)
    entries = _all(root, "sdnEntry")
    expected = _t(root, "publshInformation/{*}Record_Count")
    if expected and expected.isdigit() and int(expected) != len(entries):
        problems.append(Problem(source, None, "Record_Count",
                                f"file says {expected} records, found {len(entries)}"))
    entities = [e for e in (_entry(el, name, source, problems) for el in entries) if e]
    if problems:
        raise ListFormatError(f"{source}: {len(problems)} problem(s) in the OFAC XML file",
                              problems[:500])
    return ListVersion(list=name, published=published, sha256=hashlib.sha256(data).hexdigest(),
                       source=source, entities=tuple(entities), fmt="ofac-xml")


def _person_name(el: _Element) -> str | None:
    last, first = _t(el, "lastName"), _t(el, "firstName")
    if last and first:
        return f"{last}, {first}"
    return last or first


def _entry(el: _Element, list_name: str, source: str, problems: list[Problem]) -> Entity | None:
    uid = _t(el, "uid")
    record = f"uid {uid}" if uid else f"line {el.sourceline}"
    before = len(problems)
    if not uid or not uid.isdigit():
        problems.append(Problem(source, record, "uid", f"missing or invalid uid {uid!r}"))
    primary = _person_name(el)
    if not primary:
        problems.append(Problem(source, record, "lastName", "missing name"))
    kind = (_t(el, "sdnType") or "").lower()
    if kind not in _SCHEMAS:
        problems.append(Problem(source, record, "sdnType", f"unknown type {kind!r}"))
    if len(problems) > before or not primary:
        return None
    names = [Name(primary)]
    for aka in _all(el, "akaList/aka"):
        value = _person_name(aka)
        if value:
            weak = (_t(aka, "category") or "").lower() == "weak"
            names.append(Name(value, kind=_t(aka, "type") or "alias",
                              quality=NameQuality.WEAK if weak else NameQuality.STRONG))
    documents, other, imo = _documents(el)
    extra = dict(other)
    if kind == "individual" and _t(el, "firstName") and _t(el, "lastName"):
        extra["natural_name"] = f"{_t(el, 'firstName')} {_t(el, 'lastName')}"
    vessel = None
    info = el.find("{*}vesselInfo")
    if info is not None or imo:
        info = info if info is not None else etree.Element("vesselInfo")
        vessel = VesselInfo(imo=imo, flag=country_code(_t(info, "vesselFlag")),
                            call_sign=_t(info, "callSign"), vessel_type=_t(info, "vesselType"),
                            tonnage=_t(info, "tonnage"),
                            gross_tonnage=_t(info, "grossRegisteredTonnage"),
                            owner=_t(info, "vesselOwner"))
    nationalities = [_t(n, "country") for n in _all(el, "nationalityList/nationality")]
    nationalities += [_t(n, "country") for n in _all(el, "citizenshipList/citizenship")]
    title = _t(el, "title")
    programmes = dedupe([p for p in (clean(x.text) for x in _all(el, "programList/program"))
                         if p])
    related = ofac_related_regimes(programmes)
    if related:
        extra["related_regimes"] = related
    return Entity(
        id=f"ofac-{uid}", list=list_name, schema=_SCHEMAS[kind],
        names=tuple(dict.fromkeys(names)), reference_number=uid, source_id=uid,
        programmes=programmes,
        birth_dates=tuple(dict.fromkeys(
            parse_dob(d) for d in (_t(x, "dateOfBirth") for x in
                                   _all(el, "dateOfBirthList/dateOfBirthItem")) if d)),
        birth_places=dedupe([p for p in (_t(x, "placeOfBirth") for x in
                                         _all(el, "placeOfBirthList/placeOfBirthItem")) if p]),
        nationalities=dedupe([c for c in (country_code(n) for n in nationalities) if c]),
        documents=documents, addresses=_addresses(el), titles=(title,) if title else (),
        comments=_t(el, "remarks"), vessel=vessel, extra=extra)


def _documents(el: _Element) -> tuple[tuple[Document, ...], dict[str, str], str | None]:
    docs: list[Document] = []
    other: dict[str, str] = {}
    imo = None
    for item in _all(el, "idList/id"):
        kind, number = _t(item, "idType") or "", _t(item, "idNumber") or ""
        if "IMO" in kind or number.startswith("IMO "):
            imo = number.removeprefix("IMO ").strip()
            docs.append(Document(type="IMO", number=imo))
        elif is_document_type(kind):
            docs.append(Document(
                type=kind, number=number, country=country_code(_t(item, "idCountry")),
                issued=ofac_date(_t(item, "issueDate") or ""),
                expires=ofac_date(_t(item, "expirationDate") or "")))
        elif kind:
            key = kind.rstrip(":- ").lower().replace(" ", "_")
            other[key] = "; ".join(x for x in (other.get(key), number) if x)
    return tuple(dict.fromkeys(docs)), other, imo


def _addresses(el: _Element) -> tuple[Address, ...]:
    found: list[Address] = []
    for adr in _all(el, "addressList/address"):
        street = ", ".join(x for x in (_t(adr, f"address{i}") for i in (1, 2, 3)) if x)
        address = Address(street=street or None, city=_t(adr, "city"),
                          region=_t(adr, "stateOrProvince"), postal_code=_t(adr, "postalCode"),
                          country=country_code(_t(adr, "country")))
        if address.text():
            found.append(address)
    return tuple(dict.fromkeys(found))
