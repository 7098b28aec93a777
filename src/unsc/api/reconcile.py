"""The OpenRefine reconciliation protocol (Reconciliation Service API 0.2,
https://www.w3.org/community/reports/reconciliation/CG-FINAL-specs-0.2-20230410/) over
unsc's lists: the shapes of its manifest, query results, suggest answers and data
extension, built from the same screening and the same entries as yente's endpoints.

A reconciliation query (``{"query": "name", "type": "Person", "properties": [{"pid":
"birthDate", "v": "1944-10-13"}]}``) becomes the FtM example ``/match`` reads, so
OpenRefine gets the same scores, explained by the same features. Property ids are FtM
property names (``birthDate``, or qualified ``Person:birthDate``); an id FtM does not
know is refused, not ignored. Scores are on OpenRefine's customary 0-100 scale; ``match``
is unsc's own decision (the score reaches the screening threshold). No web framework is
imported here: the routes are in :mod:`unsc.api.routes_reconcile`.
"""

from __future__ import annotations

import json
from typing import Any

from followthemoney import model
from followthemoney.types import registry

from unsc import __version__
from unsc.errors import InputError
from unsc.lists.model import Entity
from unsc.screening.types import Hit

__all__ = ["ENTITY_TYPES", "describe", "extend_rows", "manifest", "parse_batch", "preview_html",
           "propose_properties", "result", "suggest_properties", "suggest_types",
           "to_example"]

ENTITY_TYPES = ("LegalEntity", "Person", "Organization", "Company", "Vessel", "Airplane")
"""The FtM schemata a query may name as its type: those unsc's entries can be."""
IDENTIFIER_SPACE = "https://followthemoney.tech/explorer/"
SCHEMA_SPACE = "https://followthemoney.tech/explorer/schemata/"


def _type(name: str) -> dict[str, str]:
    schema = model.get(name)
    return {"id": name, "name": schema.label if schema is not None else name}


def manifest(base: str, dataset: str, keep: str) -> dict[str, Any]:
    """The service manifest for ``base`` (the service URL, ``/reconcile/{dataset}``);
    ``keep`` is the query string (an ``api_key``) every service path carries on, as
    OpenRefine calls them with nothing added."""
    tail = f"?{keep}" if keep else ""
    extra = f"&{keep}" if keep else ""

    def service(path: str) -> dict[str, str]:
        return {"service_url": base, "service_path": f"{path}{tail}"}

    return {
        "versions": ["0.2"], "name": f"unsc sanctions lists ({dataset})",
        "identifierSpace": IDENTIFIER_SPACE, "schemaSpace": SCHEMA_SPACE,
        "serviceVersion": __version__,
        "authentication": {"type": "apiKey", "name": "api_key", "in": "query"},
        "view": {"url": f"{base}/preview?id={{{{id}}}}{extra}"},
        "preview": {"url": f"{base}/preview?id={{{{id}}}}{extra}", "width": 430,
                    "height": 300},
        "defaultTypes": [_type(name) for name in ENTITY_TYPES],
        "suggest": {"entity": service("/suggest/entity"), "type": service("/suggest/type"),
                    "property": service("/suggest/property")},
        "extend": {"propose_properties": service("/extend/property"),
                   "property_settings": [
                       {"type": "number", "name": "limit", "label": "Limit", "default": 0,
                        "help_text": "Values per row (0: all)"},
                       {"type": "select", "name": "render", "label": "Values",
                        "default": "caption", "help_text": "Readable (Russia) or raw (ru)",
                        "choices": [{"value": "caption", "name": "readable"},
                                    {"value": "raw", "name": "raw"}]}]},
    }


