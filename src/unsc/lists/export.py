"""Export a stored version (default: the current version of every list) as FtM JSON lines,
CSV (one row per entity, multi-valued fields joined with "; ") or a JSON array of entities.

An FtM export starts with a header naming the source version(s), their publication dates
and the record count, so re-importing it keeps the version's date and a cut copy is
refused (see :mod:`unsc.lists.ftm`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import IO

from unsc.errors import InputError
from unsc.lists.ftm import write_ftm
from unsc.lists.model import Entity
from unsc.lists.service import VersionInfo, current_versions, get_version, get_version_entities

__all__ = ["CSV_COLUMNS", "FORMATS", "export_entities", "write_csv"]

FORMATS = ("ftm", "csv", "json")
CSV_COLUMNS = ("id", "list", "schema", "reference_number", "name", "aliases", "programmes",
               "regimes", "listed_on", "birth_dates", "birth_places", "nationalities",
               "documents", "imo", "comments")


def _row(e: Entity) -> list[str]:
    births = [b.value or f"{b.year_from or ''}..{b.year_to or ''}" for b in e.birth_dates]
    return [
        e.id, e.list, str(e.schema), e.reference_number or "", e.caption,
        "; ".join(n.value for n in e.names if n.value != e.caption),
        "; ".join(e.programmes), "; ".join(e.regimes), e.listed_on or "", "; ".join(births),
        "; ".join(e.birth_places), "; ".join(e.nationalities),
        "; ".join(f"{d.type or ''} {d.number}".strip() for d in e.documents),
        e.vessel.imo or "" if e.vessel else "", e.comments or "",
    ]


def _source(info: VersionInfo) -> dict[str, object]:
    return {"list": info.list, "version": info.version, "published": info.published,
            "generated": info.generated, "sha256": info.sha256,
            "entities": int(info.counts["individuals"]) + int(info.counts["entities"])}


def write_csv(entities: Sequence[Entity], out: IO[str]) -> None:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for entity in entities:
        writer.writerow(_row(entity))


def export_entities(fmt: str, out: IO[str], version: str | None = None) -> int:
    """Write one version (or the current entities) in ``fmt``; return the entity count."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    infos = [get_version(version)] if version else current_versions()
    entities = [e for info in infos for e in get_version_entities(info.version)]
    if fmt == "ftm":
        write_ftm(entities, out, [_source(info) for info in infos])
    elif fmt == "csv":
        write_csv(entities, out)
    else:
        json.dump([e.to_dict() for e in entities], out, ensure_ascii=False, indent=1)
        out.write("\n")
    return len(entities)
