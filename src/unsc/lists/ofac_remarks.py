"""Parse the free-text Remarks of OFAC's legacy SDN.CSV into structured fields.

SDN.CSV keeps aliases, dates and places of birth, nationalities, identity documents, IMO
numbers and gender inside one Remarks column, as ``;``-separated clauses such as
``DOB circa 1947; alt. DOB 1960 to 1962; POB Pyongan-Pukto, North Korea; Passport 381310014
(Korea, North); a.k.a. 'KOMID'``. Clauses not understood are kept in the comments (the
whole Remarks text is), never dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import prefixdate

from unsc.lists._values import clean, country_code
from unsc.lists.model import BirthDate, DateKind, Document, Name, NameQuality

__all__ = ["Remarks", "is_document_type", "ofac_date", "parse_dob", "parse_remarks",
           "split_clauses"]

_ALIAS = re.compile(r"^(?:alt\. )?(a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s+'(.+)'\.?$", re.S)
_IMO = re.compile(r"^(?:alt\. )?Vessel Registration Identification IMO\s+(\d{7})", re.I)
_DOB = re.compile(r"^(?:alt\. )?DOB\s+(.+?)\.?$")
_POB = re.compile(r"^(?:alt\. )?POB\s+(.+?)\.?$")
_NAT = re.compile(r"^(?:alt\. )?(?:nationality|citizen)\s+(.+?)\.?$", re.I)
_GENDER = re.compile(r"^Gender\s+(Male|Female)\.?$", re.I)
_DOC = re.compile(r"^(?:alt\. )?(?P<type>[^\d]+?)\s+(?P<num>[^\s()]*\d[^\s()]*)"
                  r"(?:\s+\((?P<country>[^)]*)\))?(?P<rest>.*?)\.?$")
_DOC_TYPES = re.compile(
    r"passport|\bID\b|identification|number|\bNo\.|cedula|#|registration|licen[cs]e|R\.?F\.?C|"
    r"C\.U\.R\.P|SSN|tax|card|certificate|matricula|D\.N\.I|credencial|V\.A\.T|C\.U\.I|"
    r"I\.F\.E|BIK|MMSI|D-U-N-S|folio|permit|C\.R\.|cartilla", re.I)
_NOT_DOC = re.compile(r"^(Linked|Additional|Secondary|Transactions|Executive|Organization|"
                      r"Website|Email|Phone|Telephone|Fax|Digital|Target|Effective|Listing)",
                      re.I)
_ISSUED = re.compile(r"issued\s+(\d{1,2} \w{3} \d{4}|\w{3} \d{4}|\d{4})", re.I)
_EXPIRES = re.compile(r"expires\s+(\d{1,2} \w{3} \d{4}|\w{3} \d{4}|\d{4})", re.I)
_PREFIX = re.compile(r"[A-Z][A-Z-]{0,4}")
_OPEN_ALIAS = re.compile(r"^(?:alt\. )?[afn]\.k\.a\. '")


@dataclass
class Remarks:
    """What the Remarks column said, by field."""

    aliases: list[Name] = field(default_factory=list)
    birth_dates: list[BirthDate] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    imo: str | None = None
    gender: str | None = None


def split_clauses(text: str) -> list[str]:
    """Split Remarks on ``;`` outside single-quoted alias names."""
    stripped = text.strip()
    if stripped.endswith("."):
        stripped = stripped[:-1]
    parts: list[str] = []
    for piece in stripped.split(";"):
        # an alias name may itself contain ";": glue pieces until its closing quote
        if parts and _OPEN_ALIAS.match(parts[-1]) and not parts[-1].rstrip(".").endswith("'"):
            parts[-1] += ";" + piece
        else:
            parts.append(piece.strip())
    return [p.strip() for p in parts if p.strip()]


def is_document_type(kind: str) -> bool:
    """Whether an OFAC id type names an identity document (not a website, a directive...)."""
    return bool(_DOC_TYPES.search(kind)) and not _NOT_DOC.match(kind)


def ofac_date(text: str) -> str | None:
    """Public name of the OFAC date parser."""
    return _date(text)


_DATE_FORMATS = ("%d %b %Y", "%b %Y", "%Y", "%m/%d/%Y")


def _date(text: str) -> str | None:
    """OFAC dates: "21 Jan 1971", "Jan 1971", "1971" -> ISO (partial) date, to the
    precision written, by ``prefixdate`` (the partial-date library FtM and rigour use)."""
    found = prefixdate.parse_formats(text.strip().rstrip("."), _DATE_FORMATS).text
    return str(found) if found else None


def parse_dob(text: str) -> BirthDate:
    """One OFAC date of birth: exact, "circa" (approximate) or "1960 to 1962" (range).

    An unreadable value is kept as a note rather than invented."""
    value = text.strip().rstrip(".")
    kind = DateKind.EXACT
    if value.lower().startswith("circa "):
        kind, value = DateKind.APPROXIMATE, value[6:].strip()
    if re.fullmatch(r"\d{4}-\d{4}", value):  # "circa 1979-1982"
        return BirthDate(DateKind.BETWEEN, year_from=int(value[:4]), year_to=int(value[5:]),
                         note=text.strip())
    if " to " in value:
        lo, _, hi = value.partition(" to ")
        lo_d, hi_d = _date(lo), _date(hi)
        if lo_d and hi_d:
            return BirthDate(DateKind.BETWEEN, year_from=int(lo_d[:4]), year_to=int(hi_d[:4]),
                             note=None if len(lo_d) == len(hi_d) == 4 else text.strip())
    parsed = _date(value)
    if parsed:
        return BirthDate(kind, value=parsed)
    return BirthDate(kind, note=text.strip())


def parse_remarks(text: str | None) -> Remarks:
    """Structured fields found in one Remarks value."""
    out = Remarks()
    if not text:
        return out
    for clause in split_clauses(text):
        if m := _ALIAS.match(clause):
            out.aliases.append(Name(clean(m.group(2)) or m.group(2), kind=m.group(1),
                                    quality=NameQuality.STRONG))
        elif m := _IMO.match(clause):
            out.imo = m.group(1)
            out.documents.append(Document(type="IMO", number=m.group(1)))
        elif m := _DOB.match(clause):
            out.birth_dates.append(parse_dob(m.group(1)))
        elif m := _POB.match(clause):
            out.birth_places.append(m.group(1).strip())
        elif m := _NAT.match(clause):
            code = country_code(m.group(1))
            if code:
                out.nationalities.append(code)
        elif m := _GENDER.match(clause):
            out.gender = m.group(1).lower()
        elif (m := _DOC.match(clause)) and not _NOT_DOC.match(clause) \
                and _DOC_TYPES.search(m.group("type")):
            doc = _document(m)
            if (doc.type or "").endswith("IMO"):  # "Identification Number IMO 9187629"
                out.imo = out.imo or doc.number
                doc = Document(type="IMO", number=doc.number, note=doc.type)
            out.documents.append(doc)
    return out


def _document(m: re.Match[str]) -> Document:
    rest = m.group("rest") or ""
    issued = _ISSUED.search(rest)
    expires = _EXPIRES.search(rest)
    note = clean(_EXPIRES.sub("", _ISSUED.sub("", rest)).strip(" ;,"))
    kind, number = clean(m.group("type")) or "", m.group("num").rstrip(".,;")
    head, _, last = kind.rpartition(" ")
    # "Passport B 960789", "Registration Number HE 123": a letter prefix of the number
    if head and last != "IMO" and _PREFIX.fullmatch(last) and _DOC_TYPES.search(head):
        kind, number = head, f"{last} {number}"
    return Document(type=kind, number=number,
                    country=country_code(m.group("country")) if m.group("country") else None,
                    issued=_date(issued.group(1)) if issued else None,
                    expires=_date(expires.group(1)) if expires else None, note=note)
