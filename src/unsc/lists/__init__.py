"""Sanctions lists: readers per format, the entity model, versions and diffs."""

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
]
