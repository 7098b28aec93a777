"""Reader for OFAC's legacy SDN.CSV (no header, 12 columns, "-0-" for empty, CRLF,
trailing Ctrl-Z).

The trailing Ctrl-Z (0x1A) is the file's only completeness marker: both real files in
``../shared/data/ofac`` end with CRLF + 0x1A (see its README.md; column layout in OFAC's
data specification, https://ofac.treasury.gov/sdn-list-data-formats-data-schemas). A
file cut at a line boundary still parses row by row, so a missing marker is reported in
``ListVersion.incomplete`` and the load gates refuse it unless forced.

The file states no publication date, so ``published`` comes from a date in the file name
(``sdn_2024-05-03.csv``) or, failing that, the caller (``published=``) or today's UTC date.
Names stay as published ("KIM, Yong Chol"); the natural order is kept in
``extra["natural_name"]`` for display, and screening handles either order.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import UTC, datetime
from pathlib import Path

from unsc.errors import ListFormatError, Problem
from unsc.lists._files import read_list_bytes
from unsc.lists._values import clean, country_code, dedupe
from unsc.lists.model import Entity, ListVersion, Name, Schema, VesselInfo
from unsc.lists.ofac_remarks import parse_remarks
from unsc.lists.regimes import ofac_related_regimes

__all__ = ["EOF_MARKER", "date_from_name", "parse_ofac_csv", "read_ofac_csv", "split_programmes"]

COLUMNS = ("ent_num", "SDN_Name", "SDN_Type", "Program", "Title", "Call_Sign", "Vess_type",
           "Tonnage", "GRT", "Vess_flag", "Vess_owner", "Remarks")
_SCHEMAS = {None: Schema.ORGANIZATION, "individual": Schema.PERSON, "vessel": Schema.VESSEL,
            "aircraft": Schema.AIRPLANE}
EOF_MARKER = b"\x1a"
_NAME_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")


def read_ofac_csv(path: str | Path, *, published: str | None = None) -> ListVersion:
    """Read an OFAC SDN.CSV file."""
    path = Path(path)
    return parse_ofac_csv(read_list_bytes(path), str(path), published=published)


def date_from_name(source: str) -> str | None:
    """A YYYY-MM-DD (or YYYYMMDD) date in a file name, if it is a real date."""
    m = _NAME_DATE.search(Path(source).name)
    if not m:
        return None
    try:
        return datetime(int(m[1]), int(m[2]), int(m[3])).date().isoformat()
    except ValueError:
        return None


def split_programmes(text: str | None) -> tuple[str, ...]:
    """"NPWMD] [DPRK2" -> ("NPWMD", "DPRK2")."""
    if not text:
        return ()
    return dedupe([p.strip(" []") for p in text.split("] [")])


def _null(value: str) -> str | None:
    text = clean(value)
    return None if text in (None, "-0-") else text


def _decode(data: bytes, source: str) -> str:
    """UTF-8 (the real files are ASCII), else Windows-1252 as older exports were; a byte
    neither can decode is a corrupt file, never silently replaced."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ListFormatError(f"{source}: neither UTF-8 nor Windows-1252 text",
                              [Problem(source, f"line {line}", None,
                                       f"undecodable byte 0x{data[exc.start]:02x}")]) from None


def parse_ofac_csv(data: bytes, source: str, *, published: str | None = None) -> ListVersion:
    """Parse SDN.CSV bytes, collecting every problem (with its line number) before failing."""
    text = _decode(data.rstrip(b"\x1a\r\n \t"), source)
    if not text.strip():
        raise ListFormatError(f"{source}: the file is empty",
                              [Problem(source, None, None, "empty file (0 bytes of content)")])
    problems: list[Problem] = []
    entities: list[Entity] = []
    seen: set[str] = set()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 0
    try:
        for row in reader:
            line_no, line = line + 1, reader.line_num
            if len(row) != len(COLUMNS):
                problems.append(Problem(source, f"line {line_no}", None,
                                        f"expected {len(COLUMNS)} columns, found {len(row)}"))
                continue
            entity = _row(row, source, f"line {line_no}", problems)
            if entity is not None:
                if entity.id in seen:
                    problems.append(Problem(source, f"line {line_no}", "ent_num",
                                            f"duplicate ent_num {row[0].strip()}"))
                seen.add(entity.id)
                entities.append(entity)
    except csv.Error as exc:
        problems.append(Problem(source, f"line {line + 1}", None, f"malformed CSV: {exc}"))
    if problems:
        raise ListFormatError(f"{source}: {len(problems)} problem(s) in the SDN.CSV file",
                              problems[:500])
    published = published or date_from_name(source) or datetime.now(UTC).date().isoformat()
    return ListVersion(list="ofac-sdn", published=published,
                       sha256=hashlib.sha256(data).hexdigest(), source=source,
                       entities=tuple(entities), fmt="ofac-csv", incomplete=_marker(data))


def _marker(data: bytes) -> tuple[str, ...]:
    if data.rstrip(b" \t\r\n").endswith(EOF_MARKER):
        return ()
    return ("no end-of-file marker (the Ctrl-Z byte OFAC's SDN.CSV ends with): the file "
            "may be cut short",)


def _row(row: list[str], source: str, where: str, problems: list[Problem]) -> Entity | None:
    ent_num, name = _null(row[0]), _null(row[1])
    record = f"{where} (ent_num {ent_num})" if ent_num else where
    before = len(problems)
    if not ent_num or not ent_num.isdigit():
        problems.append(Problem(source, record, "ent_num", f"not a number: {row[0]!r}"))
    if not name:
        problems.append(Problem(source, record, "SDN_Name", "missing name"))
    kind = (_null(row[2]) or "").lower() or None
    if kind not in _SCHEMAS:
        problems.append(Problem(source, record, "SDN_Type", f"unknown type {row[2]!r}"))
    if len(problems) > before or not name or not ent_num:
        return None
    schema = _SCHEMAS[kind]
    remarks_text = _null(row[11])
    remarks = parse_remarks(remarks_text)
    extra: dict[str, str] = {}
    if schema == Schema.PERSON and "," in name:
        last, _, first = name.partition(",")
        extra["natural_name"] = f"{first.strip()} {last.strip()}".strip()
    vessel = None
    if schema == Schema.VESSEL or remarks.imo:
        vessel = VesselInfo(imo=remarks.imo, flag=country_code(_null(row[9])),
                            call_sign=_null(row[5]), vessel_type=_null(row[6]),
                            tonnage=_null(row[7]), gross_tonnage=_null(row[8]),
                            owner=_null(row[10]))
    title = _null(row[4])
    programmes = split_programmes(_null(row[3]))
    related = ofac_related_regimes(programmes)
    if related:
        extra["related_regimes"] = related
    return Entity(
        id=f"ofac-{ent_num}", list="ofac-sdn", schema=schema,
        names=tuple(dict.fromkeys([Name(name), *remarks.aliases])),
        reference_number=ent_num, source_id=ent_num, programmes=programmes,
        birth_dates=tuple(dict.fromkeys(remarks.birth_dates)),
        birth_places=dedupe(remarks.birth_places), nationalities=dedupe(remarks.nationalities),
        documents=tuple(dict.fromkeys(remarks.documents)), gender=remarks.gender,
        titles=(title,) if title else (), comments=remarks_text, vessel=vessel, extra=extra)
