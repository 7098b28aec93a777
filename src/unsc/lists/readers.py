"""One entry point for every list format: detect the format from the content, then parse.

Detection looks at the bytes, never the file name, so a renamed or downloaded file is read
correctly: an XML root CONSOLIDATED_LIST is the UN list, ``sdnList`` is OFAC XML, a first
non-blank character ``{`` is FollowTheMoney JSON lines, and a first line of 12 CSV columns
starting with a number is OFAC's legacy SDN.CSV.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from unsc.errors import ListFormatError, Problem
from unsc.lists._files import read_list_bytes
from unsc.lists._xmlsafe import parse_xml
from unsc.lists.model import ListVersion
from unsc.lists.ofac_csv import COLUMNS, parse_ofac_csv
from unsc.lists.ofac_xml import parse_ofac_xml
from unsc.lists.un_xml import parse_un_xml

__all__ = ["detect_format", "parse_list", "read_list"]

_ROOT = re.compile(rb"<\s*(?:[\w.-]+:)?([A-Za-z_][\w.-]*)")


def read_list(path: str | Path) -> ListVersion:
    """Read any supported list file, detecting its format from its content."""
    return parse_list(read_list_bytes(path), str(path))


def detect_format(data: bytes, source: str) -> str:
    """"un-xml", "ofac-xml", "ofac-csv" or "ftm"; ListFormatError when none fits."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.strip(b"\x1a \t\r\n"):
        raise ListFormatError(f"{source}: the file is empty",
                              [Problem(source, None, None, "empty file (0 bytes of content)")])
    if head.startswith(b"<"):
        return _xml_format(data, source)
    if head.startswith(b"{"):
        return "ftm"
    first = head.decode("utf-8", errors="replace").splitlines()[0]
    row = next(csv.reader(io.StringIO(first)), [])
    if len(row) == len(COLUMNS) and row[0].strip().isdigit():
        return "ofac-csv"
    raise ListFormatError(f"{source}: not a sanctions list file (UN XML, OFAC XML/CSV, FtM)",
                          [Problem(source, "line 1", None,
                                   f"unrecognised content: {first[:80]!r}")])


def _xml_format(data: bytes, source: str) -> str:
    # Find the first element name after the prolog; the hostile-XML check runs in parse_xml.
    body = re.sub(rb"<\?.*?\?>|<!--.*?-->", b"", data[:8192], flags=re.S)
    if re.search(rb"<!\s*(DOCTYPE|ENTITY)", body, re.I):
        parse_xml(data, source)  # raises HostileXmlError
    match = _ROOT.search(body)
    root = match.group(1).decode() if match else ""
    if root == "CONSOLIDATED_LIST":
        return "un-xml"
    if root == "sdnList":
        return "ofac-xml"
    raise ListFormatError(f"{source}: XML but not a known list (root <{root}>)",
                          [Problem(source, None, None, f"unexpected root element {root!r}")])


def parse_list(data: bytes, source: str) -> ListVersion:
    """Parse list bytes of any supported format."""
    fmt = detect_format(data, source)
    if fmt == "un-xml":
        return parse_un_xml(data, source)
    if fmt == "ofac-xml":
        return parse_ofac_xml(data, source)
    if fmt == "ftm":
        from unsc.lists.ftm import parse_ftm  # deferred: followthemoney is slow to import

        return parse_ftm(data, source)
    return parse_ofac_csv(data, source)
