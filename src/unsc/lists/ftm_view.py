"""An entry as yente shows an entity: FtM JSON with caption, datasets, referents and
dates, and with ``nested`` its adjacent entities placed inside it.

Nesting follows the FtM model, as yente's does: an adjacent record that points at the
entity (a Sanction's ``entity``, an Identification's ``holder``, an Ownership's ``owner``)
goes under the reverse property (``sanctions``, ``identification``, ``ownershipOwner``)
without its pointer back; one the entity points at (``addressEntity``) replaces the id.
Inside a link, the entity at the far end (the owned company) is given whole but not
nested further, so a response is bounded however the entities connect.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from followthemoney import model

from unsc.lists.changes import EntryDates
from unsc.lists.ftm_export import entity_record, entity_to_ftm
from unsc.lists.model import Entity

__all__ = ["adjacent_json", "entity_json", "record_json"]

Resolve = Callable[[str], Entity | None]


def _day(value: str | None) -> str | None:
    return f"{value}T00:00:00" if value else None


def record_json(record: dict[str, Any], target: bool = False) -> dict[str, Any]:
    """An FtM record with the fields yente adds: caption, referents, target."""
    proxy = model.get_proxy({k: record[k] for k in ("id", "schema", "properties")})
    return {"id": record["id"], "caption": proxy.caption, "schema": record["schema"],
            "properties": record["properties"], "datasets": record.get("datasets", []),
            "referents": record.get("referents", []), "target": target}


def entity_json(entity: Entity, dates: EntryDates | None = None, nested: bool = False,
                resolve: Resolve | None = None) -> dict[str, Any]:
    """The entry in yente's entity shape (``/entities/{id}``, ``/search`` results)."""
    records = entity_to_ftm(entity) if nested else [entity_record(entity)]
    main = records[0]
    data = record_json(main, target=True)
    data["caption"] = entity.caption
    data.update(first_seen=_day(dates.first_seen if dates else None),
                last_seen=_day(dates.last_seen if dates else None),
                last_change=_day(dates.last_change if dates else None))
    if not nested:
        return data
    props: dict[str, list[Any]] = {k: list(v) for k, v in main["properties"].items()}
    schema = model.get(main["schema"])
    seen: set[str] = set()
    for record in records[1:]:
        if record["id"] in seen:
            continue
        seen.add(record["id"])
        _place(props, schema, entity.id, record, resolve)
    data["properties"] = props
    return data


def _place(props: dict[str, list[Any]], schema: Any, eid: str, record: dict[str, Any],
           resolve: Resolve | None) -> None:
    rid = record["id"]
    for name, values in props.items():  # the entity points at it: addressEntity
        if rid in values:
            props[name] = [_child(record, None, eid, resolve) if v == rid else v
                           for v in values]
            return
    kind = model.get(record["schema"])
    if kind is None:
        return
    for name, values in record["properties"].items():
        prop = kind.get(name)
        if prop is not None and prop.reverse is not None and eid in values:
            props.setdefault(prop.reverse.name, []).append(
                _child(record, name, eid, resolve))
            return


def _child(record: dict[str, Any], back: str | None, eid: str,
           resolve: Resolve | None) -> dict[str, Any]:
    """An adjacent record without its pointer back; the far end of a link whole."""
    kind = model.get(record["schema"])
    props: dict[str, list[Any]] = {}
    for name, values in record["properties"].items():
        if name == back:
            continue
        prop = kind.get(name) if kind is not None else None
        if prop is not None and prop.type.name == "entity" and resolve is not None:
            props[name] = [_far(v, resolve) if v != eid else v for v in values]
        else:
            props[name] = list(values)
    child = record_json(record)
    child["properties"] = props
    return child


def _far(rid: str, resolve: Resolve) -> Any:
    other = resolve(rid)
    return entity_json(other) if other is not None else rid


def adjacent_json(entity: Entity, dates: EntryDates | None = None,
                  resolve: Resolve | None = None) -> dict[str, list[dict[str, Any]]]:
    """The entity's adjacent records by property (``sanctions``, ``addressEntity``,
    ``ownershipAsset``...), as yente's ``/entities/{id}/adjacent`` lists them: the
    records :func:`entity_json` nests, each in its nested shape."""
    nested = entity_json(entity, dates, nested=True, resolve=resolve)["properties"]
    return {name: [v for v in values if isinstance(v, dict)]
            for name, values in nested.items() if any(isinstance(v, dict) for v in values)}
