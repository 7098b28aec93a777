"""Sanctions lists: readers per format, the entity model, versions and diffs.

Readers: :func:`read_list` (any format, detected from content) or the per-format modules
``un_xml``, ``ofac_csv``, ``ofac_xml``, ``ftm``. Stored versions, diffs and "as of"
look-ups: :mod:`unsc.lists.service`. Download: :mod:`unsc.lists.update`; export:
:mod:`unsc.lists.export`.
"""

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
    VesselInfo,
)
from unsc.lists.readers import read_list

__all__ = [
    "Address",
    "BirthDate",
    "DateKind",
    "Document",
    "Entity",
    "ListVersion",
    "Name",
    "NameQuality",
    "Schema",
    "VesselInfo",
    "read_list",
]
