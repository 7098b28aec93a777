"""Load the real lists for the evaluation.

UN entities come from the product's own reader (``unsc.lists.readers.read_list`` when it
exists, else ``unsc.lists.un_xml.read_un_xml``) because the screening engine under test
consumes exactly those :class:`~unsc.lists.model.Entity` objects. The OFAC SDN CSV is read
by a small parser here: the evaluation only needs OFAC *spellings* and the identifiers
used to link records to the UN list, and keeping that parse in bench/ means the labels do
not change when the product's OFAC reader changes its name handling.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from unsc.lists.model import Entity

__all__ = ["OfacRecord", "data_dir", "load_ofac", "load_un"]

ROOT = Path(__file__).resolve().parents[2]
UN_FILE = "un/un_consolidated_2026-05-08.xml"
OFAC_FILE = "ofac/sdn_2024-05-03.csv"

_MONTHS = {m: i for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1)}
_ALIAS = re.compile(r"\b([af])\.k\.a\. '([^']+)'( \(weak\))?")
_DOB = re.compile(r"DOB (?:circa )?(?:(\d{1,2}) )?(?:([A-Z][a-z]{2}) )?(\d{4})")
_DOC = re.compile(
    r"(?:Passport|National ID No\.|Identification Number|Cedula No\.|"
    r"Registration Number|Registration ID|Diplomatic Passport)\s+([A-Za-z0-9][A-Za-z0-9 /-]{3,})"
)
_IMO = re.compile(r"\bIMO(?: [Nn]umber)?:?\s*(\d{7})\b")


def data_dir() -> Path:
    """Where the shared real data lives (``UNSC_SHARED_DATA`` or ``../shared/data``)."""
    path = Path(os.environ.get("UNSC_SHARED_DATA", ROOT.parent / "shared" / "data"))
    if not path.is_dir():
        raise FileNotFoundError(f"shared data not found at {path}; set UNSC_SHARED_DATA")
    return path


def norm_id(value: str) -> str:
    """Document numbers compared as upper-case alphanumerics (" 381310014" = "381310014")."""
    return re.sub(r"[^A-Z0-9]", "", value.upper())


def load_un(path: Path | None = None) -> list[Entity]:
    """The UN Consolidated List as product entities, read by the product's reader."""
    path = path or data_dir() / UN_FILE
    try:
        from unsc.lists.readers import read_list  # type: ignore[import-not-found,unused-ignore]

        return list(read_list(path).entities)
    except ImportError:
        from unsc.lists.un_xml import read_un_xml

        return list(read_un_xml(path).entities)


def un_identifiers(entity: Entity) -> set[str]:
    """Document and IMO numbers of a UN entity, normalised, for cross-list linking."""
    ids = {norm_id(d.number) for d in entity.documents if d.number}
    if entity.vessel and entity.vessel.imo:
        ids.add(norm_id(entity.vessel.imo))
    ids.update(_IMO.findall(entity.comments or ""))
    return {i for i in ids if len(i) >= 6}


@dataclass
class OfacRecord:
    """One SDN row: names in natural order ("Yong Chol KIM"), birth years, identifiers."""

    ent_num: str
    schema: str
    programmes: str
    names: list[str]
    birth_years: set[int] = field(default_factory=set)
    birth_dates: set[str] = field(default_factory=set)
    identifiers: set[str] = field(default_factory=set)


def natural_order(name: str, schema: str) -> str:
    """OFAC writes people "SURNAME, Given"; a screened customer name is "Given SURNAME"."""
    if schema == "Person" and ", " in name:
        last, _, first = name.partition(", ")
        return f"{first} {last}".strip()
    return name.strip()


def load_ofac(path: Path | None = None) -> list[OfacRecord]:
    """Parse the legacy SDN.CSV (no header, "-0-" for empty, trailing Ctrl-Z).

    Names are the SDN name plus its strong a.k.a./f.k.a.s from Remarks; OFAC's "(weak)"
    aliases are left out, as they are not meant to identify anyone on their own.
    """
    path = path or data_dir() / OFAC_FILE
    text = path.read_bytes().decode("latin-1").replace("\x1a", "")
    records: list[OfacRecord] = []
    for row in csv.reader(io.StringIO(text)):
        if len(row) < 12:
            continue
        ent_num, name, sdn_type, programmes = (c.strip() for c in row[:4])
        remarks = row[11].strip()
        schema = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}.get(
            sdn_type, "Organization")
        names = [natural_order(name, schema)]
        names += [natural_order(m.group(2), schema) for m in _ALIAS.finditer(remarks)
                  if not m.group(3)]
        record = OfacRecord(ent_num, schema, programmes, names)
        for day, month, year in _DOB.findall(remarks):
            record.birth_years.add(int(year))
            if day and month in _MONTHS:
                record.birth_dates.add(f"{year}-{_MONTHS[month]:02d}-{int(day):02d}")
        for number in _DOC.findall(remarks):
            record.identifiers.add(norm_id(number.split(" (")[0]))
        record.identifiers.update(_IMO.findall(remarks))
        record.identifiers = {i for i in record.identifiers if len(i) >= 6}
        records.append(record)
    return records
