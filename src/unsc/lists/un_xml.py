"""Reader for the UN Security Council Consolidated List XML (root CONSOLIDATED_LIST).

Handles every schema variant from 2015 to 2026, and the 1718 Committee's DPRK-only list in the same
schema (list "un-1718") (see ../shared/data/README.md): older
schema URL, "Exact" vs "EXACT", SUBMITTED_BY, ENTITY_ALIAS/NOTE, DOCUMENT/DATE_OF_EXPIRY,
stray spaces and empty placeholder elements. Every broken record is reported, not just the
first; ids are ``un-<REFERENCE_NUMBER>`` so they are stable across versions.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

from lxml import etree

from unsc.errors import ListFormatError, Problem
from unsc.lists._files import read_list_bytes
from unsc.lists._values import clean, country_code, dedupe, iso_date, squash
from unsc.lists._xmlsafe import parse_xml
from unsc.lists.model import (
    Address,
    BirthDate,
    DateKind,
    Document,
    Entity,
    ListVersion,
    Name,
    NameQuality,
    Schema,
)
from unsc.lists.regimes import regimes_for_un_list_type

__all__ = ["parse_un_xml", "read_un_xml", "split_alias"]

_Element = etree._Element
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_GENDERS = {"male": "male", "female": "female"}


def read_un_xml(path: str | Path) -> ListVersion:
    """Read a UN Consolidated List XML file."""
    path = Path(path)
    return parse_un_xml(read_list_bytes(path), str(path))


def parse_un_xml(data: bytes, source: str) -> ListVersion:
    """Parse UN Consolidated List XML bytes; ``source`` names the file in messages."""
    root = parse_xml(data, source)
    if root.tag != "CONSOLIDATED_LIST":
        raise ListFormatError(f"{source}: not a UN Consolidated List (root <{root.tag}>)",
                              [Problem(source, None, None, f"unexpected root element {root.tag}")])
    problems: list[Problem] = []
    generated = clean(root.get("dateGenerated"))
    published = _published(generated, source, problems)
    entities: list[Entity] = []
    seen: dict[str, str] = {}
    for tag, schema in (("INDIVIDUAL", Schema.PERSON), ("ENTITY", Schema.ORGANIZATION)):
        for index, element in enumerate(root.iter(tag), start=1):
            entity = _record(element, schema, source, f"{tag} #{index}", problems)
            if entity is None:
                continue
            if entity.id in seen:
                problems.append(Problem(source, entity.reference_number or entity.id,
                                        "REFERENCE_NUMBER", "duplicate reference number"))
                continue
            seen[entity.id] = entity.id
            entities.append(entity)
    if problems:
        raise ListFormatError(f"{source}: {len(problems)} problem(s) in the UN list", problems)
    # The 1718 Committee's own list uses the same schema; it is a different publication
    # from the Consolidated List, so it gets its own list name (or "as of" would lose the
    # other regimes' entries for dates it covers).
    only = {p for e in entities for p in e.programmes}
    name = "un-1718" if only == {"DPRK"} else "un"
    if name != "un":
        entities = [replace(e, list=name) for e in entities]
    return ListVersion(list=name, published=published, sha256=hashlib.sha256(data).hexdigest(),
                       source=source, entities=tuple(entities), fmt="un-xml",
                       generated=generated)


def _published(generated: str | None, source: str, problems: list[Problem]) -> str:
    if not generated:
        problems.append(Problem(source, None, "dateGenerated", "missing publication date"))
        return ""
    try:
        return iso_date(generated[:10])
    except ValueError as exc:
        problems.append(Problem(source, None, "dateGenerated", str(exc)))
        return ""


def _text(element: _Element, tag: str) -> str | None:
    # a plain child loop: lxml's findtext() compiles a path per call, 10x slower here
    for child in element:
        if child.tag == tag:
            return clean(child.text)
    return None


def _values(element: _Element, path: str) -> list[str]:
    parent_tag, _, tag = path.partition("/")
    found: list[str] = []
    for parent in element:
        if parent.tag == parent_tag:
            found.extend(v for v in (clean(c.text) for c in parent if c.tag == tag) if v)
    return found


def _date_field(raw: str | None, record: str, field: str, source: str,
                problems: list[Problem]) -> str | None:
    if raw is None:
        return None
    try:
        return iso_date(raw[:10])  # xs:date may carry a zone suffix: 1964-07-17-05:00
    except ValueError as exc:
        problems.append(Problem(source, record, field, str(exc)))
        return None


def _record(el: _Element, schema: Schema, source: str, position: str,
            problems: list[Problem]) -> Entity | None:
    # one pass over the children instead of a findtext() per field: loads are timed
    kids: dict[str, str | None] = {}
    for child in el:
        if isinstance(child.tag, str) and child.tag not in kids:
            kids[child.tag] = child.text
    ref = clean(kids.get("REFERENCE_NUMBER"))
    dataid = clean(kids.get("DATAID"))
    record = ref or (f"DATAID {dataid}" if dataid else position)
    before = len(problems)
    if not ref and not dataid:
        problems.append(Problem(source, record, "REFERENCE_NUMBER",
                                "record has neither REFERENCE_NUMBER nor DATAID"))
    primary = " ".join(p for p in (clean(kids.get(tag)) for tag in _NAME_PARTS) if p)
    if not primary:
        problems.append(Problem(source, record, "FIRST_NAME", "missing name"))
    list_type = clean(kids.get("UN_LIST_TYPE"))
    if not list_type:
        problems.append(Problem(source, record, "UN_LIST_TYPE", "missing list type"))
    listed_on = _date_field(clean(kids.get("LISTED_ON")), record, "LISTED_ON", source,
                            problems)
    names = [Name(primary)]
    original = clean(kids.get("NAME_ORIGINAL_SCRIPT"))
    if original:
        names.append(Name(original, kind="primary", script="original"))
    names.extend(_aliases(el, schema))
    births = _birth_dates(el, record, source, problems)
    documents = _documents(el, record, source, problems)
    if len(problems) > before:
        return None
    nationalities = [country_code(v) for v in _values(el, "NATIONALITY/VALUE")]
    nationalities.append(country_code(clean(kids.get("NATIONALITY2"))))
    gender = _GENDERS.get((clean(kids.get("GENDER")) or "").lower())
    extra = {k: v for k, v in (
        ("dataid", dataid),
        ("versionnum", clean(kids.get("VERSIONNUM"))),
        ("last_day_updated", "; ".join(_values(el, "LAST_DAY_UPDATED/VALUE")) or None),
        ("submitted_by", clean(kids.get("SUBMITTED_BY"))),
        ("interpol_link", clean(kids.get("INTERPOL_LINK"))),
    ) if v}
    return Entity(
        id=f"un-{ref or dataid}", list="un", schema=schema, names=tuple(dict.fromkeys(names)),
        reference_number=ref, source_id=dataid,
        programmes=(list_type,) if list_type else (),
        regimes=regimes_for_un_list_type(list_type), listed_on=listed_on,
        birth_dates=births, birth_places=dedupe(_places(el)),
        nationalities=dedupe([n for n in nationalities if n]), documents=documents,
        addresses=_addresses(el, schema), gender=gender,
        titles=dedupe(_values(el, "TITLE/VALUE")),
        positions=dedupe(_values(el, "DESIGNATION/VALUE")),
        comments=squash(kids.get("COMMENTS1")), extra=extra)


def _aliases(el: _Element, schema: Schema) -> list[Name]:
    tag = "INDIVIDUAL_ALIAS" if schema == Schema.PERSON else "ENTITY_ALIAS"
    found: list[Name] = []
    for alias in el.iterfind(tag):
        value = _text(alias, "ALIAS_NAME")
        if value and len(value) > 2 and value[0] == value[-1] == '"':
            value = value[1:-1].strip()  # a few aliases are published as "KOMID"
        if not value:
            continue
        quality = (_text(alias, "QUALITY") or "").lower()
        note = _text(alias, "NOTE")
        if quality in ("a.k.a.", "f.k.a.", "n.k.a."):
            name = Name(value, kind=quality, note=note)
        elif quality == "low":
            name = Name(value, kind="a.k.a.", quality=NameQuality.WEAK, note=note)
        elif quality == "good":
            name = Name(value, kind="a.k.a.", note=note)
        else:
            name = Name(value, kind="alias", note=note)
        if ";" in value or "(" in value:  # the parts first: they are what matches
            found.extend(replace(name, value=part, script=script)
                         for part, script in split_alias(value))
        found.append(name)  # and the alias as published
    return found


_SEPARATOR = re.compile(r"\s*;\s*|\s+[b-h]\)\s+")
_TRAILING = re.compile(r"^(?P<head>[^()]+?)\s*\((?:original script:\s*)?(?P<inner>[^()]+)\)"
                       r"\s*[,.]?$", re.IGNORECASE)
_PLAUSIBLE = re.compile(r"^[^\W\d_][^\d()/,:;]{0,80}$")


def _latin(text: str) -> bool:
    return all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in text)


def _plausible(part: str) -> bool:
    """A name: starts with a letter, no digits or punctuation of prose, 1 to 8 words."""
    return bool(_PLAUSIBLE.match(part)) and 1 <= len(part.split()) <= 8


def split_alias(value: str) -> list[tuple[str, str | None]]:
    """The separate names one published alias string holds, as (name, script) pairs.

    Some UN aliases are lists ("Mohammad Islami; Mohamed Islami") or a Latin name with
    its original-script form in brackets ("Abdelali Abou Dher (عبد العالي ابو ذر)", or the
    other way round); script is "original" for the non-Latin part. Conservative: a
    bracket in the same script ("(AQAP)", "(third)") is not a second name, and nothing
    is split unless every part looks like a name. Empty when there is nothing to split.
    """
    head, inner = value, ""
    found = _TRAILING.match(value)
    if found is not None and _latin(found["head"]) != _latin(found["inner"]):
        head, inner = found["head"], found["inner"]
    parts = [(p, _latin(p)) for text in (head, inner) if text
             for p in _SEPARATOR.split(text.strip())]
    if len(parts) < 2 or not all(_plausible(p) for p, _ in parts):
        return []
    return [(p, None if latin else "original") for p, latin in parts]


def _birth_dates(el: _Element, record: str, source: str,
                 problems: list[Problem]) -> tuple[BirthDate, ...]:
    found: list[BirthDate] = []
    for dob in el.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
        kind_text = (_text(dob, "TYPE_OF_DATE") or "").upper()
        note = _text(dob, "NOTE")
        day = _text(dob, "DATE")
        year = _text(dob, "YEAR")
        lo, hi = _text(dob, "FROM_YEAR"), _text(dob, "TO_YEAR")
        if year and not year.isdigit():  # "1965-1966" / "1965/1966": a range in YEAR
            parts = year.replace("/", "-").split("-")
            if len(parts) == 2 and all(p.strip().isdigit() for p in parts):
                lo, hi, year = parts[0].strip(), parts[1].strip(), None
                kind_text = "BETWEEN"
        kind = {"APPROXIMATELY": DateKind.APPROXIMATE,
                "BETWEEN": DateKind.BETWEEN}.get(kind_text, DateKind.EXACT)
        if kind == DateKind.BETWEEN or ((lo or hi) and not (day or year)):
            try:
                found.append(BirthDate(DateKind.BETWEEN, year_from=int(lo) if lo else None,
                                       year_to=int(hi) if hi else None, note=note))
            except ValueError:
                problems.append(Problem(source, record, "INDIVIDUAL_DATE_OF_BIRTH",
                                        f"invalid year range {lo!r} to {hi!r}"))
            continue
        value = _date_field(day or year, record, "INDIVIDUAL_DATE_OF_BIRTH", source, problems)
        if value or note:
            found.append(BirthDate(kind, value=value, note=note))
    return tuple(dict.fromkeys(found))


def _places(el: _Element) -> list[str]:
    found: list[str] = []
    for place in el.iterfind("INDIVIDUAL_PLACE_OF_BIRTH"):
        parts = [_text(place, t) for t in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")]
        text = ", ".join(p for p in parts if p)
        if text:
            found.append(text)
    return found


def _documents(el: _Element, record: str, source: str,
               problems: list[Problem]) -> tuple[Document, ...]:
    found: list[Document] = []
    for doc in el.iterfind("INDIVIDUAL_DOCUMENT"):
        number = _text(doc, "NUMBER") or ""
        kind = _text(doc, "TYPE_OF_DOCUMENT")
        kind2 = _text(doc, "TYPE_OF_DOCUMENT2")
        note = _text(doc, "NOTE")
        if not (number or kind or note):
            continue
        country = _text(doc, "ISSUING_COUNTRY") or _text(doc, "COUNTRY_OF_ISSUE")
        city = _text(doc, "CITY_OF_ISSUE")
        notes = "; ".join(x for x in (kind2, f"issued in {city}" if city else None, note) if x)
        found.append(Document(
            type=kind, number=number, country=country_code(country),
            issued=_date_field(_text(doc, "DATE_OF_ISSUE"), record, "DATE_OF_ISSUE", source,
                               problems),
            expires=_date_field(_text(doc, "DATE_OF_EXPIRY"), record, "DATE_OF_EXPIRY",
                                source, problems),
            note=notes or None))
    return tuple(dict.fromkeys(found))


def _addresses(el: _Element, schema: Schema) -> tuple[Address, ...]:
    tag = "INDIVIDUAL_ADDRESS" if schema == Schema.PERSON else "ENTITY_ADDRESS"
    found: list[Address] = []
    for adr in el.iterfind(tag):
        address = Address(street=_text(adr, "STREET"), city=_text(adr, "CITY"),
                          region=_text(adr, "STATE_PROVINCE"),
                          postal_code=_text(adr, "ZIP_CODE"),
                          country=country_code(_text(adr, "COUNTRY")), note=_text(adr, "NOTE"))
        if address.text() or address.note:
            found.append(address)
    return tuple(dict.fromkeys(found))