def parse_batch(text: str | None, what: str = "queries") -> dict[str, Any]:
    """The JSON object OpenRefine sends as the ``queries`` (or ``extend``) form field."""
    if not text or not text.strip():
        raise InputError(f"{what} is empty: send a JSON object")
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InputError(f"{what} is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise InputError(f"{what} must be a JSON object, not {type(data).__name__}")
    return data


def _prop_name(pid: str) -> str:
    prop = model.get_qname(pid) if ":" in pid else None
    name = prop.name if prop is not None else pid
    if not any(s.get(name) is not None for s in map(model.get, ENTITY_TYPES) if s):
        raise InputError(f"unknown property {pid!r}: use an FtM property of "
                         f"{', '.join(ENTITY_TYPES)} (see suggest/property)")
    return name


def _values(v: Any) -> list[str]:
    items = v if isinstance(v, list) else [v]
    out: list[str] = []
    for item in items:
        if isinstance(item, dict):  # a reconciled value: {"id": ..., "name": ...}
            item = item.get("id") or item.get("name")
        if isinstance(item, (str, int, float)) and str(item).strip():
            out.append(str(item).strip())
    return out


def to_example(query: Any) -> dict[str, Any]:
    """A reconciliation query as the FtM example ``/match`` reads."""
    if not isinstance(query, dict):
        raise InputError("a reconciliation query must be a JSON object")
    kind = query.get("type") or "LegalEntity"
    if isinstance(kind, list):
        kind = kind[0] if kind else "LegalEntity"
    if kind not in ENTITY_TYPES:
        raise InputError(f"unknown type {kind!r}; types are {', '.join(ENTITY_TYPES)}")
    props: dict[str, list[str]] = {}
    if isinstance(query.get("query"), str) and query["query"].strip():
        props["name"] = [query["query"].strip()]
    for item in query.get("properties") or []:
        if not isinstance(item, dict) or not isinstance(item.get("pid"), str):
            raise InputError("each property must be {\"pid\": ..., \"v\": ...}")
        props.setdefault(_prop_name(item["pid"]), []).extend(_values(item.get("v")))
    return {"schema": kind, "properties": props}


def describe(entity: Entity) -> str:
    """A candidate's one-line description: schema, datasets, reference number."""
    from unsc.lists.search import entity_datasets

    parts = [str(entity.ftm_schema or entity.schema), ", ".join(entity_datasets(entity))]
    if entity.reference_number:
        parts.append(entity.reference_number)
    return " · ".join(parts)


def result(hit: Hit) -> dict[str, Any]:
    """One candidate in the protocol's shape."""
    entity = hit.entity
    return {"id": entity.id, "name": entity.caption, "description": describe(entity),
            "score": round(hit.score * 100, 2), "match": hit.match,
            "type": [_type(str(entity.ftm_schema or entity.schema))],
            "features": [{"id": f.name, "value": round(f.value, 4)} for f in hit.features]}


def _matches(prefix: str, *texts: str) -> bool:
    want = prefix.strip().casefold()
    return not want or any(want in text.casefold() for text in texts)


def suggest_types(prefix: str) -> list[dict[str, str]]:
    return [{**_type(name), "description": model[name].description or ""}
            for name in ENTITY_TYPES if _matches(prefix, name, model[name].label)]


def _properties(types: tuple[str, ...]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in types:
        for prop in model[name].properties.values():
            if not prop.hidden and prop.type != registry.entity:
                found.setdefault(prop.name, prop)
    return found


def suggest_properties(prefix: str, limit: int = 20) -> list[dict[str, str]]:
    found = [{"id": p.name, "name": p.label, "description": p.description or ""}
             for p in _properties(ENTITY_TYPES).values()
             if _matches(prefix, p.name, p.label)]
    return sorted(found, key=lambda p: p["id"])[:limit]


def propose_properties(kind: str, limit: int) -> dict[str, Any]:
    if kind not in ENTITY_TYPES:
        raise InputError(f"unknown type {kind!r}; types are {', '.join(ENTITY_TYPES)}")
    shown = set(model[kind].featured)  # the schema's own pick of its main properties
    featured = [p for p in _properties((kind,)).values() if p.name in shown]
    rest = [p for p in _properties((kind,)).values() if p.name not in shown]
    chosen = (featured + sorted(rest, key=lambda p: p.name))[:limit]
    return {"type": kind, "limit": limit,
            "properties": [{"id": p.name, "name": p.label} for p in chosen]}


def extend_rows(query: dict[str, Any], lookup: Any) -> dict[str, Any]:
    """The data extension answer: for each id, the asked FtM properties' values as
    published (``render`` ``caption`` turns codes into names, as FtM captions them)."""
    ids = query.get("ids")
    asked = query.get("properties")
    if not isinstance(ids, list) or not isinstance(asked, list):
        raise InputError("extend needs {\"ids\": [...], \"properties\": [{\"id\": ...}]}")
    from unsc.lists.ftm_export import entity_record

    meta: dict[str, dict[str, str]] = {}
    rows: dict[str, dict[str, list[dict[str, str]]]] = {}
    for eid in ids:
        entity = lookup(str(eid))
        row: dict[str, list[dict[str, str]]] = {}
        record = entity_record(entity) if entity is not None else None
        schema = model.get(record["schema"]) if record is not None else None
        for item in asked:
            pid = item.get("id") if isinstance(item, dict) else None
            if not isinstance(pid, str):
                raise InputError("each extend property must be {\"id\": ...}")
            settings = item.get("settings") or {}
            prop = schema.get(pid) if schema is not None else None
            meta.setdefault(pid, {"id": pid, "name": prop.label if prop else pid})
            values = list(record["properties"].get(pid, [])) if record and prop else []
            limit = int(settings.get("limit") or 0)
            values = values[:limit] if limit > 0 else values
            if prop is not None and settings.get("render", "caption") == "caption":
                values = [prop.type.caption(v) or v for v in values]
            row[pid] = [{"str": str(v)} for v in values]
        rows[str(eid)] = row
    return {"meta": list(meta.values()), "rows": rows}


def preview_html(entity: Entity) -> str:
    """A small HTML card for OpenRefine's preview frame (no script, no style)."""
    from html import escape

    from unsc.lists.ftm_export import entity_record

    record = entity_record(entity)
    schema = model.get(record["schema"])
    lines = []
    for name, values in sorted(record["properties"].items()):
        prop = schema.get(name) if schema is not None else None
        if prop is None or prop.type == registry.entity:
            continue
        shown = ", ".join(escape(str(prop.type.caption(v) or v)) for v in values[:5])
        lines.append(f"<dt>{escape(prop.label)}</dt><dd>{shown}</dd>")
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
            f"{escape(entity.caption)}</title></head><body><h1>{escape(entity.caption)}</h1>"
            f"<p>{escape(describe(entity))}</p><dl>{''.join(lines)}</dl></body></html>")
