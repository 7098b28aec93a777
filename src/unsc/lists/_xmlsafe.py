"""Hardened XML parsing for list files.

List files arrive from the network, so a file may try entity expansion (billion laughs) or
external entities (XXE: ``file:///etc/passwd``, ``http://127.0.0.1/...``). No real list
needs a DTD, so any DOCTYPE or ENTITY declaration is refused *before* parsing (as
defusedxml does), and lxml itself runs with DTD loading, entity resolution, network access
and huge trees switched off, as a second wall.

Completeness: ``recover=False`` (lxml's default, stated here so it cannot drift) means a
document must be well-formed up to its closing root element, so a file cut anywhere
before ``</CONSOLIDATED_LIST>`` never parses; ``huge_tree=False`` keeps libxml2's limits
(nesting deeper than 256 elements, text nodes over 10 MB are errors, not work).
"""

from __future__ import annotations

import re

from lxml import etree

from unsc.errors import HostileXmlError, ListFormatError, Problem

__all__ = ["parse_xml"]

_HOSTILE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_HOSTILE_UTF16 = [("<!DOCTYPE".encode(enc), "<!ENTITY".encode(enc))
                  for enc in ("utf-16-le", "utf-16-be")]


def _parser() -> etree.XMLParser:
    return etree.XMLParser(recover=False, resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, dtd_validation=False, remove_comments=True,
                           remove_pis=True)


def parse_xml(data: bytes, source: str) -> etree._Element:
    """Parse ``data`` safely and return the root element.

    Raises :class:`HostileXmlError` for DTD/entity declarations and
    :class:`ListFormatError` (with the line number) for malformed or truncated XML.
    """
    match = _HOSTILE.search(data)
    hostile = match is not None
    if not hostile and b"\x00" in data[:4096]:  # UTF-16: look for the wide declarations
        upper = data.upper()
        hostile = any(a in upper or b in upper for a, b in _HOSTILE_UTF16)
    if hostile:
        what = match.group(1).decode().upper() if match else "DOCTYPE/ENTITY"
        raise HostileXmlError(
            f"{source}: refused XML with a {what} declaration (DTDs and entities are never "
            "processed: possible entity-expansion or external-entity attack)",
            [Problem(source, None, None, f"{what} declaration refused; nothing was expanded")])
    if not data.strip():
        raise ListFormatError(f"{source}: the file is empty",
                              [Problem(source, None, None, "empty file (0 bytes of content)")])
    try:
        return etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        line = getattr(exc, "lineno", None)
        record = f"line {line}" if line else None
        raise ListFormatError(
            f"{source}: not well-formed XML (truncated or corrupt file)",
            [Problem(source, record, None, str(exc.msg if hasattr(exc, "msg") else exc))],
        ) from None
